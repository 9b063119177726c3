"""A partner from creation to an agreement renewed and a status change, through the pages and committed for
real (no test transaction)."""

import datetime

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase
from movements.tests.base import NOW
from partners.models import Agreement, Partner
from partners.tests.factories import PDF_BYTES

TODAY = NOW.date()


def pdf():
    return SimpleUploadedFile("pks.pdf", PDF_BYTES, content_type="application/pdf")


@time_machine.travel(NOW, tick=False)
class PartnerWritePathsTestCase(TransactionBaseTestCase):
    def post(self, user, url, data):
        self.client.force_login(user)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)

    def test_create_edit_agreement_renewal_document_and_status(self):
        form = {
            "name": "LPK Uji Baru",
            "kind": "lpk",
            "group": "kemandirian_kepribadian",
            "leader_name": "",
            "contact_name": "Pak Budi",
            "phone": "0812",
            "email": "",
            "address": "Jl. Baru",
            "regency": "32.09",
            "village": "",
            "latitude": "-6.7",
            "longitude": "108.5",
            "service_area": ["32.09", "32.12"],
            "capacity": "12",
            "service_fields": ["kemandirian"],
        }
        self.post(self.hana, reverse("partners:create"), form)
        partner = Partner.objects.get(name="LPK Uji Baru")
        self.post(self.ada, reverse("partners:edit", args=[partner.pk]), {**form, "phone": "0813", "version": 1})
        agreement = {
            "number_office": "PKS-1",
            "number_partner": "",
            "signed_on": TODAY.isoformat(),
            "occasion": "",
            "office_signatory": "Kepala",
            "partner_signatory": "Direktur",
            "witness": "",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY + datetime.timedelta(days=365)).isoformat(),
            "note": "",
            "scope": ["kemandirian"],
        }
        self.post(self.hana, reverse("partners:agreement_create", args=[partner.pk]), {**agreement, "document": pdf()})
        first = Agreement.objects.get()
        renewal = {
            **agreement,
            "number_office": "PKS-2",
            "starts_on": (TODAY + datetime.timedelta(days=366)).isoformat(),
            "ends_on": (TODAY + datetime.timedelta(days=730)).isoformat(),
        }
        self.post(self.hana, reverse("partners:agreement_renew", args=[first.pk]), {**renewal, "document": pdf()})
        second = Agreement.objects.get(number_office="PKS-2")
        self.post(self.hana, reverse("partners:agreement_upload", args=[second.pk]), {"document": pdf()})
        for status in ("verified", "active"):
            self.post(
                self.hana,
                reverse("partners:status", args=[partner.pk]),
                {"status": status, "on": TODAY.isoformat(), "note": "Diperiksa"},
            )

        partner.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((partner.phone, partner.status, second.renews_id), ("0813", "active", first.pk))
        self.assertTrue(second.document_name)
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertIn("agreement.document_attached", actions)
        self.assertGreaterEqual(len(actions), 5, actions)
