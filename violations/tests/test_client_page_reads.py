"""The client page reads the client's violations once, though two cards (violations, log) show them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bapas.test import BaseTestCase
from clients.tests.factories import make_client


class ClientPageReadsViolationsOnceTestCase(BaseTestCase):
    def test_the_violations_query_runs_once(self):
        budi = make_client(self.cirebon, officer=self.olivia)
        self.client.force_login(self.olivia)
        with CaptureQueriesContext(connection) as page:
            response = self.client.get(reverse("clients:detail", args=[budi.pk]))
        self.assertEqual(response.status_code, 200)
        reads = [q["sql"] for q in page.captured_queries if q["sql"].startswith('SELECT "violations_violation"."id"')]
        self.assertEqual(len(reads), 1)
        self.assertFalse(hasattr(budi, "panel_memo"))
