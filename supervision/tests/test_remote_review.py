"""The PK confirms or flags a remote report; the review list on the PK's home."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from clients.tests.factories import make_client
from supervision import selectors, services
from supervision.models import RemoteCheckIn
from supervision.tests.base import D, EnglishTestCase, jpeg


class RemoteReviewBase(EnglishTestCase):
    def setUp(self):
        super().setUp()
        self.allow_remote()
        self.checkin = services.checkin_record(
            episode=self.episode,
            acting_user=self.olivia,
            outcome="hadir_daring",
            due_on=D(2025, 9, 10),
            occurred_at=self.at(10, 9),
            remote=self.answers(photo=jpeg()),
        )
        self.remote = self.checkin.remote


class RemoteReviewServiceTestCase(RemoteReviewBase):
    def test_confirm(self):
        services.remote_checkin_review(remote=self.remote, acting_user=self.olivia, decision="dikonfirmasi")
        self.remote.refresh_from_db()
        self.assertEqual((self.remote.review, self.remote.reviewed_by), ("dikonfirmasi", self.olivia))
        event = AuditEvent.objects.get(action="remote_checkin.reviewed")
        self.assertEqual(event.changes, {"review": ["menunggu", "dikonfirmasi"]})

    def test_a_flag_needs_a_note_and_shows_for_a_violation_report(self):
        with self.assertRaisesMessage(ValidationError, "Say why the report is flagged"):
            services.remote_checkin_review(remote=self.remote, acting_user=self.olivia, decision="ditandai", note=" ")
        services.remote_checkin_review(
            remote=self.remote, acting_user=self.olivia, decision="ditandai", note="Foto bukan klien"
        )
        self.assertEqual([r.review_note for r in selectors.flagged_remote_checkins(self.episode)], ["Foto bukan klien"])

    def test_a_report_is_reviewed_once(self):
        services.remote_checkin_review(remote=self.remote, acting_user=self.olivia, decision="dikonfirmasi")
        with self.assertRaisesMessage(ValidationError, "already reviewed"):
            services.remote_checkin_review(remote=self.remote, acting_user=self.sam, decision="ditandai", note="x")
        with self.assertRaises(ValidationError):
            services.remote_checkin_review(remote=self.remote, acting_user=self.sam, decision="maybe")
        self.assertEqual(AuditEvent.objects.filter(action="remote_checkin.reviewed").count(), 1)


class AwaitingReviewSelectorTestCase(RemoteReviewBase):
    def test_the_reviewers_in_scope_see_it_and_others_do_not(self):
        self.assertEqual(selectors.remote_checkins_awaiting_review(self.olivia), [self.remote])
        self.assertEqual(selectors.remote_checkins_awaiting_review(self.sam), [self.remote])
        self.assertEqual(selectors.remote_checkins_awaiting_review(self.pat), [])
        with self.assertNumQueries(0):
            self.assertEqual(selectors.remote_checkins_awaiting_review(self.reggie), [])
        services.remote_checkin_review(remote=self.remote, acting_user=self.olivia, decision="dikonfirmasi")
        self.assertEqual(selectors.remote_checkins_awaiting_review(self.olivia), [])

    def test_one_query_whatever_the_number(self):
        for _n in range(5):
            other = make_client(self.cirebon, officer=self.olivia).current_episode
            self.allow_remote(episode=other)
            services.checkin_record(
                episode=other,
                acting_user=self.olivia,
                outcome="hadir_daring",
                due_on=D(2025, 9, 10),
                occurred_at=self.at(10, 8),
                remote=self.answers(),
            )
        with self.assertNumQueries(1):
            rows = selectors.remote_checkins_awaiting_review(self.olivia)
            names = [r.checkin.episode.client.name for r in rows]
        self.assertEqual(len(names), 6)

    def test_the_pks_home_lists_them(self):
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("dashboard:home"))
        self.assertContains(response, "Remote reports to review")
        self.assertContains(response, reverse("supervision:remote_review", args=[self.remote.pk]))
        self.client.force_login(self.hana)
        self.assertNotContains(self.client.get(reverse("dashboard:home")), "Remote reports to review")


class RemoteReviewViewTestCase(RemoteReviewBase):
    def url(self):
        return reverse("supervision:remote_review", args=[self.remote.pk])

    def test_olivia_reviews_from_the_page(self):
        self.client.force_login(self.olivia)
        page = self.client.get(self.url())
        self.assertContains(page, "Bekerja di bengkel")
        self.assertContains(page, reverse("supervision:remote_photo", args=[self.remote.pk]))
        response = self.client.post(self.url(), {"decision": "ditandai", "note": "Lokasi di luar kota"})
        self.assertRedirects(response, reverse("clients:detail", args=[self.budi.pk]), fetch_redirect_response=False)
        self.remote.refresh_from_db()
        self.assertEqual(self.remote.review, "ditandai")

    def test_a_flag_without_a_note_is_shown_on_the_form(self):
        self.client.force_login(self.olivia)
        response = self.client.post(self.url(), {"decision": "ditandai", "note": ""})
        self.assertContains(response, "Say why the report is flagged")
        self.remote.refresh_from_db()
        self.assertEqual(self.remote.review, "menunggu")

    def test_others_are_refused(self):
        for user, status in ((self.alan, 403), (self.rita, 403), (self.reggie, 403), (self.pat, 404), (self.joko, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url(), {"decision": "dikonfirmasi"}).status_code, status)
        self.remote.refresh_from_db()
        self.assertEqual(self.remote.review, "menunggu")

    def test_the_photo_is_served_only_to_those_who_see_the_client(self):
        url = reverse("supervision:remote_photo", args=[self.remote.pk])
        self.client.force_login(self.olivia)
        response = self.client.get(url)
        self.assertEqual((response.status_code, response["Content-Type"]), (200, "image/jpeg"))
        self.assertIn("no-store", response["Cache-Control"])
        # Close the streamed file without request_finished closing the test's database connection
        # (which PostgreSQL would then lose), as Django's test client does during a request.
        from django.core import signals
        from django.db import close_old_connections

        signals.request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            signals.request_finished.connect(close_old_connections)
        self.assertEqual(AuditEvent.objects.get(action="remotecheckin.viewed").actor, self.olivia)
        for user, status in ((self.pat, 404), (self.alan, 404), (self.paula, 403), (self.kim, 403)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)

    def test_a_report_without_a_photo_has_no_photo_page(self):
        RemoteCheckIn.objects.filter(pk=self.remote.pk).update(photo="")
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(reverse("supervision:remote_photo", args=[self.remote.pk])).status_code, 404)
