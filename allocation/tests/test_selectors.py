"""Officers' loads from the database: the open work counted, capacity on the day, a fixed number of queries."""

import datetime
from decimal import Decimal as D

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from allocation import selectors
from allocation.models import PointScale, ProgramPoints, WorkingHours
from allocation.tests.base import WorkloadTestCase, add_open_work, reduce
from clients.tests.factories import make_client
from movements.models import ClosingReport


class OfficerLoadsTests(WorkloadTestCase):
    def test_points_count_program_phase_child_and_open_work(self):
        loads = selectors.officer_loads([self.olivia, self.bella], on=self.TODAY)
        # olivia: three PB clients in the initial phase (3 + 1 each), one with an open violation (2), an open
        # transfer (1) and an open referral (0.5); the closed violation does not count.
        self.assertEqual((loads[self.olivia.pk].clients, loads[self.olivia.pk].points), (3, D("15.5")))
        self.assertEqual(loads[self.olivia.pk].capacity, D("120"))
        self.assertEqual(loads[self.olivia.pk].percent, D("12.9"))
        # bella: a child on parole (3 + child 1 + initial phase 1), half-time.
        self.assertEqual((loads[self.bella.pk].points, loads[self.bella.pk].capacity), (D("5"), D("60")))

    def test_a_closing_report_due_counts_until_it_is_written(self):
        episode = self.clients[1].current_episode
        episode.ends_on = self.TODAY + datetime.timedelta(days=20)
        episode.save(update_fields=["ends_on"])
        self.assertEqual(selectors.officer_loads([self.olivia], on=self.TODAY)[self.olivia.pk].points, D("16.5"))
        ClosingReport.objects.create(
            episode=episode,
            reason="selesai",
            ended_on=episode.ends_on,
            summary="-",
            conduct="-",
            written_by=self.olivia,
        )
        self.assertEqual(selectors.officer_loads([self.olivia], on=self.TODAY)[self.olivia.pk].points, D("15.5"))

    def test_reductions_count_only_while_active(self):
        reduce(self.olivia, "15", starts_on=self.TODAY, ends_on=self.TODAY + datetime.timedelta(days=5))
        reduce(
            self.olivia,
            "30",
            starts_on=self.TODAY - datetime.timedelta(days=30),
            ends_on=self.TODAY - datetime.timedelta(days=1),
        )
        load = selectors.officer_loads([self.olivia], on=self.TODAY)[self.olivia.pk]
        self.assertEqual((load.hours, load.capacity), (D("22.5"), D("72")))
        later = selectors.officer_loads([self.olivia], on=self.TODAY + datetime.timedelta(days=6))[self.olivia.pk]
        self.assertEqual(later.capacity, D("120"))

    def test_the_working_hours_in_force_apply(self):
        WorkingHours.objects.create(
            officer=self.bella, valid_from=self.TODAY + datetime.timedelta(days=1), hours_per_week=D("37.5")
        )
        self.assertEqual(selectors.officer_loads([self.bella], on=self.TODAY)[self.bella.pk].capacity, D("60"))
        tomorrow = self.TODAY + datetime.timedelta(days=1)
        self.assertEqual(selectors.officer_loads([self.bella], on=tomorrow)[self.bella.pk].capacity, D("120"))

    def test_a_newer_scale_applies_from_its_date(self):
        scale = PointScale.objects.create(valid_from=self.TODAY, full_time_points=D("60"), phase_initial_points=D("0"))
        ProgramPoints.objects.create(scale=scale, program="PB", points=D("1"))
        load = selectors.officer_loads([self.olivia], on=self.TODAY)[self.olivia.pk]
        # three PB clients at 1 point, no phase extra, and the open work at the defaults: violation 2, transfer 1,
        # referral 0.5
        self.assertEqual((load.points, load.capacity), (D("6.5"), D("60")))
        before = selectors.officer_loads([self.olivia], on=self.TODAY - datetime.timedelta(days=1))[self.olivia.pk]
        self.assertEqual(before.points, D("15.5"))

    def test_a_fixed_number_of_queries_whatever_the_size(self):
        def count():
            officers = list(User.objects.filter(pk__in=[self.olivia.pk, self.bella.pk, self.pat.pk]))
            with CaptureQueriesContext(connection) as queries:
                selectors.officer_loads(officers, on=self.TODAY)
            return len(queries.captured_queries)

        small = count()
        for _ in range(3):
            client = make_client(self.cirebon, officer=self.bella)
            add_open_work(client.current_episode, self.bella, violations=2)
        add_open_work(self.pat_client.current_episode, self.pat)
        reduce(self.pat, "10", starts_on=self.TODAY, ends_on=self.TODAY)
        WorkingHours.objects.create(officer=self.pat, valid_from=self.TODAY, hours_per_week=D("30"))
        self.assertEqual(count(), small)
        self.assertLessEqual(small, 9)  # eight, and the latest risk categories (issue 13)


class WorkloadTableTests(WorkloadTestCase):
    def test_the_page_reads_in_a_fixed_number_of_queries(self):
        with CaptureQueriesContext(connection) as small:
            selectors.workload_table(self.hana, on=self.TODAY)
        for _ in range(2):
            make_client(self.cirebon, officer=self.bella)
        reduce(self.olivia, "5", starts_on=self.TODAY, ends_on=self.TODAY)
        with self.assertNumQueries(len(small.captured_queries)):
            selectors.workload_table(self.hana, on=self.TODAY)

    def test_the_head_gets_a_total_per_section_and_for_the_office(self):
        table = selectors.workload_table(self.hana, on=self.TODAY)
        self.assertEqual([row.officer for row in table.rows], [self.olivia, self.bella])  # the fullest first
        self.assertEqual(len(table.sections), 2)
        self.assertEqual(
            (table.total.load.clients, table.total.load.points, table.total.load.capacity), (4, D("20.5"), D("180"))
        )

    def test_sorts_are_whitelisted(self):
        table = selectors.workload_table(self.hana, on=self.TODAY, sort="name")
        self.assertEqual([row.officer for row in table.rows], [self.bella, self.olivia])
        self.assertEqual(selectors.workload_table(self.hana, on=self.TODAY, sort="password").sort, "-percent")
        table = selectors.workload_table(self.hana, on=self.TODAY, sort="-capacity")
        self.assertEqual([row.officer for row in table.rows], [self.olivia, self.bella])

    def test_history_shows_the_last_12_months_of_snapshots(self):
        from allocation.models import WorkloadSnapshot

        WorkloadSnapshot.objects.create(
            officer=self.olivia,
            office=self.cirebon,
            month=datetime.date(2026, 3, 1),
            points=D("130"),
            capacity_points=D("120"),
            clients=30,
        )
        WorkloadSnapshot.objects.create(
            officer=self.olivia,
            office=self.cirebon,
            month=datetime.date(2025, 11, 1),
            points=D("10"),
            capacity_points=D("120"),
            clients=3,
        )
        table = selectors.workload_table(self.sam, on=self.TODAY)
        self.assertEqual(table.months[0], datetime.date(2026, 1, 1))
        self.assertEqual(table.months[-1], datetime.date(2026, 12, 1))
        self.assertEqual(table.rows[0].history[2], D("108.3"))
        self.assertEqual(table.rows[0].history.count(None), 11)  # November 2025 is older than 12 months
        self.assertEqual(table.total.history[2], D("108.3"))
