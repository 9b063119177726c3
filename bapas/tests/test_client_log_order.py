"""The client's log (clients.log) puts entries from every app in the order they happened.

Sources give their times differently: field work converts to local time, violations, referrals, movements
and the board keep the database's UTC, and some records carry only a date. The log sorts them as aware
instants; a day-only entry stands at the end of its (local) day.
"""

import datetime

import time_machine
from django.utils import translation

from bapas.test import BaseTestCase
from bapas.testclock import JAKARTA
from board import services as board_services
from clients import log
from clients import services as client_services
from clients.tests.factories import make_client
from fieldwork import services as fieldwork_services
from movements import services as movement_services
from partners.codes import ServiceField
from partners.models import PartnerField
from partners.tests.factories import make_agreement
from referrals import services as referral_services
from referrals.models import Attendance
from supervision import services as supervision_services
from violations import services as violation_services

D = datetime.date


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A time in September 2025, Western Indonesian Time (UTC+7)."""
    return datetime.datetime(2025, 9, day, hour, minute, tzinfo=JAKARTA)


class ClientLogOrderTestCase(BaseTestCase):
    maxDiff = None
    NOW = at(1, 9)  # registration and its entries come before the days the test looks at

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        cls.episode = cls.budi.current_episode
        lbh = cls.lbh
        lbh.status, lbh.capacity = lbh.Status.ACTIVE, 5
        lbh.save(update_fields=["status", "capacity"])
        PartnerField.objects.create(partner=lbh, field=ServiceField.LEGAL_AID)
        lbh.service_area.set(["32.09", "32.74"])
        make_agreement(lbh, fields=[ServiceField.LEGAL_AID])

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))

    def test_entries_from_every_source_stand_in_the_order_they_happened(self):
        episode, olivia = self.episode, self.olivia
        with time_machine.travel(at(8, 10), tick=False):
            fieldwork_services.guidance_activity_record(
                acting_user=olivia,
                kind="individu",
                held_on=D(2025, 9, 8),
                guidance_type="kesadaran_hukum",
                topic="Syarat PB",
                place="Kantor",
                participants=[fieldwork_services.Participant(episode=episode, progress="Paham.")],
            )
        with time_machine.travel(at(10, 7), tick=False):
            fieldwork_services.case_note_add(episode=episode, acting_user=olivia, body="Klien menelepon pukul 07.00.")
        with time_machine.travel(at(10, 7, 30), tick=False):
            supervision_services.checkin_record(
                episode=episode,
                acting_user=olivia,
                outcome="hadir",
                due_on=D(2025, 9, 10),
                occurred_at=at(10, 7, 30),
                location=self.cirebon_location,
            )
        with time_machine.travel(at(10, 8), tick=False):
            violation_services.violation_report(
                episode=episode,
                acting_user=olivia,
                type="SK_PINDAH_ALAMAT_TANPA_LAPOR",
                occurred_on=D(2025, 9, 1),
                source="pk",
                description="Pindah tanpa lapor.",
            )
        with time_machine.travel(at(10, 9), tick=False):
            movement_services.permit_request(
                episode=episode,
                acting_user=olivia,
                kind="luar_kota",
                applicant="klien",
                destination="Jakarta",
                purpose="Menjenguk ayah",
                starts_on=D(2025, 9, 29),
                ends_on=D(2025, 9, 30),
            )
        with time_machine.travel(at(10, 10), tick=False):
            referral = referral_services.referral_create(
                episode=episode,
                partner=self.lbh,
                field=ServiceField.LEGAL_AID,
                needs="Pendampingan hukum.",
                outcomes=["Memahami haknya"],
                acting_user=olivia,
            )
        with time_machine.travel(at(10, 11), tick=False):
            board_services.phase_propose(
                episode=episode, to_phase="lanjutan", reason="Selalu hadir lapor.", acting_user=olivia
            )
        with time_machine.travel(at(10, 12), tick=False):
            client_services.episode_assign(
                episode=episode, acting_user=self.sam, officer=self.alan, kind="apk", reason="Beban kerja."
            )
        with time_machine.travel(at(10, 12, 30), tick=False):
            client_services.client_update(
                client=self.budi, acting_user=olivia, expected_version=None, address="Jl. Baru 2"
            )
        with time_machine.travel(at(10, 13), tick=False):
            fieldwork_services.home_visit_record(
                episode=episode,
                acting_user=olivia,
                visited_on=D(2025, 9, 10),
                purpose="pengawasan",
                findings="Rumah rapi.",
            )
        with time_machine.travel(at(11, 9), tick=False):
            referral = referral_services.referral_accept(referral=referral, acting_user=self.paula)
        with time_machine.travel(at(12, 9), tick=False):
            referral_services.session_record(
                referral=referral,
                data=referral_services.SessionInput(
                    held_on=D(2025, 9, 11), attendance=Attendance.ATTENDED, summary="Konsultasi awal."
                ),
                acting_user=self.paula,
            )

        # Newest first; what registration logged on 1 September comes after these.
        rows = [(e.kind, e.title) for e in log.entries(self.budi, self.olivia)][:12]
        self.assertEqual(
            rows,
            [
                ("referral", "Session with LBH Uji: Attended"),  # 11 Sept, a date only: after the acceptance
                ("referral", "LBH Uji accepted the referral"),  # 11 Sept 09:00
                ("home_visit", "Home visit: Supervision"),  # 10 Sept, a date only: the end of that day
                ("change", "Personal data changed"),  # 12:30 (audit, local)
                ("assignment", "Alan assigned as APK"),  # 12:00 (local)
                ("board", "Put before the board: phase change"),  # 11:00 (UTC in the database)
                ("referral", "Referred to LBH Uji for Legal aid"),  # 10:00 (UTC)
                ("movement", "Out of town permit requested: Jakarta"),  # 09:00 (UTC)
                ("violation", "Violation reported: Moved without reporting the new address"),  # 08:00 (UTC)
                ("checkin", "Reporting: Attended"),  # 07:30 (local)
                ("note", "Note"),  # 07:00 (local)
                ("guidance", "Individual guidance: Legal awareness (kesadaran hukum)"),  # 8 Sept, a date only
            ],
        )

    def test_a_day_only_entry_stands_at_the_end_of_its_local_day(self):
        day = log.LogEntry(when=D(2025, 9, 10), kind="home_visit", title="visit")
        late_utc = log.LogEntry(
            when=datetime.datetime(2025, 9, 10, 16, 30, tzinfo=datetime.UTC), kind="violation", title="23:30 WIB"
        )
        next_day_utc = log.LogEntry(
            when=datetime.datetime(2025, 9, 10, 17, 30, tzinfo=datetime.UTC), kind="violation", title="00:30 WIB"
        )
        self.assertEqual(day.sort_key, datetime.datetime(2025, 9, 10, 23, 59, 59, 999999, tzinfo=JAKARTA))
        self.assertLess(late_utc.sort_key, day.sort_key)
        self.assertLess(day.sort_key, next_day_utc.sort_key)
