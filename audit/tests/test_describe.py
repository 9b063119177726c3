"""Issue 10, point 2: the audit trail reads as sentences, with readable field names and values."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from audit import codes, describe
from audit import services as audit
from audit.models import AuditEvent
from bapas.test import BaseTestCase
from clients.tests.factories import make_client


class EveryActionCodeIsReadableTestCase(SimpleTestCase):
    def test_the_scan_finds_codes_in_every_way_the_code_passes_them(self):
        found = codes.recorded_codes(Path(settings.BASE_DIR))
        self.assertIn("client.registered", found)  # audit.event(action=...)
        self.assertIn("referral.created", found)  # _audit(referral, "referral.created", ...)
        self.assertIn("closing_report.updated", found)  # action = "..."; audit.record(action=action)
        self.assertIn("permit.refused", found)  # action="permit.approved" if approve else "permit.refused"
        self.assertIn("episode.suspended", found)  # _set_episode_status(..., action="episode.suspended")

    def test_every_recorded_action_code_has_a_readable_phrase(self):
        found = codes.recorded_codes(Path(settings.BASE_DIR))
        missing = {code: files for code, files in found.items() if code not in describe.ACTIONS}
        self.assertEqual(missing, {}, "add a phrase for these codes to audit.describe.ACTIONS")

    def test_every_phrase_takes_the_object_in_both_languages(self):
        for language in ("id", "en"):
            with translation.override(language):
                for code, phrase in {**describe.ACTIONS, **describe.GENERIC}.items():
                    text = str(phrase) % {"object": "Budi", "type": "klien"}
                    self.assertIn("Budi", text, code)


class AuditSentencesTestCase(BaseTestCase):
    url = reverse("audit:event_list")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi")
        with transaction.atomic():
            audit.record_view(actor=cls.olivia, obj=cls.budi, office=cls.cirebon)
            audit.record(
                actor=cls.olivia,
                action="client.updated",
                obj=cls.budi,
                office=cls.cirebon,
                changes={"address": ["Jl. A", "Jl. B"], "birth_date": ["1985-03-12", ""], "phone": ["", "0812"]},
            )
            audit.record(
                actor=cls.ada,
                action="account.updated",
                obj=cls.olivia,
                office=cls.cirebon,
                changes={"is_active": [True, False], "role": ["apk", "pk"], "office": [cls.bandung.pk, cls.cirebon.pk]},
            )
            audit.record(
                actor=None,
                action="case.updated",
                obj=cls.budi.cases.get(),
                office=cls.cirebon,
                changes={"fine": ["0", "996000000"]},
                data={"via": "admin"},
            )

    def page(self, **params):
        self.client.force_login(self.reggie)
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_events_read_as_indonesian_sentences(self):
        response = self.page()
        self.assertContains(response, "Olivia Putri melihat data klien Budi")
        self.assertContains(response, "Olivia Putri mengubah data pribadi klien Budi")
        self.assertContains(response, f"{self.ada.get_full_name()} mengubah akun Olivia Putri")
        self.assertContains(response, "Sistem mengubah perkara")
        self.assertNotContains(response, "client.viewed<")
        self.assertNotContains(response, "<code>")

    def test_changes_name_the_field_and_write_values_as_people_do(self):
        response = self.page()
        self.assertContains(response, "mengubah Alamat: Jl. A → Jl. B")
        self.assertContains(response, "mengubah Tanggal lahir: 12-03-1985 → kosong")
        self.assertContains(response, "mengubah Telepon: kosong → 0812")
        self.assertContains(response, "mengubah Aktif: Ya → Tidak")
        self.assertContains(response, "mengubah Peran: Asisten PK (APK) → Pembimbing Kemasyarakatan (PK)")
        self.assertContains(response, "mengubah Kantor: Bapas Uji Bandung → Bapas Uji Cirebon")
        self.assertContains(response, "Rp0 → Rp996.000.000")
        self.assertContains(response, "Melalui: situs administrasi")
        self.assertContains(response, "02-12-2026 10:00")  # the site's date-time format, local time

    def test_a_change_recorded_on_a_row_tied_one_to_one_reads_with_its_label(self):
        """A remote report's review is recorded on its check-in; the check-in has no `review` field of its own."""
        from supervision.models import CheckIn

        checkin = CheckIn.objects.create(
            episode=self.budi.current_episode,
            office=self.cirebon,
            due_on=self.TODAY,
            outcome="tidak_hadir",
        )
        with transaction.atomic():
            audit.record(
                actor=self.olivia,
                action="remote_checkin.reviewed",
                obj=checkin,
                changes={"review": ["menunggu", "dikonfirmasi"]},
            )
        response = self.page(action="remote_checkin.")
        self.assertContains(response, "Pemeriksaan: Menunggu pemeriksaan → Dikonfirmasi")
        self.assertNotContains(response, "Review:")

    def test_values_set_at_creation_read_without_an_arrow(self):
        response = self.page(action="episode.created")
        self.assertContains(response, "<small>Program: Pembebasan Bersyarat (PB)</small>", html=True)
        self.assertContains(response, "<small>PK: Olivia Putri</small>", html=True)

    def test_the_action_filter_still_works(self):
        rows = self.page(action="account.").context["rows"]
        self.assertEqual([r.event.action for r in rows], ["account.updated"])

    def test_names_of_related_rows_cost_one_query_per_model(self):
        events = list(AuditEvent.objects.select_related("object_type"))
        with self.assertNumQueries(3):  # offices, users (the PK of the episode), regencies
            described = describe.describe(events)
        self.assertEqual(len(described), len(events))

    def test_a_code_without_a_phrase_still_reads(self):
        event = AuditEvent(action="thing.frobbed", actor_label="Olivia Putri", object_label="Budi")
        event.object_type_id = AuditEvent.objects.first().object_type_id
        with translation.override("en"):
            self.assertEqual(describe.sentence(event), "Olivia Putri did “thing.frobbed” on Budi")
