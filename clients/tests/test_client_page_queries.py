"""Query budgets of the pages issue 10 made fast: the client page and the head's home run as many queries with
three times the clients (and check-ins) as with a third of them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bapas.test import BaseTestCase
from clients.tests.factories import make_client
from supervision import selectors as reporting
from supervision.models import CheckIn

N = 3


class QueryBudgetTestCase(BaseTestCase):
    def add_clients(self, n):
        """`n` clients of olivia's, each with every past reporting date recorded (the latest missed)."""
        for _ in range(n):
            episode = make_client(self.cirebon, officer=self.olivia, assistant=self.alan).current_episode
            self.record(episode)

    def record(self, episode):
        dates = [d for d in reporting.scheduled_dates(episode) if d < self.TODAY]
        for day in dates:
            missed = day == dates[-1]
            CheckIn.objects.get_or_create(
                episode=episode,
                due_on=day,
                defaults={
                    "office": episode.office,
                    "outcome": CheckIn.Outcome.MISSED if missed else CheckIn.Outcome.ATTENDED,
                    "occurred_at": None
                    if missed
                    else timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
                },
            )

    def queries(self, url):
        self.client.get(url)  # warm the session and the content-type cache
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_client_page_queries_do_not_grow_with_clients(self):
        viewed = make_client(self.cirebon, officer=self.olivia, assistant=self.alan)
        self.add_clients(N)
        url = reverse("clients:detail", args=[viewed.pk])
        for user in (self.hana, self.olivia):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                few = self.queries(url)
                self.add_clients(2 * N)
                self.record(viewed.current_episode)
                self.assertEqual(self.queries(url), few)

    def test_head_home_queries_do_not_grow_with_clients(self):
        self.add_clients(N)
        for user in (self.hana, self.sam):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                few = self.queries("/")
                self.add_clients(2 * N)
                self.assertEqual(self.queries("/"), few)
