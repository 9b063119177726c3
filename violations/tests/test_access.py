"""violations.access: a violation follows its client; 404 out of scope, 403 for a read-only change."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Jenjang, Role, Section
from bapas.test import make_user
from clients.tests.factories import make_client
from violations import access
from violations.models import Violation
from violations.tests.base import ViolationTestCase


class ViolationAccessTestCase(ViolationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bella = make_user("bella", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bima = make_user("bima", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        cls.child = make_client(cls.cirebon, officer=cls.bima, name="Anak Uji", program="PB_ANAK")

    def setUp(self):
        super().setUp()
        self.violation = self.reported()
        self.child_violation = self.reported(episode=self.child.current_episode, acting_user=self.bima)

    def visible(self, user) -> set[int]:
        return set(Violation.objects.visible_to(user).values_list("pk", flat=True))

    def test_a_pk_or_apk_sees_only_the_violations_of_their_caseload(self):
        self.assertEqual(self.visible(self.olivia), {self.violation.pk})
        self.assertEqual(self.visible(self.bima), {self.child_violation.pk})
        self.assertEqual(self.visible(self.alan), set())

    def test_a_bkd_section_head_does_not_see_childrens_violations(self):
        self.assertEqual(self.visible(self.sam), {self.violation.pk})
        self.assertEqual(self.visible(self.bella), {self.child_violation.pk})
        self.assertEqual(self.visible(self.hana), {self.violation.pk, self.child_violation.pk})
        with self.assertRaises(Http404):
            access.get_violation_for_user(self.sam, self.child_violation.pk)

    def test_another_office_or_a_missing_violation_answers_404(self):
        for user in (self.pat, self.joko, self.bert, self.kim, self.paula):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_violation_for_user(user, self.violation.pk)
        with self.assertRaises(Http404):
            access.get_violation_for_user(self.hana, 999999)

    def test_a_read_only_account_reads_but_may_not_change(self):
        self.assertEqual(access.get_violation_for_user(self.reggie, self.violation.pk), self.violation)
        with self.assertRaises(PermissionDenied):
            access.get_violation_for_user(self.reggie, self.violation.pk, write=True)
        self.assertEqual(access.get_violation_for_user(self.sam, self.violation.pk, write=True), self.violation)
