"""olivia's PB client Budi in Cirebon, under guidance from 10 June 2025, and a planned board meeting."""

import datetime
import zoneinfo

import time_machine
from django.utils import translation

from bapas.test import BaseTestCase
from board import services
from clients.tests.factories import make_client

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2025, 9, 10, 10, 0, tzinfo=JAKARTA)
TODAY = NOW.date()


@time_machine.travel(NOW, tick=False)
class BoardTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        cls.episode = cls.budi.current_episode
        with time_machine.travel(NOW, tick=False):
            cls.meeting = services.meeting_create(
                office=cls.cirebon,
                held_on=datetime.date(2025, 9, 15),
                title="Sidang TPP September",
                number="TPP/09/2025",
                chair=cls.hana,
                secretary=cls.tess,
                acting_user=cls.tess,
            )

    def setUp(self):
        # Messages are asserted in English (the msgids), whatever translations the catalogue holds.
        self.enterContext(translation.override("en"))

    def propose(self, *, to_phase="lanjutan", episode=None, user=None):
        return services.phase_propose(
            episode=episode or self.episode,
            to_phase=to_phase,
            reason="Attended every report; ready for the continued phase.",
            acting_user=user or self.olivia,
        )

    def decide(self, item, decision="approved", minute_number="BA-01/TPP/2025", user=None, note=""):
        if item.meeting_id is None:
            item = services.agenda_item_assign(item=item, meeting=self.meeting, acting_user=self.tess)
        return services.decision_record(
            item=item, decision=decision, minute_number=minute_number, note=note, acting_user=user or self.tess
        )
