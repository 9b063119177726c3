"""Intensified reporting (a sanction) and the office's tracking start."""

import io

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from supervision import selectors, services
from supervision.models import CheckIn, ScheduleChange
from supervision.tests.base import D, EnglishTestCase


class ReportingIntensifyTestCase(EnglishTestCase):
    def intensify(self, **overrides):
        fields = {
            "episode": self.episode,
            "acting_user": self.sam,
            "interval_days": 7,
            "starts_on": D(2025, 9, 15),
            "ends_on": D(2025, 10, 6),
            "reason": "Tidak hadir tiga kali berturut-turut",
        }
        fields.update(overrides)
        return services.reporting_intensify(**fields)

    def assertRefused(self, message, **overrides):
        before = (ScheduleChange.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.intensify(**overrides)
        self.assertIn(message, " ".join(ctx.exception.messages))
        self.assertEqual((ScheduleChange.objects.count(), AuditEvent.objects.count()), before)

    def test_it_changes_the_schedule_and_is_audited_with_its_violation(self):
        change = self.intensify(violation_id=42)
        self.assertEqual((change.interval_days, change.violation_id, change.set_by), (7, 42, self.sam))
        event = AuditEvent.objects.get(action="reporting.intensified")
        self.assertEqual((event.data["violation"], event.data["interval_days"]), (42, 7))
        dates = selectors.scheduled_dates(self.episode, until=D(2025, 11, 30))
        self.assertEqual(
            dates,
            [
                D(2025, 7, 10),
                D(2025, 8, 11),
                D(2025, 9, 10),
                D(2025, 9, 15),
                D(2025, 9, 22),
                D(2025, 9, 29),
                D(2025, 10, 6),
                D(2025, 10, 10),  # the usual schedule resumes
                D(2025, 11, 10),
            ],
        )
        self.assertEqual(selectors.current_interval(self.episode, today=D(2025, 9, 20)), change)

    def test_the_violations_app_may_call_it_without_a_user(self):
        change = self.intensify(acting_user=None, violation_id=7)
        self.assertIsNone(change.set_by)
        self.assertEqual(AuditEvent.objects.get(action="reporting.intensified").actor_label, "system")

    def test_refusals(self):
        self.assertRefused("more frequent than the usual one", interval_days=31)
        self.assertRefused("Report every 1 to 31 days", interval_days=0)
        self.assertRefused("cannot start in the past", starts_on=D(2025, 9, 9))
        self.assertRefused("must not be before the first report", ends_on=D(2025, 9, 14))
        self.assertRefused("beyond the end of guidance", ends_on=D(2030, 1, 1))
        self.assertRefused("must start before the end of guidance", starts_on=D(2030, 1, 1), ends_on=None)
        self.assertRefused("Give the reason", reason=" ")
        self.episode.status = EpisodeStatus.REVOKED
        self.episode.save(update_fields=["status"])
        self.assertRefused("not under way")

    def test_lifting_it(self):
        import datetime

        import time_machine

        from supervision.tests.base import JAKARTA

        change = self.intensify()
        with self.assertRaisesMessage(ValidationError, "can be lifted from the day after"):
            services.reporting_intensification_end(change=change, acting_user=self.sam)
        with time_machine.travel(datetime.datetime(2025, 9, 20, 9, tzinfo=JAKARTA), tick=False):
            services.reporting_intensification_end(change=change, acting_user=self.sam)
        change.refresh_from_db()
        self.assertEqual((change.ends_on, change.ended_by), (D(2025, 9, 19), self.sam))
        self.assertEqual(
            AuditEvent.objects.get(action="reporting.intensification_ended").changes["ends_on"],
            ["2025-10-06", "2025-09-19"],
        )

    def test_a_sanction_for_a_violation_is_lifted_only_by_the_head(self):
        import datetime

        import time_machine

        from supervision.tests.base import JAKARTA

        change = self.intensify()
        change.violation_id = 4242  # as the violations app sets it for a board's response
        change.save(update_fields=["violation_id"])
        with time_machine.travel(datetime.datetime(2025, 9, 20, 9, tzinfo=JAKARTA), tick=False):
            with self.assertRaisesMessage(ValidationError, "only the head of the office can lift it"):
                services.reporting_intensification_end(change=change, acting_user=self.sam)
            change.refresh_from_db()
            self.assertIsNone(change.ended_at)
            services.reporting_intensification_end(change=change, acting_user=self.hana)
        change.refresh_from_db()
        self.assertEqual(change.ended_by, self.hana)

    def test_the_page(self):
        url = reverse("supervision:intensify", args=[self.budi.pk])
        form = {"interval_days": "14", "starts_on": "2025-09-15", "ends_on": "", "reason": "Sanksi"}
        self.client.force_login(self.sam)
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(url, form)
        self.assertRedirects(response, reverse("clients:detail", args=[self.budi.pk]), fetch_redirect_response=False)
        self.assertEqual(ScheduleChange.objects.get().interval_days, 14)
        response = self.client.post(url, {**form, "starts_on": "2025-09-01"})
        self.assertContains(response, "cannot start in the past")
        for user, status in ((self.olivia, 403), (self.rita, 403), (self.joko, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url, form).status_code, status)
        self.assertEqual(ScheduleChange.objects.count(), 1)

    def test_the_lift_page_asks_first(self):
        change = self.intensify(starts_on=D(2025, 9, 10))
        url = reverse("supervision:intensification_end", args=[change.pk])
        self.client.force_login(self.hana)
        self.assertContains(self.client.get(url), "Continue?")
        change.refresh_from_db()
        self.assertEqual(change.ends_on, D(2025, 10, 6))
        self.assertContains(self.client.post(url), "can be lifted from the day after")
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.post(url).status_code, 403)


