"""Explained proposals of a PK for the clients without one: the table, who sees what, accepting all or some, and
the bad cases (zero capacity, no room, a stale proposal, two section heads at once)."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from allocation import engine, proposals, services
from allocation.tests.base import WorkloadTestCase, reduce
from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase, make_user
from clients import services as client_services
from clients.models import Assignment, Client
from clients.tests.factories import make_client

URL = reverse("allocation:proposals")
ACCEPT = reverse("allocation:proposals_accept")
WORKLOAD = reverse("allocation:workload")
FIXED_QUERIES = 24  # whatever the number of clients and officers (none per row); areas, exclusions, risk, policy


class ProposalTestCase(WorkloadTestCase):
    """Besides the workload cast: dewi, a second BKD PK with no clients; two adults and a child without a PK."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.dewi = make_user(
            "dewi",
            Role.PK,
            office=cls.cirebon,
            section=Section.BKD,
            full_name="Dewi Lestari",
            jenjang=Jenjang.AHLI_PERTAMA,
        )
        cls.adi = make_client(cls.cirebon, name="Adi Nugroho")
        cls.budi = make_client(cls.cirebon, name="Budi Santoso")
        cls.cici = make_client(cls.cirebon, name="Cici Anak", program="PB_ANAK")

    def setUp(self):
        super().setUp()
        self.speak_english()

    def page(self, user):
        self.client.force_login(user)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        return response

    def rows(self, user):
        return {row.client: row for row in self.page(user).context["proposals"].rows}

    def accept(self, user, *pairs, follow=False):
        self.client.force_login(user)
        return self.client.post(ACCEPT, {"pair": [f"{c.pk}:{o.pk}" for c, o in pairs]}, follow=follow)

    def pk_of(self, client):
        client.refresh_from_db()
        return Client.objects.select_related("current_episode").get(pk=client.pk).current_episode.officer


class ProposalPageTests(ProposalTestCase):
    def test_the_table_shows_the_cost_parts_and_the_next_best_pk(self):
        response = self.page(self.sam)
        rows = {row.client: row for row in response.context["proposals"].rows}
        self.assertEqual(set(rows), {self.adi, self.budi})
        # dewi has no clients, olivia three: the load part sends both adults to dewi, olivia is the next best.
        for client in (self.adi, self.budi):
            row = rows[client]
            self.assertEqual(row.officer, self.dewi)
            self.assertEqual(row.alternative, self.olivia)
            self.assertGreaterEqual(row.difference, 0)
            self.assertEqual(len(row.parts), 4)
            self.assertAlmostEqual(row.cost, sum(row.parts))
        for label in ("Load", "Distance", "Continuity", "Seniority", "Next-best PK", "Difference"):
            self.assertContains(response, f">{label}</th>", html=False)
        self.assertContains(response, f'value="{self.adi.pk}:{self.dewi.pk}" id="pair-{self.adi.pk}" checked')
        self.assertContains(response, reverse("clients:detail", args=[self.adi.pk]))
        self.assertContains(response, 'name="form_token"')

    def test_a_bkd_section_head_sees_adults_and_bkd_pks_the_head_everyone(self):
        rows = self.rows(self.sam)
        self.assertNotIn(self.cici, rows)
        self.assertTrue({row.officer for row in rows.values()} <= {self.olivia, self.dewi})
        rows = self.rows(self.bianca)
        self.assertEqual(list(rows), [self.cici])
        self.assertEqual(rows[self.cici].officer, self.bella)
        rows = self.rows(self.hana)
        self.assertEqual(set(rows), {self.adi, self.budi, self.cici})
        self.assertEqual(rows[self.cici].officer, self.bella)  # a child only to the BKA's PK

    def test_pks_auditors_and_others_are_refused(self):
        for user in (self.olivia, self.reggie, self.rita, self.alan):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(URL).status_code, 403)
                self.assertEqual(self.accept(user, (self.adi, self.dewi)).status_code, 403)
        self.assertIsNone(self.pk_of(self.adi))

    def test_the_accept_page_takes_only_post(self):
        self.client.force_login(self.sam)
        self.assertEqual(self.client.get(ACCEPT).status_code, 405)
        self.client.logout()
        self.assertEqual(self.client.post(ACCEPT).status_code, 302)  # to the login page

    def test_the_workload_page_links_to_the_proposal_for_those_who_may_assign(self):
        self.client.force_login(self.sam)
        self.assertContains(self.client.get(WORKLOAD), f'href="{URL}"')
        self.client.force_login(self.olivia)
        self.assertNotContains(self.client.get(WORKLOAD), f'href="{URL}"')

    def test_an_officer_with_zero_capacity_gets_nothing(self):
        reduce(self.dewi, "37.5", starts_on=self.TODAY, ends_on=self.TODAY + datetime.timedelta(days=7))
        rows = self.rows(self.sam)
        self.assertEqual({row.officer for row in rows.values()}, {self.olivia})
        self.assertTrue(all(row.alternative is None for row in rows.values()))

    def test_a_child_with_no_bka_pk_with_room_is_listed_with_the_reason(self):
        # bella has 18.75 h, less 18 h of training: 2.4 points, and guides a child already (3 points).
        reduce(self.bella, "18", starts_on=self.TODAY, ends_on=self.TODAY, kind="diklat")
        response = self.page(self.bianca)
        self.assertEqual(response.context["proposals"].rows, [])
        [item] = response.context["proposals"].infeasible
        self.assertEqual((item.client, item.reason), (self.cici, engine.Reason.NO_ROOM))
        self.assertContains(response, f"{self.cici.full_name}: every PK of Child clients (BKA) is full", html=False)

    def test_no_pk_with_capacity_at_all(self):
        reduce(self.bella, "18.75", starts_on=self.TODAY, ends_on=self.TODAY)
        [item] = self.page(self.bianca).context["proposals"].infeasible
        self.assertEqual(item.reason, engine.Reason.NO_OFFICER_IN_POOL)
        self.assertIn(self.cici.full_name, item.message)

    def test_the_proposal_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.hana)
        self.client.get(URL)  # warm the session and the point scale's lookups
        with self.assertNumQueries(FIXED_QUERIES):
            self.client.get(URL)
        for n in range(3):
            make_client(self.cirebon, name=f"Eko {n}")
        with self.assertNumQueries(FIXED_QUERIES):
            self.client.get(URL)

    def test_the_engine_gets_points_areas_and_pools(self):
        clients = proposals.unassigned_clients(self.hana)
        officers = proposals.eligible_officers(self.hana)
        self.assertEqual(set(officers), {self.olivia, self.bella, self.dewi})
        engine_clients, engine_officers = proposals.engine_inputs(clients, officers, on=self.TODAY)
        pools = {c.id: c.pool for c in engine_clients}
        self.assertEqual(pools, {self.adi.pk: Section.BKD, self.budi.pk: Section.BKD, self.cici.pk: Section.BKA})
        by_id = {o.id: o for o in engine_officers}
        self.assertEqual(by_id[self.bella.pk].capacity, 60.0)  # 18.75 of 37.5 hours: half of 120 points
        self.assertEqual(by_id[self.dewi.pk].load, 0.0)
        self.assertTrue(all(c.points > 0 and not c.high_risk and not c.excluded for c in engine_clients))


