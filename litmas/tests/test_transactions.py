"""The Litmas services outside a test transaction, as the server runs them, and two desks at the same moment."""

from django.core.exceptions import ValidationError

from accounts.models import Jenjang, Role, Section
from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase, make_user
from litmas import services
from litmas.codes import RequesterKind, State
from litmas.models import LitmasRequest
from litmas.tests.factories import litmas_type, make_request, to_state


class OutsideATransactionTests(TransactionBaseTestCase):
    def test_the_flow_commits_each_step_with_its_audit_row(self):
        request = make_request(self.cirebon, by=self.rita)
        request = to_state(
            request, "approved", head=self.hana, section_head=self.sam, officer=self.olivia, secretary=self.tess
        )
        services.report_revise(request=request, acting_user=self.olivia, reason="Koreksi tanggal")
        request.refresh_from_db()
        self.assertEqual(request.state, State.DRAFT)
        actions = list(
            AuditEvent.objects.filter(object_id=str(request.pk), action__startswith="litmas.")
            .order_by("pk")
            .values_list("action", flat=True)
        )
        self.assertEqual(
            actions,
            [
                "litmas.recorded",
                "litmas.disposed",
                "litmas.assigned",
                "litmas.gathering",
                "litmas.drafting",
                "litmas.submitted",
                "litmas.board_decided",
                "litmas.revised",
            ],
        )


class TwoDesksTests(TransactionBaseTestCase):
    def test_the_same_letter_recorded_at_two_desks_at_once_is_recorded_once(self):
        data = services.RequestInput(
            litmas_type=litmas_type("pb"),
            is_child=False,
            requester_kind=RequesterKind.LAPAS,
            requester_name="Lapas Kelas I Cirebon",
            letter_number="W11-777",
            letter_date=self.TODAY,
            received_at=self.NOW,
            person_name="Budi Santoso",
        )
        desk = make_user("desi", Role.REGISTRATION, office=self.cirebon)

        def record(user):
            return lambda: services.request_record(office=self.cirebon, acting_user=user, data=data)

        race = Race(meet_at="litmas.models.LitmasRequest.save")
        outcomes = race.run(record(self.rita), record(desk))
        self.assertEqual(LitmasRequest.objects.count(), 1)
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual(len(refused), 1)
        self.assertIn("already recorded", refused[0].message_dict["letter_number"][0])
        self.assertEqual(AuditEvent.objects.filter(action="litmas.recorded").count(), 1)

    def test_two_section_heads_assigning_at_once_leave_one_pk(self):
        other = make_user("oscar", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        request = make_request(self.cirebon, by=self.rita)
        services.request_dispose(request=request, acting_user=self.hana)
        request.refresh_from_db()
        version = request.version

        def assign(officer, by):
            return lambda: services.request_assign(
                request=request, officer=officer, task_letter_number="ST-9", acting_user=by, expected_version=version
            )

        outcomes = Race().run(assign(self.olivia, self.sam), assign(other, self.hana))
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual(len(refused), 1, outcomes)
        self.assertIn("changed by someone else", refused[0].messages[0])
        request.refresh_from_db()
        self.assertEqual(request.steps.filter(step="assign").count(), 1)
