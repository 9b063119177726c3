"""When a Litmas is due: working days for most types, calendar hours for a child in the justice process."""

import datetime

from django.test import SimpleTestCase
from django.utils import timezone

from bapas.test import BaseTestCase
from bapas.testclock import JAKARTA
from litmas import deadlines
from litmas.codes import DeadlineUnit
from litmas.models import LitmasType
from litmas.tests.factories import make_request

# Friday 5 March 2027, 15:00 WIB: the weekend is followed by Nyepi (Monday 8), collective leave and Eid al-Fitr
# (Tuesday 9 to Friday 12) and more collective leave (Monday 15): the office is closed for ten days in a row.
FRIDAY_AFTERNOON = datetime.datetime(2027, 3, 5, 15, 0, tzinfo=JAKARTA)


class DeadlineRuleTests(BaseTestCase):
    NOW = datetime.datetime(2027, 3, 5, 16, 0, tzinfo=JAKARTA)

    def test_a_childs_request_on_a_friday_afternoon_before_a_long_weekend_is_due_72_hours_later(self):
        request = make_request(
            self.cirebon, by=self.rita, code="sidang-anak", is_child=True, received_at=FRIDAY_AFTERNOON
        )
        # The juvenile justice law counts 3×24 hours on the calendar: the holidays do not stop the clock.
        self.assertEqual(request.deadline_at, datetime.datetime(2027, 3, 8, 15, 0, tzinfo=JAKARTA))

    def test_an_adults_request_received_at_the_same_moment_skips_the_closed_days(self):
        request = make_request(self.cirebon, by=self.rita, code="pb", received_at=FRIDAY_AFTERNOON)
        # 10 working days after Friday 5 March: the 8th-15th are closed, so 16-19, 22-24 (25-26 Good Friday),
        # 29, 30, 31: due at the end of Wednesday 31 March.
        self.assertEqual(timezone.localtime(request.deadline_at).date(), datetime.date(2027, 3, 31))
        self.assertEqual(timezone.localtime(request.deadline_at).time(), datetime.time(23, 59, 59))

    def test_the_rule_is_data_a_change_applies_to_requests_received_after_it(self):
        earlier = make_request(self.cirebon, by=self.rita, code="pb", received_at=FRIDAY_AFTERNOON)
        LitmasType.objects.filter(code="pb").update(deadline_unit=DeadlineUnit.HOURS, deadline_amount=48)
        later = make_request(self.cirebon, by=self.rita, code="pb", received_at=FRIDAY_AFTERNOON)
        self.assertEqual(later.deadline_at, FRIDAY_AFTERNOON + datetime.timedelta(hours=48))
        earlier.refresh_from_db()
        self.assertEqual(timezone.localtime(earlier.deadline_at).date(), datetime.date(2027, 3, 31))


class UrgencyTests(SimpleTestCase):
    def test_groups_of_the_pks_queue(self):
        now = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=JAKARTA)
        hours = datetime.timedelta(hours=1)
        self.assertEqual(deadlines.urgency(now - hours, now), deadlines.Urgency.OVERDUE)
        self.assertEqual(deadlines.urgency(now + 24 * hours, now), deadlines.Urgency.WITHIN_DAY)
        self.assertEqual(deadlines.urgency(now + 25 * hours, now), deadlines.Urgency.WITHIN_3_DAYS)
        self.assertEqual(deadlines.urgency(now + 72 * hours, now), deadlines.Urgency.WITHIN_3_DAYS)
        self.assertEqual(deadlines.urgency(now + 73 * hours, now), deadlines.Urgency.LATER)
