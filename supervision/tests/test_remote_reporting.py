"""Remote reporting: the permission, its link, and remote check-ins recorded by staff."""

import datetime

import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from supervision import selectors, services
from supervision.models import CheckIn, RemoteCheckIn, RemoteReportingPermission
from supervision.tests.base import JAKARTA, D, EnglishTestCase, jpeg

Outcome = CheckIn.Outcome


class RemoteReportingAllowTestCase(EnglishTestCase):
    def assertRefused(self, message, **overrides):
        before = (RemoteReportingPermission.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.allow_remote(**overrides)
        self.assertIn(message, " ".join(ctx.exception.messages))
        self.assertEqual((RemoteReportingPermission.objects.count(), AuditEvent.objects.count()), before)

    def test_it_allows_and_stores_only_a_hash_of_the_link_secret(self):
        permission = self.allow_remote(valid_until=D(2025, 12, 31))
        self.assertGreaterEqual(len(permission.token), 30)
        stored = RemoteReportingPermission.objects.get()
        self.assertEqual(stored.token_hash, selectors.hash_token(permission.token))
        self.assertNotIn(permission.token, stored.token_hash)
        self.assertEqual((stored.allowed_by, stored.office), (self.sam, self.cirebon))
        event = AuditEvent.objects.get(action="remote_reporting.allowed")
        self.assertEqual(event.actor, self.sam)
        self.assertEqual(event.data["valid_until"], "2025-12-31")
        self.assertNotIn(permission.token, str(event.data))

    def test_refusals(self):
        self.assertRefused("pressing circumstances", reason="  ")
        self.assertRefused("must end on or after the day it starts", valid_until=D(2025, 8, 31))
        self.assertRefused("already be over", valid_from=D(2025, 7, 1), valid_until=D(2025, 9, 9))
        self.assertRefused("within the period of guidance", valid_from=D(2025, 6, 1))
        self.assertRefused("beyond the end of guidance", valid_until=D(2030, 1, 1))

    def test_two_permissions_may_not_overlap_but_may_follow_each_other(self):
        self.allow_remote(valid_until=D(2025, 9, 30))
        self.assertRefused("already has a remote reporting permission", valid_from=D(2025, 9, 30))
        self.allow_remote(valid_from=D(2025, 10, 1))

    def test_a_closed_episode_cannot_get_one(self):
        self.episode.status = EpisodeStatus.COMPLETED
        self.episode.save(update_fields=["status"])
        self.assertRefused("not under way")


class RemoteReportingRevokeAndLinkTestCase(EnglishTestCase):
    def test_revoking_kills_the_link_and_is_audited(self):
        permission = self.allow_remote()
        self.assertEqual(selectors.permission_for_token(permission.token), permission)
        services.remote_reporting_revoke(permission=permission, acting_user=self.hana, reason="Sudah sembuh")
        permission.refresh_from_db()
        self.assertEqual(permission.revoked_by, self.hana)
        self.assertIsNone(selectors.permission_for_token(permission.token))
        event = AuditEvent.objects.get(action="remote_reporting.revoked")
        self.assertEqual(event.data["reason"], "Sudah sembuh")
        with self.assertRaisesMessage(ValidationError, "already revoked"):
            services.remote_reporting_revoke(permission=permission, acting_user=self.hana)

    def test_a_new_link_replaces_the_old_one(self):
        permission = self.allow_remote()
        old = permission.token
        renewed = services.remote_reporting_renew_link(permission=permission, acting_user=self.olivia)
        self.assertIsNone(selectors.permission_for_token(old))
        self.assertEqual(selectors.permission_for_token(renewed.token), permission)
        self.assertTrue(AuditEvent.objects.filter(action="remote_reporting.link_renewed").exists())

    def test_an_ended_permission_gets_no_new_link_and_cannot_be_revoked(self):
        permission = self.allow_remote(valid_until=D(2025, 9, 10))
        with time_machine.travel(datetime.datetime(2025, 9, 11, 9, tzinfo=JAKARTA), tick=False):
            with self.assertRaisesMessage(ValidationError, "has ended or was revoked"):
                services.remote_reporting_renew_link(permission=permission, acting_user=self.olivia)
            with self.assertRaisesMessage(ValidationError, "already ended"):
                services.remote_reporting_revoke(permission=permission, acting_user=self.sam)

    def test_the_link_works_only_within_the_period_and_while_the_client_is_active(self):
        later = self.allow_remote(valid_from=D(2025, 9, 11))
        self.assertIsNone(selectors.permission_for_token(later.token))  # not yet
        with time_machine.travel(datetime.datetime(2025, 9, 11, 9, tzinfo=JAKARTA), tick=False):
            self.assertEqual(selectors.permission_for_token(later.token), later)
        self.episode.status = EpisodeStatus.SUSPENDED
        self.episode.save(update_fields=["status"])
        with time_machine.travel(datetime.datetime(2025, 9, 11, 9, tzinfo=JAKARTA), tick=False):
            self.assertIsNone(selectors.permission_for_token(later.token))
        self.assertIsNone(selectors.permission_for_token(""))
        self.assertIsNone(selectors.permission_for_token("x" * 500))


class StaffRemoteCheckInTestCase(EnglishTestCase):
    def record(self, **overrides):
        fields = {
            "episode": self.episode,
            "acting_user": self.olivia,
            "outcome": Outcome.ATTENDED_REMOTE,
            "due_on": D(2025, 9, 10),
            "occurred_at": self.at(10, 9),
            "remote": self.answers(),
        }
        fields.update(overrides)
        return services.checkin_record(**fields)

    def assertRefused(self, message, **overrides):
        before = (CheckIn.objects.count(), RemoteCheckIn.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.record(**overrides)
        self.assertIn(message, " ".join(ctx.exception.messages))
        self.assertEqual((CheckIn.objects.count(), RemoteCheckIn.objects.count(), AuditEvent.objects.count()), before)
        return ctx.exception

    def test_without_a_permission_a_remote_report_is_refused(self):
        error = self.assertRefused("no permission to report remotely on 10 September 2025")
        self.assertIn("outcome", error.message_dict)

    def test_a_permission_revoked_before_the_report_or_not_yet_valid_does_not_count(self):
        permission = self.allow_remote(valid_from=D(2025, 9, 11))
        self.assertRefused("no permission to report remotely")
        permission.valid_from = D(2025, 9, 1)
        permission.save(update_fields=["valid_from"])
        services.remote_reporting_revoke(permission=permission, acting_user=self.sam)  # at 10:00
        self.assertRefused("no permission to report remotely", occurred_at=self.at(10, 10))
        # A report made before the revocation still counts.
        self.record(occurred_at=self.at(10, 9))

    def test_it_records_a_video_call_with_answers_place_and_photo_awaiting_review(self):
        permission = self.allow_remote()
        checkin = self.record(
            remote=self.answers(
                latitude=-6.7320, longitude=108.5523, accuracy_m=25, photo=jpeg(), obstacles="  Tidak ada  "
            )
        )
        remote = checkin.remote
        self.assertEqual((remote.permission, remote.via, remote.review), (permission, "petugas", "menunggu"))
        self.assertEqual(remote.obstacles, "Tidak ada")
        self.assertEqual(
            (str(remote.latitude), str(remote.longitude), remote.accuracy_m), ("-6.732000", "108.552300", 25)
        )
        self.assertEqual(remote.photo_content_type, "image/jpeg")
        self.assertTrue(remote.photo.name.startswith("supervision/remote/"))
        self.assertNotIn("Budi", remote.photo.name)
        self.assertEqual(checkin.remote_answers[0], ("How are you?", "Sehat"))
        event = AuditEvent.objects.get(action="checkin.recorded")
        self.assertEqual((event.data["via"], event.data["photo"], event.data["coordinates"]), ("petugas", True, True))

    def test_the_three_answers_are_required(self):
        self.allow_remote()
        error = self.assertRefused("Say how the client is", remote=self.answers(condition=" ", activity=""))
        self.assertEqual(set(error.message_dict), {"condition", "activity"})
        self.assertRefused("Say how the client is", remote=None)
        self.assertRefused("under 500 characters", remote=self.answers(activity="x" * 501))

    def test_coordinates_are_checked(self):
        self.allow_remote()
        self.assertRefused("between -90 and 90", remote=self.answers(latitude=-91, longitude=108))
        self.assertRefused("between -180 and 180", remote=self.answers(latitude=-6, longitude=181))
        self.assertRefused("or neither", remote=self.answers(latitude=-6))
        self.assertRefused("only with coordinates", remote=self.answers(accuracy_m=10))
        self.assertRefused(
            "between 0 and 100000 metres", remote=self.answers(latitude=-6, longitude=108, accuracy_m=-1)
        )

    def test_a_photo_must_be_an_image(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.allow_remote()
        fake = SimpleUploadedFile("foto.jpg", b"<html>not an image</html>", content_type="image/jpeg")
        self.assertRefused("JPEG, PNG or WebP", remote=self.answers(photo=fake))

    def test_answers_belong_only_to_a_remote_report(self):
        self.allow_remote()
        self.assertRefused("belong only to a remote report", outcome=Outcome.ATTENDED, location=self.cirebon_location)

    def test_other_refusals_still_apply(self):
        self.allow_remote()
        self.assertRefused("cannot be in the future", occurred_at=self.at(10, 11))
        self.record()
        self.assertRefused("two check-ins for one scheduled date")
