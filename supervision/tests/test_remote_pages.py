"""Pages of remote reporting: allowing it (the link shown once), revoking, a new link, the desk's form,
and the reporting card on the client page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from supervision import selectors, services
from supervision.models import CheckIn, RemoteReportingPermission
from supervision.tests.base import D, EnglishTestCase, jpeg


class RemoteAllowPageTestCase(EnglishTestCase):
    def url(self):
        return reverse("supervision:remote_allow", args=[self.budi.pk])

    def form(self, **overrides):
        data = {"reason": "Bekerja di luar pulau", "valid_from": "2025-09-10", "valid_until": ""}
        data.update(overrides)
        return data

    def test_sam_allows_and_sees_the_link_once(self):
        self.budi.phone = "0812-3456-7890"
        self.budi.save(update_fields=["phone"])
        self.client.force_login(self.sam)
        self.assertEqual(self.client.get(self.url()).status_code, 200)
        response = self.client.post(self.url(), self.form())
        self.assertEqual(response.status_code, 200)
        permission = RemoteReportingPermission.objects.get()
        link = response.context["url"]
        token = link.rstrip("/").rsplit("/", 1)[1]
        self.assertEqual(permission.token_hash, selectors.hash_token(token))
        self.assertContains(response, link)
        self.assertContains(response, "https://wa.me/6281234567890?text=")
        self.assertIn("no-store", response["Cache-Control"])
        # The client page never shows the link again.
        self.assertNotContains(self.client.get(reverse("clients:detail", args=[self.budi.pk])), token)

    def test_refusals_show_on_the_form(self):
        self.client.force_login(self.hana)
        response = self.client.post(self.url(), self.form(reason=""))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(RemoteReportingPermission.objects.exists())
        response = self.client.post(self.url(), self.form(valid_until="2025-09-01"))
        self.assertContains(response, "must end on or after the day it starts")

    def test_others_may_not(self):
        for user, status in ((self.olivia, 403), (self.rita, 403), (self.reggie, 403), (self.joko, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url(), self.form()).status_code, status)
        self.assertFalse(RemoteReportingPermission.objects.exists())


class RevokeAndNewLinkPagesTestCase(EnglishTestCase):
    def setUp(self):
        super().setUp()
        self.permission = self.allow_remote()

    def test_revoking_asks_first_then_revokes(self):
        url = reverse("supervision:remote_revoke", args=[self.permission.pk])
        self.client.force_login(self.sam)
        self.assertContains(self.client.get(url), "stops working at once")
        self.permission.refresh_from_db()
        self.assertIsNone(self.permission.revoked_at)
        response = self.client.post(url, {"reason": "Sudah kembali"})
        self.assertRedirects(response, reverse("clients:detail", args=[self.budi.pk]), fetch_redirect_response=False)
        self.permission.refresh_from_db()
        self.assertEqual(self.permission.revoked_by, self.sam)

    def test_only_section_heads_and_heads_revoke(self):
        url = reverse("supervision:remote_revoke", args=[self.permission.pk])
        for user, status in ((self.olivia, 403), (self.pat, 403), (self.joko, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url).status_code, status)
        self.permission.refresh_from_db()
        self.assertIsNone(self.permission.revoked_at)

    def test_the_pk_makes_a_new_link_after_confirming(self):
        url = reverse("supervision:remote_link_new", args=[self.permission.pk])
        self.client.force_login(self.olivia)
        self.assertContains(self.client.get(url), "the old link stops working")
        self.assertIsNotNone(selectors.permission_for_token(self.permission.token))
        response = self.client.post(url)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(selectors.permission_for_token(self.permission.token))
        self.assertContains(response, response.context["url"])
        for user, status in ((self.alan, 403), (self.rita, 403), (self.pat, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url).status_code, status)
        self.assertEqual(AuditEvent.objects.filter(action="remote_reporting.link_renewed").count(), 1)


class DeskRemoteCheckInTestCase(EnglishTestCase):
    def test_the_desk_records_a_video_call_with_the_answers_and_a_photo(self):
        self.allow_remote()
        self.client.force_login(self.olivia)
        response = self.client.post(
            reverse("supervision:checkin_create", args=[self.budi.pk]),
            {
                "due_on": "2025-09-10",
                "outcome": "hadir_daring",
                "occurred_at": "2025-09-10T09:30",
                "location": "",
                "excuse_reason": "",
                "rescheduled_to": "",
                "condition": "Sehat",
                "activity": "Berdagang",
                "obstacles": "Modal",
                "photo": jpeg(),
                "latitude": "",
                "longitude": "",
                "accuracy_m": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        remote = CheckIn.objects.get().remote
        self.assertEqual((remote.via, remote.activity, remote.review), ("petugas", "Berdagang", "menunggu"))
        self.assertTrue(remote.photo)

    def test_without_a_permission_the_form_says_so(self):
        self.client.force_login(self.olivia)
        response = self.client.post(
            reverse("supervision:checkin_create", args=[self.budi.pk]),
            {"due_on": "2025-09-10", "outcome": "hadir_daring", "occurred_at": "2025-09-10T09:30"},
        )
        self.assertContains(response, "no permission to report remotely")
        self.assertContains(response, "Say how the client is")
        self.assertFalse(CheckIn.objects.exists())


class ClientPanelTestCase(EnglishTestCase):
    def page(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("clients:detail", args=[self.budi.pk]))

    def test_the_card_shows_the_next_date_and_offers_what_the_user_may_do(self):
        response = self.page(self.sam)
        self.assertContains(response, "next reporting date")
        self.assertContains(response, "10-07-2025")
        self.assertContains(response, reverse("supervision:remote_allow", args=[self.budi.pk]))
        self.assertContains(response, reverse("supervision:intensify", args=[self.budi.pk]))
        response = self.page(self.olivia)
        self.assertContains(response, reverse("supervision:checkin_create", args=[self.budi.pk]))
        self.assertNotContains(response, reverse("supervision:remote_allow", args=[self.budi.pk]))
        self.assertNotContains(response, reverse("supervision:intensify", args=[self.budi.pk]))
        response = self.page(self.reggie)
        self.assertContains(response, "next reporting date")
        self.assertNotContains(response, reverse("supervision:checkin_create", args=[self.budi.pk]))

    def test_remote_reports_their_answers_and_flags_show(self):
        permission = self.allow_remote()
        checkin = services.checkin_record(
            episode=self.episode,
            acting_user=self.olivia,
            outcome="hadir_daring",
            due_on=D(2025, 9, 10),
            occurred_at=self.at(10, 9),
            remote=self.answers(activity="Berdagang sayur"),
        )
        response = self.page(self.olivia)
        self.assertContains(response, "Berdagang sayur")
        self.assertContains(response, reverse("supervision:remote_review", args=[checkin.remote.pk]))
        self.assertContains(response, reverse("supervision:remote_link_new", args=[permission.pk]))
        services.remote_checkin_review(
            remote=checkin.remote, acting_user=self.olivia, decision="ditandai", note="Wajah tidak terlihat"
        )
        response = self.page(self.sam)
        self.assertContains(response, "A remote report was flagged by the PK.")
        self.assertContains(response, "Wajah tidak terlihat")
        self.assertContains(response, reverse("supervision:remote_revoke", args=[permission.pk]))

    def test_an_intensified_interval_shows(self):
        services.reporting_intensify(
            episode=self.episode,
            acting_user=self.sam,
            interval_days=7,
            starts_on=D(2025, 9, 10),
            ends_on=None,
            reason="Sanksi pelanggaran",
        )
        response = self.page(self.sam)
        self.assertContains(response, "every 7 days")
        self.assertContains(response, "Sanksi pelanggaran")

    def test_the_card_runs_a_fixed_number_of_queries(self):
        from django.test import RequestFactory

        from supervision import panels

        self.allow_remote()
        for day in (D(2025, 7, 10), D(2025, 8, 11)):
            services.checkin_mark_missed(episode=self.episode, due_on=day)
        request = RequestFactory().get("/")
        request.user = self.olivia
        with CaptureQueriesContext(connection) as ctx:
            panels.reporting_panel(request, self.budi, self.episode)
        few = len(ctx.captured_queries)
        services.checkin_record(
            episode=self.episode,
            acting_user=self.olivia,
            outcome="hadir_daring",
            due_on=D(2025, 9, 10),
            occurred_at=self.at(10, 9),
            remote=self.answers(),
        )
        with CaptureQueriesContext(connection) as ctx:
            panels.reporting_panel(request, self.budi, self.episode)
        self.assertEqual(len(ctx.captured_queries), few)
        self.assertEqual(few, 5)  # check-ins with their remote details, changes, settings, calendar, permissions
