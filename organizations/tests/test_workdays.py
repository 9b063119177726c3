import datetime

from django.test import TestCase

from bapas.test import BaseTestCase
from bapas.testclock import FrozenClockMixin
from organizations import workdays
from organizations.models import CalendarDay

D = datetime.date


class WorkingDayTestCase(FrozenClockMixin, TestCase):
    NOW = BaseTestCase.NOW  # a calendar without dates reaches from today

    def test_weekends_public_holidays_and_collective_leave_are_not_working_days(self):
        self.assertTrue(workdays.is_working_day(D(2026, 12, 23)))  # Wednesday
        self.assertFalse(workdays.is_working_day(D(2026, 12, 26)))  # Saturday
        self.assertFalse(workdays.is_working_day(D(2026, 12, 25)))  # Christmas
        self.assertFalse(workdays.is_working_day(D(2026, 12, 24)))  # cuti bersama for Christmas

    def test_ten_working_days_across_christmas_and_new_year(self):
        # 22, 23, 28, 29, 30, 31 Dec; 4, 6, 7, 8 Jan (1 Jan New Year, 5 Jan Isra' Mi'raj 2027).
        self.assertEqual(workdays.add_working_days(D(2026, 12, 21), 10), D(2027, 1, 8))

    def test_without_holidays_ten_working_days_are_two_weeks(self):
        self.assertEqual(workdays.add_working_days(D(2026, 11, 2), 10), D(2026, 11, 16))
        self.assertEqual(workdays.add_working_days(D(2026, 11, 2), 0), D(2026, 11, 2))

    def test_fourteen_working_days_for_a_permit(self):
        # From Monday 9 Nov 2026: no holidays until Christmas, so 14 working days end on Friday 27 Nov.
        self.assertEqual(workdays.add_working_days(D(2026, 11, 9), 14), D(2026, 11, 27))

    def test_an_added_collective_leave_day_moves_the_deadline(self):
        before = workdays.add_working_days(D(2026, 11, 2), 10)
        CalendarDay.objects.create(date=D(2026, 11, 6), description="Cuti bersama tambahan")
        self.assertFalse(workdays.is_working_day(D(2026, 11, 6)))
        self.assertEqual(workdays.add_working_days(D(2026, 11, 2), 10), before + datetime.timedelta(days=1))

    def test_a_cancelled_collective_leave_day_is_a_working_day_again(self):
        CalendarDay.objects.create(date=D(2026, 12, 24), is_working_day=True, description="Cuti bersama dibatalkan")
        self.assertTrue(workdays.is_working_day(D(2026, 12, 24)))
        self.assertEqual(workdays.add_working_days(D(2026, 12, 21), 10), D(2027, 1, 7))

    def test_next_working_day(self):
        self.assertEqual(workdays.next_working_day(D(2026, 12, 23)), D(2026, 12, 23))
        self.assertEqual(workdays.next_working_day(D(2026, 12, 24)), D(2026, 12, 28))
        self.assertEqual(workdays.next_working_day(D(2026, 12, 31)), D(2026, 12, 31))
        self.assertEqual(workdays.next_working_day(D(2027, 1, 1)), D(2027, 1, 4))

    def test_working_days_between(self):
        self.assertEqual(workdays.working_days_between(D(2026, 12, 21), D(2027, 1, 8)), 10)
        self.assertEqual(workdays.working_days_between(D(2026, 12, 21), D(2026, 12, 21)), 0)

    def test_long_walks_extend_the_window_with_a_bounded_number_of_queries(self):
        with self.assertNumQueries(1):
            workdays.add_working_days(D(2026, 1, 1), 20)
        with self.assertNumQueries(1):
            workdays.calendar_between(D(2026, 1, 1), D(2026, 12, 31))
        self.assertEqual(workdays.add_working_days(D(2026, 1, 1), 240), workdays.add_working_days(D(2026, 1, 1), 240))

    def test_negative_days_are_a_programming_error(self):
        with self.assertRaises(ValueError):
            workdays.add_working_days(D(2026, 1, 1), -1)


class CalendarTestCase(FrozenClockMixin, TestCase):
    NOW = BaseTestCase.NOW

    def test_one_calendar_counts_many_deadlines_with_one_query(self):
        with self.assertNumQueries(1):
            calendar = workdays.Calendar.around([D(2026, 12, 21), D(2026, 11, 2)])
            self.assertEqual(calendar.add_working_days(D(2026, 12, 21), 10), D(2027, 1, 8))
            self.assertEqual(calendar.add_working_days(D(2026, 11, 2), 10), D(2026, 11, 16))
            self.assertEqual(calendar.next_working_day(D(2026, 12, 24)), D(2026, 12, 28))

    def test_walks_outside_the_window_give_the_same_answers(self):
        calendar = workdays.Calendar(D(2026, 12, 1), D(2026, 12, 2))
        self.assertEqual(calendar.add_working_days(D(2026, 12, 21), 10), workdays.add_working_days(D(2026, 12, 21), 10))
        self.assertTrue(calendar.is_closed(D(2026, 8, 17)))  # before the window: Independence Day

    def test_working_days_between_is_signed(self):
        calendar = workdays.Calendar(D(2026, 12, 1), D(2027, 1, 31))
        self.assertEqual(calendar.working_days_between(D(2026, 12, 21), D(2027, 1, 8)), 10)
        self.assertEqual(calendar.working_days_between(D(2027, 1, 8), D(2026, 12, 21)), -10)
