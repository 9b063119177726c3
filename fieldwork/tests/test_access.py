"""fieldwork.access: field-work rows follow their client; 404 out of scope, 403 for a read-only change; the
group session's officers and candidates."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Jenjang, Role, Section
from bapas.test import make_user
from clients.tests.factories import make_client
from fieldwork import access, services
from fieldwork.models import CaseNote, GuidanceActivity, GuidanceParticipant, GuidanceType, HomeVisit
from fieldwork.tests.base import D, FieldworkTestCase


class FieldworkAccessTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bella = make_user("bella", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bima = make_user("bima", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        cls.child = make_client(cls.cirebon, officer=cls.bima, name="Anak Uji", program="PB_ANAK")

    def setUp(self):
        super().setUp()
        self.visit = services.home_visit_record(
            episode=self.episode,
            acting_user=self.olivia,
            visited_on=D(2025, 9, 9),
            purpose=HomeVisit.Purpose.SUPERVISION,
            findings="Klien bekerja di bengkel.",
        )
        self.child_visit = services.home_visit_record(
            episode=self.child.current_episode,
            acting_user=self.bima,
            visited_on=D(2025, 9, 9),
            purpose=HomeVisit.Purpose.SUPERVISION,
            findings="Anak bersekolah.",
        )
        self.note = services.case_note_add(episode=self.episode, acting_user=self.olivia, body="Catatan.")
        self.session = services.guidance_activity_record(
            acting_user=self.olivia,
            kind=GuidanceActivity.Kind.INDIVIDUAL,
            held_on=D(2025, 9, 9),
            guidance_type=GuidanceType.WORK_SKILLS,
            topic="Kepribadian",
            place="Kantor",
            participants=[services.Participant(episode=self.episode, attendance="hadir")],
        )

    def visits(self, user) -> set[int]:
        return set(HomeVisit.objects.visible_to(user).values_list("pk", flat=True))

    def test_a_pk_or_apk_sees_only_the_rows_of_their_caseload(self):
        self.assertEqual(self.visits(self.olivia), {self.visit.pk})
        self.assertEqual(self.visits(self.bima), {self.child_visit.pk})
        self.assertEqual(self.visits(self.alan), set())
        self.assertEqual(list(CaseNote.objects.visible_to(self.olivia)), [self.note])
        self.assertFalse(CaseNote.objects.visible_to(self.bima).exists())
        self.assertEqual(list(GuidanceActivity.objects.visible_to(self.olivia)), [self.session])
        self.assertFalse(GuidanceActivity.objects.visible_to(self.alan).exists())
        self.assertFalse(GuidanceParticipant.objects.visible_to(self.bima).exists())

    def test_a_bkd_section_head_does_not_see_childrens_rows(self):
        self.assertEqual(self.visits(self.sam), {self.visit.pk})
        self.assertEqual(self.visits(self.bella), {self.child_visit.pk})
        self.assertEqual(self.visits(self.hana), {self.visit.pk, self.child_visit.pk})
        self.assertEqual(self.visits(self.reggie), {self.visit.pk})  # the auditor does not work in BKA
        with self.assertRaises(Http404):
            access.get_home_visit_for_user(self.sam, self.child_visit.pk)

    def test_another_office_or_a_missing_row_answers_404(self):
        for user in (self.pat, self.joko, self.bert, self.kim, self.paula):
            with self.subTest(user=user.username):
                with self.assertRaises(Http404):
                    access.get_home_visit_for_user(user, self.visit.pk)
                with self.assertRaises(Http404):
                    access.get_case_note_for_user(user, self.note.pk)
        with self.assertRaises(Http404):
            access.get_case_note_for_user(self.olivia, self.note.pk, client=self.child)  # not that client's note
        with self.assertRaises(Http404):
            access.get_home_visit_for_user(self.hana, 999999)

    def test_a_read_only_account_reads_but_may_not_change(self):
        self.assertEqual(access.get_home_visit_for_user(self.reggie, self.visit.pk), self.visit)
        with self.assertRaises(PermissionDenied):
            access.get_home_visit_for_user(self.reggie, self.visit.pk, write=True)
        with self.assertRaises(PermissionDenied):
            access.get_case_note_for_user(self.reggie, self.note.pk, write=True)
        self.assertEqual(access.get_case_note_for_user(self.olivia, self.note.pk, write=True), self.note)

    def test_group_sessions_pick_from_the_own_caseload_or_one_officers(self):
        self.assertEqual(access.group_officer_choices(self.olivia), [])
        self.assertEqual(access.group_officer_choices(self.sam), [self.alan, self.bima, self.olivia])
        self.assertEqual(list(access.group_candidates(self.olivia, None)), [self.budi])
        self.assertEqual(list(access.group_candidates(self.sam, None)), [])  # until an officer is chosen
        self.assertEqual(list(access.group_candidates(self.sam, self.olivia.pk)), [self.budi])
        self.assertEqual(list(access.group_candidates(self.sam, self.bima.pk)), [])  # a child: BKA's
        self.assertEqual(list(access.group_candidates(self.bella, self.bima.pk)), [self.child])
