"""The rebalance proposal: at most N clients move to even out the load, with the continuity cost; who sees what,
accepting all or some, N respected and validated, a stale proposal and two section heads at once."""

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from allocation import rebalance, services
from allocation.tests.base import reduce
from allocation.tests.test_proposals import ProposalTestCase
from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase, make_user
from clients import services as client_services
from clients.models import Assignment, Client
from clients.tests.factories import make_client

URL = reverse("allocation:rebalance")
ACCEPT = URL  # the same page: GET proposes, POST accepts
WORKLOAD = reverse("allocation:workload")


class RebalanceTestCase(ProposalTestCase):
    """olivia works 3.5 hours this week (a long training): her three clients overload her, dewi has none."""

    def setUp(self):
        super().setUp()
        reduce(self.olivia, "34", starts_on=self.TODAY, ends_on=self.TODAY + datetime.timedelta(days=7), kind="diklat")

    def proposal(self, user, n):
        self.client.force_login(user)
        response = self.client.get(URL, {"n": n})
        self.assertEqual(response.status_code, 200)
        return response.context["proposal"]

    def move(self, user, *moves, n=5, follow=False):
        self.client.force_login(user)
        values = [f"{c.pk}:{a.pk}:{b.pk}" for c, a, b in moves]
        return self.client.post(ACCEPT, {"move": values, "n": n}, follow=follow)


class RebalancePageTests(RebalanceTestCase):
    def test_the_moves_go_from_the_overloaded_pk_and_lower_the_spread(self):
        proposal = self.proposal(self.sam, 5)
        self.assertGreaterEqual(len(proposal.moves), 1)
        for move in proposal.moves:
            self.assertIn(move.client, self.clients)
            self.assertEqual((move.from_officer, move.to_officer), (self.olivia, self.dewi))
            self.assertEqual(move.parts[2], 10.0)  # continuity is paid
            self.assertGreater(move.gain, 0)
            self.assertGreater(move.from_before, move.from_after)
            self.assertLess(move.to_before, move.to_after)
        self.assertLess(proposal.after.range, proposal.before.range)
        self.assertLess(proposal.after.deviation, proposal.before.deviation)

    def test_n_is_respected(self):
        self.assertEqual(len(self.proposal(self.sam, 1).moves), 1)
        self.assertGreater(len(self.proposal(self.sam, 5).moves), 1)
        response = self.client.get(URL, {"n": 1})
        move = response.context["proposal"].moves[0]
        self.assertContains(response, f'value="{move.value}" id="move-{move.client.pk}" checked')
        self.assertContains(response, '<input type="hidden" name="n" value="1">', html=False)

    def test_n_is_validated_with_a_clear_message(self):
        self.client.force_login(self.sam)
        for value in ("0", "51", "abc", "", "-3", "2.5"):
            with self.subTest(n=value):
                response = self.client.get(URL, {"n": value})
                self.assertEqual(response.status_code, 200)
                self.assertIsNone(response.context["proposal"])
                self.assertContains(response, "Enter a whole number of clients to move, from 1 to 50.")
        response = self.client.get(URL)
        self.assertIsNone(response.context["proposal"])
        self.assertNotContains(response, "Enter a whole number")

    def test_pks_auditors_and_others_are_refused(self):
        for user in (self.olivia, self.reggie, self.rita, self.alan):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(URL, {"n": 3}).status_code, 403)
                self.assertEqual(self.move(user, (self.clients[0], self.olivia, self.dewi)).status_code, 403)
        self.assertEqual(self.pk_of(self.clients[0]), self.olivia)

    def test_a_section_head_sees_their_section_the_head_the_office(self):
        proposal = self.proposal(self.sam, 5)
        self.assertEqual(proposal.clients, 3)  # olivia's adults; not bella's child
        self.assertEqual(proposal.officers, 2)
        proposal = self.proposal(self.bianca, 5)
        self.assertEqual((proposal.clients, proposal.officers, proposal.moves), (1, 1, []))
        proposal = self.proposal(self.hana, 5)
        self.assertEqual((proposal.clients, proposal.officers), (4, 3))
        for move in proposal.moves:
            self.assertNotEqual(move.to_officer, self.bella)  # an adult never goes to the BKA's PK

    def test_the_workload_page_links_to_the_rebalance_page(self):
        self.client.force_login(self.sam)
        self.assertContains(self.client.get(WORKLOAD), f'href="{URL}"')
        self.client.force_login(self.olivia)
        self.assertNotContains(self.client.get(WORKLOAD), f'href="{URL}"')

    def test_other_methods_are_refused(self):
        self.client.force_login(self.sam)
        self.assertEqual(self.client.put(URL).status_code, 405)


