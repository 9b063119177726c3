"""The flow of a violation through its services: report → BAP → board → response → closed."""

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from board.models import AgendaItem
from clients.models import ProgramEpisode
from supervision.models import ScheduleChange
from violations import selectors, services
from violations.models import Violation
from violations.tests.base import D, ViolationTestCase


class ReportTestCase(ViolationTestCase):
    def test_a_report_is_saved_and_audited(self):
        violation = self.reported()
        self.assertEqual(violation.state, "reported")
        self.assertEqual(
            (violation.office, violation.reported_by, violation.reported_on),
            (self.cirebon, self.olivia, D(2025, 9, 10)),
        )
        event = AuditEvent.objects.get(action="violation.reported")
        self.assertEqual((event.actor, event.office, event.object_id), (self.olivia, self.cirebon, str(violation.pk)))
        self.assertEqual(event.data["type"], "SK_PINDAH_ALAMAT_TANPA_LAPOR")

    def test_bad_input_is_refused_with_every_reason_and_nothing_is_saved(self):
        with self.assertRaises(ValidationError) as caught:
            self.reported(type="NOPE", source="sistem", description=" ", occurred_on=D(2025, 9, 11))
        self.assertEqual(
            caught.exception.message_dict,
            {
                "type": ["Choose the type of violation."],
                "source": ["Choose who reported the violation."],
                "description": ["Describe what happened."],
                "occurred_on": ["The date of the violation cannot be in the future."],
            },
        )
        self.assertFalse(Violation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action__startswith="violation.").exists())

    def test_a_violation_before_the_guidance_started_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.reported(occurred_on=D(2025, 6, 1))
        self.assertIn("within the guidance period", caught.exception.message_dict["occurred_on"][0])

    def test_a_revoked_episode_takes_no_more_reports(self):
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(status="revoked")
        self.episode.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "a violation can no longer be reported"):
            self.reported()


class DraftTestCase(ViolationTestCase):
    def draft(self) -> Violation:
        return services.open_missed_reports_draft(
            episode=self.episode, missed=[D(2025, 7, 10), D(2025, 8, 11), D(2025, 9, 10)], today=D(2025, 9, 14)
        )

    def test_a_draft_must_be_confirmed_before_the_examination(self):
        draft = self.draft()
        self.assertEqual(
            (draft.is_draft, draft.source, draft.reported_by, draft.occurred_on), (True, "sistem", None, D(2025, 9, 10))
        )
        self.assertEqual(selectors.allowed_steps(draft), {"confirm", "dismiss"})
        with self.assertRaisesMessage(ValidationError, "the PK confirms or dismisses it first"):
            self.examined(draft)
        confirmed = services.violation_confirm(violation=draft, acting_user=self.olivia)
        self.assertEqual((confirmed.is_draft, confirmed.confirmed_by), (False, self.olivia))
        examined = services.violation_examine(
            violation=confirmed, acting_user=self.olivia, bap_number="B-2", bap_date=D(2025, 9, 10), summary="Ill."
        )
        self.assertEqual(examined.state, "examined")
        self.assertEqual(
            list(
                AuditEvent.objects.filter(object_id=str(draft.pk), action__startswith="violation.")
                .order_by("pk")
                .values_list("action", "actor")
            ),
            [
                ("violation.draft_opened", None),
                ("violation.confirmed", self.olivia.pk),
                ("violation.examined", self.olivia.pk),
            ],
        )

    def test_a_draft_is_dismissed_with_a_reason(self):
        draft = self.draft()
        with self.assertRaises(ValidationError) as caught:
            services.violation_dismiss(violation=draft, acting_user=self.olivia, reason="")
        self.assertEqual(caught.exception.message_dict, {"reason": ["Give the reason for dismissing the draft."]})
        self.assertIsNone(self.refresh(draft).closed_at)
        dismissed = services.violation_dismiss(violation=draft, acting_user=self.olivia, reason="Excused by phone.")
        self.assertTrue(dismissed.is_dismissed)
        self.assertEqual(dismissed.state, "closed")
        self.assertTrue(AuditEvent.objects.filter(action="violation.dismissed", actor=self.olivia).exists())

    def test_a_confirmed_violation_cannot_be_dismissed(self):
        violation = self.reported()
        with self.assertRaisesMessage(ValidationError, "Only a draft can be dismissed"):
            services.violation_dismiss(violation=violation, acting_user=self.olivia, reason="No.")


