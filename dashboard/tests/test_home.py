from unittest import mock

from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from bapas.test import BaseTestCase


class HomeTestCase(BaseTestCase):
    def test_each_role_gets_its_own_home(self):
        templates = {
            "ada": "home_admin",
            "nadia": "home_admin",
            "hana": "home_head",
            "sam": "home_section_head",
            "olivia": "home_officer",
            "alan": "home_officer",
            "rita": "home_registration",
            "tess": "home_tpp",
            "kim": "home_kanwil",
            "reggie": "home_auditor",
            "paula": "home_partner",
        }
        for name, template in templates.items():
            with self.subTest(user=name):
                self.client.force_login(self.cast[name])
                response = self.client.get("/")
                self.assertTemplateUsed(response, f"dashboard/{template}.html")

    def test_navigation_shows_each_role_only_what_it_may_use(self):
        expectations = {
            "olivia": (["/kantor/"], ["/staf/", "/audit/"]),
            "paula": ([], ["/kantor/", "/staf/", "/audit/"]),
            "reggie": (["/staf/", "/audit/"], []),
            "ada": (["/kantor/", "/staf/", "/audit/"], []),
        }
        for name, (shown, hidden) in expectations.items():
            self.client.force_login(self.cast[name])
            urls = [item["url"] for item in self.client.get("/").context["nav_items"]]
            for url in shown:
                self.assertIn(url, urls, name)
            for url in hidden:
                self.assertNotIn(url, urls, name)

    def test_partner_home_has_an_honest_empty_state(self):
        self.client.force_login(self.paula)
        response = self.client.get("/")
        self.assertContains(response, "belum ada klien yang diserahkan")
        self.assertContains(response, "LBH Uji")

    def test_kanwil_home_shows_counts_for_its_offices_only(self):
        self.client.force_login(self.kim)
        offices = self.client.get("/").context["offices"]
        self.assertEqual(sorted(o.name for o in offices), ["Bapas Uji Bandung", "Bapas Uji Cirebon"])
        cirebon = next(o for o in offices if o.name == "Bapas Uji Cirebon")
        self.assertEqual(cirebon.staff_count, 8)  # partner users are not staff

    def test_head_home_counts_staff_by_role(self):
        self.client.force_login(self.hana)
        overview = self.client.get("/").context["overview"]
        self.assertEqual(overview["staff_total"], 8)
        self.assertEqual(overview["locations"], 1)

    def test_home_query_count_is_fixed(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from clients.tests.factories import make_client

        make_client(self.cirebon, officer=self.olivia)
        for user in (self.hana, self.sam, self.olivia, self.tess):
            self.client.force_login(user)
            with CaptureQueriesContext(connection) as few:
                self.client.get("/")
            for _ in range(3):
                make_client(self.cirebon, officer=self.olivia, assistant=self.alan)
            with self.subTest(user=user.username), self.assertNumQueries(len(few.captured_queries)):
                self.client.get("/")

    def test_english_can_be_chosen(self):
        self.client.force_login(self.olivia)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get("/")
        self.assertContains(response, "My caseload")
        self.assertContains(response, 'lang="en"')
        translation.activate("id")


class HealthzTestCase(BaseTestCase):
    def test_it_answers_200_when_the_database_is_reachable(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})

    def test_it_answers_503_when_the_database_is_not(self):
        with mock.patch("dashboard.health.probe", side_effect=OperationalError("connection refused")):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json(), {"status": "error", "database": "unreachable"})
        self.assertNotIn("refused", response.content.decode())

    def test_it_needs_no_login_and_is_not_cached(self):
        response = self.client.get("/healthz")
        self.assertIn("no-store", response["Cache-Control"])
