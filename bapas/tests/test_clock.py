"""The test clock (bapas/testclock.py): shared test classes run on a fixed day, and
BAPAS_TEST_CLOCK_SHIFT_DAYS moves the rest of the session ahead."""

import datetime

import time_machine
from django.test import SimpleTestCase
from django.utils import timezone

from bapas import testclock
from bapas.test import BaseTestCase
from bapas.testclock import JAKARTA

ELSEWHERE = datetime.datetime(2025, 3, 4, 8, 30, tzinfo=JAKARTA)


def real_now() -> datetime.datetime:
    if time_machine.escape_hatch.is_travelling():
        return time_machine.escape_hatch.datetime.datetime.now(datetime.UTC)
    return datetime.datetime.now(datetime.UTC)


class ShiftTestCase(SimpleTestCase):
    def test_the_variable_reads_as_whole_days(self):
        self.assertEqual(testclock.shift_days({}), 0)
        self.assertEqual(testclock.shift_days({testclock.SHIFT_ENV: ""}), 0)
        self.assertEqual(testclock.shift_days({testclock.SHIFT_ENV: " 730 "}), 730)
        with self.assertRaisesMessage(ValueError, "BAPAS_TEST_CLOCK_SHIFT_DAYS must be a whole number of days"):
            testclock.shift_days({testclock.SHIFT_ENV: "2y"})

    def test_this_session_runs_as_far_ahead_as_the_environment_asks(self):
        """Under `BAPAS_TEST_CLOCK_SHIFT_DAYS=730` (CI's PostgreSQL run) the clock is two years ahead here."""
        ahead = timezone.now() - real_now()
        expected = datetime.timedelta(days=testclock.shift_days())
        self.assertLess(abs(ahead - expected), datetime.timedelta(minutes=5))

    def test_a_shift_moves_timezone_now_ahead_and_keeps_it_ticking(self):
        if testclock.travelling_beyond_shift() or testclock._shift is not None:
            self.skipTest("the session is already shifted; the test above checks it")
        before = real_now()
        testclock.start_shift_from_environment({testclock.SHIFT_ENV: "730"})
        try:
            shifted = timezone.now()
            self.assertGreaterEqual(shifted - before, datetime.timedelta(days=730))
            self.assertLess(shifted - before, datetime.timedelta(days=730, minutes=5))
            self.assertEqual(timezone.localdate(), (before + datetime.timedelta(days=730)).astimezone(JAKARTA).date())
            with self.assertRaises(RuntimeError):
                testclock.start_shift(1)
            later = timezone.now()
            while later == shifted:
                later = timezone.now()
            self.assertGreater(later, shifted)  # ticking, not frozen
        finally:
            testclock.stop_shift()
        self.assertLess(abs(timezone.now() - real_now()), datetime.timedelta(minutes=1))


class BaseTestCaseClockTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.set_up_at = timezone.now()

    def test_the_clock_stands_at_now_from_set_up_to_the_test_whatever_the_real_date(self):
        self.assertEqual(self.NOW, datetime.datetime(2026, 12, 2, 10, 0, tzinfo=JAKARTA))
        self.assertEqual(self.TODAY, datetime.date(2026, 12, 2))
        self.assertEqual(self.set_up_at, self.NOW)
        self.assertEqual(timezone.now(), self.NOW)
        self.assertEqual(timezone.localdate(), self.TODAY)
        self.assertEqual(self.olivia.date_joined, self.NOW)


class OwnNowTestCase(BaseTestCase):
    NOW = ELSEWHERE

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.set_up_at = timezone.now()

    def test_a_subclass_setting_now_runs_on_its_own_day(self):
        self.assertEqual(self.TODAY, datetime.date(2025, 3, 4))
        self.assertEqual(self.set_up_at, ELSEWHERE)
        self.assertEqual(timezone.now(), ELSEWHERE)


@time_machine.travel(ELSEWHERE, tick=False)
class TravellingTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.set_up_at = timezone.now()

    def test_a_subclass_that_travels_itself_keeps_its_date(self):
        self.assertEqual(self.set_up_at, ELSEWHERE)
        self.assertEqual(timezone.now(), ELSEWHERE)
        self.assertEqual(self.olivia.date_joined, ELSEWHERE)

    def test_a_test_may_still_travel_further(self):
        later = datetime.datetime(2027, 1, 11, 9, 0, tzinfo=JAKARTA)
        with time_machine.travel(later, tick=False):
            self.assertEqual(timezone.localdate(), datetime.date(2027, 1, 11))
        self.assertEqual(timezone.now(), ELSEWHERE)
