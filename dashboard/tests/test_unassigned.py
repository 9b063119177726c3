"""Clients without a PK on the section head's and the head's home, with the action that assigns one."""

import datetime
import zoneinfo
from unittest import mock

import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import Jenjang, Role, Section
from audit.models import AuditEvent
from bapas.test import BaseTestCase, make_user
from clients.tests.factories import make_client
from dashboard import queues

NOW = datetime.datetime(2025, 9, 10, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


@time_machine.travel(NOW, tick=False)
class UnassignedClientsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bella = make_user("bella", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bima = make_user("bima", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        cls.adult = make_client(cls.cirebon, name="Dewasa Tanpa PK")
        cls.child = make_client(cls.cirebon, name="Anak Tanpa PK", program="PB_ANAK")
        cls.guided = make_client(cls.cirebon, name="Sudah Ada PK", officer=cls.olivia)
        cls.elsewhere = make_client(cls.bandung, name="Bandung Tanpa PK", regency="32.73")

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def listed(self, user) -> list[str]:
        self.client.force_login(user)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        return [c.name for c in response.context["unassigned"].clients]

    def test_a_section_head_sees_the_unassigned_clients_of_their_section_and_office_only(self):
        self.assertEqual(self.listed(self.sam), ["Dewasa Tanpa PK"])  # BKD: adults
        self.assertEqual(self.listed(self.bella), ["Anak Tanpa PK"])  # BKA: children

    def test_the_head_sees_every_unassigned_client_of_the_office(self):
        self.assertEqual(self.listed(self.hana), ["Dewasa Tanpa PK", "Anak Tanpa PK"])
        self.assertEqual(self.listed(self.joko), [])  # Semarang's head: none of Cirebon's or Bandung's

    def test_officers_and_other_roles_do_not_get_the_list(self):
        for user in (self.olivia, self.alan, self.rita, self.tess, self.reggie, self.ada, self.nadia):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get("/")
                self.assertNotIn("unassigned", response.context)
                self.assertNotContains(response, "Dewasa Tanpa PK")
                self.assertEqual(queues.unassigned_clients(user).clients, [])

    def test_the_list_is_shown_with_the_assign_action(self):
        self.client.force_login(self.sam)
        response = self.client.get("/")
        assign = reverse("clients:assign", args=[self.adult.pk])
        self.assertContains(response, "Clients without a PK")
        self.assertContains(response, f'href="{assign}?next=/"')
        self.assertNotContains(response, reverse("clients:assign", args=[self.guided.pk]))

    def test_assigning_from_the_home_page_takes_the_client_off_the_list(self):
        self.client.force_login(self.sam)
        url = reverse("clients:assign", args=[self.adult.pk]) + "?next=/"
        response = self.client.post(url, {"officer": self.olivia.pk, "reason": "Klien baru"})
        self.assertRedirects(response, "/")
        self.adult.current_episode.refresh_from_db()
        self.assertEqual(self.adult.current_episode.officer, self.olivia)
        event = AuditEvent.objects.get(action="episode.assigned", object_id=str(self.adult.current_episode.pk))
        self.assertEqual(event.data["reason"], "Klien baru")
        self.assertEqual(self.listed(self.sam), [])

    def test_a_child_gets_a_pk_of_the_bka_section(self):
        self.client.force_login(self.bella)
        url = reverse("clients:assign", args=[self.child.pk]) + "?next=/"
        response = self.client.post(url, {"officer": self.olivia.pk, "reason": "Klien baru"})
        self.assertContains(response, "A child client is guided by an officer of the BKA section.")
        self.assertRedirects(self.client.post(url, {"officer": self.bima.pk, "reason": "Klien baru"}), "/")
        self.assertEqual(self.listed(self.bella), [])

    def test_an_unsafe_next_address_falls_back_to_the_client(self):
        self.client.force_login(self.sam)
        url = reverse("clients:assign", args=[self.adult.pk]) + "?next=https://evil.example/"
        response = self.client.post(url, {"officer": self.olivia.pk, "reason": "Klien baru"})
        self.assertRedirects(response, reverse("clients:detail", args=[self.adult.pk]))

    def test_the_list_takes_one_query_whatever_its_length(self):
        with self.assertNumQueries(1):
            self.assertEqual(len(queues.unassigned_clients(self.hana).clients), 2)
        for _ in range(3):
            make_client(self.cirebon)
        with self.assertNumQueries(1):
            self.assertEqual(len(queues.unassigned_clients(self.hana).clients), 5)

    def test_a_long_list_is_cut_and_says_so(self):
        make_client(self.cirebon, name="Dewasa Kedua")
        with mock.patch.object(queues, "UNASSIGNED_LIMIT", 1):
            result = queues.unassigned_clients(self.sam)
        self.assertEqual([c.name for c in result.clients], ["Dewasa Tanpa PK"])
        self.assertTrue(result.more)
        self.assertFalse(queues.unassigned_clients(self.sam).more)

    def test_the_home_pages_run_as_many_queries_with_more_unassigned_clients(self):
        for user in (self.sam, self.hana):
            self.client.force_login(user)
            with CaptureQueriesContext(connection) as few:
                self.client.get("/")
            for _ in range(3):
                make_client(self.cirebon)
                make_client(self.cirebon, program="PB_ANAK")
            with self.subTest(user=user.username), self.assertNumQueries(len(few.captured_queries)):
                self.client.get("/")