class AcceptTests(ProposalTestCase):
    def test_accepting_some_writes_assignments_and_audit_events_as_a_manual_change(self):
        response = self.accept(self.sam, (self.adi, self.dewi), follow=True)
        self.assertRedirects(response, WORKLOAD)
        self.assertContains(response, "1 client got a PK.")
        self.assertEqual(self.pk_of(self.adi), self.dewi)
        self.assertIsNone(self.pk_of(self.budi))  # not ticked
        episode = Client.objects.get(pk=self.adi.pk).current_episode
        [row] = Assignment.objects.filter(episode=episode, kind="pk", ended_at__isnull=True)
        self.assertEqual((row.officer, row.assigned_by, row.reason), (self.dewi, self.sam, services.PROPOSAL_REASON))
        event = AuditEvent.objects.get(action="episode.assigned", object_id=str(episode.pk))
        self.assertEqual(event.actor, self.sam)
        self.assertEqual(event.changes, {"officer": [None, self.dewi.pk]})
        self.assertEqual(event.data["reason"], services.PROPOSAL_REASON)

    def test_accepting_two(self):
        response = self.accept(self.hana, (self.adi, self.dewi), (self.cici, self.bella), follow=True)
        self.assertContains(response, "2 clients got a PK.")
        self.assertEqual((self.pk_of(self.adi), self.pk_of(self.cici)), (self.dewi, self.bella))

    def test_a_stale_proposal_applies_nothing_and_names_the_client(self):
        # Meanwhile budi got a PK by hand.
        client_services.episode_assign(
            episode=self.budi.current_episode, acting_user=self.hana, officer=self.olivia, reason="Manual"
        )
        response = self.accept(self.sam, (self.adi, self.dewi), (self.budi, self.dewi))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"{self.budi.full_name} already has a PK", html=False)
        self.assertContains(response, "nothing was assigned")
        self.assertIsNone(self.pk_of(self.adi))  # nothing half-applied
        self.assertEqual(self.pk_of(self.budi), self.olivia)
        self.assertEqual(AuditEvent.objects.filter(action="episode.assigned", actor=self.sam).count(), 0)
        # The page shows the proposal as it stands now: adi only.
        self.assertEqual([row.client for row in response.context["proposals"].rows], [self.adi])

    def test_an_officer_outside_the_pool_applies_nothing_and_is_named(self):
        response = self.accept(self.hana, (self.adi, self.dewi), (self.cici, self.olivia))
        self.assertContains(response, f"{self.olivia.full_name} may no longer guide {self.cici.full_name}")
        self.assertIsNone(self.pk_of(self.adi))

    def test_a_client_of_another_section_is_refused(self):
        response = self.accept(self.sam, (self.cici, self.bella))
        self.assertContains(response, "already has a PK or is no longer yours to assign")
        self.assertIsNone(self.pk_of(self.cici))

    def test_nothing_ticked_or_garbage(self):
        response = self.accept(self.sam)
        self.assertContains(response, "Tick at least one proposal")
        self.client.post(ACCEPT, {"pair": ["x:1", "1;2"]})
        self.assertIsNone(self.pk_of(self.adi))

    def test_the_same_client_twice_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "A client was chosen twice"):
            services.proposals_accept(acting_user=self.hana, pairs=[(self.adi.pk, self.dewi.pk)] * 2)

    def test_the_form_sent_twice_assigns_once(self):
        self.client.force_login(self.sam)
        data = {"pair": [f"{self.adi.pk}:{self.dewi.pk}"], "form_token": "t" * 32}
        self.assertRedirects(self.client.post(ACCEPT, data), WORKLOAD)
        response = self.client.post(ACCEPT, data, follow=True)
        self.assertContains(response, "This form has already been sent.")
        self.assertEqual(AuditEvent.objects.filter(action="episode.assigned", actor=self.sam).count(), 1)


