"""The reporting queue of the PK's home: today, the next seven days, and who has not reported.

Tested on the selector: the home page that shows it belongs to the dashboard.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.tests.factories import make_client
from supervision import selectors, services
from supervision.models import CheckIn
from supervision.tests.base import D, SupervisionTestCase

TODAY = D(2025, 9, 10)


class HomeQueueTestCase(SupervisionTestCase):
    def queue(self, user=None):
        return selectors.reporting_queue(user or self.olivia, today=TODAY)

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
        episode.starts_on = D(2025, 8, 15)
        episode.save(update_fields=["starts_on"])
        queue = self.queue()
        self.assertEqual([(row.client, row.due_on) for row in queue.week], [(soon, D(2025, 9, 15))])
        self.assertEqual([row.client for row in queue.today], [])

    def test_a_date_on_a_sunday_is_due_the_next_working_day(self):
        soon = make_client(self.cirebon, officer=self.olivia, name="Citra Lestari")
        episode = soon.current_episode
        episode.starts_on = D(2025, 8, 14)  # 14 September 2025 is a Sunday
        episode.save(update_fields=["starts_on"])
        self.assertEqual([(r.client, r.due_on) for r in self.queue().week], [(soon, D(2025, 9, 15))])

    def test_missed_reports_stay_in_the_queue_until_the_client_reports(self):
        for day in (D(2025, 7, 10), D(2025, 8, 11)):
            services.checkin_mark_missed(episode=self.episode, due_on=day)
        [row] = self.queue().overdue
        self.assertEqual((row.overdue_count, row.missed_in_a_row), (0, 2))

    def test_an_intensified_schedule_shows_in_the_week(self):
        services.checkin_record(
            episode=self.episode,
            acting_user=self.olivia,
            outcome="hadir",
            due_on=D(2025, 9, 10),
            occurred_at=self.at(10, 8),
            location=self.cirebon_location,
        )
        services.reporting_intensify(
            episode=self.episode,
            acting_user=self.sam,
            interval_days=7,
            starts_on=D(2025, 9, 12),
            ends_on=None,
            reason="Sanksi",
        )
        self.assertEqual([r.due_on for r in self.queue().week], [D(2025, 9, 12)])

    def test_dates_before_the_office_tracks_reporting_are_never_overdue(self):
        services.reporting_tracking_set(office=self.cirebon, acting_user=self.hana, tracked_from=D(2025, 9, 1))
        queue = self.queue()
        self.assertEqual(queue.overdue, [])
        self.assertEqual([row.client for row in queue.today], [self.budi])

    def test_other_caseloads_do_not_appear(self):
        make_client(self.cirebon, officer=self.olivia)  # alan assists neither client
        self.assertEqual(self.queue(self.alan).overdue, [])


class HomeQueueQueryBudgetTestCase(SupervisionTestCase):
    def count(self) -> int:
        with CaptureQueriesContext(connection) as ctx:
            queue = selectors.reporting_queue(self.olivia, today=TODAY)
        return len(ctx.captured_queries), len(queue.overdue)

    def test_the_queue_runs_a_fixed_number_of_queries(self):
        self.assertEqual(self.count(), (5, 1))  # clients, check-ins, changes, office settings, calendar
        services.reporting_tracking_set(office=self.cirebon, acting_user=self.hana, tracked_from=D(2025, 6, 1))
        for _ in range(19):
            client = make_client(self.cirebon, officer=self.olivia)
            services.checkin_mark_missed(episode=client.current_episode, due_on=D(2025, 7, 10))
            services.reporting_intensify(
                episode=client.current_episode,
                acting_user=self.sam,
                interval_days=14,
                starts_on=TODAY,
                ends_on=None,
                reason="Sanksi",
            )
        self.assertEqual(self.count(), (5, 20))


class CheckInModelTestCase(SupervisionTestCase):
    def test_str_reads_outcome_and_date(self):
        checkin = CheckIn(due_on=D(2025, 9, 10), outcome="izin")
        self.assertEqual(str(checkin), "Izin · 10-09-2025")
