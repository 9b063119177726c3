"""The daily snapshot command, outside a test transaction (the way cron runs it)."""

import datetime
from decimal import Decimal as D
from io import StringIO

from django.core.management import call_command

from allocation.models import WorkloadSnapshot
from bapas.test import TransactionBaseTestCase
from clients.tests.factories import make_client


class SnapshotCommandTests(TransactionBaseTestCase):
    def test_writes_this_month_for_every_pk_and_running_again_replaces_it(self):
        make_client(self.cirebon, officer=self.olivia)
        out = StringIO()
        call_command("workload_snapshot", stdout=out)
        self.assertIn("2 workload snapshots written", out.getvalue())  # olivia and pat
        olivia = WorkloadSnapshot.objects.get(officer=self.olivia)
        self.assertEqual(
            (olivia.month, olivia.office, olivia.clients, olivia.points, olivia.capacity_points),
            (datetime.date(2026, 12, 1), self.cirebon, 1, D("4"), D("120")),
        )
        make_client(self.cirebon, officer=self.olivia)
        call_command("workload_snapshot", stdout=StringIO())
        self.assertEqual(WorkloadSnapshot.objects.count(), 2)
        olivia.refresh_from_db()
        self.assertEqual((olivia.clients, olivia.points), (2, D("8")))
