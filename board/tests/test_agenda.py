"""Agenda items and decisions, the contract other apps build on (violations, transfers)."""

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from board import selectors, services
from board.models import AgendaItem, Meeting, PhaseProposal
from board.registry import decision_handlers
from board.tests.base import BoardTestCase


class AgendaItemAddTestCase(BoardTestCase):
    def subject(self):
        # Any saved row will do as a subject; another app would pass its violation or transfer.
        return self.meeting

    def test_it_puts_a_subject_before_the_board_awaiting_a_meeting(self):
        item = services.agenda_item_add(
            kind="other", episode=self.episode, subject=self.subject(), summary="Discuss", acting_user=self.olivia
        )
        self.assertIsNone(item.meeting)
        self.assertEqual(item.decision, "pending")
        self.assertEqual(item.office, self.cirebon)
        self.assertEqual(item.subject, self.meeting)
        self.assertEqual(list(AgendaItem.objects.awaiting_meeting()), [item])
        event = AuditEvent.objects.get(action="agenda_item.added")
        self.assertEqual(event.data["episode"], self.episode.pk)

    def test_it_refuses_a_subject_already_on_an_open_item(self):
        services.agenda_item_add(
            kind="other", episode=self.episode, subject=self.subject(), summary="Discuss", acting_user=self.olivia
        )
        with self.assertRaisesMessage(ValidationError, "already on the board's agenda"):
            services.agenda_item_add(
                kind="other", episode=self.episode, subject=self.subject(), summary="Again", acting_user=self.olivia
            )
        self.assertEqual(AgendaItem.objects.count(), 1)

    def test_it_refuses_an_unknown_kind_and_an_empty_summary(self):
        with self.assertRaises(ValidationError) as caught:
            services.agenda_item_add(
                kind="party", episode=self.episode, subject=self.subject(), summary=" ", acting_user=self.olivia
            )
        self.assertEqual(set(caught.exception.message_dict), {"kind", "summary"})
        self.assertFalse(AgendaItem.objects.exists())

    def test_it_refuses_a_meeting_of_another_office(self):
        other = Meeting.objects.create(office=self.bandung, held_on=self.meeting.held_on, title="Bandung")
        with self.assertRaisesMessage(ValidationError, "this office's board"):
            services.agenda_item_add(
                kind="other",
                episode=self.episode,
                subject=self.subject(),
                summary="Discuss",
                acting_user=self.olivia,
                meeting=other,
            )


class DecisionRecordTestCase(BoardTestCase):
    def setUp(self):
        super().setUp()
        self.item = services.agenda_item_add(
            kind="other", episode=self.episode, subject=self.meeting, summary="Discuss", acting_user=self.olivia
        )

    def test_it_records_an_approval_with_its_minute_number(self):
        item = self.decide(self.item, note="Agreed")
        item.refresh_from_db()
        self.assertEqual(item.decision, "approved")
        self.assertEqual(item.minute_number, "BA-01/TPP/2025")
        self.assertEqual(item.decided_by, self.tess)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, Meeting.Status.HELD)
        event = AuditEvent.objects.get(action="agenda_item.decided")
        self.assertEqual(event.changes["decision"], ["pending", "approved"])
        self.assertEqual(event.data["minute_number"], "BA-01/TPP/2025")

    def test_it_needs_a_minute_number_for_approval_or_rejection(self):
        for decision in ("approved", "rejected"):
            with self.assertRaisesMessage(ValidationError, "minute number"):
                self.decide(self.item, decision=decision, minute_number="  ")
        self.item.refresh_from_db()
        self.assertEqual(self.item.decision, "pending")
        self.assertFalse(AuditEvent.objects.filter(action="agenda_item.decided").exists())

    def test_it_refuses_a_minute_number_used_in_the_office(self):
        self.decide(self.item)
        second = services.agenda_item_add(
            kind="other", episode=self.episode, subject=self.olivia, summary="More", acting_user=self.olivia
        )
        with self.assertRaisesMessage(ValidationError, "already used"):
            self.decide(second, minute_number="BA-01/TPP/2025")
        second.refresh_from_db()
        self.assertEqual(second.decision, "pending")

    def test_deferring_puts_the_item_back_awaiting_a_meeting(self):
        item = self.decide(self.item, decision="deferred", minute_number="")
        self.assertIsNone(item.meeting)
        self.assertEqual(item.decision, "deferred")
        self.assertTrue(item.is_open)
        self.assertIn(item, AgendaItem.objects.awaiting_meeting())
        # It can then be decided at a later meeting.
        item = self.decide(item, decision="rejected", minute_number="BA-02")
        self.assertEqual(item.decision, "rejected")

    def test_it_refuses_an_item_without_a_meeting(self):
        with self.assertRaisesMessage(ValidationError, "only in a meeting"):
            services.decision_record(
                item=self.item, decision="approved", minute_number="BA-9", note="", acting_user=self.tess
            )

    def test_it_refuses_a_decided_item(self):
        self.decide(self.item)
        with self.assertRaisesMessage(ValidationError, "already decided"):
            services.decision_record(
                item=self.item, decision="rejected", minute_number="BA-10", note="", acting_user=self.tess
            )

    def test_a_handler_runs_in_the_transaction_and_may_refuse(self):
        calls = []

        def refuse(item, acting_user):
            calls.append((item.decision, acting_user))
            raise ValidationError("The violation was withdrawn.")

        decision_handlers.register("other")(refuse)
        try:
            with self.assertRaisesMessage(ValidationError, "withdrawn"):
                self.decide(self.item)
        finally:
            decision_handlers._entries.pop("other")
        self.assertEqual(calls, [("approved", self.tess)])
        self.item.refresh_from_db()
        self.assertEqual(self.item.decision, "pending")
        self.assertEqual(self.item.minute_number, "")
        self.assertFalse(AuditEvent.objects.filter(action="agenda_item.decided").exists())

    def test_items_for_subject_is_the_history(self):
        self.decide(self.item, decision="deferred", minute_number="")
        self.decide(self.item, decision="approved", minute_number="BA-03")
        history = list(selectors.items_for_subject(self.meeting))
        self.assertEqual(history, [self.item])
        self.assertFalse(PhaseProposal.objects.exists())


class ClosedMeetingTestCase(BoardTestCase):
    def setUp(self):
        super().setUp()
        self.item = services.agenda_item_add(
            kind="other", episode=self.episode, subject=self.meeting, summary="Discuss", acting_user=self.olivia
        )

    def test_a_closed_meeting_takes_no_items_and_no_decisions(self):
        item = self.decide(self.item)
        services.meeting_close(meeting=self.meeting, acting_user=self.tess)
        second = services.agenda_item_add(
            kind="other", episode=self.episode, subject=self.olivia, summary="More", acting_user=self.olivia
        )
        with self.assertRaisesMessage(ValidationError, "closed"):
            services.agenda_item_assign(item=second, meeting=self.meeting, acting_user=self.tess)
        with self.assertRaisesMessage(ValidationError, "closed"):
            services.meeting_update(meeting=self.meeting, acting_user=self.tess, expected_version=None, title="New")
        with self.assertRaisesMessage(ValidationError, "already decided"):
            services.agenda_item_assign(item=item, meeting=None, acting_user=self.tess)

    def test_a_stale_meeting_edit_is_refused(self):
        services.meeting_update(meeting=self.meeting, acting_user=self.tess, expected_version=1, title="Renamed")
        with self.assertRaisesMessage(ValidationError, "changed by someone else"):
            services.meeting_update(meeting=self.meeting, acting_user=self.hana, expected_version=1, title="Other")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.title, "Renamed")
