"""Intensified periods, working days and the tracking start in the schedule, as plain functions."""

import datetime

from django.test import SimpleTestCase

from clients.models import ProgramEpisode, RuleSet
from supervision import selectors
from supervision.models import CheckIn, ScheduleChange

D = datetime.date
T = datetime.datetime


START = D(2025, 6, 10)
END = D(2025, 12, 10)
SET_AT = T(2025, 1, 1, tzinfo=datetime.UTC)


def episode(starts_on=START, ends_on=END) -> ProgramEpisode:
    rules = RuleSet(program="PB", reporting_interval_months=1, reporting_interval_days=0, grace_days=3)
    return ProgramEpisode(starts_on=starts_on, ends_on=ends_on, rule_set=rules)


def change(interval, starts_on, ends_on=None, set_at=SET_AT) -> ScheduleChange:
    return ScheduleChange(interval_days=interval, starts_on=starts_on, ends_on=ends_on, set_at=set_at)


def dates(ep, **context):
    return selectors.scheduled_dates(ep, context=selectors.ScheduleContext(**context))


class IntensifiedPeriodTestCase(SimpleTestCase):
    def test_an_intensified_period_replaces_the_usual_dates_and_they_resume_after_it(self):
        weekly = change(7, D(2025, 8, 1), D(2025, 8, 29))
        self.assertEqual(
            dates(episode(), changes=(weekly,)),
            [
                D(2025, 7, 10),
                D(2025, 8, 1),
                D(2025, 8, 8),
                D(2025, 8, 15),
                D(2025, 8, 22),
                D(2025, 8, 29),
                D(2025, 9, 10),
                D(2025, 10, 10),
                D(2025, 11, 10),
                D(2025, 12, 10),
            ],
        )

    def test_an_open_ended_period_runs_to_the_end_of_guidance(self):
        fortnightly = change(14, D(2025, 11, 1))
        self.assertEqual(
            dates(episode(), changes=(fortnightly,))[-4:],
            [D(2025, 10, 10), D(2025, 11, 1), D(2025, 11, 15), D(2025, 11, 29)],
        )

    def test_of_overlapping_periods_the_later_one_governs_and_the_earlier_resumes_after_it(self):
        fortnightly = change(14, D(2025, 8, 1))
        weekly = change(7, D(2025, 9, 1), D(2025, 9, 15))
        self.assertEqual(
            dates(episode(ends_on=D(2025, 10, 1)), changes=(fortnightly, weekly)),
            [
                D(2025, 7, 10),
                D(2025, 8, 1),
                D(2025, 8, 15),
                D(2025, 8, 29),
                D(2025, 9, 1),
                D(2025, 9, 8),
                D(2025, 9, 15),
                D(2025, 9, 26),
            ],
        )

    def test_current_interval(self):
        weekly = change(7, D(2025, 8, 1), D(2025, 8, 29))
        context = selectors.ScheduleContext(changes=(weekly,))
        self.assertIs(selectors.current_interval(episode(), today=D(2025, 8, 29), context=context), weekly)
        self.assertIsNone(selectors.current_interval(episode(), today=D(2025, 8, 30), context=context))
        self.assertIsNone(selectors.current_interval(episode(), today=D(2025, 7, 31), context=context))


class WorkingDaysTestCase(SimpleTestCase):
    def test_a_date_on_a_closed_day_moves_to_the_next_working_day(self):
        closed = frozenset({D(2025, 8, 9), D(2025, 8, 10), D(2025, 9, 10)})
        self.assertEqual(
            dates(episode(ends_on=D(2025, 9, 30)), closed=closed), [D(2025, 7, 10), D(2025, 8, 11), D(2025, 9, 11)]
        )

    def test_the_last_date_moves_back_rather_than_past_the_end_of_guidance(self):
        closed = frozenset({D(2025, 12, 10), D(2025, 12, 11)})
        self.assertEqual(dates(episode(ends_on=D(2025, 12, 10)), closed=closed)[-1], D(2025, 12, 9))

    def test_two_dates_moved_to_the_same_day_count_once(self):
        closed = frozenset({D(2025, 8, 1) + datetime.timedelta(days=n) for n in range(9)})  # 1–9 August
        weekly = change(7, D(2025, 8, 1), D(2025, 8, 15))
        self.assertEqual(
            dates(episode(ends_on=D(2025, 8, 31)), changes=(weekly,), closed=closed),
            [D(2025, 7, 10), D(2025, 8, 10), D(2025, 8, 15)],
        )


class TrackingStartTestCase(SimpleTestCase):
    def test_no_date_before_the_tracking_start_is_due(self):
        ep = episode(ends_on=D(2025, 10, 31))
        context = selectors.ScheduleContext(tracked_from=D(2025, 8, 15))
        self.assertEqual(selectors.scheduled_dates(ep, context=context), [D(2025, 9, 10), D(2025, 10, 10)])
        moved_early = CheckIn(due_on=D(2025, 7, 10), outcome=CheckIn.Outcome.EXCUSED, rescheduled_to=D(2025, 7, 20))
        self.assertEqual(selectors.due_dates(ep, [moved_early], context=context), [D(2025, 9, 10), D(2025, 10, 10)])
        self.assertEqual(selectors.next_due(ep, [], context=context), D(2025, 9, 10))


class LinkDueDateTestCase(SimpleTestCase):
    def setUp(self):
        self.episode = selectors.set_schedule_context(episode(), selectors.ScheduleContext())

    def test_the_link_opens_two_days_before_and_closes_after_the_grace_period(self):
        ep = self.episode
        self.assertIsNone(selectors.link_due_date(ep, [], today=D(2025, 7, 7)))
        self.assertEqual(selectors.link_due_date(ep, [], today=D(2025, 7, 8)), D(2025, 7, 10))
        self.assertEqual(selectors.link_due_date(ep, [], today=D(2025, 7, 13)), D(2025, 7, 10))
        self.assertIsNone(selectors.link_due_date(ep, [], today=D(2025, 7, 14)))

    def test_a_recorded_date_is_not_offered_again(self):
        done = CheckIn(due_on=D(2025, 7, 10), outcome=CheckIn.Outcome.ATTENDED_REMOTE)
        self.assertIsNone(selectors.link_due_date(self.episode, [done], today=D(2025, 7, 10)))
