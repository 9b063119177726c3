"""What the movements app adds to the client page, the client's log and the home page."""

import datetime

import time_machine
from django.test import RequestFactory
from django.urls import reverse

from clients import log
from movements import panels, services
from movements.tests.base import JAKARTA, D, MovementsTestCase


class PanelsTestCase(MovementsTestCase):
    def panel(self, user):
        request = RequestFactory().get("/")
        request.user = user
        return panels.client_panel(request, self.budi, self.budi.current_episode)

    def home(self, user):
        request = RequestFactory().get("/")
        request.user = user
        return panels.home_panel(request)

    def test_the_client_page_offers_the_actions_of_each_role(self):
        html = self.panel(self.olivia)
        self.assertIn(reverse("movements:transfer_request", args=[self.budi.pk]), html)
        self.assertIn(reverse("movements:closing_report", args=[self.budi.pk]), html)
        self.assertNotIn(reverse("movements:episode_close", args=[self.budi.pk]), html)
        self.assertIsNone(self.panel(self.reggie))  # nothing to show and nothing to do

    def test_the_client_page_shows_the_open_transfer_with_its_deadline(self):
        transfer = self.request_transfer()
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertContains(response, reverse("movements:transfer_detail", args=[transfer.pk]))
        self.assertContains(response, "08-01-2027")
        self.assertNotContains(response, reverse("movements:transfer_request", args=[self.budi.pk]))

    def test_the_client_panel_runs_a_fixed_number_of_queries(self):
        self.request_transfer()
        for day in (22, 23):
            services.permit_request(
                episode=self.episode,
                acting_user=self.olivia,
                kind="luar_kota",
                applicant="klien",
                destination=f"Jakarta {day}",
                purpose="Family",
                starts_on=D(2026, 12, day),
                ends_on=D(2026, 12, day),
            )
        self.budi.refresh_from_db()
        self.budi.current_episode  # noqa: B018 - loaded by the client page before the panels run
        with self.assertNumQueries(4):  # transfers, permits, closing report, calendar
            self.panel(self.sam)

    def test_the_log_lists_requests_and_decisions(self):
        transfer = self.request_transfer()
        services.transfer_decide(transfer=transfer, acting_user=self.hana, approve=False, reason="No guarantor")
        with self.assertNumQueries(4):  # transfers, permits, closing reports, and the people who acted (one read)
            entries = list(panels.log_entries(self.budi, self.olivia))
        self.assertEqual(
            [(e.title, e.flagged) for e in entries],
            [("Transfer to Bapas Uji Bandung requested", False), ("Transfer refused", True)],
        )
        self.assertIn("movement", log.labels)

    def test_the_home_page_shows_incoming_transfers_to_the_receiving_office(self):
        self.assertIsNone(self.home(self.bima))
        transfer = self.approved_transfer()
        html = self.home(self.bima)
        self.assertIn(reverse("movements:transfer_accept", args=[transfer.pk]), html)
        self.assertIsNone(self.home(self.olivia))  # PKs have their own queues
        services.transfer_accept(transfer=transfer, acting_user=self.beni)
        html = self.home(self.beni)
        self.assertIn("waiting for a PK", html)
        self.assertIn(reverse("clients:assign", args=[self.budi.pk]), html)

    def test_the_home_page_shows_requests_near_their_deadline(self):
        self.request_transfer()
        self.assertNotIn("Overdue or due soon", self.home(self.hana))  # ten working days left
        with time_machine.travel(datetime.datetime(2027, 1, 6, 9, 0, tzinfo=JAKARTA), tick=False):
            html = self.home(self.hana)
        self.assertIn("Overdue or due soon", html)
        self.assertIn("Budi Santoso", html)
        with self.assertNumQueries(4):  # the receiving desk, transfers, permits, calendar
            self.home(self.sam)

    def test_the_requests_page_lists_the_office_queue(self):
        self.request_transfer()
        self.client.force_login(self.sam)
        response = self.client.get(reverse("movements:requests"))
        self.assertContains(response, "Transfer to Bapas Uji Bandung")
        self.assertContains(response, "08-01-2027")
