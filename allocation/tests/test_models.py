"""Bad input to the workload data: clear errors (compared in English, the source strings, whatever the Indonesian
catalogue says); the admin pages audit their changes."""

import datetime
from decimal import Decimal as D

from django.core.exceptions import ValidationError
from django.utils import translation

from allocation.models import CapacityReduction, PointScale, WorkingHours
from audit.models import AuditEvent
from bapas.test import BaseTestCase


class ValidationTests(BaseTestCase):
    def errors(self, obj):
        with translation.override("en"):  # the messages are lazy: read them in English too
            with self.assertRaises(ValidationError) as raised:
                obj.full_clean()
            return raised.exception.message_dict

    def test_a_reduction_ending_before_it_starts(self):
        reduction = CapacityReduction(
            officer=self.olivia,
            kind="cuti",
            starts_on=self.TODAY,
            ends_on=self.TODAY - datetime.timedelta(days=1),
            hours_per_week=D("10"),
        )
        self.assertEqual(self.errors(reduction)["ends_on"], ["The period cannot end before it starts."])

    def test_negative_or_zero_hours(self):
        reduction = CapacityReduction(
            officer=self.olivia, kind="diklat", starts_on=self.TODAY, ends_on=self.TODAY, hours_per_week=D("-5")
        )
        self.assertEqual(self.errors(reduction)["hours_per_week"], ["Hours must be more than zero."])
        hours = WorkingHours(officer=self.olivia, valid_from=self.TODAY, hours_per_week=D("-1"))
        self.assertEqual(self.errors(hours)["hours_per_week"], ["Hours must be zero or more."])
        hours.hours_per_week = D("90")
        self.assertEqual(self.errors(hours)["hours_per_week"], ["At most 80 hours a week."])

    def test_one_scale_per_start_date(self):
        scale = PointScale(valid_from=datetime.date(2020, 1, 1))
        self.assertIn("valid_from", self.errors(scale))

    def test_the_migration_seeded_a_scale(self):
        scale = PointScale.objects.in_force(self.TODAY)
        self.assertEqual(scale.valid_from, datetime.date(2020, 1, 1))
        self.assertEqual(scale.program_points.get(program="PB").points, D("3"))


class AdminTests(BaseTestCase):
    def test_a_reduction_added_in_admin_is_audited_with_the_officer_office(self):
        self.client.force_login(self.nadia)
        response = self.client.post(
            "/admin/allocation/capacityreduction/add/",
            {
                "officer": self.olivia.pk,
                "kind": "cuti",
                "starts_on": "2026-12-07",
                "ends_on": "2026-12-11",
                "hours_per_week": "37.5",
                "note": "",
            },
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None) and response.context["errors"])
        reduction = CapacityReduction.objects.get()
        self.assertEqual(reduction.created_by, self.nadia)
        event = AuditEvent.objects.get(action="capacityreduction.created")
        self.assertEqual(event.office, self.cirebon)

    def test_the_scale_pages_open(self):
        self.client.force_login(self.nadia)
        scale = PointScale.objects.get()
        self.assertEqual(self.client.get(f"/admin/allocation/pointscale/{scale.pk}/change/").status_code, 200)
        self.assertEqual(self.client.get("/admin/allocation/pointscale/add/").status_code, 200)
