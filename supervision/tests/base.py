"""A client of olivia's under PB from 10 June 2025 (monthly reports on the 10th), seen on 10 September 2025."""

import datetime
import zoneinfo

import time_machine

from bapas.test import BaseTestCase
from clients.tests.factories import make_client

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2025, 9, 10, 10, 0, tzinfo=JAKARTA)
D = datetime.date


@time_machine.travel(NOW, tick=False)
class SupervisionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        cls.episode = cls.budi.current_episode

    def at(self, day: int, hour: int = 9, month: int = 9) -> datetime.datetime:
        return datetime.datetime(2025, month, day, hour, 0, tzinfo=JAKARTA)
