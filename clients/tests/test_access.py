"""clients.access: who sees which client, and who may change one (issue 11: one module answers it)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Jenjang, Role, Section
from bapas.test import BaseTestCase, make_user
from clients import access, forms
from clients.models import Client, ImportJob
from clients.tests.factories import make_client


class ClientAccessTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bka_head = make_user("bka", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.other_pk = make_user("opk", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        cls.mine = make_client(cls.cirebon, officer=cls.olivia)
        cls.theirs = make_client(cls.cirebon, officer=cls.other_pk)
        cls.child = make_client(cls.cirebon, program="PB_ANAK")
        cls.bandung_client = make_client(cls.bandung, officer=cls.pat, regency="32.73")

    def visible(self, user) -> set[int]:
        return set(Client.objects.visible_to(user).values_list("pk", flat=True))

    def test_pk_sees_only_own_caseload(self):
        self.assertEqual(self.visible(self.olivia), {self.mine.pk})
        with self.assertRaises(Http404):
            access.get_client_for_user(self.olivia, self.theirs.pk)

    def test_bkd_section_head_does_not_see_children(self):
        self.assertEqual(self.visible(self.sam), {self.mine.pk, self.theirs.pk})
        with self.assertRaises(Http404):
            access.get_client_for_user(self.sam, self.child.pk)

    def test_bka_section_head_sees_only_children(self):
        self.assertEqual(self.visible(self.bka_head), {self.child.pk})

    def test_head_sees_every_client_of_the_office(self):
        self.assertEqual(self.visible(self.hana), {self.mine.pk, self.theirs.pk, self.child.pk})

    def test_other_office_is_404(self):
        for user in (self.hana, self.sam, self.olivia, self.rita):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_client_for_user(user, self.bandung_client.pk)
        self.assertEqual(access.get_client_for_user(self.pat, self.bandung_client.pk), self.bandung_client)

    def test_write_is_403_for_roles_that_only_read(self):
        for user in (self.tess, self.reggie, self.ada):
            with self.subTest(user=user.username):
                self.assertEqual(access.get_client_for_user(user, self.mine.pk), self.mine)
                with self.assertRaises(PermissionDenied):
                    access.get_client_for_user(user, self.mine.pk, write=True)
        for user in (self.hana, self.sam, self.olivia, self.rita):
            with self.subTest(user=user.username):
                self.assertEqual(access.get_client_for_user(user, self.mine.pk, write=True), self.mine)

    def test_may_write_is_client_create(self):
        writers = {u.username for u in self.cast.values() if access.may_write(u)}
        self.assertEqual(writers, {"hana", "sam", "olivia", "alan", "rita", "pat", "joko"})

    def test_officer_choices(self):
        self.assertEqual(set(forms.guides_of(self.cirebon)), {self.olivia, self.other_pk})
        self.assertEqual(set(forms.assistants_of(self.cirebon)), {self.olivia, self.other_pk, self.alan})
        self.other_pk.is_active = False
        self.other_pk.save(update_fields=["is_active"])
        self.assertEqual(list(forms.guides_of(self.cirebon)), [self.olivia])

    def test_import_job_of_another_office_is_404(self):
        job = ImportJob.objects.create(office=self.bandung, uploaded_by=self.bert, filename="x.csv")
        self.assertEqual(access.get_import_job_for_user(self.bert, job.pk), job)
        with self.assertRaises(Http404):
            access.get_import_job_for_user(self.rita, job.pk)
        with self.assertRaises(PermissionDenied):
            access.get_import_job_for_user(self.nadia, job.pk)
