"""checkin_record: what it writes, and every refusal leaves nothing behind."""

from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from organizations.models import ServiceLocation
from supervision import services
from supervision.models import CheckIn
from supervision.tests.base import D, SupervisionTestCase

Outcome = CheckIn.Outcome


class CheckInRecordTestCase(SupervisionTestCase):
    def record(self, **overrides):
        fields = {
            "episode": self.episode,
            "acting_user": self.olivia,
            "outcome": Outcome.ATTENDED,
            "due_on": D(2025, 9, 10),
            "occurred_at": self.at(10, 8),
            "location": self.cirebon_location,
        }
        fields.update(overrides)
        return services.checkin_record(**fields)

    def assertRefused(self, message: str, **overrides):
        before = (CheckIn.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.record(**overrides)
        self.assertIn(message, " ".join(ctx.exception.messages))
        self.assertEqual((CheckIn.objects.count(), AuditEvent.objects.count()), before)

    def test_it_records_an_attended_report_with_an_audit_row(self):
        checkin = self.record()
        self.assertEqual(checkin.outcome, Outcome.ATTENDED)
        self.assertEqual(checkin.office, self.cirebon)
        self.assertEqual(checkin.recorded_by, self.olivia)
        event = AuditEvent.objects.get(action="checkin.recorded")
        self.assertEqual(event.actor, self.olivia)
        self.assertEqual(event.object_id, str(checkin.pk))
        self.assertEqual(event.data["outcome"], "hadir")
        self.assertEqual(event.data["due_on"], "2025-09-10")
        self.assertEqual(event.data["client"], self.budi.pk)
        self.assertFalse(event.restricted)

    def test_it_records_a_past_date_remotely_and_an_excuse_with_a_new_date(self):
        services.remote_reporting_allow(
            episode=self.episode, acting_user=self.sam, reason="Sakit", valid_from=D(2025, 7, 1), valid_until=None
        )
        self.record(
            due_on=D(2025, 7, 10),
            outcome=Outcome.ATTENDED_REMOTE,
            location=None,
            occurred_at=self.at(10, 9, 7),
            remote=services.RemoteDetails(condition="Baik", activity="Bekerja", obstacles="Tidak ada"),
        )
        excused = self.record(
            due_on=D(2025, 8, 11),  # 10 August 2025 was a Sunday
            outcome=Outcome.EXCUSED,
            location=None,
            occurred_at=self.at(9, 9, 8),
            excuse_reason="  Sakit, surat dokter  ",
            rescheduled_to=D(2025, 8, 14),
        )
        self.assertEqual(excused.excuse_reason, "Sakit, surat dokter")
        moved = self.record(due_on=D(2025, 8, 14), occurred_at=self.at(14, 9, 8))
        self.assertEqual(moved.due_on, D(2025, 8, 14))

    def test_it_records_a_missed_report_without_a_time(self):
        checkin = self.record(due_on=D(2025, 8, 11), outcome=Outcome.MISSED, occurred_at=None, location=None)
        self.assertIsNone(checkin.occurred_at)

    def test_it_refuses_an_episode_that_is_not_active(self):
        self.episode.status = EpisodeStatus.COMPLETED
        self.episode.save(update_fields=["status"])
        self.assertRefused("dapat dicatat hanya selama masih berjalan")

    def test_it_refuses_a_time_in_the_future(self):
        self.assertRefused("tidak boleh di masa depan", occurred_at=self.at(10, 11))

    def test_it_refuses_a_date_outside_the_schedule(self):
        self.assertRefused("bukan tanggal wajib lapor", due_on=D(2025, 9, 11))
        self.assertRefused("bukan tanggal wajib lapor", due_on=D(2027, 2, 10))  # after the end of guidance

    def test_it_refuses_two_check_ins_for_one_scheduled_date(self):
        self.record()
        self.assertRefused("dua catatan lapor untuk satu tanggal", occurred_at=self.at(10, 9))

    def test_the_database_refuses_a_duplicate_too(self):
        self.record()
        duplicate = CheckIn(episode=self.episode, office=self.cirebon, due_on=D(2025, 9, 10), outcome=Outcome.MISSED)
        with self.assertRaises(ValidationError) as ctx:
            duplicate.validate_constraints()
        self.assertIn("dua catatan lapor untuk satu tanggal", " ".join(ctx.exception.messages))

    def test_it_refuses_a_location_of_another_office_or_an_inactive_one(self):
        self.assertRefused("lokasi layanan aktif milik kantor klien", location=self.bandung_location)
        closed = ServiceLocation.objects.create(
            office=self.cirebon,
            kind=ServiceLocation.Kind.POS_BAPAS,
            name="Pos Tutup",
            address="Jl. Uji 3",
            district=self.district,
            is_active=False,
        )
        self.assertRefused("lokasi layanan aktif milik kantor klien", location=closed)

    def test_it_refuses_an_excuse_without_a_reason(self):
        self.assertRefused("alasan izin", outcome=Outcome.EXCUSED, excuse_reason="   ")

    def test_it_refuses_a_new_date_that_is_already_a_reporting_date(self):
        self.assertRefused(
            "sudah merupakan tanggal wajib lapor",
            outcome=Outcome.EXCUSED,
            excuse_reason="Sakit",
            rescheduled_to=D(2025, 10, 10),
        )

    def test_it_refuses_to_mark_missed_a_date_not_yet_passed(self):
        self.assertRefused("setelah tanggalnya lewat", outcome=Outcome.MISSED, occurred_at=None, location=None)

    def test_a_remote_report_has_no_location(self):
        self.assertRefused("tidak memiliki lokasi layanan", outcome=Outcome.ATTENDED_REMOTE)

    def test_a_child_clients_report_is_a_restricted_audit_row(self):
        from clients.tests.factories import make_client

        child = make_client(self.cirebon, program="PB_ANAK")
        services.checkin_record(
            episode=child.current_episode,
            acting_user=self.hana,
            outcome=Outcome.ATTENDED,
            due_on=D(2025, 9, 10),
            occurred_at=self.at(10, 8),
            location=self.cirebon_location,
        )
        self.assertTrue(AuditEvent.objects.get(action="checkin.recorded").restricted)
