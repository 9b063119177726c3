"""The partner portal shows a partner only the current referrals of its own organisation.

For every portal URL: another partner's referral, a referral that ended (declined, withdrawn, closed),
one not yet approved, and one whose client's supervision ended all answer 404, on GET and POST, and
nothing changes. No page shows the NIK, the address, or case details (articles only to legal aid).
"""

from django.core.files.base import ContentFile
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from clients.tests.factories import make_client
from partners.codes import ServiceField
from referrals import services
from referrals.models import Document, GroupActivity, Referral, ReferralSession, ReferralSettings
from referrals.tests.base import PDF, ReferralTestCase

REFERRAL_PAGES = [
    "portal_detail",
    "portal_accept",
    "portal_decline",
    "portal_session",
    "portal_report",
    "portal_upload",
]
OTHER_PAGES = ["portal_home", "portal_document", "portal_activities", "portal_activity_create", "portal_activity"]
ADDRESS = "Jl. Rahasia Nomor 77"


class PortalScopingTestCase(ReferralTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi.address = ADDRESS
        cls.budi.save(update_fields=["address"])

    def setUp(self):
        super().setUp()
        self.mine = self.accepted()
        self.held(self.mine)
        episode = lambda: make_client(self.cirebon, officer=self.olivia, regency="32.74").current_episode  # noqa: E731
        self.theirs = self.accepted(episode=episode(), partner=self.lpk, field=ServiceField.INDEPENDENCE)
        declined = services.referral_decline(
            referral=self.refer(episode=episode()), reason="Penuh", acting_user=self.paula
        )
        withdrawn = services.referral_withdraw(
            referral=self.accepted(episode=episode()), reason="Pindah", acting_user=self.olivia
        )
        closed = services.referral_close(referral=self.accepted(episode=episode()), acting_user=self.olivia)
        supervision_ended = self.accepted(episode=episode())
        supervision_ended.episode.status = EpisodeStatus.COMPLETED
        supervision_ended.episode.save(update_fields=["status"])
        ReferralSettings.objects.create(office=self.cirebon, requires_approval=True)
        unapproved = self.refer(episode=episode())
        self.forbidden = {
            "another partner's": self.theirs,
            "declined": declined,
            "withdrawn": withdrawn,
            "closed": closed,
            "supervision ended": supervision_ended,
            "not yet approved": unapproved,
        }
        self.documents = {}
        for label, referral in [("mine", self.mine), *self.forbidden.items()]:
            document = Document(
                referral=referral, content_type="application/pdf", original_name=f"{label}.pdf", uploaded_by=self.paula
            )
            document.file.save("x.pdf", ContentFile(PDF), save=True)
            self.documents[label] = document
        self.their_activity = services.activity_record(
            partner=self.lpk,
            held_on=timezone.localdate(),
            title="Pelatihan las",
            field=ServiceField.INDEPENDENCE,
            hours=4,
            outcome="Sertifikat dasar",
            participants=[(self.theirs.episode, "attended")],
            acting_user=self.lena,
        )
        self.client.force_login(self.paula)

    def snapshot(self):
        return (
            list(Referral.objects.order_by("pk").values()),
            ReferralSession.objects.count(),
            Document.objects.count(),
            AuditEvent.objects.exclude(action="referral.viewed").count(),
        )

    def test_the_test_names_every_portal_url(self):
        resolver = get_resolver()
        names = {
            p.name
            for p in resolver.url_patterns
            for p in getattr(p, "url_patterns", [])
            if isinstance(p, URLPattern) and p.name and p.name.startswith("portal_")
        }
        self.assertEqual(names, set(REFERRAL_PAGES) | set(OTHER_PAGES))

    def test_every_referral_page_answers_404_for_referrals_outside_the_partners_current_ones(self):
        before = self.snapshot()
        for name in REFERRAL_PAGES:
            self.assertEqual(self.client.get(reverse(f"referrals:{name}", args=[self.mine.pk])).status_code, 200)
            for label, referral in self.forbidden.items():
                url = reverse(f"referrals:{name}", args=[referral.pk])
                with self.subTest(page=name, referral=label):
                    self.assertEqual(self.client.get(url).status_code, 404)
                    if name != "portal_detail":  # the only read-only page (405 on POST)
                        post = {"reason": "x", "action": "record", "rec-held_on": timezone.localdate().isoformat()}
                        self.assertEqual(self.client.post(url, post).status_code, 404)
            missing = reverse(f"referrals:{name}", args=[999999])
            self.assertEqual(self.client.get(missing).status_code, 404)
        self.assertEqual(self.snapshot(), before)

    def test_documents_of_other_or_ended_referrals_and_other_partners_activities_are_404(self):
        self.assertEqual(
            self.client.get(reverse("referrals:portal_document", args=[self.documents["mine"].pk])).status_code, 200
        )
        for label in self.forbidden:
            with self.subTest(document=label):
                url = reverse("referrals:portal_document", args=[self.documents[label].pk])
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("referrals:portal_activity", args=[self.their_activity.pk])).status_code, 404
        )
        self.assertEqual(
            self.client.post(reverse("referrals:portal_activity", args=[self.their_activity.pk]), {}).status_code, 404
        )
        self.client.force_login(self.lena)
        self.assertEqual(
            self.client.get(reverse("referrals:portal_activity", args=[self.their_activity.pk])).status_code, 200
        )

    def test_lists_show_only_the_partners_current_referrals_and_activities(self):
        home = self.client.get(reverse("referrals:portal_home"))
        self.assertEqual([r.pk for r in home.context["referrals"]], [self.mine.pk])
        self.assertContains(home, self.budi.name)
        for referral in self.forbidden.values():
            self.assertNotContains(home, reverse("referrals:portal_detail", args=[referral.pk]))
        activities = self.client.get(reverse("referrals:portal_activities"))
        self.assertNotContains(activities, "Pelatihan las")
        dashboard = self.client.get(reverse("dashboard:home"))
        self.assertContains(dashboard, reverse("referrals:portal_detail", args=[self.mine.pk]))
        self.assertNotContains(dashboard, self.theirs.client.name)

    def test_a_non_referred_client_is_never_reachable(self):
        stranger = make_client(self.cirebon, officer=self.olivia, name="Orang Asing")
        self.assertEqual(self.client.get(reverse("clients:detail", args=[stranger.pk])).status_code, 403)
        create = self.client.get(reverse("referrals:portal_activity_create"))
        self.assertNotContains(create, "Orang Asing")
        self.assertNotContains(create, self.theirs.client.name)
        before = GroupActivity.objects.count()
        response = self.client.post(
            reverse("referrals:portal_activity_create"),
            {
                "held_on": timezone.localdate().isoformat(),
                "title": "Penyuluhan",
                "field": ServiceField.LEGAL_AID,
                "hours": "2",
                "outcome": "Baik",
                f"participant_{stranger.current_episode.pk}": "attended",
                f"participant_{self.theirs.episode_id}": "attended",
            },
        )
        self.assertEqual(response.status_code, 200)  # the unknown participants are ignored: none chosen
        self.assertContains(response, "Choose at least one participant.")
        self.assertEqual(GroupActivity.objects.count(), before)

    def test_no_page_shows_nik_address_or_case_details(self):
        case = self.budi.cases.get()
        secrets = [self.budi.nik, ADDRESS, case.decision_number, self.budi.parent_name, "Pid.B"]
        for name in REFERRAL_PAGES:
            response = self.client.get(reverse(f"referrals:{name}", args=[self.mine.pk]))
            for secret in secrets:
                with self.subTest(page=name, secret=secret):
                    self.assertNotContains(response, secret)
        for url in [reverse("referrals:portal_home"), reverse("dashboard:home")]:
            response = self.client.get(url)
            for secret in secrets:
                self.assertNotContains(response, secret)

    def test_only_a_legal_aid_partner_sees_the_case_articles(self):
        detail = self.client.get(reverse("referrals:portal_detail", args=[self.mine.pk]))
        self.assertContains(detail, "Pasal 362 KUHP")
        self.client.force_login(self.lena)
        theirs = self.client.get(reverse("referrals:portal_detail", args=[self.theirs.pk]))
        self.assertEqual(theirs.status_code, 200)
        self.assertNotContains(theirs, "Pasal 362")
        self.assertNotContains(theirs, 'id="case-articles"')

    def test_opening_a_referral_is_logged(self):
        self.client.get(reverse("referrals:portal_detail", args=[self.mine.pk]))
        event = AuditEvent.objects.filter(action="referral.viewed").latest("pk")
        self.assertEqual((event.actor, event.object_id), (self.paula, str(self.mine.pk)))

    def test_staff_cannot_use_the_portal(self):
        for user in (self.olivia, self.hana, self.nadia):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("referrals:portal_detail", args=[self.mine.pk])).status_code, 403)
