"""The officer's work queue and the section head's per-officer overview."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from bapas.test import BaseTestCase, make_user
from clients.models import ProgramEpisode
from clients.tests.factories import make_client
from dashboard import queues

TODAY = BaseTestCase.TODAY


def ends_in(client, days: int) -> ProgramEpisode:
    episode = client.current_episode
    ProgramEpisode.objects.filter(pk=episode.pk).update(ends_on=TODAY + datetime.timedelta(days=days))
    episode.refresh_from_db()
    return episode


class EndingSoonTestCase(BaseTestCase):
    def test_each_episode_is_in_the_first_bucket_it_fits(self):
        soon = ends_in(make_client(self.cirebon, officer=self.olivia), 10)
        month = ends_in(make_client(self.cirebon, officer=self.olivia), 30)
        later = ends_in(make_client(self.cirebon, officer=self.olivia), 45)
        quarter = ends_in(make_client(self.cirebon, officer=self.olivia), 90)
        ends_in(make_client(self.cirebon, officer=self.olivia), 91)
        ends_in(make_client(self.cirebon, officer=self.olivia), -1)
        buckets = dict(queues.ending_soon(queues.caseload(self.olivia), today=TODAY))
        self.assertEqual(buckets[30], [soon, month])
        self.assertEqual(buckets[60], [later])
        self.assertEqual(buckets[90], [quarter])

    def test_other_officers_clients_are_not_in_the_caseload(self):
        ends_in(make_client(self.cirebon, officer=self.olivia), 10)
        other = make_user("otto", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        buckets = dict(queues.ending_soon(queues.caseload(other), today=TODAY))
        self.assertEqual(buckets[30], [])


class OfficersOverviewTestCase(BaseTestCase):
    def test_section_head_sees_the_section_officers_with_their_caseloads(self):
        for _ in range(3):
            make_client(self.cirebon, officer=self.olivia)
        make_client(self.cirebon, officer=self.olivia, assistant=self.alan)
        ends_in(make_client(self.cirebon, officer=self.olivia), 20)
        bka = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        rows = {row.officer.username: row for row in queues.officers_overview(self.sam, today=TODAY)}
        self.assertNotIn(bka.username, rows)  # another section
        self.assertNotIn("pat", rows)  # another office
        self.assertEqual(rows["olivia"].caseload, 5)
        self.assertEqual(rows["alan"].caseload, 1)
        self.assertEqual(rows["olivia"].ending[30], 1)
        # Every factory client started in June 2025 and nobody reported since: all are overdue.
        self.assertEqual(rows["olivia"].overdue, 5)

    def test_head_sees_every_officer_of_the_office(self):
        bka = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        names = {row.officer.username for row in queues.officers_overview(self.hana, today=TODAY)}
        self.assertIn(bka.username, names)
        self.assertIn("olivia", names)
        self.assertNotIn("pat", names)

    def test_overview_query_count_does_not_grow_with_the_caseload(self):
        make_client(self.cirebon, officer=self.olivia, assistant=self.alan)
        with CaptureQueriesContext(connection) as first:
            queues.officers_overview(self.sam, today=TODAY)
        for _ in range(4):
            make_client(self.cirebon, officer=self.olivia, assistant=self.alan)
        with self.assertNumQueries(len(first.captured_queries)):
            queues.officers_overview(self.sam, today=TODAY)

    def test_officer_queue_query_count_does_not_grow_with_the_caseload(self):
        make_client(self.cirebon, officer=self.olivia)
        with CaptureQueriesContext(connection) as few:
            queues.officer_queue(self.olivia, today=TODAY)
        for _ in range(4):
            ends_in(make_client(self.cirebon, officer=self.olivia), 15)
        with self.assertNumQueries(len(few.captured_queries)):
            queues.officer_queue(self.olivia, today=TODAY)


class OfficerQueuePageTestCase(BaseTestCase):
    def test_section_head_opens_an_officers_queue(self):
        client = make_client(self.cirebon, officer=self.olivia)
        self.client.force_login(self.sam)
        response = self.client.get(reverse("dashboard:officer_queue", args=[self.olivia.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, client.full_name)

    def test_officers_outside_reach_are_not_found(self):
        bka = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        self.client.force_login(self.sam)
        for officer in (self.pat, bka, self.rita):
            with self.subTest(officer=officer.username):
                response = self.client.get(reverse("dashboard:officer_queue", args=[officer.pk]))
                self.assertEqual(response.status_code, 404)

    def test_home_of_the_section_head_lists_officers_with_links(self):
        make_client(self.cirebon, officer=self.olivia)
        self.client.force_login(self.sam)
        self.assertContains(self.client.get("/"), reverse("dashboard:officers_table"))  # the box loads the table
        response = self.client.get(reverse("dashboard:officers_table"), headers={"HX-Request": "true"})
        self.assertContains(response, reverse("dashboard:officer_queue", args=[self.olivia.pk]))

    def test_pk_home_shows_guidance_ending(self):
        client = make_client(self.cirebon, officer=self.olivia)
        ends_in(client, 20)
        self.client.force_login(self.olivia)
        response = self.client.get("/")
        self.assertContains(response, 'id="ending"')
        self.assertContains(response, client.full_name)
