"""supervision.access: reporting rows follow their client; 404 out of scope, 403 for a read-only change."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Jenjang, Role, Section
from bapas.test import make_user
from clients.tests.factories import make_client
from supervision import access, services
from supervision.models import CheckIn, RemoteCheckIn, RemoteReportingPermission, ScheduleChange
from supervision.tests.base import D, EnglishTestCase


class SupervisionAccessTestCase(EnglishTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bella = make_user("bella", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bima = make_user("bima", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        cls.child = make_client(cls.cirebon, officer=cls.bima, name="Anak Uji", program="PB_ANAK")

    def setUp(self):
        super().setUp()
        self.permission = self.allow_remote()
        self.child_permission = self.allow_remote(episode=self.child.current_episode, acting_user=self.bella)
        self.checkin = services.remote_checkin_submit(
            permission=self.permission, due_on=D(2025, 9, 10), details=self.answers()
        )
        self.change = services.reporting_intensify(
            episode=self.episode,
            acting_user=self.sam,
            interval_days=7,
            starts_on=D(2025, 9, 11),
            ends_on=None,
            reason="Sering terlambat",
        )

    def visible_permissions(self, user) -> set[int]:
        return set(RemoteReportingPermission.objects.visible_to(user).values_list("pk", flat=True))

    def test_a_pk_or_apk_sees_only_the_rows_of_their_caseload(self):
        self.assertEqual(self.visible_permissions(self.olivia), {self.permission.pk})
        self.assertEqual(self.visible_permissions(self.bima), {self.child_permission.pk})
        self.assertEqual(self.visible_permissions(self.alan), set())  # an APK who guides neither client
        self.assertEqual(list(CheckIn.objects.visible_to(self.olivia)), [self.checkin])
        self.assertFalse(CheckIn.objects.visible_to(self.bima).exists())
        self.assertEqual(list(ScheduleChange.objects.visible_to(self.olivia)), [self.change])
        self.assertFalse(ScheduleChange.objects.visible_to(self.alan).exists())

    def test_a_bkd_section_head_does_not_see_childrens_rows(self):
        self.assertEqual(self.visible_permissions(self.sam), {self.permission.pk})
        self.assertEqual(self.visible_permissions(self.bella), {self.child_permission.pk})
        self.assertEqual(self.visible_permissions(self.hana), {self.permission.pk, self.child_permission.pk})
        with self.assertRaises(Http404):
            access.get_permission_for_user(self.sam, self.child_permission.pk)

    def test_another_office_or_a_missing_row_answers_404(self):
        remote = self.checkin.remote
        for user in (self.pat, self.joko, self.bert, self.kim, self.paula):
            with self.subTest(user=user.username):
                with self.assertRaises(Http404):
                    access.get_permission_for_user(user, self.permission.pk)
                with self.assertRaises(Http404):
                    access.get_remote_checkin_for_user(user, remote.pk)
                with self.assertRaises(Http404):
                    access.get_schedule_change_for_user(user, self.change.pk)
        with self.assertRaises(Http404):
            access.get_permission_for_user(self.hana, 999999)

    def test_a_read_only_account_reads_but_may_not_change(self):
        self.assertEqual(access.get_permission_for_user(self.reggie, self.permission.pk), self.permission)
        self.assertEqual(access.get_remote_checkin_for_user(self.reggie, self.checkin.remote.pk), self.checkin.remote)
        for get, pk in (
            (access.get_permission_for_user, self.permission.pk),
            (access.get_remote_checkin_for_user, self.checkin.remote.pk),
            (access.get_schedule_change_for_user, self.change.pk),
        ):
            with self.subTest(get=get.__name__), self.assertRaises(PermissionDenied):
                get(self.reggie, pk, write=True)
        self.assertEqual(access.get_schedule_change_for_user(self.sam, self.change.pk, write=True), self.change)

    def test_remote_reports_to_review_are_for_reviewers_of_their_clients(self):
        remote = self.checkin.remote
        self.assertEqual(list(access.remote_checkins_to_review(self.olivia)), [remote])
        self.assertEqual(list(access.remote_checkins_to_review(self.sam)), [remote])
        self.assertEqual(list(access.remote_checkins_to_review(self.bima)), [])  # not his client
        self.assertEqual(list(access.remote_checkins_to_review(self.reggie)), [])  # sees it, may not review
        self.assertTrue(RemoteCheckIn.objects.visible_to(self.reggie).exists())