class AcceptOutsideTestTransactionTests(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.dewi = make_user(
            "dewi",
            Role.PK,
            office=self.cirebon,
            section=Section.BKD,
            full_name="Dewi Lestari",
            jenjang=Jenjang.AHLI_PERTAMA,
        )
        self.sari = make_user("sari", Role.SECTION_HEAD, office=self.cirebon, section=Section.BKD)
        self.adi = make_client(self.cirebon, name="Adi Nugroho")
        self.budi = make_client(self.cirebon, name="Budi Santoso")

    def test_accept_commits_every_pair(self):
        self.client.force_login(self.sam)
        response = self.client.post(
            ACCEPT, {"pair": [f"{self.adi.pk}:{self.dewi.pk}", f"{self.budi.pk}:{self.olivia.pk}"]}
        )
        self.assertRedirects(response, WORKLOAD, fetch_redirect_response=False)
        officers = dict(
            Client.objects.filter(pk__in=[self.adi.pk, self.budi.pk]).values_list("pk", "current_episode__officer")
        )
        self.assertEqual(officers, {self.adi.pk: self.dewi.pk, self.budi.pk: self.olivia.pk})

    def test_two_section_heads_accepting_at_once_assign_each_client_once(self):
        pairs = [(self.adi.pk, self.dewi.pk), (self.budi.pk, self.olivia.pk)]
        other = [(self.budi.pk, self.dewi.pk), (self.adi.pk, self.olivia.pk)]

        def accept(user, chosen):
            return lambda: services.proposals_accept(acting_user=user, pairs=chosen)

        race = Race(meet_at="allocation.services._lock_episodes")
        outcomes = race.run(accept(self.sam, pairs), accept(self.sari, other))
        won = [o for o in outcomes if isinstance(o, list)]
        lost = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(won), len(lost)), (1, 1), outcomes)
        self.assertIn("already has a PK", " ".join(lost[0].messages))
        for client in (self.adi, self.budi):
            episode = Client.objects.get(pk=client.pk).current_episode
            self.assertEqual(Assignment.objects.filter(episode=episode, kind="pk").count(), 1)
            self.assertEqual(AuditEvent.objects.filter(action="episode.assigned", object_id=str(episode.pk)).count(), 1)


class ProposeCommandTests(ProposalTestCase):
    def test_every_office_is_proposed_on_its_own_and_nothing_is_written(self):
        from io import StringIO

        from django.core.management import call_command

        from clients.models import Assignment

        before = Assignment.objects.count()
        out = StringIO()
        call_command("allocation_propose", "--all-offices", "--details", stdout=out)
        printed = out.getvalue()
        self.assertIn(f"{self.cirebon.name}: 3 without a PK, 3 proposed, 0 not placed", printed)
        self.assertIn(f"{self.bandung.name}: 0 without a PK", printed)
        self.assertIn("Adi Nugroho -> ", printed)
        self.assertEqual(Assignment.objects.count(), before)

    def test_one_office_by_id_and_a_missing_one(self):
        from io import StringIO

        from django.core.management import CommandError, call_command

        out = StringIO()
        call_command("allocation_propose", "--office", str(self.bandung.pk), stdout=out)
        self.assertIn("1 office(s): 0 without a PK", out.getvalue())
        with self.assertRaisesMessage(CommandError, "No office with id 999999."):
            call_command("allocation_propose", "--office", "999999", stdout=StringIO())
