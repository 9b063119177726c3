"""Issue 9, point 16c: the home pages read client counts the database keeps per office, never COUNT(*).

The counts (clients.ClientCount) are kept by triggers on the clients table; these tests check that
they match a fresh count for every role after each kind of change, and that drift is detected.
"""

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients import selectors
from clients.models import Client, ClientCount
from clients.tests.factories import make_client
from movements import services as movements
from movements.tests.base import MovementsTestCase


class ClientCountTestCase(MovementsTestCase):
    def assert_counts_match(self):
        users = [self.ada, self.nadia, self.hana, self.sam, self.olivia, self.rita, self.reggie, self.pat, self.bert]
        users += [self.bima, self.beni, self.kim]
        for user in users:
            with self.subTest(user=user.username):
                self.assertEqual(selectors.client_count(user), Client.objects.visible_to(user).count())
        call_command("client_counts", "--check", stdout=io.StringIO())

    def kept(self, office, *, is_child=False) -> int:
        row = ClientCount.objects.filter(office=office, is_child=is_child).first()
        return row.count if row else 0

    def test_the_counts_follow_registration_transfer_and_any_other_write(self):
        self.assert_counts_match()
        self.assertEqual(self.kept(self.cirebon), 1)
        # Registration (clients.services.client_register), an adult and a child.
        make_client(self.cirebon, officer=self.olivia, name="Andi")
        child = make_client(self.cirebon, program="DIVERSI", name="Cici")
        self.assertEqual((self.kept(self.cirebon), self.kept(self.cirebon, is_child=True)), (2, 1))
        self.assert_counts_match()
        # A transfer moves Budi from Cirebon to Bandung; the national figure stays.
        national = selectors.client_count(self.nadia)
        transfer = self.approved_transfer()
        movements.transfer_accept(transfer=transfer, acting_user=self.bima)
        self.assertEqual((self.kept(self.cirebon), self.kept(self.bandung)), (1, 1))
        self.assertEqual(selectors.client_count(self.nadia), national)
        self.assert_counts_match()
        # Paths around the services too: a bulk update and a delete.
        Client.objects.filter(pk=child.pk).update(is_child=False)
        self.assertEqual((self.kept(self.cirebon), self.kept(self.cirebon, is_child=True)), (2, 0))
        self.assert_counts_match()
        Client.objects.filter(pk=child.pk).update(office=self.semarang)
        self.assert_counts_match()

    def test_the_national_home_counts_no_clients(self):
        make_client(self.bandung, officer=self.pat, regency="32.73")
        self.client.force_login(self.nadia)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(reverse("dashboard:home"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["client_count"], 2)
        counting = [q["sql"] for q in ctx.captured_queries if 'FROM "clients_client"' in q["sql"]]
        self.assertEqual(counting, [])

    def test_drift_is_reported_and_repaired(self):
        ClientCount.objects.filter(office=self.cirebon).update(count=F("count") + 5)
        with self.assertRaises(CommandError):
            call_command("client_counts", "--check", stdout=io.StringIO())
        out = io.StringIO()
        call_command("client_counts", stdout=out)
        self.assertIn("1 had differed", out.getvalue())
        self.assert_counts_match()