class ExaminationAndBoardTestCase(ViolationTestCase):
    def test_the_bap_is_recorded_once(self):
        violation = self.examined()
        self.assertEqual(
            (violation.state, violation.bap_number, violation.examined_by), ("examined", "BAP-01/IX/2025", self.olivia)
        )
        with self.assertRaisesMessage(ValidationError, "already recorded"):
            self.examined(violation)

    def test_a_bap_before_the_violation_is_refused(self):
        violation = self.reported()
        with self.assertRaises(ValidationError) as caught:
            services.violation_examine(
                violation=violation, acting_user=self.olivia, bap_number="B", bap_date=D(2025, 8, 1), summary="x"
            )
        self.assertIn("bap_date", caught.exception.message_dict)
        self.assertIsNone(self.refresh(violation).examined_at)

    def test_the_board_needs_the_bap_first(self):
        violation = self.reported()
        with self.assertRaisesMessage(ValidationError, "Record the examination (BAP) before"):
            services.violation_propose(violation=violation, acting_user=self.olivia, summary="x")
        self.assertFalse(AgendaItem.objects.exists())

    def test_putting_before_the_board_adds_an_agenda_item(self):
        violation = self.at_board()
        item = violation.agenda_item
        self.assertEqual(
            (item.kind, item.episode, item.subject, item.proposed_by),
            ("violation", self.episode, violation, self.olivia),
        )
        self.assertEqual(violation.state, "at_board")
        self.assertEqual(selectors.next_step(violation).step, "board")
        self.assertTrue(AuditEvent.objects.filter(action="violation.proposed", object_id=str(violation.pk)).exists())

    def test_the_boards_approval_opens_the_response(self):
        violation = self.decided("approved")
        self.assertEqual((violation.board_decision, violation.state), ("approved", "at_board"))
        self.assertEqual(selectors.next_step(violation).step, "respond")
        event = AuditEvent.objects.get(action="violation.board_decided")
        self.assertEqual((event.actor, event.data["minute_number"]), (self.tess, violation.agenda_item.minute_number))

    def test_a_rejection_leaves_only_closing(self):
        violation = self.decided("rejected")
        self.assertIn("close", selectors.allowed_steps(violation))
        with self.assertRaisesMessage(ValidationError, "The board rejected this violation"):
            services.violation_respond(
                violation=violation, acting_user=self.hana, response_type="teguran_tertulis", detail="x"
            )
        closed = services.violation_close(violation=violation, acting_user=self.olivia, note="Not proven.")
        self.assertEqual(closed.state, "closed")

    def test_a_deferral_keeps_the_violation_before_the_board(self):
        violation = self.decided("deferred", minute="")
        self.assertEqual((violation.board_decision, violation.state), ("", "at_board"))
        self.assertFalse(AuditEvent.objects.filter(action="violation.board_decided").exists())


class ResponseTestCase(ViolationTestCase):
    def test_a_response_needs_the_boards_decision(self):
        violation = self.at_board()
        with self.assertRaisesMessage(ValidationError, "The board has not decided"):
            services.violation_respond(
                violation=violation, acting_user=self.hana, response_type="teguran_tertulis", detail="x"
            )

    def test_a_written_warning_then_closing(self):
        violation = self.responded("teguran_tertulis")
        self.assertEqual((violation.state, violation.response_decided_by), ("responded", self.hana))
        self.assertEqual(self.refresh(violation).episode.status, "active")
        closed = services.violation_close(violation=violation, acting_user=self.olivia, note="Warning delivered.")
        self.assertEqual((closed.state, closed.closed_by), ("closed", self.olivia))
        actions = list(
            AuditEvent.objects.filter(object_id=str(violation.pk), action__startswith="violation.")
            .order_by("pk")
            .values_list("action", flat=True)
        )
        self.assertEqual(
            actions,
            [
                "violation.reported",
                "violation.examined",
                "violation.proposed",
                "violation.board_decided",
                "violation.responded",
                "violation.closed",
            ],
        )

    def test_intensified_reporting_changes_the_schedule(self):
        violation = self.responded(
            "intensifikasi_lapor", interval_days=7, starts_on=D(2025, 9, 15), ends_on=D(2025, 11, 15)
        )
        change = ScheduleChange.objects.get(episode=self.episode)
        self.assertEqual(
            (change.interval_days, change.starts_on, change.violation_id), (7, D(2025, 9, 15), violation.pk)
        )
        self.assertEqual(AuditEvent.objects.get(action="violation.responded").data["interval_days"], 7)

    def test_intensified_reporting_without_its_interval_changes_nothing(self):
        violation = self.decided()
        with self.assertRaises(ValidationError) as caught:
            services.violation_respond(
                violation=violation, acting_user=self.hana, response_type="intensifikasi_lapor", detail="x"
            )
        self.assertEqual(set(caught.exception.message_dict), {"interval_days", "starts_on"})
        self.assertEqual(self.refresh(violation).state, "at_board")
        self.assertFalse(ScheduleChange.objects.exists())

    def test_a_proposal_of_revocation_suspends_the_guidance(self):
        violation = self.responded("usul_pencabutan")
        self.assertTrue(violation.is_suspending)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.status, "suspended")
        self.assertTrue(
            AuditEvent.objects.filter(action="episode.suspended", changes__status=["active", "suspended"]).exists()
        )
        self.assertEqual(selectors.next_step(violation).step, "revoke")
        with self.assertRaisesMessage(ValidationError, "lift the suspension or record the revocation first"):
            services.violation_close(violation=violation, acting_user=self.olivia, note="x")


