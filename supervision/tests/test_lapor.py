"""The client's personal reporting link: a public page with no login."""

import datetime

import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from audit.models import AuditEvent
from supervision import services
from supervision.models import CheckIn, RemoteCheckIn
from supervision.tests.base import JAKARTA, EnglishTestCase, jpeg


class LaporTestCase(EnglishTestCase):
    def setUp(self):
        super().setUp()
        self.permission = self.allow_remote()
        self.url = reverse("supervision:lapor", args=[self.permission.token])

    def form(self, **overrides):
        data = {
            "due_on": "2025-09-10",
            "condition": "Sehat",
            "activity": "Bekerja di bengkel",
            "obstacles": "Tidak ada",
            "latitude": "-6.7320001",
            "longitude": "108.5523",
            "accuracy_m": "24.6",
        }
        data.update(overrides)
        return data

    def test_the_page_shows_only_the_first_name_and_the_date(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hello, Budi")
        self.assertContains(response, "10 September 2025")
        for secret in (self.budi.nik, self.budi.address, self.budi.register_number, self.budi.full_name, "Santoso"):
            self.assertNotContains(response, secret)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertIn("noindex", response["X-Robots-Tag"])
        self.assertContains(response, "js/geolocate.js")

    def test_a_report_is_recorded_as_attended_remotely_awaiting_review(self):
        response = self.client.post(self.url, self.form(photo=jpeg()))
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        checkin = CheckIn.objects.get()
        self.assertEqual(
            (checkin.outcome, checkin.recorded_by, checkin.due_on), ("hadir_daring", None, datetime.date(2025, 9, 10))
        )
        remote = checkin.remote
        self.assertEqual((remote.via, remote.review, remote.permission), ("tautan", "menunggu", self.permission))
        self.assertEqual((str(remote.latitude), remote.accuracy_m), ("-6.732000", 25))
        self.assertEqual(remote.photo_content_type, "image/jpeg")
        event = AuditEvent.objects.get(action="checkin.recorded")
        self.assertEqual((event.actor, event.actor_label, event.data["via"]), (None, "system", "tautan"))
        page = self.client.get(self.url)
        self.assertContains(page, "was received at 10:00")
        self.assertNotContains(page, "Send my report")

    def test_one_submission_per_scheduled_date(self):
        self.client.post(self.url, self.form())
        response = self.client.post(self.url, self.form(condition="Lagi"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(CheckIn.objects.count(), 1)
        self.assertEqual(RemoteCheckIn.objects.get().condition, "Sehat")

    def test_a_stale_date_is_refused(self):
        response = self.client.post(self.url, self.form(due_on="2025-08-11"))
        self.assertContains(response, "No report is due on 11 August 2025")
        self.assertFalse(CheckIn.objects.exists())

    def test_the_answers_are_required_and_coordinates_are_optional(self):
        response = self.client.post(self.url, self.form(condition="", latitude="", longitude="", accuracy_m=""))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CheckIn.objects.exists())
        self.client.post(self.url, self.form(latitude="", longitude="", accuracy_m=""))
        self.assertIsNone(RemoteCheckIn.objects.get().latitude)

    def test_bad_coordinates_and_a_fake_photo_are_refused(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = self.client.post(self.url, self.form(latitude="-95"))
        self.assertContains(response, "between -90 and 90")
        fake = SimpleUploadedFile("foto.jpg", b"GIF89a not really", content_type="image/jpeg")
        response = self.client.post(self.url, self.form(photo=fake))
        self.assertContains(response, "JPEG, PNG or WebP")
        self.assertFalse(CheckIn.objects.exists())

    def test_nothing_due_now_shows_the_next_date(self):
        self.client.post(self.url, self.form())
        with time_machine.travel(datetime.datetime(2025, 9, 20, 9, tzinfo=JAKARTA), tick=False):
            response = self.client.get(self.url)
        self.assertContains(response, "No report is due now")
        self.assertContains(response, "10 October 2025")

    def test_bad_revoked_and_expired_links_answer_a_plain_404(self):
        self.assertEqual(self.client.get(reverse("supervision:lapor", args=["not-a-real-token"])).status_code, 404)
        self.assertEqual(self.client.post(reverse("supervision:lapor", args=["x" * 43]), self.form()).status_code, 404)
        services.remote_reporting_revoke(permission=self.permission, acting_user=self.sam)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, self.form()).status_code, 404)
        self.assertFalse(CheckIn.objects.exists())

    def test_a_link_past_its_end_is_dead(self):
        short = self.allow_remote(episode=self.make_episode(), valid_until=datetime.date(2025, 9, 10))
        url = reverse("supervision:lapor", args=[short.token])
        self.assertEqual(self.client.get(url).status_code, 200)
        with time_machine.travel(datetime.datetime(2025, 9, 11, 9, tzinfo=JAKARTA), tick=False):
            self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_form_needs_its_csrf_token(self):
        browser = HttpClient(enforce_csrf_checks=True)
        self.assertEqual(browser.post(self.url, self.form()).status_code, 403)
        page = browser.get(self.url)
        token = page.context["csrf_token"]
        self.assertEqual(browser.post(self.url, self.form(csrfmiddlewaretoken=str(token))).status_code, 302)

    def test_the_referrer_policy_keeps_the_token_on_this_site_and_the_form_post_its_origin(self):
        # `no-referrer` made Chromium post the form with `Origin: null`, which the CSRF check refuses.
        page = self.client.get(self.url)
        self.assertEqual(page["Referrer-Policy"], "same-origin")
        self.assertContains(page, '<meta name="referrer" content="same-origin">')
        self.assertNotContains(page, "no-referrer")
        self.client.force_login(self.olivia)
        staff_page = self.client.get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertEqual(staff_page.status_code, 200)
        self.assertEqual(staff_page["Referrer-Policy"], "same-origin")

    def test_a_signed_in_user_gets_the_same_page(self):
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def make_episode(self):
        from clients.tests.factories import make_client

        return make_client(self.cirebon, officer=self.olivia, name="Dewi Anggraini").current_episode
