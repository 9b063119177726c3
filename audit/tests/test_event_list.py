import datetime
from unittest import mock

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


class AuditPagerTestCase(BaseTestCase):
    """Issue 9, point 16b: the pager counts a bounded number of rows, however long the trail grows."""

    def setUp(self):
        super().setUp()
        self.speak_english()

    url = reverse("audit:event_list")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with transaction.atomic():
            for _ in range(11):
                audit.record(actor=cls.ada, action="account.updated", obj=cls.olivia, office=cls.cirebon)

    def page(self, number: int):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with (
            mock.patch("audit.views.COUNT_LIMIT", 5),
            mock.patch("audit.views.PER_PAGE", 2),
            CaptureQueriesContext(connection) as ctx,
        ):
            response = self.client.get(self.url, {"page": number, "action": "account."})
        self.assertEqual(response.status_code, 200)
        counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "audit_auditevent" in q["sql"]]
        self.assertEqual(len(counts), 1)
        self.assertIn("LIMIT", counts[0])  # never a COUNT(*) of every matching row
        return response

    def test_the_count_stops_past_the_threshold_and_the_pager_goes_on(self):
        self.client.force_login(self.ada)
        first = self.page(1)
        self.assertContains(first, "Page 1; more than 5 matches")
        self.assertContains(first, "page=2")
        self.assertEqual(len(first.context["page"].object_list), 2)
        # Further on, the count reaches further: the next page is always offered while rows remain.
        third = self.page(3)
        self.assertContains(third, "Page 3; more than 9 matches")
        self.assertContains(third, "page=4")
        last = self.page(6)
        self.assertContains(last, "Page 6 of 6")
        self.assertNotContains(last, "page=7")
        self.assertEqual(len(last.context["page"].object_list), 1)
        # Past the end: the last page, as before.
        self.assertContains(self.page(60), "Page 6 of 6")
