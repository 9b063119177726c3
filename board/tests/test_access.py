"""board.access: meetings are the office's; agenda items and phase proposals follow their episode (caseload,
section, office; children for BKA staff and the head); 404 out of scope, 403 for a read-only change."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Jenjang, Role, Section
from bapas.test import make_user
from board import access
from board.models import AgendaItem, Meeting, PhaseProposal
from board.tests.base import BoardTestCase
from clients.tests.factories import make_client


class BoardAccessTestCase(BoardTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bella = make_user("bella", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bima = make_user("bima", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        cls.child = make_client(cls.cirebon, officer=cls.bima, name="Anak Uji", program="PB_ANAK")

    def setUp(self):
        super().setUp()
        self.proposal = self.propose()
        self.child_proposal = self.propose(episode=self.child.current_episode, user=self.bima)

    def items(self, user) -> set[int]:
        return set(AgendaItem.objects.visible_to(user).values_list("pk", flat=True))

    def proposals(self, user) -> set[int]:
        return set(PhaseProposal.objects.visible_to(user).values_list("pk", flat=True))

    def test_a_pk_or_apk_sees_only_the_matters_of_their_caseload(self):
        self.assertEqual(self.proposals(self.olivia), {self.proposal.pk})
        self.assertEqual(self.items(self.olivia), {self.proposal.agenda_item.pk})
        self.assertEqual(self.proposals(self.bima), {self.child_proposal.pk})
        self.assertEqual(self.proposals(self.alan), set())

    def test_a_bkd_section_head_does_not_see_childrens_matters(self):
        self.assertEqual(self.proposals(self.sam), {self.proposal.pk})
        self.assertEqual(self.proposals(self.bella), {self.child_proposal.pk})
        self.assertEqual(self.proposals(self.hana), {self.proposal.pk, self.child_proposal.pk})
        self.assertEqual(self.items(self.tess), {self.proposal.agenda_item.pk})  # the TPP secretary: not BKA
        with self.assertRaises(Http404):
            access.get_agenda_item_for_user(self.sam, self.child_proposal.agenda_item.pk)

    def test_another_office_or_a_missing_row_answers_404(self):
        for user in (self.pat, self.joko, self.bert, self.kim):
            with self.subTest(user=user.username):
                with self.assertRaises(Http404):
                    access.get_meeting_for_user(user, self.meeting.pk)
                with self.assertRaises(Http404):
                    access.get_agenda_item_for_user(user, self.proposal.agenda_item.pk)
                with self.assertRaises(Http404):
                    access.get_proposal_for_user(user, self.proposal.pk)
        with self.assertRaises(Http404):
            access.get_meeting_for_user(self.hana, 999999)
        self.assertFalse(AgendaItem.objects.visible_to(self.paula).exists())  # partners see no case matter

    def test_the_offices_staff_see_its_meetings(self):
        for user in (self.hana, self.sam, self.olivia, self.tess, self.reggie):
            with self.subTest(user=user.username):
                self.assertEqual(list(Meeting.objects.visible_to(user)), [self.meeting])

    def test_a_read_only_account_reads_but_may_not_change(self):
        self.assertEqual(access.get_meeting_for_user(self.reggie, self.meeting.pk), self.meeting)
        for get, pk in (
            (access.get_meeting_for_user, self.meeting.pk),
            (access.get_agenda_item_for_user, self.proposal.agenda_item.pk),
            (access.get_proposal_for_user, self.proposal.pk),
        ):
            with self.subTest(get=get.__name__), self.assertRaises(PermissionDenied):
                get(self.reggie, pk, write=True)
        self.assertEqual(access.get_meeting_for_user(self.tess, self.meeting.pk, write=True), self.meeting)
