"""Explained proposals of a partner for each open client need: field, regency, agreement and capacity respected,
the cost parts and the next-best partner shown, accepting all or some as manual referrals, and the bad cases (a
stale need, an agreement ended meanwhile, no partner for a field, users who may not refer)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Jenjang, Role, Section
from allocation import engine, partner_proposals, services
from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase, make_user
from clients.tests.factories import make_client
from partners.codes import ServiceField
from partners.models import Agreement, Partner, PartnerField
from partners.tests.factories import make_agreement, make_partner
from referrals import services as referral_services
from referrals.models import Need, Referral
from referrals.tests.base import ReferralTestCase

URL = reverse("allocation:partner_proposals")
ACCEPT = reverse("allocation:partner_proposals_accept")
WORKLOAD = reverse("allocation:workload")
FIXED_QUERIES = 20  # whatever the number of needs and partners (none per row)


def record(episode, field, user, description="Pendampingan hukum untuk sengketa tanah."):
    return referral_services.need_record(episode=episode, field=field, description=description, acting_user=user)


class PartnerProposalTestCase(ReferralTestCase):
    """Besides the referrals cast (lbh: legal aid, no premises recorded, capacity 5; lpk: independence): lbh2, a
    second legal-aid partner in Kabupaten Cirebon; budi needs legal aid, cici (olivia's, Kabupaten Cirebon) legal
    aid and social help."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lbh2 = make_partner(cls.cirebon, name="LBH Dua", area=["32.09"], capacity=3, regency_id="32.09")
        make_agreement(cls.lbh2, fields=[ServiceField.LEGAL_AID])
        cls.cici = make_client(cls.cirebon, officer=cls.olivia, name="Cici Rahayu", regency="32.09")
        cls.budi_legal = record(cls.episode, ServiceField.LEGAL_AID, cls.olivia)
        cls.cici_legal = record(cls.cici.current_episode, ServiceField.LEGAL_AID, cls.olivia)
        cls.cici_social = record(cls.cici.current_episode, ServiceField.SOCIAL, cls.olivia, "Bantuan sembako.")

    def page(self, user):
        self.client.force_login(user)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        return response

    def proposals(self, user=None):
        return partner_proposals.propose(user or self.olivia, on=timezone.localdate())

    def rows(self, user=None):
        return {row.need: row for row in self.proposals(user).rows}

    def reasons(self, user=None):
        return {item.need: item for item in self.proposals(user).infeasible}

    def accept(self, user, *pairs, follow=False):
        self.client.force_login(user)
        return self.client.post(ACCEPT, {"pair": [f"{n.pk}:{p.pk}" for n, p in pairs]}, follow=follow)


class PartnerProposalPageTests(PartnerProposalTestCase):
    def test_the_table_shows_the_cost_parts_and_the_next_best_partner(self):
        response = self.page(self.olivia)
        rows = {row.need: row for row in response.context["proposals"].rows}
        self.assertEqual(set(rows), {self.budi_legal, self.cici_legal})
        # lbh2 sits in Kabupaten Cirebon, lbh's premises are unknown: lbh2 is nearer, lbh the next best.
        for need in (self.budi_legal, self.cici_legal):
            row = rows[need]
            self.assertEqual(row.partner, self.lbh2)
            self.assertEqual(row.alternative, self.lbh)
            self.assertGreater(row.difference, 0)
            self.assertEqual(len(row.parts), 2)
            self.assertAlmostEqual(row.cost, sum(row.parts))
        for label in ("Client", "Field of service", "Distance", "Scorecard", "Next-best partner", "Difference"):
            self.assertContains(response, f">{label}</th>", html=False)
        need = self.budi_legal
        self.assertContains(response, f'value="{need.pk}:{self.lbh2.pk}" id="pair-{need.pk}" checked')
        self.assertContains(response, reverse("clients:detail", args=[self.budi.pk]))

    def test_a_need_no_partner_offers_is_listed_with_the_reason_naming_client_and_field(self):
        response = self.page(self.olivia)
        [item] = response.context["proposals"].infeasible
        self.assertEqual((item.need, item.reason), (self.cici_social, engine.Reason.NO_PARTNER_FOR_FIELD))
        self.assertContains(
            response, "Cici Rahayu bin Ahmad (Social and community): no active partner of the office offers"
        )

    def test_the_regency_is_respected(self):
        far = make_client(self.cirebon, officer=self.olivia, name="Dodi Jauh", regency="32.12")
        need = record(far.current_episode, ServiceField.LEGAL_AID, self.olivia)
        item = self.reasons()[need]
        self.assertEqual(item.reason, engine.Reason.NO_PARTNER_IN_REGENCY)
        self.assertIn("Dodi Jauh bin Ahmad (Legal aid): no partner offering this field serves", item.message)

    def test_only_an_agreement_covering_the_field_counts(self):
        need = record(self.episode, ServiceField.INDEPENDENCE, self.olivia)
        self.assertEqual(self.rows()[need].partner, self.lpk)
        # lpk's agreement now covers legal aid only: no agreement in force for independence.
        Agreement.objects.filter(partner=self.lpk).update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
        make_agreement(self.lpk, fields=[ServiceField.LEGAL_AID])
        self.assertEqual(self.reasons()[need].reason, engine.Reason.NO_AGREEMENT_IN_FORCE)

    def test_capacity_counts_open_referrals_and_this_batch(self):
        Partner.objects.filter(pk=self.lbh2.pk).update(capacity=1)
        rows = self.rows()
        # One place at lbh2: one need goes there, the other to lbh.
        self.assertEqual(
            sorted(rows[n].partner.name for n in (self.budi_legal, self.cici_legal)), ["LBH Dua", "LBH Uji"]
        )
        Partner.objects.filter(pk=self.lbh.pk).update(capacity=0)
        proposals = self.proposals()
        self.assertEqual(len([r for r in proposals.rows if r.need.field == ServiceField.LEGAL_AID]), 1)
        self.assertIn(engine.Reason.NO_ROOM, {item.reason for item in proposals.infeasible})

    def test_a_partner_without_a_capacity_has_no_cap(self):
        Partner.objects.filter(pk=self.lbh2.pk).update(capacity=None)
        rows = self.rows()
        self.assertEqual({rows[n].partner for n in (self.budi_legal, self.cici_legal)}, {self.lbh2})

    def test_a_partner_that_declined_the_client_is_not_proposed_again(self):
        referral = self.refer(partner=self.lbh2)
        referral_services.referral_decline(referral=referral, reason="Penuh.", acting_user=make_partner_user(self))
        self.assertEqual(self.rows()[self.budi_legal].partner, self.lbh)

    def test_the_scorecard_is_a_small_preference(self):
        # lbh2 declined two referrals of other clients this year: its acceptance rate falls to zero.
        user = make_partner_user(self)
        for n in range(2):
            other = make_client(self.cirebon, officer=self.olivia, regency="32.09").current_episode
            referral = self.refer(episode=other, partner=self.lbh2)
            referral_services.referral_decline(referral=referral, reason=f"Penuh {n}.", acting_user=user)
        rates = partner_proposals.scorecard_rates([self.lbh.pk, self.lbh2.pk], on=timezone.localdate())
        self.assertEqual(rates[self.lbh2.pk], (0.0, None))
        self.assertNotIn(self.lbh.pk, rates)
        row = self.rows()[self.budi_legal]
        self.assertEqual(row.partner, self.lbh2)  # nearer still outweighs a poor scorecard
        self.assertEqual(row.parts, [8.0, 2.0])

    def test_who_may_open_the_page(self):
        self.assertEqual(self.page(self.sam).status_code, 200)
        self.assertEqual(set(self.rows(self.sam)), {self.budi_legal, self.cici_legal})
        # pat refers for Bandung: nothing of Cirebon.
        self.assertEqual(self.rows(self.pat), {})
        self.assertContains(self.page(self.pat), "No proposal")
        for user in (self.reggie, self.alan, self.rita, self.paula, self.kim):
            self.client.force_login(user)
            self.assertEqual(self.client.get(URL).status_code, 403, user)
            self.assertEqual(self.client.post(ACCEPT, {"pair": ["1:1"]}).status_code, 403, user)

    def test_a_pk_sees_only_the_needs_of_the_clients_they_may_see(self):
        dewi = make_user("dewi", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        self.assertEqual(self.rows(dewi), {})

    def test_the_accept_page_takes_only_post(self):
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(ACCEPT).status_code, 405)

    def test_the_workload_page_links_to_the_proposal_for_those_who_may_refer(self):
        self.assertContains(self.page_at(WORKLOAD, self.olivia), URL)
        self.assertContains(self.page_at(WORKLOAD, self.hana), URL)  # the head too (issue 12)

    def test_the_head_opens_the_office_s_proposal_and_accepts(self):
        rows = self.rows(self.hana)
        self.assertEqual(set(rows), {self.budi_legal, self.cici_legal})
        self.assertEqual(self.page(self.hana).status_code, 200)
        response = self.accept(self.hana, (self.budi_legal, rows[self.budi_legal].partner), follow=True)
        self.assertRedirects(response, URL)
        self.assertContains(response, "1 referral made.")
        [referral] = Referral.objects.all()
        self.assertEqual((referral.created_by, referral.episode), (self.hana, self.budi_legal.episode))
        self.assertTrue(AuditEvent.objects.filter(actor=self.hana, object_id=str(referral.pk)).exists())

    def test_a_head_of_another_office_sees_nothing_of_cirebon(self):
        self.assertEqual(self.rows(self.joko), {})
        response = self.accept(self.joko, (self.budi_legal, self.lbh2))
        self.assertContains(response, "no longer yours to refer")
        self.assertFalse(Referral.objects.exists())

    def page_at(self, url, user):
        self.client.force_login(user)
        return self.client.get(url)

    def test_the_proposal_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.olivia)
        with CaptureQueriesContext(connection) as few:
            self.client.get(URL)
        for n in range(3):
            client = make_client(self.cirebon, officer=self.olivia, regency="32.09")
            record(client.current_episode, ServiceField.LEGAL_AID, self.olivia)
            make_partner(self.cirebon, name=f"LBH {n}", area=["32.09"])
        with CaptureQueriesContext(connection) as more:
            self.client.get(URL)
        self.assertEqual(len(more), len(few))
        self.assertLessEqual(len(more), FIXED_QUERIES)


