"""What the editor offers from the register, per prefill key of the template."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import translation

from assessment.tests.base import final_assessment
from clients import rules
from clients.models import Guarantor
from clients.tests.factories import make_client
from lib.dates import long_date
from litmas import prefill
from litmas.models import LitmasRequest
from litmas.tests.factories import make_request
from litmas.tests.report_base import ReportTestCase


class PrefillTestCase(ReportTestCase):
    def test_a_client_s_sections_come_from_the_register(self):
        request = self.flow_to("received")
        offered = prefill.prefill(request)
        sections = {s["key"]: s["prefill"] for s in request.litmas_type.template.sections if s["prefill"]}
        self.assertEqual(set(offered), set(sections))
        self.assertIn("Nama: Budi Santoso bin Ahmad", offered["identitas"])
        self.assertIn(f"NIK: {self.budi.nik}", offered["identitas"])
        self.assertIn("12 Maret 1985 (umur 41 tahun)", offered["identitas"])
        self.assertIn("Agama: Islam", offered["identitas"])
        case = self.budi.cases.get()
        self.assertIn(f"Putusan pengadilan: {case.decision_number}, tanggal 2 Mei 2024", offered["perkara"])
        self.assertIn("Pasal: Pasal 362 KUHP", offered["perkara"])
        self.assertIn("Pidana penjara: 2 tahun", offered["perkara"])
        self.assertIn("Siti Aminah (", offered["penjamin"])
        self.assertIn("belum dicatat tersendiri", offered["keluarga"])  # no family model: the guarantors
        self.assertIn("Siti Aminah (", offered["keluarga"])
        self.assertIn("Pembebasan Bersyarat (PB), SK PAS-", offered["riwayat_bimbingan"])
        self.assertIn("PK Olivia Putri", offered["riwayat_bimbingan"])
        self.assertEqual(offered["asesmen"], prefill.NO_ASSESSMENT)

    def test_the_milestones_are_the_eligibility_checks_own(self):
        request = self.flow_to("received")
        text = prefill.prefill(request)["tahapan"]
        case = self.budi.cases.get()
        # 2/3 of 2 years from 10 January 2024, as the eligibility checks count it
        self.assertEqual(rules.served_point(case, Decimal("0.6667")), datetime.date(2025, 5, 10))
        self.assertIn("1/3 masa pidana: 10 September 2024", text)
        self.assertIn("1/2 masa pidana: 10 Januari 2025", text)
        self.assertIn("2/3 masa pidana: 10 Mei 2025", text)
        self.assertIn("Pidana berakhir (tanpa remisi): 10 Januari 2026", text)
        # the guidance under way: its phases' review dates, as the rule set puts them (the board's own dates)
        episode = self.budi.current_episode
        phases = rules.phase_review_dates(episode.rule_set, starts_on=episode.starts_on, ends_on=episode.ends_on)
        with translation.override("id"):  # the report is written in Indonesian
            continued, final = long_date(phases.continued_from), long_date(phases.final_from)
        self.assertIn(f"Tahap lanjutan ditinjau sidang TPP mulai: {continued}", text)
        self.assertIn(f"Tahap akhir ditinjau sidang TPP mulai: {final}", text)

    def test_without_a_detention_start_the_milestones_are_not_guessed(self):
        request = self.flow_to("received")
        self.budi.cases.update(detention_start=None, expiry_date=None)
        request = LitmasRequest.objects.get(pk=request.pk)
        self.assertIn("belum dapat dihitung", prefill.sentence_dates(request))
        self.assertIn("Putusan pengadilan", prefill.case(request))  # in Indonesian, also called on its own

    def test_a_new_person_has_only_the_request_s_identity(self):
        request = self.flow_to(
            "received",
            client=None,
            person_name="Rudi Hartono",
            person_nik="3209011505900002",
            person_birth_date=datetime.date(1990, 5, 15),
            person_sex="L",
        )
        offered = prefill.prefill(request)
        self.assertEqual(set(offered), {"identitas", "asesmen"})
        self.assertIn("Nama: Rudi Hartono", offered["identitas"])
        self.assertIn("NIK: 3209011505900002", offered["identitas"])
        self.assertIn("15 Mei 1990 (umur 36 tahun)", offered["identitas"])
        self.assertIn("Belum terdaftar sebagai klien", offered["identitas"])

    def test_sections_already_written_are_not_offered(self):
        request = self.flow_to("received")
        offered = prefill.prefill(request, only_empty={"identitas": "Ditulis PK", "perkara": "  "})
        self.assertNotIn("identitas", offered)
        self.assertIn("perkara", offered)

    def test_without_guarantors_it_says_so(self):
        lone = make_client(self.cirebon, officer=self.olivia, name="Joni")
        request = self.flow_to("received", client=lone)
        Guarantor.objects.filter(client=lone).delete()
        self.assertEqual(prefill.guarantors(request), "Belum ada penjamin yang tercatat.")
        self.assertIn("belum dicatat di sistem", prefill.family(request))

    def test_the_assessment_section_gives_the_clients_latest_final_risk_assessment(self):
        request = self.flow_to("received")
        self.assertEqual(prefill.assessment(request), prefill.NO_ASSESSMENT)
        final_assessment(self.budi, self.olivia, level=0)
        latest = final_assessment(self.budi, self.olivia, level=9)  # every answer at its highest score
        text = prefill.assessment(request)
        self.assertIn("contoh, bukan bobot resmi RRI", text)
        self.assertIn(f"Skor total: {latest.total_score}; kategori risiko: Tinggi", text)
        self.assertIn("Skor per domain: ", text)

    def test_a_new_person_has_no_assessment_yet(self):
        request = make_request(self.cirebon, by=self.rita, person_name="Orang Baru")
        self.assertEqual(prefill.assessment(request), prefill.NO_ASSESSMENT)
