"""The demo shows workload to act on: some PKs over capacity, part-time staff and reductions, a few clients
waiting for a PK, and 12 months of history. The checks run in `demo.tests.test_demo.DemoTests`, which builds the
full demo once per test run.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.test import TestCase
from django.urls import reverse

from accounts.models import Role, User
from allocation import selectors
from allocation.models import CapacityReduction, WorkingHours, WorkloadSnapshot
from clients.models import ProgramEpisode
from organizations.models import Office


class WorkloadDemoChecks(TestCase if TYPE_CHECKING else object):
    today: datetime.date
    cirebon: Office

    def test_some_pks_are_over_capacity_and_the_rest_spread_below(self):
        head = User.objects.get(office=self.cirebon, role=Role.HEAD)
        table = selectors.workload_table(head, on=self.today)
        over = [row for row in table.rows if row.load.over_capacity]
        self.assertGreaterEqual(len(over), 3)
        self.assertLess(len(over), len(table.rows) // 2)
        percents = [row.load.percent for row in table.rows if row.load.percent is not None]
        self.assertGreater(max(percents) - min(percents), 50)
        self.assertTrue(WorkingHours.objects.filter(officer__office=self.cirebon).exists())
        self.assertTrue(CapacityReduction.objects.active_on(self.today).filter(officer__office=self.cirebon).exists())

    def test_a_few_clients_wait_for_a_pk_in_both_sections(self):
        waiting = ProgramEpisode.objects.filter(office=self.cirebon, status="active", officer=None)
        self.assertEqual(waiting.filter(is_child=False).count(), 3)
        self.assertEqual(waiting.filter(is_child=True).count(), 1)

    def test_twelve_months_of_history_for_every_pk(self):
        pks = User.objects.filter(office=self.cirebon, role=Role.PK)
        months = WorkloadSnapshot.objects.filter(officer__in=pks).values_list("month", flat=True).distinct()
        self.assertEqual(sorted(set(months)), selectors.months_back(self.today))
        self.assertEqual(WorkloadSnapshot.objects.filter(officer__in=pks).count(), 12 * pks.count())

    def test_the_head_opens_the_page(self):
        self.client.force_login(User.objects.get(office=self.cirebon, role=Role.HEAD))
        response = self.client.get(reverse("allocation:workload"))
        self.assertContains(response, 'class="over"')

    def test_a_few_exclusions_and_working_areas_are_recorded(self):
        from allocation.models import AllocationExclusion, OfficerWorkingArea

        exclusions = AllocationExclusion.objects.filter(client__office=self.cirebon)
        self.assertGreaterEqual(exclusions.count(), 3)
        self.assertTrue(exclusions.filter(client__current_episode__officer=None).exists())
        self.assertTrue(
            OfficerWorkingArea.objects.filter(officer__office=self.cirebon, regencies__isnull=False).exists()
        )
        self.client.force_login(User.objects.get(office=self.cirebon, role=Role.HEAD))
        self.assertContains(self.client.get(reverse("allocation:exclusions")), "data-exclusion=")