def make_partner_user(case):
    """A user of lbh2, who answers its referrals."""
    user = make_user(f"lbh2-{Referral.objects.count()}", Role.PARTNER, office=case.cirebon, partner=case.lbh2)
    return user


class PartnerAcceptTests(PartnerProposalTestCase):
    def test_accepting_some_writes_referrals_and_audit_events_as_a_manual_referral(self):
        response = self.accept(self.olivia, (self.budi_legal, self.lbh2), follow=True)
        self.assertRedirects(response, URL)
        self.assertContains(response, "1 referral made.")
        [referral] = Referral.objects.all()
        self.assertEqual(
            (referral.episode, referral.partner, referral.field, referral.needs, referral.created_by),
            (self.episode, self.lbh2, ServiceField.LEGAL_AID, self.budi_legal.description, self.olivia),
        )
        self.assertEqual(referral.agreement, Agreement.objects.get(partner=self.lbh2))
        [outcome] = referral.outcomes.values_list("description", flat=True)
        self.assertEqual(outcome, partner_proposals.desired_outcome(ServiceField.LEGAL_AID))
        self.assertTrue(outcome.startswith("Kebutuhan bidang "))
        event = AuditEvent.objects.get(action="referral.created", object_id=str(referral.pk))
        self.assertEqual((event.actor, event.data["field"]), (self.olivia, ServiceField.LEGAL_AID))
        # The need is met now; cici's, not ticked, still waits.
        unmet = set(Need.objects.unmet())
        self.assertNotIn(self.budi_legal, unmet)
        self.assertIn(self.cici_legal, unmet)
        self.assertEqual({row.need for row in response.context["proposals"].rows}, {self.cici_legal})

    def test_accepting_two(self):
        response = self.accept(self.sam, (self.budi_legal, self.lbh2), (self.cici_legal, self.lbh), follow=True)
        self.assertContains(response, "2 referrals made.")
        self.assertEqual(
            dict(Referral.objects.values_list("episode", "partner")),
            {self.episode.pk: self.lbh2.pk, self.cici.current_episode_id: self.lbh.pk},
        )
        self.assertEqual(AuditEvent.objects.filter(action="referral.created", actor=self.sam).count(), 2)

    def test_a_need_met_meanwhile_applies_nothing_and_names_the_client(self):
        self.refer(episode=self.cici.current_episode, partner=self.lbh)  # by hand, meanwhile
        before = Referral.objects.count()
        response = self.accept(self.olivia, (self.budi_legal, self.lbh2), (self.cici_legal, self.lbh2))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The need of Cici Rahayu bin Ahmad was closed or met meanwhile")
        self.assertContains(response, "nothing was referred")
        self.assertEqual(Referral.objects.count(), before)  # budi's not half-applied
        self.assertEqual(AuditEvent.objects.filter(action="referral.created", actor=self.olivia).count(), before)

    def test_a_need_closed_meanwhile_applies_nothing(self):
        referral_services.need_close(need=self.cici_legal, reason="Sudah dibantu keluarga.", acting_user=self.olivia)
        response = self.accept(self.olivia, (self.budi_legal, self.lbh2), (self.cici_legal, self.lbh2))
        self.assertContains(response, "The need of Cici Rahayu bin Ahmad was closed or met meanwhile")
        self.assertEqual(Referral.objects.count(), 0)

    def test_an_agreement_ended_meanwhile_applies_nothing_and_names_the_partner(self):
        Agreement.objects.filter(partner=self.lbh2).update(ends_on=timezone.localdate() - datetime.timedelta(days=1))
        response = self.accept(self.olivia, (self.budi_legal, self.lbh), (self.cici_legal, self.lbh2))
        self.assertContains(response, "LBH Dua cannot take Cici Rahayu bin Ahmad")
        self.assertEqual(Referral.objects.count(), 0)

    def test_a_full_partner_applies_nothing(self):
        Partner.objects.filter(pk=self.lbh2.pk).update(capacity=1)
        response = self.accept(self.olivia, (self.budi_legal, self.lbh2), (self.cici_legal, self.lbh2))
        self.assertContains(response, "LBH Dua cannot take Cici Rahayu bin Ahmad")
        self.assertEqual(Referral.objects.count(), 0)

    def test_a_partner_that_no_longer_offers_the_field_applies_nothing(self):
        PartnerField.objects.filter(partner=self.lbh2).delete()
        response = self.accept(self.olivia, (self.budi_legal, self.lbh2))
        self.assertContains(response, "LBH Dua cannot take Budi Santoso bin Ahmad")
        self.assertEqual(Referral.objects.count(), 0)

    def test_a_need_or_partner_out_of_scope_is_refused(self):
        bandung = make_partner(self.bandung, name="LBH Bandung", area=["32.73"])
        response = self.accept(self.olivia, (self.budi_legal, bandung))
        self.assertContains(response, "is not one of your office&#x27;s")
        response = self.accept(self.pat, (self.budi_legal, self.lbh))
        self.assertContains(response, "need no.")
        self.assertEqual(Referral.objects.count(), 0)

    def test_nothing_ticked_or_garbage(self):
        response = self.accept(self.olivia)
        self.assertContains(response, "Tick at least one proposal")
        self.client.post(ACCEPT, {"pair": ["x:1", "1;2"]})
        self.assertEqual(Referral.objects.count(), 0)

    def test_the_same_need_twice_is_refused(self):
        with self.assertRaisesMessage(ValidationError, "A need was chosen twice"):
            services.partner_proposals_accept(
                acting_user=self.olivia, pairs=[(self.budi_legal.pk, self.lbh.pk), (self.budi_legal.pk, self.lbh2.pk)]
            )

    def test_the_form_sent_twice_refers_once(self):
        self.client.force_login(self.olivia)
        data = {"pair": [f"{self.budi_legal.pk}:{self.lbh2.pk}"], "form_token": "t" * 32}
        self.assertRedirects(self.client.post(ACCEPT, data), URL, fetch_redirect_response=False)
        response = self.client.post(ACCEPT, data, follow=True)
        self.assertContains(response, "This form has already been sent.")
        self.assertEqual(Referral.objects.count(), 1)


