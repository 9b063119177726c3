"""A cast for referrals: LBH Uji (paula's partner, legal aid) and LPK Uji (lena's, job training), both
active with an agreement in force, serving Kabupaten and Kota Cirebon; budi is olivia's client."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone, translation

from accounts.models import Role
from bapas.test import BaseTestCase, make_user
from clients.tests.factories import make_client
from partners.codes import ServiceField
from partners.models import Partner, PartnerField
from partners.tests.factories import make_agreement, make_partner
from referrals import services
from referrals.models import Attendance

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ReferralTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        lbh = cls.lbh
        lbh.status = Partner.Status.ACTIVE
        lbh.capacity = 5
        lbh.save(update_fields=["status", "capacity"])
        PartnerField.objects.create(partner=lbh, field=ServiceField.LEGAL_AID)
        lbh.service_area.set(["32.09", "32.74"])
        cls.lbh_agreement = make_agreement(lbh, fields=[ServiceField.LEGAL_AID])
        cls.lpk = make_partner(
            cls.cirebon,
            name="LPK Uji",
            kind=Partner.Kind.JOB_TRAINING,
            fields=[ServiceField.INDEPENDENCE],
            area=["32.09", "32.74"],
        )
        make_agreement(cls.lpk, fields=[ServiceField.INDEPENDENCE])
        cls.lena = make_user("lena", Role.PARTNER, office=cls.cirebon, partner=cls.lpk)
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso", regency="32.09")
        cls.episode = cls.budi.current_episode

    def setUp(self):
        super().setUp()
        # Messages are asserted as their English msgids; the Indonesian catalogue comes later.
        self.enterContext(translation.override("en"))
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def refer(self, *, episode=None, partner=None, field=ServiceField.LEGAL_AID, **extra):
        args = {
            "episode": episode or self.episode,
            "partner": partner or self.lbh,
            "field": field,
            "needs": "Pendampingan hukum untuk sengketa tanah keluarga.",
            "outcomes": ["Memahami hak hukumnya", "Sengketa selesai secara damai"],
            "acting_user": self.olivia,
        }
        args.update(extra)
        return services.referral_create(**args)

    def accepted(self, **kwargs):
        referral = self.refer(**kwargs)
        user = self.lena if referral.partner_id == self.lpk.pk else self.paula
        return services.referral_accept(referral=referral, acting_user=user)

    def held(self, referral, *, day: datetime.date | None = None, **extra):
        user = self.lena if referral.partner_id == self.lpk.pk else self.paula
        data = {
            "held_on": day or timezone.localdate(),
            "attendance": Attendance.ATTENDED,
            "summary": "Konsultasi awal.",
        }
        data.update(extra)
        return services.session_record(referral=referral, data=services.SessionInput(**data), acting_user=user)
