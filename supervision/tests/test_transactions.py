"""Check-ins, remote reporting and intensified reporting through the pages, committed for real."""

import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase
from clients.tests.factories import make_client
from supervision.models import CheckIn, RemoteCheckIn, RemoteReportingPermission, ScheduleChange
from supervision.tests.base import NOW, jpeg


@time_machine.travel(NOW, tick=False)
class SupervisionWritePathsTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")

    def test_checkin_remote_report_review_revoke_and_intensify(self):
        self.client.force_login(self.olivia)
        response = self.client.post(
            reverse("supervision:checkin_create", args=[self.budi.pk]),
            {
                "due_on": "2025-07-10",
                "outcome": "hadir",
                "occurred_at": "2025-07-10T08:30",
                "location": self.cirebon_location.pk,
                "excuse_reason": "",
                "rescheduled_to": "",
            },
        )
        self.assertRedirects(response, reverse("dashboard:home"), fetch_redirect_response=False)

        self.client.force_login(self.sam)
        response = self.client.post(
            reverse("supervision:remote_allow", args=[self.budi.pk]),
            {"reason": "Bekerja di luar pulau", "valid_from": "2025-09-01", "valid_until": ""},
        )
        self.assertEqual(response.status_code, 200)
        link = reverse("supervision:lapor", args=[response.context["url"].rstrip("/").rsplit("/", 1)[1]])
        phone = HttpClient()
        self.speak_english(phone)
        response = phone.post(
            link,
            {
                "due_on": "2025-09-10",
                "condition": "Sehat",
                "activity": "Bekerja di bengkel",
                "obstacles": "Tidak ada",
                "latitude": "-6.7320001",
                "longitude": "108.5523",
                "accuracy_m": "24.6",
                "photo": jpeg(),
            },
        )
        self.assertRedirects(response, link, fetch_redirect_response=False)
        remote = RemoteCheckIn.objects.get()

        self.client.force_login(self.olivia)
        response = self.client.post(
            reverse("supervision:remote_review", args=[remote.pk]), {"decision": "dikonfirmasi", "note": ""}
        )
        self.assertEqual(response.status_code, 302)

        self.client.force_login(self.sam)
        permission = RemoteReportingPermission.objects.get()
        response = self.client.post(reverse("supervision:remote_revoke", args=[permission.pk]), {"reason": "Kembali"})
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            reverse("supervision:intensify", args=[self.budi.pk]),
            {"interval_days": "14", "starts_on": "2025-09-15", "ends_on": "", "reason": "Sanksi"},
        )
        self.assertEqual(response.status_code, 302)

        self.assertEqual(CheckIn.objects.count(), 2)
        self.assertEqual(ScheduleChange.objects.count(), 1)
        permission.refresh_from_db()
        self.assertEqual(permission.revoked_by, self.sam)
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertLessEqual({"checkin.recorded"}, actions)
        self.assertGreaterEqual(len(actions), 5, actions)