class PartnerAcceptOutsideTestTransactionTests(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.lbh.status = Partner.Status.ACTIVE
        self.lbh.capacity = 5
        self.lbh.save(update_fields=["status", "capacity"])
        PartnerField.objects.create(partner=self.lbh, field=ServiceField.LEGAL_AID)
        self.lbh.service_area.set(["32.09", "32.74"])
        make_agreement(self.lbh, fields=[ServiceField.LEGAL_AID])
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso", regency="32.09")
        self.cici = make_client(self.cirebon, officer=self.olivia, name="Cici Rahayu", regency="32.09")
        self.needs = [record(c.current_episode, ServiceField.LEGAL_AID, self.olivia) for c in (self.budi, self.cici)]

    def test_accept_commits_every_pair_with_its_audit_event(self):
        self.client.force_login(self.olivia)
        response = self.client.post(ACCEPT, {"pair": [f"{n.pk}:{self.lbh.pk}" for n in self.needs]})
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        self.assertEqual(
            set(Referral.objects.values_list("episode", "partner")),
            {(self.budi.current_episode_id, self.lbh.pk), (self.cici.current_episode_id, self.lbh.pk)},
        )
        self.assertEqual(AuditEvent.objects.filter(action="referral.created").count(), 2)
        self.assertEqual(list(Need.objects.unmet()), [])

    def test_a_refused_batch_leaves_nothing_committed(self):
        Partner.objects.filter(pk=self.lbh.pk).update(capacity=1)
        with self.assertRaises(ValidationError):
            services.partner_proposals_accept(acting_user=self.olivia, pairs=[(n.pk, self.lbh.pk) for n in self.needs])
        self.assertEqual(Referral.objects.count(), 0)
        self.assertEqual(AuditEvent.objects.filter(action="referral.created").count(), 0)

    def test_two_users_accepting_at_once_refer_each_need_once(self):
        pairs = [(n.pk, self.lbh.pk) for n in self.needs]

        def accept(user):
            return lambda: services.partner_proposals_accept(acting_user=user, pairs=pairs)

        race = Race(meet_at="allocation.services._lock_episodes")
        outcomes = race.run(accept(self.olivia), accept(self.sam))
        won = [o for o in outcomes if isinstance(o, list)]
        lost = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(won), len(lost)), (1, 1), outcomes)
        self.assertIn("closed or met meanwhile", " ".join(lost[0].messages))
        self.assertEqual(Referral.objects.count(), 2)
        self.assertEqual(AuditEvent.objects.filter(action="referral.created").count(), 2)