class RebalanceAcceptTests(RebalanceTestCase):
    def test_accepting_one_writes_an_assignment_and_an_audit_event_as_a_manual_change(self):
        move = self.proposal(self.sam, 5).moves[0]
        response = self.move(self.sam, (move.client, self.olivia, self.dewi), follow=True)
        self.assertRedirects(response, WORKLOAD)
        self.assertContains(response, "1 client moved to another PK.")
        self.assertEqual(self.pk_of(move.client), self.dewi)
        episode = Client.objects.get(pk=move.client.pk).current_episode
        [row] = Assignment.objects.filter(episode=episode, kind="pk", ended_at__isnull=True)
        self.assertEqual((row.officer, row.assigned_by, row.reason), (self.dewi, self.sam, services.REBALANCE_REASON))
        event = AuditEvent.objects.get(action="episode.assigned", object_id=str(episode.pk))
        self.assertEqual(event.changes, {"officer": [self.olivia.pk, self.dewi.pk]})
        self.assertEqual(event.data["reason"], services.REBALANCE_REASON)

    def test_the_head_moves_two(self):
        a, b = self.clients[1], self.clients[2]
        response = self.move(self.hana, (a, self.olivia, self.dewi), (b, self.olivia, self.dewi), follow=True)
        self.assertContains(response, "2 clients moved to another PK.")
        self.assertEqual((self.pk_of(a), self.pk_of(b)), (self.dewi, self.dewi))

    def test_a_stale_proposal_applies_nothing_and_names_the_client(self):
        a, b = self.clients[1], self.clients[2]
        # Meanwhile b was moved to dewi by hand.
        client_services.episode_assign(
            episode=b.current_episode, acting_user=self.hana, officer=self.dewi, reason="Manual"
        )
        response = self.move(self.sam, (a, self.olivia, self.dewi), (b, self.olivia, self.dewi))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"{b.full_name} was reassigned meanwhile (PK now: {self.dewi.full_name})")
        self.assertContains(response, "nothing was moved")
        self.assertEqual(self.pk_of(a), self.olivia)  # nothing half-applied
        self.assertEqual(AuditEvent.objects.filter(action="episode.assigned", actor=self.sam).count(), 0)
        self.assertIsNotNone(response.context["proposal"])  # shown again as it stands now

    def test_a_client_of_another_section_is_refused(self):
        bka = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        response = self.move(self.sam, (self.child, self.bella, bka))
        self.assertContains(response, "is no longer yours to assign")
        self.assertEqual(self.pk_of(self.child), self.bella)

    def test_an_officer_outside_the_pool_or_the_same_pk_is_refused(self):
        response = self.move(self.hana, (self.clients[0], self.olivia, self.bella))
        self.assertContains(response, f"{self.bella.full_name} may no longer guide {self.clients[0].full_name}")
        response = self.move(self.hana, (self.clients[0], self.olivia, self.olivia))
        self.assertContains(response, "may no longer guide")
        self.assertEqual(self.pk_of(self.clients[0]), self.olivia)

    def test_nothing_ticked_garbage_and_too_many(self):
        self.assertContains(self.move(self.sam), "Tick at least one proposal")
        self.client.post(ACCEPT, {"move": ["1:2", "x:1:2"], "n": 3})
        self.assertEqual(self.pk_of(self.clients[0]), self.olivia)
        moves = [(n, self.olivia.pk, self.dewi.pk) for n in range(rebalance.MAX_MOVES + 1)]
        with self.assertRaisesMessage(ValidationError, "At most 50 clients may be moved at once"):
            services.rebalance_accept(acting_user=self.hana, moves=moves)
        with self.assertRaisesMessage(ValidationError, "A client was chosen twice"):
            services.rebalance_accept(
                acting_user=self.hana, moves=[(self.clients[0].pk, self.olivia.pk, self.dewi.pk)] * 2
            )


class RebalanceOutsideTestTransactionTests(TransactionBaseTestCase):
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
        self.adi = make_client(self.cirebon, officer=self.olivia, name="Adi Nugroho")
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")

    def test_accept_commits_every_move(self):
        self.client.force_login(self.sam)
        moves = [f"{c.pk}:{self.olivia.pk}:{self.dewi.pk}" for c in (self.adi, self.budi)]
        response = self.client.post(ACCEPT, {"move": moves, "n": 2})
        self.assertRedirects(response, WORKLOAD, fetch_redirect_response=False)
        officers = set(
            Client.objects.filter(pk__in=[self.adi.pk, self.budi.pk]).values_list("current_episode__officer", flat=True)
        )
        self.assertEqual(officers, {self.dewi.pk})

    def test_two_section_heads_moving_at_once_move_each_client_once(self):
        moves = [(self.adi.pk, self.olivia.pk, self.dewi.pk), (self.budi.pk, self.olivia.pk, self.dewi.pk)]

        def accept(user, chosen):
            return lambda: services.rebalance_accept(acting_user=user, moves=chosen)

        race = Race(meet_at="allocation.services._lock_episodes")
        outcomes = race.run(accept(self.sam, moves), accept(self.sari, moves[::-1]))
        won = [o for o in outcomes if isinstance(o, list)]
        lost = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(won), len(lost)), (1, 1), outcomes)
        self.assertIn("was reassigned meanwhile", " ".join(lost[0].messages))
        for client in (self.adi, self.budi):
            episode = Client.objects.get(pk=client.pk).current_episode
            self.assertEqual(episode.officer_id, self.dewi.pk)
            self.assertEqual(Assignment.objects.filter(episode=episode, kind="pk").count(), 2)  # first PK, then dewi
            moved = AuditEvent.objects.filter(action="episode.assigned", object_id=str(episode.pk))
            self.assertEqual(moved.exclude(data__reason__startswith="Penyeimbangan").count() + 1, moved.count())
