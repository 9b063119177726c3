"""The Litmas services: bad input changes nothing, every step checks who takes it, the state follows the steps."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from accounts.models import Jenjang, Role, Section
from audit.models import AuditEvent
from bapas.test import BaseTestCase, make_user
from board.models import Meeting
from clients.tests.factories import make_client
from litmas import access, flow, services
from litmas.codes import RequesterKind, State
from litmas.models import LitmasRequest, LitmasStep
from litmas.tests.factories import fill_report, litmas_type, make_request, to_state


class LitmasTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bella = make_user("bella", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_MUDA)
        cls.sekar = make_user("sekar", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)

    def setUp(self):
        self.speak_english()
        self.enterContext(timezone.override("Asia/Jakarta"))
        self.enterContext(translation.override("en"))  # messages compared with their source strings

    def input(self, **changes):
        data = {
            "litmas_type": litmas_type("pb"),
            "is_child": False,
            "requester_kind": RequesterKind.LAPAS,
            "requester_name": "Lapas Kelas I Cirebon",
            "letter_number": "W11.PAS.PAS.2-PK.04.01-102",
            "letter_date": self.TODAY - datetime.timedelta(days=2),
            "received_at": self.NOW - datetime.timedelta(hours=2),
            "person_name": "Budi Santoso",
        }
        data.update(changes)
        return services.RequestInput(**data)

    def flow_people(self, *, child=False):
        return {
            "head": self.hana,
            "section_head": self.sekar if child else self.sam,
            "officer": self.bella if child else self.olivia,
            "secretary": self.tess,
        }

    def assert_state_is_derived(self, request):
        request.refresh_from_db()
        steps = list(LitmasStep.objects.filter(request=request).values_list("step", flat=True))
        self.assertEqual(request.state, flow.derive_state(steps))


class RecordTests(LitmasTestCase):
    def test_a_request_is_recorded_with_its_deadline_and_audited(self):
        request = services.request_record(office=self.cirebon, acting_user=self.rita, data=self.input())
        self.assertEqual(request.state, State.RECEIVED)
        self.assertEqual(list(request.steps.values_list("step", "by")), [("receive", self.rita.pk)])
        self.assertGreater(request.deadline_at, request.received_at)
        self.assertTrue(AuditEvent.objects.filter(action="litmas.recorded", object_id=str(request.pk)).exists())

    def refused(self, field, **changes):
        before = (LitmasRequest.objects.count(), LitmasStep.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as raised:
            services.request_record(office=self.cirebon, acting_user=self.rita, data=self.input(**changes))
        self.assertIn(field, raised.exception.message_dict)
        self.assertEqual(
            before, (LitmasRequest.objects.count(), LitmasStep.objects.count(), AuditEvent.objects.count())
        )
        return raised.exception.message_dict[field][0]

    def test_a_letter_dated_in_the_future_is_refused(self):
        message = self.refused("letter_date", letter_date=self.TODAY + datetime.timedelta(days=1))
        self.assertEqual(message, "The letter date cannot be in the future.")

    def test_the_same_letter_number_from_the_same_requester_is_refused_whatever_the_case_of_its_name(self):
        services.request_record(office=self.cirebon, acting_user=self.rita, data=self.input())
        message = self.refused("letter_number", requester_name="LAPAS KELAS I CIREBON ")
        self.assertIn("already recorded", message)
        # the same number from another requester is another letter
        services.request_record(
            office=self.cirebon, acting_user=self.rita, data=self.input(requester_name="Rutan Cirebon")
        )

    def test_a_childs_type_for_an_adult_and_the_reverse_are_refused(self):
        self.assertIn("children, not adults", self.refused("litmas_type", litmas_type=litmas_type("diversi")))
        self.assertIn("adults, not children", self.refused("litmas_type", is_child=True))

    def test_a_person_is_needed_and_a_registered_client_is_found_by_nik(self):
        self.refused("person_name", person_name="")
        client = make_client(self.cirebon, officer=self.olivia, name="Sari Dewi")
        request = services.request_record(
            office=self.cirebon, acting_user=self.rita, data=self.input(person_name="", person_nik=client.nik)
        )
        self.assertEqual(request.client, client)
        self.assertEqual(request.subject_name, "Sari Dewi")


class FlowServiceTests(LitmasTestCase):
    def test_the_whole_flow_up_to_the_board_records_who_and_when(self):
        request = make_request(self.cirebon, by=self.rita)
        request = to_state(request, "approved", **self.flow_people())
        self.assertEqual(request.state, State.APPROVED)
        steps = list(request.steps.values_list("step", "by"))
        self.assertEqual(
            steps,
            [
                ("receive", self.rita.pk),
                ("dispose", self.hana.pk),
                ("assign", self.sam.pk),
                ("gather", self.olivia.pk),
                ("draft", self.olivia.pk),
                ("submit", self.olivia.pk),
                ("approve", self.tess.pk),
            ],
        )
        self.assert_state_is_derived(request)

    def test_a_step_out_of_order_is_refused_and_changes_nothing(self):
        request = make_request(self.cirebon, by=self.rita)
        with self.assertRaisesMessage(ValidationError, "This step is not possible now: the request is at “Received”."):
            services.request_assign(
                request=request, officer=self.olivia, task_letter_number="ST-1", acting_user=self.sam
            )
        request.refresh_from_db()
        self.assertEqual((request.state, request.officer, request.steps.count()), (State.RECEIVED, None, 1))

    def test_a_childs_litmas_goes_to_a_bka_pk_only_and_an_adults_to_bkd(self):
        child = to_state(
            make_request(self.cirebon, by=self.rita, code="diversi", is_child=True),
            "disposed",
            **self.flow_people(child=True),
        )
        with self.assertRaisesMessage(ValidationError, "children's section (BKA)"):
            services.request_assign(
                request=child, officer=self.olivia, task_letter_number="ST-2", acting_user=self.hana
            )
        adult = to_state(make_request(self.cirebon, by=self.rita), "disposed", **self.flow_people())
        with self.assertRaisesMessage(ValidationError, "adults' section (BKD)"):
            services.request_assign(request=adult, officer=self.bella, task_letter_number="ST-3", acting_user=self.hana)
        with self.assertRaisesMessage(ValidationError, "Choose an active PK of this office."):
            services.request_assign(request=adult, officer=self.pat, task_letter_number="ST-3", acting_user=self.hana)
        with self.assertRaisesMessage(ValidationError, "task letter"):
            services.request_assign(request=adult, officer=self.olivia, task_letter_number=" ", acting_user=self.hana)

    def test_a_stale_disposition_is_refused(self):
        request = make_request(self.cirebon, by=self.rita)
        with self.assertRaisesMessage(ValidationError, "changed by someone else"):
            services.request_dispose(request=request, acting_user=self.hana, expected_version=request.version + 1)

    def test_only_the_assigned_pk_gathers_writes_and_submits(self):
        other = make_user("oscar", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        request = to_state(make_request(self.cirebon, by=self.rita), "assigned", **self.flow_people())
        with self.assertRaisesMessage(ValidationError, "Only the PK assigned"):
            services.gathering_start(request=request, acting_user=other)
        services.gathering_start(request=request, acting_user=self.olivia)
        with self.assertRaisesMessage(ValidationError, "Only the PK assigned"):
            services.report_save(request=request, acting_user=other, content={"dasar": "x"}, expected_version=None)

    def test_the_board_needs_every_required_section(self):
        request = to_state(make_request(self.cirebon, by=self.rita), "gathering", **self.flow_people())
        report = services.report_save(
            request=request, acting_user=self.olivia, content={"dasar": "Surat Lapas"}, expected_version=None
        )
        with self.assertRaises(ValidationError) as raised:
            services.board_submit(request=request, acting_user=self.olivia)
        self.assertIn("Kesimpulan dan rekomendasi", raised.exception.messages[0])
        self.assertNotIn("Pendahuluan", raised.exception.messages[0])
        request.refresh_from_db()
        self.assertEqual((request.state, report.content), (State.DRAFT, {"dasar": "Surat Lapas"}))

    def test_a_second_save_of_the_same_draft_is_refused_and_the_first_text_kept(self):
        request = to_state(make_request(self.cirebon, by=self.rita), "draft", **self.flow_people())
        loaded = request.report.version
        services.report_save(
            request=request, acting_user=self.olivia, content={"dasar": "first"}, expected_version=loaded
        )
        with self.assertRaisesMessage(ValidationError, "changed by someone else"):
            services.report_save(
                request=request, acting_user=self.olivia, content={"dasar": "second"}, expected_version=loaded
            )
        request.report.refresh_from_db()
        self.assertEqual(request.report.content, {"dasar": "first"})

    def test_the_report_is_closed_to_edits_before_the_board_and_after(self):
        request = to_state(make_request(self.cirebon, by=self.rita), "board", **self.flow_people())
        with self.assertRaisesMessage(ValidationError, "cannot be edited now"):
            services.report_save(
                request=request,
                acting_user=self.olivia,
                content={"dasar": "x"},
                expected_version=request.report.version,
            )

    def test_the_board_sends_back_for_revision_with_a_note_in_an_open_meeting_of_the_office(self):
        request = to_state(make_request(self.cirebon, by=self.rita), "board", **self.flow_people())
        meeting = Meeting.objects.create(office=self.cirebon, held_on=self.TODAY, title="Sidang TPP")
        closed = Meeting.objects.create(office=self.cirebon, held_on=self.TODAY, title="Lama", status="closed")
        elsewhere = Meeting.objects.create(office=self.bandung, held_on=self.TODAY, title="Bandung")
        decide = {"request": request, "approve": False, "minute_number": "BA-7", "acting_user": self.tess}
        with self.assertRaisesMessage(ValidationError, "Say what must be revised."):
            services.board_decide(meeting=meeting, note="", **decide)
        with self.assertRaisesMessage(ValidationError, "closed"):
            services.board_decide(meeting=closed, note="Lengkapi", **decide)
        with self.assertRaisesMessage(ValidationError, "this office's board"):
            services.board_decide(meeting=elsewhere, note="Lengkapi", **decide)
        services.board_decide(meeting=meeting, note="Lengkapi tanggapan korban", **decide)
        request.refresh_from_db()
        self.assertEqual(request.state, State.DRAFT)
        fill_report(request, self.olivia)  # the draft is open again
        self.assert_state_is_derived(request)

    def test_cancel_needs_a_reason_and_ends_the_request(self):
        request = to_state(make_request(self.cirebon, by=self.rita), "assigned", **self.flow_people())
        with self.assertRaisesMessage(ValidationError, "Say why"):
            services.request_cancel(request=request, acting_user=self.sam, reason="")
        services.request_cancel(request=request, acting_user=self.sam, reason="Ditarik oleh Lapas")
        request.refresh_from_db()
        self.assertEqual((request.state, request.done_at), (State.CANCELLED, self.NOW))
        with self.assertRaisesMessage(ValidationError, "not possible now"):
            services.request_cancel(request=request, acting_user=self.sam, reason="again")


class AccessTests(LitmasTestCase):
    def test_who_sees_which_request(self):
        adult = make_request(self.cirebon, by=self.rita)
        adult = to_state(adult, "assigned", **self.flow_people())
        child = to_state(
            make_request(self.cirebon, by=self.rita, code="diversi", is_child=True),
            "assigned",
            **self.flow_people(child=True),
        )
        unassigned = make_request(self.cirebon, by=self.rita)
        everything = {adult.pk, child.pk, unassigned.pk}
        expected = {
            "hana": everything,
            "sam": {adult.pk, unassigned.pk},
            "sekar": {child.pk},
            "olivia": {adult.pk},
            "bella": {child.pk},
            "rita": {adult.pk, unassigned.pk},  # the front desk records a child's request but does not see it
            "tess": {adult.pk, unassigned.pk},
            "reggie": {adult.pk, unassigned.pk},
            "ada": {adult.pk, unassigned.pk},
            "alan": set(),
            "paula": set(),
            "kim": set(),
            "pat": set(),
            "joko": set(),
        }
        for name, pks in expected.items():
            user = getattr(self, name)
            with self.subTest(user=name):
                self.assertEqual(set(LitmasRequest.objects.visible_to(user).values_list("pk", flat=True)), pks)
                self.assertEqual(LitmasStep.objects.visible_to(user).filter(request=adult).exists(), adult.pk in pks)

    def test_out_of_scope_is_404_and_a_read_only_change_403(self):
        request = make_request(self.cirebon, by=self.rita)
        with self.assertRaises(Http404):
            access.get_request_for_user(self.pat, request.pk)
        self.assertEqual(access.get_request_for_user(self.reggie, request.pk), request)
        with self.assertRaises(PermissionDenied):
            access.get_request_for_user(self.reggie, request.pk, write=True)


class NikLookupTests(LitmasTestCase):
    def test_only_a_well_formed_nik_is_looked_up(self):
        from litmas import selectors

        client = make_client(self.cirebon, officer=self.olivia)
        self.assertEqual(selectors.client_by_nik(self.cirebon, client.nik), client)
        self.assertIsNone(selectors.client_by_nik(self.bandung, client.nik))  # another office's client: nobody
        for hostile in ("\x00", client.nik + "\x00", client.nik[:15], "", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"):
            with self.assertNumQueries(0):
                self.assertIsNone(selectors.client_by_nik(self.cirebon, hostile))
