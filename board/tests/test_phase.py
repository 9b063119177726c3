"""The phase path: a PK proposes, the board decides with a minute number, the head approves; then the phase moves."""

import datetime
import inspect

from django.contrib import admin
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from board import selectors, services
from board.models import AgendaItem, PhaseProposal
from board.tests.base import TODAY, BoardTestCase
from clients import forms as client_forms
from clients import services as client_services
from clients.models import ProgramEpisode


class PhaseProposeTestCase(BoardTestCase):
    def test_it_creates_the_proposal_and_its_agenda_item(self):
        proposal = self.propose()
        self.assertEqual((proposal.from_phase, proposal.to_phase), ("awal", "lanjutan"))
        self.assertEqual(proposal.status, PhaseProposal.Status.BEFORE_BOARD)
        item = proposal.agenda_item
        self.assertEqual(item.kind, "phase")
        self.assertEqual(item.subject, proposal)
        self.assertIsNone(item.meeting)
        self.assertEqual(item.proposed_by, self.olivia)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.phase, "awal")
        self.assertTrue(AuditEvent.objects.filter(action="phase.proposed", object_id=str(proposal.pk)).exists())
        self.assertTrue(AuditEvent.objects.filter(action="agenda_item.added", object_id=str(item.pk)).exists())

    def test_it_refuses_to_skip_a_phase(self):
        with self.assertRaises(ValidationError) as caught:
            self.propose(to_phase="akhir")
        self.assertEqual(
            caught.exception.message_dict["to_phase"],
            ["Only the next phase can be proposed: from the initial phase the client moves to the continued phase."],
        )
        self.assertFalse(PhaseProposal.objects.exists())
        self.assertFalse(AgendaItem.objects.exists())

    def test_it_refuses_to_propose_the_current_phase(self):
        with self.assertRaisesMessage(ValidationError, "Only the next phase"):
            self.propose(to_phase="awal")

    def test_it_refuses_a_second_open_proposal(self):
        self.propose()
        with self.assertRaisesMessage(ValidationError, "already proposed and not yet decided"):
            self.propose()
        self.assertEqual(PhaseProposal.objects.count(), 1)
        self.assertEqual(AgendaItem.objects.count(), 1)

    def test_it_refuses_without_a_reason(self):
        with self.assertRaisesMessage(ValidationError, "Give the reason"):
            services.phase_propose(episode=self.episode, to_phase="lanjutan", reason="  ", acting_user=self.olivia)

    def test_it_refuses_in_the_final_phase(self):
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(phase="akhir")
        with self.assertRaisesMessage(ValidationError, "no later phase"):
            self.propose(to_phase="akhir")

    def test_it_refuses_an_episode_that_is_not_under_way(self):
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(status="suspended")
        with self.assertRaisesMessage(ValidationError, "only while it is under way"):
            self.propose()


class PhaseDecisionTestCase(BoardTestCase):
    def setUp(self):
        super().setUp()
        self.proposal = self.propose()

    def test_board_approval_waits_for_the_head(self):
        self.decide(self.proposal.agenda_item)
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, PhaseProposal.Status.AWAITING_HEAD)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.phase, "awal")
        self.assertEqual(list(selectors.approvals_waiting(self.hana)), [self.proposal])
        event = AuditEvent.objects.get(action="phase.board_decided")
        self.assertEqual(event.changes["status"], ["board", "head"])
        self.assertEqual(event.data["minute_number"], "BA-01/TPP/2025")

    def test_head_approval_changes_the_phase_with_an_audit_row(self):
        self.decide(self.proposal.agenda_item)
        version = ProgramEpisode.objects.get(pk=self.episode.pk).version
        services.phase_approve(proposal=self.proposal, approve=True, note="", acting_user=self.hana)
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, PhaseProposal.Status.APPLIED)
        self.assertTrue(self.proposal.head_approved)
        self.assertEqual(self.proposal.head_decided_by, self.hana)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.phase, "lanjutan")
        self.assertEqual(self.episode.version, version + 1)
        changed = AuditEvent.objects.get(action="episode.phase_changed")
        self.assertEqual(changed.changes, {"phase": ["awal", "lanjutan"]})
        self.assertEqual(changed.actor, self.hana)
        self.assertTrue(AuditEvent.objects.filter(action="phase.approved").exists())
        # The next proposal may now move on to the final phase.
        self.assertEqual(self.propose(to_phase="akhir").from_phase, "lanjutan")

    def test_head_refusal_needs_a_reason_and_keeps_the_phase(self):
        self.decide(self.proposal.agenda_item)
        with self.assertRaisesMessage(ValidationError, "reason for refusing"):
            services.phase_approve(proposal=self.proposal, approve=False, note="", acting_user=self.hana)
        services.phase_approve(proposal=self.proposal, approve=False, note="Too early", acting_user=self.hana)
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, PhaseProposal.Status.REFUSED)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.phase, "awal")
        self.assertTrue(AuditEvent.objects.filter(action="phase.refused").exists())

    def test_the_head_cannot_approve_before_the_board(self):
        with self.assertRaisesMessage(ValidationError, "not waiting for the head's approval"):
            services.phase_approve(proposal=self.proposal, approve=True, note="", acting_user=self.hana)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.phase, "awal")

    def test_board_rejection_ends_the_proposal(self):
        self.decide(self.proposal.agenda_item, decision="rejected")
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, PhaseProposal.Status.REJECTED)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.phase, "awal")
        self.propose()  # a new proposal may follow

    def test_deferral_keeps_the_proposal_before_the_board(self):
        item = self.decide(self.proposal.agenda_item, decision="deferred", minute_number="")
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, PhaseProposal.Status.BEFORE_BOARD)
        self.assertIn(item, selectors.awaiting_items(self.tess))

    def test_without_head_approval_in_the_rules_the_board_decision_changes_the_phase(self):
        rule = self.episode.rule_set
        rule.phase_change_needs_head_approval = False
        rule.save(update_fields=["phase_change_needs_head_approval"])
        self.decide(self.proposal.agenda_item)
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, PhaseProposal.Status.APPLIED)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.phase, "lanjutan")
        self.assertEqual(AuditEvent.objects.get(action="episode.phase_changed").actor, self.tess)

    def test_a_stale_phase_refuses_the_approval(self):
        self.decide(self.proposal.agenda_item)
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(phase="akhir")
        with self.assertRaisesMessage(ValidationError, "make a new proposal"):
            services.phase_approve(proposal=self.proposal, approve=True, note="", acting_user=self.hana)
        self.proposal.refresh_from_db()
        self.assertEqual(self.proposal.status, PhaseProposal.Status.AWAITING_HEAD)


