"""A violation from report to closing, a suspension lifted and a revocation, through the pages and committed
for real (no test transaction)."""

import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase
from board.models import Meeting
from clients.tests.factories import make_client
from violations.models import Violation
from violations.tests.base import NOW
from violations.tests.test_views import STEPS

DATA = {step.name: step.data for step in STEPS}


@time_machine.travel(NOW, tick=False)
class ViolationWritePathsTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")

    def post(self, user, url, data):
        self.client.force_login(user)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])

    def step(self, user, name, violation, data=None):
        self.post(user, reverse(f"violations:{name}", args=[violation.pk]), DATA[name] if data is None else data)

    def report(self) -> Violation:
        self.post(
            self.olivia,
            reverse("violations:report", args=[self.budi.pk]),
            {"type": "SK_KERESAHAN", "occurred_on": "2025-09-07", "source": "masyarakat", "description": "A fight."},
        )
        return Violation.objects.latest("pk")

    def through_the_board(self, violation, response_type, *, examined=False):
        if not examined:
            self.step(self.olivia, "examine", violation)
        self.step(self.olivia, "propose", violation)
        self.post(
            self.tess,
            reverse("board:meeting_create"),
            {"held_on": "2025-09-10", "title": f"Sidang {violation.pk}", "chair": self.hana.pk, "notes": ""},
        )
        meeting = Meeting.objects.latest("pk")
        item = Violation.objects.get(pk=violation.pk).agenda_item
        self.post(self.tess, reverse("board:item_assign", args=[item.pk]), {"meeting": meeting.pk})
        self.post(
            self.tess,
            reverse("board:item_decide", args=[item.pk]),
            {"decision": "approved", "minute_number": f"BA-{violation.pk}", "note": ""},
        )
        self.step(self.hana, "respond", violation, {"response_type": response_type, "detail": "Letter W-2."})

    def test_report_examine_board_respond_close_suspend_lift_and_revoke(self):
        first = self.report()
        self.through_the_board(first, "teguran_tertulis")
        self.step(self.olivia, "close", first)

        second = self.report()
        self.step(self.olivia, "examine", second)
        self.step(self.hana, "suspend", second)
        self.step(self.hana, "lift", second)
        self.through_the_board(second, "usul_pencabutan", examined=True)
        self.step(self.hana, "revoke", second)

        self.assertEqual(Violation.objects.get(pk=first.pk).state, "closed")
        self.budi.current_episode.refresh_from_db()
        self.assertEqual(self.budi.current_episode.status, "revoked")
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        expected = {f"violation.{a}" for a in ("reported", "examined", "proposed", "responded", "closed", "suspended")}
        self.assertLessEqual(expected | {"violation.suspension_lifted", "revocation.recorded"}, actions)
