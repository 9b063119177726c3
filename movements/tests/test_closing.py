"""Termination (pengakhiran): the PK's closing report, then the section head or head closes the episode."""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from movements import services
from movements.models import ClosingReport
from movements.tests.base import JAKARTA, D, MovementsTestCase
from supervision import services as supervision_services

REPORT = {"summary": "Reported every month.", "conduct": "Good.", "recommendation": ""}


class ClosingTestCase(MovementsTestCase):
    def write(self, **fields):
        values = {"reason": "selesai", "ended_on": D(2027, 1, 10), **REPORT}
        values.update(fields)
        return services.closing_report_write(episode=self.episode, acting_user=self.olivia, **values)

    def test_completed_only_from_the_end_of_guidance(self):
        with self.assertRaises(ValidationError) as caught:
            self.write(ended_on=D(2026, 12, 21))
        self.assertIn("Guidance runs until 10 January 2027", caught.exception.message_dict["reason"][0])
        self.assertFalse(ClosingReport.objects.exists())

    def test_a_completion_report_can_be_drafted_before_the_end_but_closes_only_from_it(self):
        report = self.write(ended_on=D(2027, 1, 10))  # the scheduled end, still ahead
        self.assertEqual(report.reason, "selesai")
        with self.assertRaises(ValidationError) as caught:
            services.episode_close(episode=self.episode, acting_user=self.sam)
        self.assertIn("Guidance cannot end in the future.", caught.exception.message_dict["ended_on"])
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.status, EpisodeStatus.ACTIVE)

    def test_other_future_end_dates_are_refused_even_in_a_draft(self):
        with self.assertRaises(ValidationError) as caught:
            self.write(ended_on=D(2027, 1, 11))
        self.assertIn("Guidance cannot end in the future.", caught.exception.message_dict["ended_on"])
        self.assertFalse(ClosingReport.objects.exists())

    def test_deceased_needs_the_date_of_death(self):
        with self.assertRaises(ValidationError) as caught:
            self.write(reason="meninggal", ended_on=D(2026, 12, 20))
        self.assertEqual(caught.exception.message_dict["date_of_death"], ["Give the date of death."])

    def test_revoked_only_when_a_revocation_is_recorded(self):
        with self.assertRaises(ValidationError) as caught:
            self.write(reason="dicabut", ended_on=D(2026, 12, 20), reference="SK typed in")
        self.assertIn("No revocation is recorded for this client", caught.exception.message_dict["reason"][0])
        self.assertFalse(ClosingReport.objects.exists())

    def revoke(self):
        """The violations app's record of a revocation (its own tests walk the whole flow)."""
        from violations.models import Revocation, Violation

        violation = Violation.objects.create(
            episode=self.episode,
            office=self.cirebon,
            type="SK_PINDAH_ALAMAT_TANPA_LAPOR",
            occurred_on=D(2026, 11, 1),
            reported_on=D(2026, 11, 2),
            source="pk",
            description="Moved without telling the PK.",
        )
        Revocation.objects.create(
            violation=violation,
            episode=self.episode,
            decree_number="PAS-9.PK.05.09 Tahun 2026",
            decree_date=D(2026, 12, 15),
            decided_by="Dirjen Pemasyarakatan",
            returned_on=D(2026, 12, 16),
            institution="Lapas Cirebon",
            window_ends_on=D(2027, 4, 10),
        )
        self.episode.status = EpisodeStatus.REVOKED
        self.episode.save(update_fields=["status"])

    def test_a_revoked_episode_gets_its_closing_report_with_the_decree(self):
        self.revoke()
        with self.assertRaises(ValidationError) as caught:
            self.write(reason="selesai", ended_on=D(2027, 1, 10))
        self.assertIn("revoked by decree PAS-9.PK.05.09 Tahun 2026", caught.exception.message_dict["reason"][0])
        report = self.write(reason="dicabut", ended_on=D(2026, 12, 16))
        self.assertEqual(report.reference, "PAS-9.PK.05.09 Tahun 2026 (15-12-2026)")
        services.episode_close(episode=self.episode, acting_user=self.sam)
        report.refresh_from_db()
        self.episode.refresh_from_db()
        self.assertEqual((self.episode.status, report.closed_by), (EpisodeStatus.REVOKED, self.sam))
        self.assertEqual(AuditEvent.objects.get(action="episode.closed").changes, {})
        with self.assertRaises(ValidationError):
            self.write(reason="dicabut", ended_on=D(2026, 12, 16), expected_version=report.version)

    def test_transferred_needs_an_approved_transfer(self):
        with self.assertRaises(ValidationError) as caught:
            self.write(reason="dilimpahkan", ended_on=D(2026, 12, 21))
        self.assertIn("no approved transfer", caught.exception.message_dict["reason"][0])

    def test_a_death_closes_the_episode_and_check_ins_are_refused(self):
        report = self.write(reason="meninggal", ended_on=D(2026, 12, 19), date_of_death=D(2026, 12, 19))
        self.assertTrue(AuditEvent.objects.filter(action="closing_report.written", actor=self.olivia).exists())
        with self.assertRaises(ValidationError):
            services.episode_close(episode=self.episode, acting_user=self.joko)  # another office
        services.episode_close(episode=self.episode, acting_user=self.sam)
        self.episode.refresh_from_db()
        report.refresh_from_db()
        self.assertEqual(self.episode.status, EpisodeStatus.DECEASED)
        self.assertEqual(report.closed_by, self.sam)
        event = AuditEvent.objects.get(action="episode.closed")
        self.assertEqual(event.changes, {"status": ["active", "deceased"]})
        with self.assertRaises(ValidationError) as caught:
            supervision_services.checkin_record(
                episode=self.episode,
                acting_user=self.olivia,
                outcome="tidak_hadir",
                due_on=D(2026, 12, 10),
                occurred_at=None,
            )
        self.assertEqual(caught.exception.code, "not_active")

    def test_completion_on_the_last_day(self):
        with time_machine.travel(datetime.datetime(2027, 1, 11, 9, 0, tzinfo=JAKARTA), tick=False):
            self.write()
            services.episode_close(episode=self.episode, acting_user=self.hana)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.status, EpisodeStatus.COMPLETED)

    def test_the_report_is_rewritten_with_a_version_check(self):
        report = self.write(reason="putusan_lain", ended_on=D(2026, 12, 20), reference="12/Pid.B/2026/PN Cbn")
        with self.assertRaises(ValidationError):
            self.write(
                reason="putusan_lain", ended_on=D(2026, 12, 20), reference="X", expected_version=report.version + 1
            )
        again = self.write(
            reason="putusan_lain", ended_on=D(2026, 12, 18), reference="X", expected_version=report.version
        )
        self.assertEqual((again.ended_on, again.version), (D(2026, 12, 18), 2))
        self.assertEqual(AuditEvent.objects.get(action="closing_report.updated").changes["ended_on"][1], "2026-12-18")

    def test_pages_and_permissions(self):
        write = reverse("movements:closing_report", args=[self.budi.pk])
        close = reverse("movements:episode_close", args=[self.budi.pk])
        self.client.force_login(self.alan)
        self.assertEqual(self.client.post(write, {}).status_code, 403)
        self.client.force_login(self.pat)
        self.assertEqual(self.client.post(write, {}).status_code, 404)
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.post(close).status_code, 403)
        response = self.client.post(
            write,
            {"reason": "putusan_lain", "ended_on": "2026-12-20", "reference": "SK 12/2026", **REPORT},
        )
        self.assertRedirects(response, reverse("clients:detail", args=[self.budi.pk]))
        self.client.force_login(self.joko)
        self.assertEqual(self.client.post(close).status_code, 404)
        self.client.force_login(self.hana)
        self.assertContains(self.client.get(close), "SK 12/2026")
        response = self.client.post(close)
        self.assertRedirects(response, reverse("clients:detail", args=[self.budi.pk]))
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.status, EpisodeStatus.COMPLETED)  # ended early by a court decision
        self.assertContains(self.client.get(close), "no guidance under way")