class TrackingStartTestCase(EnglishTestCase):
    def test_dates_before_the_tracking_start_are_never_due_nor_marked_missed(self):
        services.reporting_tracking_set(office=self.cirebon, acting_user=self.hana, tracked_from=D(2025, 9, 1))
        self.assertEqual(
            AuditEvent.objects.get(action="reporting.tracking_set").changes["tracked_from"], [None, "2025-09-01"]
        )
        call_command("mark_missed_checkins", "--today", "2025-11-01", stdout=io.StringIO())
        self.assertEqual(list(CheckIn.objects.values_list("due_on", flat=True)), [D(2025, 9, 10), D(2025, 10, 10)])
        with self.assertRaisesMessage(ValidationError, "Reporting is tracked here from 1 September 2025"):
            services.checkin_record(
                episode=self.episode,
                acting_user=self.olivia,
                outcome="hadir",
                due_on=D(2025, 7, 10),
                occurred_at=self.at(10, 9, 7),
                location=self.cirebon_location,
            )

    def test_a_new_excuse_date_must_be_a_working_day(self):
        with self.assertRaisesMessage(ValidationError, "13 September 2025 is not a working day"):
            services.checkin_record(
                episode=self.episode,
                acting_user=self.olivia,
                outcome="izin",
                due_on=D(2025, 9, 10),
                occurred_at=self.at(10, 9),
                excuse_reason="Sakit",
                rescheduled_to=D(2025, 9, 13),
            )


class TrackedFromCommandTestCase(EnglishTestCase):
    def run_command(self, *args) -> str:
        out = io.StringIO()
        call_command("reporting_tracked_from", *args, stdout=out)
        return out.getvalue()

    def test_it_lists_and_sets(self):
        self.assertIn("Bapas Uji Cirebon\tfrom each start", self.run_command())
        self.assertIn(
            "tracked from 2025-09-01", self.run_command("--office", str(self.cirebon.pk), "--date", "2025-09-01")
        )
        self.assertIn("Bapas Uji Cirebon\t2025-09-01", self.run_command())
        self.assertEqual(AuditEvent.objects.get(action="reporting.tracking_set").actor_label, "system")

    def test_bad_input(self):
        from django.core.management.base import CommandError

        for args in (
            ("--office", "1"),
            ("--office", "999999", "--date", "2025-09-01"),
            ("--office", "1", "--date", "1-9-2025"),
        ):
            with self.subTest(args=args), self.assertRaises(CommandError):
                self.run_command(*args)


class TrackExistingOfficesMigrationTestCase(EnglishTestCase):
    def test_offices_that_hold_records_are_tracked_from_the_day_of_the_migration(self):
        import importlib

        from django.apps import apps

        from supervision.models import ReportingSettings

        migration = importlib.import_module("supervision.migrations.0003_track_existing_offices_from_today")
        services.reporting_tracking_set(office=self.bandung, acting_user=None, tracked_from=D(2024, 1, 1))
        migration.forward(apps, None)
        tracked = dict(ReportingSettings.objects.values_list("office__name", "tracked_from"))
        self.assertEqual(tracked["Bapas Uji Cirebon"], D(2025, 9, 10))
        self.assertEqual(tracked["Bapas Uji Bandung"], D(2024, 1, 1))  # an existing row is kept
        self.assertEqual(tracked["Bapas Uji Semarang"], D(2025, 9, 10))
