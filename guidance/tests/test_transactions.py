"""A plan drafted, put before the board and approved through the pages, committed for real (no test
transaction): the services' locks and audit rows run inside their own transactions."""

from __future__ import annotations

from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase
from board.models import Meeting
from clients.tests.factories import make_client
from guidance.models import GuidancePlan, Status


class PlanWritePathsTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")

    def post(self, user, url, data):
        self.client.force_login(user)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])

    def test_draft_propose_and_approve(self):
        self.post(self.olivia, reverse("guidance:create", args=[self.budi.pk]), {"recommendation": "Bimbingan."})
        plan = GuidancePlan.objects.get()
        self.post(self.olivia, reverse("guidance:edit", args=[plan.pk]), {"version": 1, "recommendation": "Rutin."})
        self.post(
            self.olivia,
            reverse("guidance:item_add", args=[plan.pk]),
            {"version": 2, "phase": "awal", "what": "g:keagamaan", "target": 4},
        )
        item = plan.items.get()
        self.post(self.olivia, reverse("guidance:item_remove", args=[plan.pk, item.pk]), {"version": 3})
        self.post(
            self.olivia,
            reverse("guidance:item_add", args=[plan.pk]),
            {"version": 4, "phase": "awal", "what": "g:kesadaran_hukum", "target": 2},
        )
        self.post(self.olivia, reverse("guidance:propose", args=[plan.pk]), {"version": 5})
        plan.refresh_from_db()
        self.assertEqual(plan.status, Status.PROPOSED)
        self.post(
            self.tess,
            reverse("board:meeting_create"),
            {"held_on": self.TODAY.isoformat(), "title": "Sidang TPP", "chair": self.hana.pk, "notes": ""},
        )
        meeting = Meeting.objects.latest("pk")
        self.post(self.tess, reverse("board:item_assign", args=[plan.agenda_item_id]), {"meeting": meeting.pk})
        self.post(
            self.tess,
            reverse("board:item_decide", args=[plan.agenda_item_id]),
            {"decision": "approved", "minute_number": "BA-1", "note": ""},
        )
        plan.refresh_from_db()
        self.assertEqual((plan.status, plan.recommendation), (Status.APPROVED, "Rutin."))
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        expected = {"created", "updated", "item_added", "item_removed", "proposed", "board_decided"}
        self.assertLessEqual({f"guidance_plan.{a}" for a in expected}, actions)
