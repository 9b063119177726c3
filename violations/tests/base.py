"""A PB client of olivia's in Cirebon (from 10 June 2025), seen on Wednesday 10 September 2025, and helpers
that walk a violation through the flow with the real services."""

import datetime
import itertools
import zoneinfo

import time_machine
from django.utils import translation

from bapas.test import BaseTestCase
from board import services as board_services
from clients.tests.factories import make_client
from violations import services
from violations.models import Violation

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2025, 9, 10, 10, 0, tzinfo=JAKARTA)
D = datetime.date
_minutes = itertools.count(1)


@time_machine.travel(NOW, tick=False)
class ViolationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        cls.episode = cls.budi.current_episode

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))  # messages are compared in English
        self.speak_english()

    def reported(self, **fields) -> Violation:
        values = {
            "episode": self.episode,
            "acting_user": self.olivia,
            "type": "SK_PINDAH_ALAMAT_TANPA_LAPOR",
            "occurred_on": D(2025, 9, 1),
            "source": "pk",
            "description": "Moved to Indramayu without telling the PK.",
        }
        values.update(fields)
        return services.violation_report(**values)

    def examined(self, violation=None) -> Violation:
        violation = violation or self.reported()
        return services.violation_examine(
            violation=violation,
            acting_user=self.olivia,
            bap_number="BAP-01/IX/2025",
            bap_date=D(2025, 9, 8),
            summary="The client admits the move.",
        )

    def at_board(self, violation=None) -> Violation:
        violation = services.violation_propose(
            violation=self.examined(violation), acting_user=self.olivia, summary="Moved without reporting."
        )
        return violation

    def decided(self, decision="approved", violation=None, minute=None) -> Violation:
        violation = self.at_board(violation)
        meeting = board_services.meeting_create(
            office=self.cirebon, held_on=D(2025, 9, 10), title="Sidang TPP", acting_user=self.tess
        )
        item = board_services.agenda_item_assign(item=violation.agenda_item, meeting=meeting, acting_user=self.tess)
        board_services.decision_record(
            item=item,
            decision=decision,
            minute_number=f"BA-TPP-{next(_minutes):02d}" if minute is None else minute,
            note="Written warning.",
            acting_user=self.tess,
        )
        violation.refresh_from_db()
        return violation

    def responded(self, response_type="teguran_tertulis", violation=None, **extra) -> Violation:
        return services.violation_respond(
            violation=self.decided(violation=violation),
            acting_user=self.hana,
            response_type=response_type,
            detail="Letter W-01/2025.",
            **extra,
        )

    def refresh(self, violation: Violation) -> Violation:
        return Violation.objects.get(pk=violation.pk)
