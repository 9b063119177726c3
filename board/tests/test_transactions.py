"""A board meeting from planning to closing, with a phase proposal decided and approved, through the pages and
committed for real (no test transaction)."""

import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase
from board.models import Meeting, PhaseProposal
from board.tests.base import NOW
from clients.tests.factories import make_client


@time_machine.travel(NOW, tick=False)
class BoardWritePathsTestCase(TransactionBaseTestCase):
    def post(self, user, url, data=None, status=302):
        self.client.force_login(user)
        response = self.client.post(url, data or {})
        self.assertEqual(response.status_code, status, response.content[:3000])
        return response

    def test_meeting_proposal_decision_approval_and_closing(self):
        budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        meeting_form = {"held_on": "2025-09-15", "title": "Sidang September", "number": "TPP/09", "chair": self.hana.pk}
        self.post(self.tess, reverse("board:meeting_create"), {**meeting_form, "notes": ""})
        meeting = Meeting.objects.get()
        self.post(
            self.tess,
            reverse("board:meeting_edit", args=[meeting.pk]),
            {**meeting_form, "title": "Sidang TPP", "version": 1},
        )
        self.post(self.olivia, reverse("board:phase_propose", args=[budi.pk]), {"to_phase": "lanjutan", "reason": "Ok"})
        item = PhaseProposal.objects.get().agenda_item
        self.post(self.tess, reverse("board:item_assign", args=[item.pk]), {"meeting": meeting.pk, "back": "meeting"})
        self.post(
            self.tess,
            reverse("board:item_decide", args=[item.pk]),
            {"decision": "approved", "minute_number": "BA-7", "note": ""},
        )
        proposal = PhaseProposal.objects.get()
        self.assertEqual(proposal.status, PhaseProposal.Status.AWAITING_HEAD)
        self.post(self.hana, reverse("board:proposal_approve", args=[proposal.pk]), {"approve": "yes", "note": ""})
        self.post(self.hana, reverse("board:meeting_close", args=[meeting.pk]))

        meeting.refresh_from_db()
        budi.current_episode.refresh_from_db()
        self.assertEqual((meeting.status, budi.current_episode.phase), (Meeting.Status.CLOSED, "lanjutan"))
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertLessEqual({"meeting.created", "meeting.updated", "episode.phase_changed"}, actions)
