"""Signing a Litmas: the register number, the PDF and its hash, versions after a correction, refusals."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessment.tests.base import final_assessment
from audit.models import AuditEvent
from board.models import Meeting
from litmas import documents, services
from litmas.codes import State
from litmas.models import LitmasDocument, LitmasReport
from litmas.tests.report_base import ReportTestCase, pdf_text


class SignTestCase(ReportTestCase):
    def test_signing_an_approved_report_makes_the_pdf_with_its_number_and_sections(self):
        request = self.flow_to("approved")

        document = documents.report_sign(request=request, acting_user=self.olivia)

        request.refresh_from_db()
        self.assertEqual(request.state, State.FINAL)
        self.assertEqual(request.register_number, "0001/LIT-BKD/2026")
        self.assertEqual((document.number, document.register_number), (1, "0001/LIT-BKD/2026"))
        data = document.pdf.open("rb").read()
        document.pdf.close()
        self.assertTrue(data.startswith(b"%PDF-"))
        self.assertEqual(document.sha256, hashlib.sha256(data).hexdigest())
        text = pdf_text(data)
        self.assertIn("0001/LIT-BKD/2026", text)
        for section in request.litmas_type.template.sections:
            self.assertIn(section["title"], text)
            self.assertIn(f"Isi {section['title']}", text)
        for words in ("Bapas Uji Cirebon".upper(), "Kanwil Uji Jawa Barat".upper(), "Mengetahui", "Hana"):
            self.assertIn(words, text)
        self.assertIn(request.letter_number, text)
        self.assertIn("Olivia Putri", text)
        self.assertEqual(request.steps.last().step, "sign")
        event = AuditEvent.objects.get(action="litmas.signed")
        self.assertEqual(event.data["register_number"], "0001/LIT-BKD/2026")
        self.assertEqual(event.data["sha256"], document.sha256)

    def test_the_signed_report_rests_on_the_clients_latest_final_risk_assessment(self):
        unsigned = documents.report_sign(request=self.flow_to("approved"), acting_user=self.olivia)
        self.assertIsNone(unsigned.assessment)
        final_assessment(self.budi, self.olivia, level=0)
        latest = final_assessment(self.budi, self.olivia, level=1)
        document = documents.report_sign(request=self.flow_to("approved"), acting_user=self.olivia)
        self.assertEqual(document.assessment, latest)
        self.assertEqual(list(latest.litmas_documents.all()), [document])

    def test_register_numbers_run_per_office_and_year_and_name_the_section(self):
        first = documents.report_sign(request=self.flow_to("approved"), acting_user=self.olivia)
        second = documents.report_sign(request=self.flow_to("approved"), acting_user=self.olivia)
        self.assertEqual([first.register_number, second.register_number], ["0001/LIT-BKD/2026", "0002/LIT-BKD/2026"])
        child = self.flow_to("received")
        child.is_child = True
        child.register_number = ""
        self.assertEqual(documents.register_number(child, year=2026), "0003/LIT-BKA/2026")
        self.assertEqual(documents.register_number(child, year=2027), "0001/LIT-BKA/2027")
        child.office = self.bandung
        child.office_id = self.bandung.pk
        self.assertEqual(documents.register_number(child, year=2026), "0001/LIT-BKA/2026")

    def test_a_corrected_report_signed_again_is_version_2_and_version_1_stays(self):
        request = self.flow_to("approved")
        first = documents.report_sign(request=request, acting_user=self.olivia)
        first_bytes = first.pdf.open("rb").read()
        first.pdf.close()
        first_hash = first.sha256

        services.report_revise(request=request, acting_user=self.olivia, reason="Salah tanggal putusan")
        request.refresh_from_db()
        report = LitmasReport.objects.get(request=request)
        services.report_save(
            request=request,
            acting_user=self.olivia,
            content={**report.content, "analisis": "Analisis yang diperbaiki"},
            expected_version=report.version,
        )
        request.refresh_from_db()
        services.board_submit(request=request, acting_user=self.olivia)
        request = self.approve(request)
        second = documents.report_sign(request=request, acting_user=self.olivia)

        self.assertEqual((second.number, second.register_number), (2, first.register_number))
        self.assertNotEqual(second.pdf.name, first.pdf.name)
        self.assertIn("Analisis yang diperbaiki", pdf_text(second.pdf.open("rb").read()))
        second.pdf.close()
        first = LitmasDocument.objects.get(pk=first.pk)
        self.assertEqual(first.sha256, first_hash)
        self.assertEqual(documents.verified_bytes(first), first_bytes)
        self.assertNotIn("Analisis yang diperbaiki", pdf_text(first_bytes))
        self.assertEqual([s["text"] for s in first.content["sections"] if s["key"] == "analisis"], ["Isi Analisis"])

    def approve(self, request):
        """The board approves the corrected draft at a second meeting."""
        meeting = Meeting.objects.create(
            office=request.office, held_on=timezone.localdate(), title="Sidang TPP", number=f"TPP-2-{request.pk}"
        )
        services.board_decide(
            request=request, approve=True, meeting=meeting, minute_number="BA-2", note="", acting_user=self.tess
        )
        request.refresh_from_db()
        return request

    def test_only_the_assigned_pk_signs(self):
        request = self.flow_to("approved")
        for user in (self.oscar, self.hana):
            with self.assertRaises(ValidationError) as ctx:
                documents.report_sign(request=request, acting_user=user)
            self.assertIn("Only the PK assigned", " ".join(ctx.exception.messages))
        self.assertFalse(LitmasDocument.objects.exists())

    def test_only_an_approved_report_is_signed(self):
        for state in ("draft", "board"):
            request = self.flow_to(state)
            with self.assertRaises(ValidationError) as ctx:
                documents.report_sign(request=request, acting_user=self.olivia)
            self.assertIn("Only a report approved by the case board", " ".join(ctx.exception.messages))
        signed = self.flow_to("approved")
        documents.report_sign(request=signed, acting_user=self.olivia)
        with self.assertRaises(ValidationError):
            documents.report_sign(request=signed, acting_user=self.olivia)
        self.assertEqual(LitmasDocument.objects.count(), 1)
        self.assertEqual(LitmasDocument.objects.get().number, 1)

    def test_required_sections_must_be_written(self):
        request = self.flow_to("approved")
        report = LitmasReport.objects.get(request=request)
        report.content = {**report.content, "analisis": " ", "rekomendasi": ""}
        report.save()  # as if the draft lost them; the service refuses before numbering
        with self.assertRaises(ValidationError) as ctx:
            documents.report_sign(request=request, acting_user=self.olivia)
        message = " ".join(ctx.exception.messages)
        self.assertIn("required sections are still empty", message)
        self.assertIn("Analisis", message)
        self.assertIn("Kesimpulan dan rekomendasi", message)
        request.refresh_from_db()
        self.assertEqual((request.state, request.register_number), (State.APPROVED, ""))
        self.assertFalse(LitmasDocument.objects.exists())

    def test_an_altered_file_is_detected(self):
        document = documents.report_sign(request=self.flow_to("approved"), acting_user=self.olivia)
        self.assertTrue(documents.verified_bytes(document).startswith(b"%PDF-"))
        with open(document.pdf.path, "ab") as handle:
            handle.write(b"% appended later\n")
        with self.assertRaises(documents.DocumentAltered):
            documents.verified_bytes(document)
