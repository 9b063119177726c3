"""guidance.services: drafting, the items' rules, stale edits, the case board's approval, rejection and
deferral, and a newer approved plan superseding the older one."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from board.models import AgendaItem
from clients import services as client_services
from guidance import services
from guidance.models import PlanItem, Status
from guidance.tests.base import GuidanceTestCase, decide
from litmas.tests.factories import make_request, to_state
from partners.codes import ServiceField
from partners.tests.factories import make_partner


class DraftTests(GuidanceTestCase):
    def test_a_plan_from_a_litmas_copies_its_recommendation(self):
        request = make_request(self.cirebon, by=self.rita, client=self.budi)
        request = to_state(
            request, "draft", head=self.hana, section_head=self.sam, officer=self.olivia, secretary=self.tess
        )
        plan = services.plan_create(episode=self.episode, acting_user=self.olivia, litmas_request=request)
        self.assertEqual(plan.recommendation, "Isi Kesimpulan dan rekomendasi")
        self.assertEqual((plan.status, plan.number, plan.office_id), (Status.DRAFT, 1, self.cirebon.pk))
        event = AuditEvent.objects.get(action="guidance_plan.created")
        self.assertEqual(event.data["litmas_request"], request.pk)

    def test_the_recommendation_given_is_kept(self):
        request = make_request(self.cirebon, by=self.rita, client=self.budi)
        plan = services.plan_create(
            episode=self.episode, acting_user=self.olivia, litmas_request=request, recommendation=" Bimbingan kerja. "
        )
        self.assertEqual(plan.recommendation, "Bimbingan kerja.")

    def test_a_litmas_of_another_client_is_refused(self):
        other = make_request(self.cirebon, by=self.rita, person_name="Orang Lain")
        with self.assertRaises(ValidationError) as caught:
            services.plan_create(episode=self.episode, acting_user=self.olivia, litmas_request=other)
        self.assertIn("litmas_request", caught.exception.message_dict)

    def test_one_open_plan_per_episode(self):
        self.draft()
        with self.assertRaisesMessage(ValidationError, "already has a plan being drafted"):
            services.plan_create(episode=self.episode, acting_user=self.olivia)

    def test_no_plan_for_ended_guidance(self):
        episode = client_services.episode_revoke(episode=self.episode, acting_user=self.hana, reason="SK pencabutan.")
        with self.assertRaisesMessage(ValidationError, "no plan can be drafted"):
            services.plan_create(episode=episode, acting_user=self.olivia)


class ItemTests(GuidanceTestCase):
    def setUp(self):
        super().setUp()
        self.plan = services.plan_create(episode=self.episode, acting_user=self.olivia)

    def add(self, **fields):
        self.plan.refresh_from_db()
        values = {
            "plan": self.plan,
            "acting_user": self.olivia,
            "expected_version": self.plan.version,
            "phase": "awal",
            "target": 4,
            "guidance_type": "keagamaan",
        }
        values.update(fields)
        return services.item_add(**values)

    def errors(self, **fields) -> dict:
        with self.assertRaises(ValidationError) as caught:
            self.add(**fields)
        return caught.exception.message_dict

    def test_a_guidance_item_and_a_referral_item(self):
        lbh = make_partner(self.cirebon, fields=[ServiceField.LEGAL_AID])
        self.add()
        item = self.add(guidance_type="", referral_field="hukum", partner=lbh, target=1, phase="lanjutan")
        self.assertEqual(item.office_id, self.cirebon.pk)
        self.assertEqual(PlanItem.objects.filter(plan=self.plan).count(), 2)
        self.plan.refresh_from_db()
        self.assertEqual(self.plan.version, 3)  # each item is a change of the plan
        self.assertEqual(AuditEvent.objects.filter(action="guidance_plan.item_added").count(), 2)

    def test_the_rules_of_an_item(self):
        self.assertIn("target", self.errors(target=0))
        self.assertIn("phase", self.errors(phase="sedang"))
        self.assertIn("what", self.errors(guidance_type=""))
        self.assertIn("what", self.errors(referral_field="hukum"))
        self.assertIn("what", self.errors(guidance_type="menari"))
        self.assertIn("partner", self.errors(partner=make_partner(self.cirebon)))  # a partner for a session
        no_work = make_partner(self.cirebon, fields=[ServiceField.LEGAL_AID])
        self.assertIn("partner", self.errors(guidance_type="", referral_field="kemandirian", partner=no_work))
        elsewhere = make_partner(self.bandung, fields=[ServiceField.INDEPENDENCE])
        self.assertIn("partner", self.errors(guidance_type="", referral_field="kemandirian", partner=elsewhere))
        self.add()
        self.assertIn("what", self.errors())  # the same type twice in one phase
        self.add(phase="akhir")  # in another phase it is a new line

    def test_a_stale_form_is_refused(self):
        self.add()
        with self.assertRaises(ValidationError) as caught:
            services.item_add(
                plan=self.plan,
                acting_user=self.sam,
                expected_version=1,
                phase="awal",
                target=2,
                guidance_type="intelektual",
            )
        self.assertEqual(caught.exception.code, "stale")
        with self.assertRaises(ValidationError):
            services.plan_update(
                plan=self.plan, acting_user=self.sam, expected_version=1, litmas_request=None, recommendation="x"
            )

    def test_remove_an_item(self):
        item = self.add()
        self.plan.refresh_from_db()
        services.item_remove(
            plan=self.plan, item_id=item.pk, acting_user=self.olivia, expected_version=self.plan.version
        )
        self.assertFalse(PlanItem.objects.filter(pk=item.pk).exists())


class BoardTests(GuidanceTestCase):
    def test_an_empty_plan_is_not_proposed(self):
        plan = self.draft(items=())
        with self.assertRaisesMessage(ValidationError, "at least one item"):
            self.proposed(plan)
        self.assertFalse(AgendaItem.objects.exists())

    def test_propose_puts_the_plan_on_the_agenda_and_freezes_it(self):
        plan = self.proposed()
        self.assertEqual(plan.status, Status.PROPOSED)
        item = plan.agenda_item
        self.assertEqual((item.kind, item.episode_id, item.subject_id), ("plan", self.episode.pk, plan.pk))
        self.assertIn("Religious awareness", item.summary)
        with self.assertRaisesMessage(ValidationError, "Only a draft plan can be changed"):
            services.item_add(
                plan=plan,
                acting_user=self.olivia,
                expected_version=plan.version,
                phase="awal",
                target=1,
                guidance_type="intelektual",
            )

    def test_approval_puts_it_in_force_and_supersedes_the_older_plan(self):
        first = self.approved()
        self.assertEqual(first.status, Status.APPROVED)
        self.assertIsNotNone(first.approved_at)
        second = services.plan_create(episode=self.episode, acting_user=self.sam)
        self.assertEqual(second.number, 2)
        # A revision starts from the plan in force.
        self.assertEqual(list(second.items.values_list("phase", "guidance_type", "target")), [("awal", "keagamaan", 4)])
        self.approved(second)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.status, second.status), (Status.SUPERSEDED, Status.APPROVED))
        self.assertIsNotNone(first.superseded_at)
        actions = list(AuditEvent.objects.filter(action__startswith="guidance_plan.").values_list("action", flat=True))
        self.assertIn("guidance_plan.superseded", actions)
        self.assertEqual(actions.count("guidance_plan.board_decided"), 2)

    def test_rejection_sends_it_back_to_draft_with_the_note(self):
        plan = self.proposed()
        decide(plan, "rejected", secretary=self.tess, note="Tambahkan bimbingan kemandirian.")
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.board_note), (Status.DRAFT, "Tambahkan bimbingan kemandirian."))
        services.item_add(
            plan=plan,
            acting_user=self.olivia,
            expected_version=plan.version,
            phase="awal",
            target=2,
            guidance_type="keterampilan_kerja",
        )
        plan.refresh_from_db()
        plan = self.proposed(plan)  # put before the board again: a new agenda item
        self.assertEqual(AgendaItem.objects.filter(kind="plan").count(), 2)
        self.assertEqual(plan.status, Status.PROPOSED)

    def test_deferral_leaves_it_before_the_board(self):
        plan = self.proposed()
        decide(plan, "deferred", secretary=self.tess)
        plan.refresh_from_db()
        self.assertEqual(plan.status, Status.PROPOSED)
