"""Registering, editing and assigning a client through the pages, committed for real (no test transaction)."""

import time_machine
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase, make_user
from clients.models import Client
from clients.tests import test_registry_views as registry
from movements.tests.base import NOW


@time_machine.travel(NOW, tick=False)
class ClientWritePathsTestCase(TransactionBaseTestCase):
    def test_register_edit_and_reassign(self):
        self.client.force_login(self.sam)
        response = self.client.post(
            reverse("clients:create"), registry.intake_form(**{"episode-officer": self.olivia.pk})
        )
        self.subject = Client.objects.get(nik="3209011203850001")
        self.assertRedirects(response, reverse("clients:detail", args=[self.subject.pk]))

        self.client.force_login(self.olivia)
        url = reverse("clients:edit", args=[self.subject.pk])
        response = self.client.post(url, registry.ClientEditAndAssignTestCase.edit_form(self, phone="0812"))
        self.assertRedirects(response, reverse("clients:detail", args=[self.subject.pk]))

        other = make_user("other_pk", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_MUDA)
        self.client.force_login(self.sam)
        response = self.client.post(
            reverse("clients:assign", args=[self.subject.pk]), {"officer": other.pk, "reason": "Beban kerja"}
        )
        self.assertEqual(response.status_code, 302)
        self.subject.current_episode.refresh_from_db()
        self.assertEqual(self.subject.current_episode.officer, other)
        actions = set(AuditEvent.objects.filter(actor__isnull=False).values_list("action", flat=True))
        self.assertLessEqual({"client.registered", "episode.created", "client.updated"}, actions)
