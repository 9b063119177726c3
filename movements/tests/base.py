"""Olivia's client Budi (PB until 10 January 2027) in Cirebon, seen on Monday 21 December 2026.

Bandung gets a head (bima) and a BKD section head (beni) to receive transfers. Tests read messages
in English.
"""

import datetime
import zoneinfo

import time_machine
from django.conf import settings
from django.utils import translation

from accounts.models import Role, Section
from bapas.test import BaseTestCase, make_user
from clients.tests.factories import make_client
from movements import services
from regions.models import Village

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2026, 12, 21, 10, 0, tzinfo=JAKARTA)
D = datetime.date
SENT_ON = D(2026, 12, 21)


@time_machine.travel(NOW, tick=False)
class MovementsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bima = make_user("bima", Role.HEAD, office=cls.bandung)
        cls.beni = make_user("beni", Role.SECTION_HEAD, office=cls.bandung, section=Section.BKD)
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        cls.episode = cls.budi.current_episode
        cls.bandung_village = Village.objects.filter(district__regency_id="32.73").order_by("code").first()

    def setUp(self):
        super().setUp()
        translation.activate("en")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def tearDown(self):
        translation.deactivate()
        super().tearDown()

    def request_transfer(self, *, to_office=None, user=None, **fields):
        values = {
            "to_office": to_office or self.bandung,
            "new_address": "Jl. Braga 10",
            "new_regency": self.bandung_village.district.regency,
            "new_village": self.bandung_village,
            "guarantor_name": "Siti Aminah",
            "guarantor_relationship": "ibu",
            "guarantor_phone": "0812000111",
            "guarantor_address": "Jl. Braga 10",
            "reason": "The client found work in Bandung.",
            "review": "Low risk; his mother vouches for him.",
        }
        values.update(fields)
        return services.transfer_request(episode=self.episode, acting_user=user or self.olivia, **values)

    def approved_transfer(self, *, files_sent_on=SENT_ON):
        transfer = self.request_transfer()
        return services.transfer_decide(
            transfer=transfer,
            acting_user=self.hana,
            approve=True,
            letter_number="W11.PAS.1",
            files_sent_on=files_sent_on,
        )
