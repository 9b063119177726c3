"""Portal pages doing their work: accept, decline, plan and record sessions, the end-of-service report,
uploads and group activities."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from partners.codes import ServiceField
from referrals import selectors
from referrals.models import Document, GroupActivity, Referral, ReferralSession, State
from referrals.tests.base import PDF, ReferralTestCase


class PortalAnswerTestCase(ReferralTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.refer()
        self.client.force_login(self.paula)

    def test_the_partner_accepts(self):
        detail = self.client.get(reverse("referrals:portal_detail", args=[self.referral.pk]))
        self.assertContains(detail, reverse("referrals:portal_accept", args=[self.referral.pk]))
        url = reverse("referrals:portal_accept", args=[self.referral.pk])
        self.assertEqual(Referral.objects.get().state, State.AWAITING_PARTNER)  # GET changed nothing
        self.assertRedirects(self.client.post(url), reverse("referrals:portal_detail", args=[self.referral.pk]))
        self.assertEqual(Referral.objects.get().state, State.ACCEPTED)

    def test_the_partner_declines_with_a_reason_and_loses_access(self):
        url = reverse("referrals:portal_decline", args=[self.referral.pk])
        self.assertContains(self.client.post(url, {"reason": " "}), "This field is required.")
        self.assertRedirects(self.client.post(url, {"reason": "Kuota penuh"}), reverse("referrals:portal_home"))
        self.assertEqual(Referral.objects.get().state, State.DECLINED)
        self.assertEqual(self.client.get(reverse("referrals:portal_detail", args=[self.referral.pk])).status_code, 404)


class PortalSessionTestCase(ReferralTestCase):
    def setUp(self):
        super().setUp()
        self.referral = self.accepted()
        self.url = reverse("referrals:portal_session", args=[self.referral.pk])
        self.client.force_login(self.paula)

    def record(self, **extra):
        data = {
            "action": "record",
            "rec-held_on": timezone.localdate().isoformat(),
            "rec-attendance": "attended",
            "rec-summary": "Konsultasi pertama",
            "rec-behaviour": "Kooperatif",
        }
        data.update(extra)
        return self.client.post(self.url, data)

    def test_the_partner_records_a_session(self):
        self.assertRedirects(self.record(), reverse("referrals:portal_detail", args=[self.referral.pk]))
        session = ReferralSession.objects.get()
        self.assertEqual(session.summary, "Konsultasi pertama")
        self.assertEqual(Referral.objects.with_state().get().state, State.IN_PROGRESS)

    def test_a_session_dated_before_acceptance_is_refused_on_the_form(self):
        yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
        response = self.record(**{"rec-held_on": yesterday})
        self.assertContains(response, "cannot be before the partner accepted the referral")
        self.assertFalse(ReferralSession.objects.exists())

    def test_the_partner_plans_then_records_the_planned_session(self):
        when = timezone.localtime() + datetime.timedelta(days=1)
        response = self.client.post(
            self.url,
            {"action": "schedule", "plan-scheduled_for": when.strftime("%Y-%m-%dT%H:%M"), "plan-place": "Kantor LBH"},
        )
        self.assertEqual(response.status_code, 302)
        planned = ReferralSession.objects.get()
        home = selectors.portal_home(self.paula)
        self.assertEqual(home[0].upcoming, [planned])
        self.url = f"{self.url}?session={planned.pk}"
        self.assertContains(self.client.get(self.url), "Kantor LBH")
        self.record(**{"rec-attendance": "absent", "rec-absence_reason": "Sakit", "rec-summary": ""})
        planned.refresh_from_db()
        self.assertEqual(planned.attendance, "absent")
        self.assertEqual(ReferralSession.objects.count(), 1)


class PortalReportTestCase(ReferralTestCase):
    def test_an_incomplete_report_shows_the_error_summary_linking_to_the_fields(self):
        referral = self.accepted()
        self.held(referral)
        first, second = referral.outcomes.all()
        self.client.force_login(self.paula)
        url = reverse("referrals:portal_report", args=[referral.pk])
        response = self.client.post(url, {f"rating_{first.pk}": "achieved", "summary": "Selesai"})
        self.assertContains(response, 'class="errorbox error-summary" role="alert" tabindex="-1"')
        self.assertContains(response, f'<li><a href="#id_rating_{second.pk}')

    def test_the_partner_files_the_end_of_service_report(self):
        referral = self.accepted()
        self.held(referral)
        first, second = referral.outcomes.all()
        self.client.force_login(self.paula)
        url = reverse("referrals:portal_report", args=[referral.pk])
        response = self.client.post(url, {f"rating_{first.pk}": "achieved", "summary": "Selesai"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(Referral.objects.get().report_submitted_at)
        response = self.client.post(
            url,
            {
                f"rating_{first.pk}": "achieved",
                f"rating_{second.pk}": "partly",
                f"comment_{second.pk}": "Mediasi berjalan",
                "summary": "Tiga sesi konsultasi",
            },
        )
        self.assertRedirects(response, reverse("referrals:portal_detail", args=[referral.pk]))
        self.assertEqual(Referral.objects.with_state().get().state, State.REPORTED)
        self.client.force_login(self.olivia)
        detail = self.client.get(reverse("referrals:detail", args=[referral.pk]))
        self.assertContains(detail, "Partly achieved")
        self.assertContains(detail, "Mediasi berjalan")


class PortalUploadTestCase(ReferralTestCase):
    def test_a_pdf_is_kept_and_served_to_the_partner_and_the_pk_and_a_text_file_is_refused(self):
        referral = self.accepted()
        self.client.force_login(self.paula)
        url = reverse("referrals:portal_upload", args=[referral.pk])
        bad = self.client.post(url, {"file": SimpleUploadedFile("daftar.pdf", b"not a pdf", "application/pdf")})
        self.assertContains(bad, "Upload a PDF document or a JPEG, PNG or WebP photo.")
        self.assertFalse(Document.objects.exists())
        self.client.post(
            url, {"file": SimpleUploadedFile("daftar hadir.pdf", PDF, "application/pdf"), "description": "Daftar hadir"}
        )
        document = Document.objects.get()
        self.assertEqual(document.original_name, "daftar hadir.pdf")
        self.assertTrue(AuditEvent.objects.filter(action="referral.document_added").exists())
        response = self.client.get(reverse("referrals:portal_document", args=[document.pk]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(reverse("referrals:document", args=[document.pk])).status_code, 200)
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(reverse("referrals:document", args=[document.pk])).status_code, 404)


class PortalActivityTestCase(ReferralTestCase):
    def test_the_partner_records_a_group_activity_with_its_referred_clients(self):
        referral = self.accepted()
        self.client.force_login(self.paula)
        url = reverse("referrals:portal_activity_create")
        self.assertContains(self.client.get(url), self.budi.name)
        data = {
            "held_on": timezone.localdate().isoformat(),
            "title": "Penyuluhan hukum di Griya Abhipraya",
            "field": ServiceField.LEGAL_AID,
            "place": self.cirebon_location.pk,
            "hours": "2.5",
            "outcome": "Klien memahami hak dan kewajiban",
            f"participant_{referral.episode_id}": "late",
        }
        response = self.client.post(url, data)
        activity = GroupActivity.objects.get()
        self.assertRedirects(response, reverse("referrals:portal_activity", args=[activity.pk]))
        self.assertEqual([(p.client_id, p.attendance) for p in activity.participants.all()], [(self.budi.pk, "late")])
        self.assertTrue(AuditEvent.objects.filter(action="group_activity.recorded").exists())
        self.client.force_login(self.olivia)
        staff = self.client.get(reverse("referrals:activity_list"))
        self.assertContains(staff, "Penyuluhan hukum di Griya Abhipraya")
        self.client.force_login(self.pat)
        self.assertNotContains(self.client.get(reverse("referrals:activity_list")), "Penyuluhan hukum")

    def test_a_future_date_and_zero_hours_are_refused(self):
        referral = self.accepted()
        self.client.force_login(self.paula)
        response = self.client.post(
            reverse("referrals:portal_activity_create"),
            {
                "held_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
                "title": "Pelatihan",
                "field": ServiceField.LEGAL_AID,
                "hours": "0",
                "outcome": "x",
                f"participant_{referral.episode_id}": "attended",
            },
        )
        self.assertContains(response, "the date cannot be in the future")
        self.assertContains(response, "Hours must be more than 0")
        self.assertFalse(GroupActivity.objects.exists())


class PortalQueryBudgetTestCase(ReferralTestCase):
    def count(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_pages_do_not_grow_with_sessions_and_referrals(self):
        from clients.tests.factories import make_client

        referral = self.accepted()
        self.held(referral)
        urls = [reverse("referrals:portal_detail", args=[referral.pk]), reverse("referrals:portal_home")]
        self.client.force_login(self.paula)
        before = [self.count(url) for url in urls]
        for _n in range(3):
            self.held(referral)
            self.accepted(episode=make_client(self.cirebon, officer=self.olivia).current_episode)
        self.assertEqual([self.count(url) for url in urls], before)
        self.client.force_login(self.olivia)
        staff = reverse("referrals:detail", args=[referral.pk])
        first = self.count(staff)
        self.held(referral, concern=True, concern_note="x")
        self.assertEqual(self.count(staff), first)
