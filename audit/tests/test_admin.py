"""The Django admin's audit list: read-only, and without the events about children's records."""

import datetime

import time_machine
from django.db import transaction

from audit import services as audit
from audit.models import AuditEvent
from bapas.test import BaseTestCase
from clients.tests.factories import make_client

NOW = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


@time_machine.travel(NOW, tick=False)
class AuditAdminTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(NOW, tick=False):
            adult = make_client(cls.cirebon)
            child = make_client(cls.cirebon, program="PB_ANAK")
            with transaction.atomic():
                cls.adult_event = audit.record(actor=cls.hana, action="client.viewed", obj=adult)
                cls.child_event = audit.record(actor=cls.hana, action="client.viewed", obj=child)

    def test_the_national_administrator_does_not_see_events_about_children(self):
        self.client.force_login(self.nadia)
        response = self.client.get("/admin/audit/auditevent/")
        self.assertEqual(response.status_code, 200)
        shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
        self.assertIn(self.adult_event.pk, shown)
        self.assertNotIn(self.child_event.pk, shown)
        self.assertEqual(self.client.get(f"/admin/audit/auditevent/{self.child_event.pk}/change/").status_code, 302)
        self.assertEqual(self.client.get(f"/admin/audit/auditevent/{self.adult_event.pk}/change/").status_code, 200)

    def test_the_trail_stays_read_only(self):
        self.client.force_login(self.nadia)
        self.assertEqual(self.client.get("/admin/audit/auditevent/add/").status_code, 403)
        self.assertTrue(AuditEvent.objects.filter(pk=self.child_event.pk).exists())