class SuspensionTestCase(ViolationTestCase):
    def test_the_head_suspends_and_lifts(self):
        violation = self.examined()
        suspended = services.violation_suspend(violation=violation, acting_user=self.hana, reason="Arrested by police.")
        self.assertEqual((suspended.suspended_by, suspended.episode.status), (self.hana, "suspended"))
        self.assertEqual(ProgramEpisode.objects.get(pk=self.episode.pk).status, "suspended")
        with self.assertRaisesMessage(ValidationError, "already suspended"):
            services.violation_suspend(violation=violation, acting_user=self.hana, reason="Again.")
        lifted = services.violation_lift_suspension(violation=violation, acting_user=self.hana, reason="Released.")
        self.assertEqual(ProgramEpisode.objects.get(pk=self.episode.pk).status, "active")
        self.assertFalse(lifted.is_suspending)
        self.assertEqual(
            list(
                AuditEvent.objects.filter(
                    action__in=[
                        "episode.suspended",
                        "episode.suspension_lifted",
                        "violation.suspended",
                        "violation.suspension_lifted",
                    ]
                )
                .order_by("pk")
                .values_list("action", flat=True)
            ),
            ["episode.suspended", "violation.suspended", "episode.suspension_lifted", "violation.suspension_lifted"],
        )

    def test_a_suspension_needs_a_reason_and_an_active_guidance(self):
        violation = self.reported()
        with self.assertRaises(ValidationError) as caught:
            services.violation_suspend(violation=violation, acting_user=self.hana, reason=" ")
        self.assertEqual(caught.exception.message_dict, {"reason": ["Give the reason for the suspension."]})
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(status="completed")
        with self.assertRaisesMessage(ValidationError, "only guidance under way can be suspended"):
            services.violation_suspend(violation=violation, acting_user=self.hana, reason="x")
        self.assertIsNone(self.refresh(violation).suspended_at)

    def test_nothing_to_lift(self):
        with self.assertRaisesMessage(ValidationError, "no suspension to lift"):
            services.violation_lift_suspension(violation=self.reported(), acting_user=self.hana, reason="x")


class OpenViolationsTestCase(ViolationTestCase):
    def test_rows_carry_the_state_and_the_next_deadline_in_working_days(self):
        reported = self.reported(occurred_on=D(2025, 9, 5))
        examined = self.examined()
        rows = selectors.open_violations(ProgramEpisode.objects.all(), today=D(2025, 9, 10))
        by_id = {row.violation.pk: row for row in rows}
        # Reported on Wednesday 10 September: BAP due 7 working days later (Friday 19 September).
        self.assertEqual((by_id[reported.pk].step, by_id[reported.pk].due_on), ("examine", D(2025, 9, 19)))
        # BAP of Monday 8 September: before the board within 5 working days (Monday 15 September).
        self.assertEqual((by_id[examined.pk].step, by_id[examined.pk].due_on), ("propose", D(2025, 9, 15)))
        self.assertEqual([row.violation.pk for row in rows], [examined.pk, reported.pk])

    def test_a_fixed_number_of_queries(self):
        for day in (1, 2, 3, 4, 5):
            self.reported(occurred_on=D(2025, 9, day))
        with self.assertNumQueries(2):
            rows = selectors.open_violations(ProgramEpisode.objects.all(), today=D(2025, 9, 10))
            [(row.client.name, row.episode.officer) for row in rows]
        self.assertEqual(len(rows), 5)

    def test_closed_violations_are_not_listed(self):
        violation = self.reported()
        Violation.objects.filter(pk=violation.pk).update(closed_at=violation.reported_at)
        self.assertEqual(selectors.open_violations(ProgramEpisode.objects.all(), today=D(2025, 9, 10)), [])
