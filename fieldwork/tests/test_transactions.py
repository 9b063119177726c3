"""Home visits, guidance sessions and case notes through the pages, committed for real (no test transaction)."""

import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase
from clients.tests.factories import make_client
from fieldwork.models import CaseNote, GuidanceActivity, GuidanceType, HomeVisit
from fieldwork.tests.base import NOW, png


@time_machine.travel(NOW, tick=False)
class FieldworkWritePathsTestCase(TransactionBaseTestCase):
    def test_visit_individual_and_group_guidance_and_a_note(self):
        budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        sari = make_client(self.cirebon, officer=self.olivia, name="Sari Wulandari", sex="P")
        self.client.force_login(self.olivia)
        response = self.client.post(
            reverse("fieldwork:home_visit_create", args=[budi.pk]),
            {
                "visited_on": "2025-09-09",
                "officer": self.olivia.pk,
                "purpose": HomeVisit.Purpose.GUARANTOR_VERIFICATION,
                "people_met": [HomeVisit.Party.GUARANTOR, HomeVisit.Party.RT_RW],
                "people_met_other": "",
                "findings": "Penjamin bersedia dan tinggal serumah.",
                "latitude": "",
                "longitude": "",
                "photo": png(),
            },
        )
        self.assertRedirects(response, reverse("clients:detail", args=[budi.pk]))
        activity = {
            "held_on": "2025-09-09",
            "officer": self.olivia.pk,
            "guidance_type": GuidanceType.LEGAL,
            "topic": "Hak dan kewajiban klien PB",
            "place": "Aula Bapas",
        }
        response = self.client.post(
            reverse("fieldwork:guidance_create", args=[budi.pk]),
            {**activity, "attendance": "hadir", "progress": "Kooperatif."},
        )
        self.assertRedirects(response, reverse("clients:detail", args=[budi.pk]))
        group = reverse("fieldwork:group_guidance_create")
        response = self.client.post(group, {**activity, "participants": [budi.pk, sari.pk]})
        self.assertRedirects(response, group)
        response = self.client.post(
            reverse("fieldwork:note_create", args=[budi.pk]), {"category": "", "body": "Istri klien melapor."}
        )
        self.assertRedirects(response, reverse("fieldwork:client_log", args=[budi.pk]))

        self.assertEqual(
            (HomeVisit.objects.count(), GuidanceActivity.objects.count(), CaseNote.objects.count()), (1, 2, 1)
        )
        self.assertGreaterEqual(AuditEvent.objects.filter(actor=self.olivia).count(), 4)