class NothingElseChangesThePhaseTestCase(BoardTestCase):
    """`ProgramEpisode.phase` changes only on the board's decision (PP 31/1999 Pasal 33), which calls
    `clients.services.phase_change`; bapas/tests/test_episode_life.py keeps every other module from writing it."""

    def test_no_client_form_has_a_phase_field_for_an_episode(self):
        for name, form in inspect.getmembers(client_forms, inspect.isclass):
            if name == "ClientFilterForm" or not hasattr(form, "base_fields"):
                continue  # the filter form's phase is a search filter, not a value written anywhere
            self.assertNotIn("phase", form.base_fields, name)

    def test_no_client_service_input_carries_a_phase(self):
        for cls in (client_services.EpisodeInput, client_services.CaseInput):
            self.assertNotIn("phase", cls.__dataclass_fields__)
        with self.assertRaises(TypeError):
            client_services.EpisodeInput(
                program="PB",
                decree_number="X",
                decree_date=TODAY,
                starts_on=TODAY,
                phase="akhir",
            )

    def test_the_admin_cannot_edit_episodes(self):
        model_admin = admin.site._registry[ProgramEpisode]
        self.assertFalse(model_admin.has_change_permission(request=None))
        self.assertFalse(model_admin.has_add_permission(request=None))

    def test_a_client_edit_with_a_phase_changes_nothing(self):
        # The client edit path writes client fields only; a stray `phase` never reaches the episode.
        client_services.client_update(client=self.budi, acting_user=self.olivia, expected_version=None, phase="akhir")
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.phase, "awal")


class PhaseReviewsDueTestCase(BoardTestCase):
    """Budi's PB runs 10 June 2025 to 10 January 2027 (expiry 10 January 2026 plus a year)."""

    def test_it_lists_reviews_due_within_the_window_with_a_fixed_number_of_queries(self):
        due = selectors.review_due_on(self.episode)
        episodes = ProgramEpisode.objects.filter(office=self.cirebon)
        self.assertEqual(selectors.phase_reviews_due(episodes, today=due - datetime.timedelta(days=31)), [])
        with self.assertNumQueries(2):
            rows = selectors.phase_reviews_due(episodes, today=due - datetime.timedelta(days=10))
        self.assertEqual(len(rows), 1)
        row = rows[0]
        self.assertEqual((row.episode, row.phase, row.next_phase, row.due_on), (self.episode, "awal", "lanjutan", due))
        self.assertFalse(row.overdue)
        self.assertFalse(row.proposal_open)

    def test_overdue_reviews_and_open_proposals_are_flagged(self):
        self.propose()
        due = selectors.review_due_on(self.episode)
        others = [self.make_other() for _ in range(3)]
        episodes = ProgramEpisode.objects.filter(office=self.cirebon)
        with self.assertNumQueries(2):
            rows = selectors.phase_reviews_due(episodes, today=due + datetime.timedelta(days=5))
        by_episode = {row.episode.pk: row for row in rows}
        self.assertTrue(by_episode[self.episode.pk].overdue)
        self.assertTrue(by_episode[self.episode.pk].proposal_open)
        for other in others:
            self.assertFalse(by_episode[other.pk].proposal_open)

    def test_the_final_phase_and_closed_episodes_have_no_review(self):
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(phase="akhir")
        episodes = ProgramEpisode.objects.filter(pk=self.episode.pk)
        self.assertEqual(selectors.phase_reviews_due(episodes, today=datetime.date(2027, 1, 1)), [])
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(phase="awal", status="completed")
        self.assertEqual(selectors.phase_reviews_due(episodes, today=datetime.date(2027, 1, 1)), [])

    def test_the_review_date_comes_from_the_rules(self):
        from clients import rules

        dates = rules.phase_review_dates(
            self.episode.rule_set, starts_on=self.episode.starts_on, ends_on=self.episode.ends_on
        )
        self.assertEqual(selectors.review_due_on(self.episode), dates.continued_from)
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(phase="lanjutan")
        self.episode.refresh_from_db()
        self.assertEqual(selectors.review_due_on(self.episode), dates.final_from)

    def make_other(self):
        from clients.tests.factories import make_client

        return make_client(self.cirebon, officer=self.olivia).current_episode
