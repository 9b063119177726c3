"""Staff downloads of partners' documents: children's activities only for those who may see children; audited."""

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Jenjang, Role, Section
from audit.models import AuditEvent
from bapas.test import make_user
from clients.tests.factories import make_client
from partners.codes import ServiceField
from referrals import services
from referrals.models import Document, GroupParticipant
from referrals.tests.base import PDF, ReferralTestCase


class GroupActivityDocumentTestCase(ReferralTestCase):
    def setUp(self):
        super().setUp()
        referral = self.accepted()
        self.activity = services.activity_record(
            partner=self.lbh,
            held_on=timezone.localdate(),
            title="Penyuluhan hukum",
            field=ServiceField.LEGAL_AID,
            hours=2,
            outcome="Peserta memahami hak dan kewajibannya",
            participants=[(referral.episode, "attended")],
            acting_user=self.paula,
        )
        self.document = Document(
            activity=self.activity,
            content_type="application/pdf",
            original_name="daftar-hadir.pdf",
            uploaded_by=self.paula,
        )
        self.document.file.save("x.pdf", ContentFile(PDF), save=True)
        self.url = reverse("referrals:document", args=[self.document.pk])

    def add_child(self):
        child = make_client(self.cirebon, program="PB_ANAK")
        GroupParticipant.objects.create(
            activity=self.activity, episode=child.current_episode, client=child, attendance="attended"
        )

    def test_staff_of_the_office_download_an_adults_activity_document_and_it_is_audited(self):
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        event = AuditEvent.objects.get(action="document.viewed", object_id=str(self.document.pk))
        self.assertFalse(event.restricted)

    def test_a_document_of_an_activity_with_a_child_is_only_for_those_who_may_see_children(self):
        self.add_child()
        self.client.force_login(self.rita)  # registration, adult section
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.hana)  # the head sees children
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertTrue(AuditEvent.objects.get(action="document.viewed", object_id=str(self.document.pk)).restricted)

    def test_a_document_follows_the_participants_not_the_office(self):
        oscar = make_user(
            "oscar", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA
        )  # guides none of them
        bella = make_user("bella", Role.SECTION_HEAD, office=self.cirebon, section=Section.BKA)  # children only
        for user in (oscar, bella, self.pat):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
        for user in (self.olivia, self.sam, self.rita, self.hana):  # olivia guides budi, who took part
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertFalse(AuditEvent.objects.filter(action="document.viewed", actor=oscar).exists())

    def test_a_section_head_of_children_may_open_the_document_of_an_activity_with_a_child(self):
        self.add_child()
        bella = make_user("bella", Role.SECTION_HEAD, office=self.cirebon, section=Section.BKA)
        self.client.force_login(bella)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.client.force_login(self.olivia)  # sees budi, but may not see the child taking part
        self.assertEqual(self.client.get(self.url).status_code, 404)
