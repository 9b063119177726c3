import datetime

import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit import services as audit
from bapas.test import BaseTestCase


class AuditSearchTestCase(BaseTestCase):
    url = reverse("audit:event_list")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        tz = timezone.get_current_timezone()
        with transaction.atomic():
            with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=tz), tick=False):
                audit.record(actor=cls.ada, action="account.updated", obj=cls.olivia, office=cls.cirebon)
            with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=tz), tick=False):
                audit.record(
                    actor=cls.hana, action="service_location.updated", obj=cls.cirebon_location, office=cls.cirebon
                )
                audit.record(actor=cls.bert, action="account.updated", obj=cls.pat, office=cls.bandung)

    def labels(self, **params):
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return [e.object_label for e in response.context["page"].object_list]

    def test_office_administrator_sees_only_their_office(self):
        self.client.force_login(self.ada)
        self.assertEqual(self.labels(), ["Kantor Uji Cirebon", "Olivia Putri"])

    def test_national_administrator_sees_every_office(self):
        self.client.force_login(self.nadia)
        self.assertEqual(len(self.labels()), 3)

    def test_search_by_person(self):
        self.client.force_login(self.reggie)
        self.assertEqual(self.labels(person="hana"), ["Kantor Uji Cirebon"])
        self.assertEqual(self.labels(person=self.hana.nip), ["Kantor Uji Cirebon"])
        self.assertEqual(self.labels(person="ADA"), ["Olivia Putri"])

    def test_search_by_object(self):
        self.client.force_login(self.ada)
        self.assertEqual(self.labels(object_label="olivia"), ["Olivia Putri"])
        from django.contrib.contenttypes.models import ContentType

        location_type = ContentType.objects.get(app_label="organizations", model="servicelocation")
        self.assertEqual(
            self.labels(object_type=location_type.pk, object_id=self.cirebon_location.pk), ["Kantor Uji Cirebon"]
        )

    def test_search_by_date(self):
        self.client.force_login(self.ada)
        self.assertEqual(self.labels(date_from="2026-11-01", date_to="2026-11-02"), ["Olivia Putri"])
        self.assertEqual(self.labels(date_from="2026-11-03"), ["Kantor Uji Cirebon"])

    def test_reversed_dates_are_explained(self):
        self.client.force_login(self.ada)
        response = self.client.get(self.url, {"date_from": "2026-11-10", "date_to": "2026-11-01"})
        self.assertContains(response, "Tanggal akhir lebih awal dari tanggal mulai")
        self.assertEqual(list(response.context["page"].object_list), [])
