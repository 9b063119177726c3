"""The reporting queue on the PK's home page: today, the next seven days, and who has not reported."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.tests.factories import make_client
from supervision import services
from supervision.models import CheckIn
from supervision.tests.base import D, SupervisionTestCase


class HomeQueueTestCase(SupervisionTestCase):
    def queue(self, user=None):
        self.client.force_login(user or self.olivia)
        return self.client.get(reverse("dashboard:home")).context["reporting"]

    def test_today_and_overdue(self):
        queue = self.queue()
        self.assertEqual([row.client for row in queue.today], [self.budi])
        self.assertEqual(
            [(row.client, row.due_on, row.overdue_count) for row in queue.overdue], [(self.budi, D(2025, 7, 10), 2)]
        )
        self.assertEqual(queue.week, [])

    def test_the_week_ahead(self):
        services.checkin_record(
            episode=self.episode,
            acting_user=self.olivia,
            outcome="hadir",
            due_on=D(2025, 9, 10),
            occurred_at=self.at(10, 8),
            location=self.cirebon_location,
        )
        soon = make_client(self.cirebon, officer=self.olivia, name="Citra Lestari")
        episode = soon.current_episode
        episode.starts_on = D(2025, 8, 14)
        episode.save(update_fields=["starts_on"])
        queue = self.queue()
        self.assertEqual([(row.client, row.due_on) for row in queue.week], [(soon, D(2025, 9, 14))])
        self.assertEqual([row.client for row in queue.today], [])

    def test_missed_reports_stay_in_the_queue_until_the_client_reports(self):
        for day in (D(2025, 7, 10), D(2025, 8, 10)):
            services.checkin_mark_missed(episode=self.episode, due_on=day)
        [row] = self.queue().overdue
        self.assertEqual((row.overdue_count, row.missed_in_a_row), (0, 2))

    def test_the_page_links_each_row_to_the_checkin_form(self):
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("dashboard:home"))
        self.assertContains(response, "Wajib lapor hari ini")
        self.assertContains(response, "Belum lapor")
        self.assertContains(response, reverse("supervision:checkin_create", args=[self.budi.pk]))
        self.assertContains(response, "Catat lapor")

    def test_other_caseloads_do_not_appear(self):
        make_client(self.cirebon, officer=self.olivia)  # alan assists neither client
        self.assertEqual(self.queue(self.alan).overdue, [])

    def test_only_officers_get_a_queue(self):
        self.client.force_login(self.hana)
        self.assertNotIn("reporting", self.client.get(reverse("dashboard:home")).context)


class HomeQueueQueryBudgetTestCase(SupervisionTestCase):
    def count(self) -> int:
        self.client.force_login(self.olivia)
        self.client.get(reverse("dashboard:home"))  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(reverse("dashboard:home"))
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_the_queue_runs_a_fixed_number_of_queries(self):
        with_one = self.count()
        for _ in range(19):
            client = make_client(self.cirebon, officer=self.olivia)
            services.checkin_mark_missed(episode=client.current_episode, due_on=D(2025, 7, 10))
        self.assertEqual(len(self.queue_rows()), 20)
        self.assertEqual(self.count(), with_one)
        self.assertEqual(with_one, 6)  # session, user, client count, queue clients, queue check-ins, office

    def queue_rows(self):
        self.client.force_login(self.olivia)
        return self.client.get(reverse("dashboard:home")).context["reporting"].overdue


class CheckInModelTestCase(SupervisionTestCase):
    def test_str_reads_outcome_and_date(self):
        checkin = CheckIn(due_on=D(2025, 9, 10), outcome="izin")
        self.assertEqual(str(checkin), "Izin · 10-09-2025")
