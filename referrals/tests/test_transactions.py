"""A referral from the PK's request through the partner's portal to closing, and a need recorded and closed,
through the pages and committed for real (no test transaction)."""

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase
from clients.tests.factories import make_client
from movements.tests.base import NOW
from partners.codes import ServiceField
from partners.models import Partner, PartnerField
from partners.tests.factories import make_agreement
from referrals.models import Need, Referral
from referrals.tests.base import PDF


@time_machine.travel(NOW, tick=False)
class ReferralWritePathsTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        Partner.objects.filter(pk=self.lbh.pk).update(status=Partner.Status.ACTIVE, capacity=5)
        PartnerField.objects.create(partner=self.lbh, field=ServiceField.LEGAL_AID)
        self.lbh.service_area.set(["32.09", "32.74"])
        make_agreement(self.lbh, fields=[ServiceField.LEGAL_AID])
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso", regency="32.09")

    def post(self, user, url, data=None):
        self.client.force_login(user)
        response = self.client.post(url, data or {})
        context = response.context or {}
        self.assertEqual(response.status_code, 302, context.get("form") and context["form"].errors)

    def test_need_referral_portal_steps_and_closing(self):
        self.post(
            self.olivia,
            reverse("referrals:need_create", args=[self.budi.pk]),
            {"field": ServiceField.SOCIAL, "description": "Perlu tempat tinggal"},
        )
        self.post(self.olivia, reverse("referrals:need_close", args=[Need.objects.get().pk]), {"reason": "Keluarga"})
        self.post(
            self.olivia,
            reverse("referrals:create", args=[self.budi.pk]),
            {
                "partner": self.lbh.pk,
                "field": ServiceField.LEGAL_AID,
                "needs": "Pendampingan hukum",
                "outcomes": "Memahami haknya\n",
                "over_capacity_reason": "",
            },
        )
        referral = Referral.objects.get()
        self.post(self.paula, reverse("referrals:portal_accept", args=[referral.pk]))
        self.post(
            self.paula,
            reverse("referrals:portal_session", args=[referral.pk]),
            {
                "action": "record",
                "rec-held_on": NOW.date().isoformat(),
                "rec-attendance": "attended",
                "rec-summary": "Konsultasi pertama",
                "rec-behaviour": "Kooperatif",
            },
        )
        self.post(
            self.paula,
            reverse("referrals:portal_upload", args=[referral.pk]),
            {"file": SimpleUploadedFile("daftar.pdf", PDF, "application/pdf"), "description": "Daftar hadir"},
        )
        outcome = referral.outcomes.get()
        self.post(
            self.paula,
            reverse("referrals:portal_report", args=[referral.pk]),
            {f"rating_{outcome.pk}": "achieved", "summary": "Satu sesi"},
        )
        self.post(self.olivia, reverse("referrals:close", args=[referral.pk]))

        referral.refresh_from_db()
        self.assertIsNotNone(referral.closed_at)
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertIn("referral.document_added", actions)
        self.assertGreaterEqual(len({a for a in actions if a.startswith(("referral.", "need."))}), 5, actions)
