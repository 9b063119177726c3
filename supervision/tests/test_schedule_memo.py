"""Memoised schedules follow every input: a new closed day, a tracking start, an intensified period."""

import datetime

from bapas.test import BaseTestCase
from clients.models import ProgramEpisode
from clients.tests.factories import make_client
from organizations.models import CalendarDay
from supervision import selectors
from supervision.models import ReportingSettings, ScheduleChange

DAY = datetime.timedelta(days=1)


def fresh_schedule(episode):
    episode = ProgramEpisode.objects.select_related("rule_set").get(pk=episode.pk)
    selectors.prefetch_schedule([episode])
    return selectors.scheduled_dates(episode)


class ScheduleMemoTestCase(BaseTestCase):
    def test_a_memoised_schedule_changes_with_its_inputs(self):
        episode = make_client(self.cirebon, officer=self.olivia).current_episode
        before = fresh_schedule(episode)
        self.assertEqual(fresh_schedule(episode), before)  # the memo answers the same
        # A working day closed by the administrator moves the date falling on it to the next working day.
        day = before[2]
        CalendarDay.objects.create(date=day, description="Cuti bersama")
        after = fresh_schedule(episode)
        self.assertNotIn(day, after)
        self.assertEqual(len(after), len(before))
        self.assertGreater(after[2], day)
        # The office tracks from a later day: the earlier dates go.
        ReportingSettings.objects.create(office=self.cirebon, tracked_from=before[4])
        self.assertEqual(fresh_schedule(episode)[0], before[4])
        # An intensified period (not memoised) still reads the same inputs.
        ScheduleChange.objects.create(
            episode=episode, office=self.cirebon, interval_days=7, starts_on=before[5], reason="Sanksi"
        )
        self.assertLess(fresh_schedule(episode)[2] - fresh_schedule(episode)[1], 10 * DAY)
