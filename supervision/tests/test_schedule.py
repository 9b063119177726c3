"""The reporting schedule of an episode and `next_due`, as plain functions over unsaved rows."""

import datetime

from django.test import SimpleTestCase

from clients.models import ProgramEpisode, RuleSet
from supervision import selectors
from supervision.models import CheckIn

D = datetime.date


def episode(starts_on, ends_on, *, months=1, days=0) -> ProgramEpisode:
    rules = RuleSet(program="PB", reporting_interval_months=months, reporting_interval_days=days)
    # No intensified period, no non-working day, no tracking start: the rule set's dates alone.
    return selectors.set_schedule_context(
        ProgramEpisode(starts_on=starts_on, ends_on=ends_on, rule_set=rules), selectors.ScheduleContext()
    )


def checkin(due_on, outcome=CheckIn.Outcome.ATTENDED, rescheduled_to=None) -> CheckIn:
    return CheckIn(due_on=due_on, outcome=outcome, rescheduled_to=rescheduled_to)


class ScheduleTestCase(SimpleTestCase):
    def test_monthly_dates_run_from_the_start_to_the_end(self):
        dates = selectors.scheduled_dates(episode(D(2025, 6, 10), D(2025, 10, 10)))
        self.assertEqual(dates, [D(2025, 7, 10), D(2025, 8, 10), D(2025, 9, 10), D(2025, 10, 10)])

    def test_a_start_on_31_january_reports_on_the_last_day_of_february(self):
        self.assertEqual(
            selectors.scheduled_dates(episode(D(2025, 1, 31), D(2025, 4, 30))),
            [D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30)],
        )
        self.assertEqual(selectors.scheduled_dates(episode(D(2024, 1, 31), D(2024, 3, 1)))[0], D(2024, 2, 29))

    def test_the_interval_comes_from_the_rule_set(self):
        fortnightly = episode(D(2025, 6, 1), D(2025, 7, 1), months=0, days=14)
        self.assertEqual(selectors.scheduled_dates(fortnightly), [D(2025, 6, 15), D(2025, 6, 29)])

    def test_until_cuts_the_schedule(self):
        dates = selectors.scheduled_dates(episode(D(2025, 6, 10), D(2026, 6, 10)), until=D(2025, 8, 9))
        self.assertEqual(dates, [D(2025, 7, 10)])


class NextDueTestCase(SimpleTestCase):
    def setUp(self):
        self.episode = episode(D(2025, 6, 10), D(2025, 10, 10))

    def test_the_first_date_is_due_when_nothing_is_recorded(self):
        self.assertEqual(selectors.next_due(self.episode, []), D(2025, 7, 10))

    def test_it_skips_recorded_dates_of_any_outcome(self):
        recorded = [checkin(D(2025, 7, 10)), checkin(D(2025, 8, 10), CheckIn.Outcome.MISSED)]
        self.assertEqual(selectors.next_due(self.episode, recorded), D(2025, 9, 10))

    def test_an_earlier_gap_comes_first(self):
        self.assertEqual(selectors.next_due(self.episode, [checkin(D(2025, 8, 10))]), D(2025, 7, 10))

    def test_an_excused_date_moved_to_a_new_day_makes_that_day_due(self):
        excused = checkin(D(2025, 7, 10), CheckIn.Outcome.EXCUSED, rescheduled_to=D(2025, 7, 17))
        self.assertEqual(selectors.next_due(self.episode, [excused]), D(2025, 7, 17))
        self.assertEqual(selectors.next_due(self.episode, [excused, checkin(D(2025, 7, 17))]), D(2025, 8, 10))

    def test_an_excuse_without_a_new_date_covers_the_date(self):
        excused = checkin(D(2025, 7, 10), CheckIn.Outcome.EXCUSED)
        self.assertEqual(selectors.next_due(self.episode, [excused]), D(2025, 8, 10))

    def test_nothing_is_due_once_every_date_is_recorded(self):
        recorded = [checkin(d) for d in selectors.scheduled_dates(self.episode)]
        self.assertIsNone(selectors.next_due(self.episode, recorded))


class MissedInARowTestCase(SimpleTestCase):
    def test_it_counts_the_latest_misses_back_to_the_last_other_outcome(self):
        missed = CheckIn.Outcome.MISSED
        rows = [
            checkin(D(2025, 9, 10), missed),
            checkin(D(2025, 7, 10), missed),
            checkin(D(2025, 8, 10)),
            checkin(D(2025, 10, 10), missed),
        ]
        self.assertEqual(selectors.missed_in_a_row(rows), 2)
        self.assertEqual(selectors.missed_in_a_row([]), 0)
        self.assertEqual(selectors.missed_in_a_row(rows[:1] + [checkin(D(2025, 10, 10))]), 0)
