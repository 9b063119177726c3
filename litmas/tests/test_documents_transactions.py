"""Signing outside a test transaction, the way the server runs it, and two signatures at the same moment."""

from __future__ import annotations

import os
from unittest import mock

from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase
from clients.tests.factories import make_client
from litmas import documents
from litmas.codes import State
from litmas.models import LitmasDocument, LitmasRequest
from litmas.tests.factories import make_request, to_state
from litmas.tests.report_base import pdf_text


class SignTransactionTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")

    def approved(self) -> LitmasRequest:
        request = make_request(self.cirebon, by=self.rita, client=self.budi)
        return to_state(
            request, "approved", head=self.hana, section_head=self.sam, officer=self.olivia, secretary=self.tess
        )

    def test_signing_commits_the_document_the_step_and_the_audit_row(self):
        request = self.approved()
        self.client.force_login(self.olivia)
        response = self.client.post(reverse("litmas:sign", args=[request.pk]))
        self.assertRedirects(response, reverse("litmas:report", args=[request.pk]))

        document = LitmasDocument.objects.get()
        request.refresh_from_db()
        self.assertEqual((request.state, request.register_number), (State.FINAL, "0001/LIT-BKD/2026"))
        self.assertEqual(AuditEvent.objects.filter(action="litmas.signed").count(), 1)
        response = self.client.get(reverse("litmas:document", args=[document.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("0001/LIT-BKD/2026", pdf_text(b"".join(response.streaming_content)))
        self.assertEqual(AuditEvent.objects.filter(action="litmasdocument.viewed").count(), 1)

    def test_a_failure_after_the_file_is_written_leaves_no_file_and_no_row(self):
        request = self.approved()
        written = []
        original = documents.LitmasDocument.save

        def save_then_fail(document, *args, **kwargs):
            written.append(document.pdf.path)
            original(document, *args, **kwargs)
            raise RuntimeError("the database went away")

        with mock.patch.object(documents.LitmasDocument, "save", save_then_fail), self.assertRaises(RuntimeError):
            documents.report_sign(request=request, acting_user=self.olivia)

        self.assertFalse(os.path.exists(written[0]))
        self.assertFalse(LitmasDocument.objects.exists())
        request.refresh_from_db()
        self.assertEqual((request.state, request.register_number), (State.APPROVED, ""))

    def test_two_reports_signed_at_once_get_two_register_numbers(self):
        first, second = self.approved(), self.approved()

        race = Race(meet_at="litmas.documents._take_register_number")
        outcomes = race.run(
            lambda: documents.report_sign(request=first, acting_user=self.olivia),
            lambda: documents.report_sign(request=second, acting_user=self.olivia),
        )

        self.assertTrue(all(isinstance(o, LitmasDocument) for o in outcomes), outcomes)
        numbers = sorted(LitmasRequest.objects.values_list("register_number", flat=True))
        self.assertEqual(numbers, ["0001/LIT-BKD/2026", "0002/LIT-BKD/2026"])
        self.assertEqual(race.raised, [None, None])

    def test_the_same_report_signed_twice_at_once_makes_one_document(self):
        request = self.approved()

        outcomes = Race(meet_at="litmas.services._lock").run(
            lambda: documents.report_sign(request=request, acting_user=self.olivia),
            lambda: documents.report_sign(request=request, acting_user=self.olivia),
        )

        signed = [o for o in outcomes if isinstance(o, LitmasDocument)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(signed), len(refused)), (1, 1), outcomes)
        self.assertIn("Only a report approved by the case board", " ".join(refused[0].messages))
        self.assertEqual(LitmasDocument.objects.count(), 1)
