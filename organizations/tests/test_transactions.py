"""An office's working area and its service locations edited through the pages, committed for real."""

import time_machine
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase
from movements.tests.base import NOW
from organizations.models import ServiceLocation
from regions.models import District


@time_machine.travel(NOW, tick=False)
class OrganizationWritePathsTestCase(TransactionBaseTestCase):
    def test_office_edit_and_a_location_added_and_edited(self):
        self.client.force_login(self.ada)
        response = self.client.post(
            reverse("organizations:office_edit", args=[self.cirebon.pk]),
            {
                "name": self.cirebon.name,
                "grade": "I",
                "address": "Jl. Uji 1",
                "regency": "32.74",
                "phone": "",
                "email": "",
                "working_area": ["32.74", "32.09", "32.12"],
                "version": self.cirebon.version,
            },
        )
        self.assertRedirects(response, reverse("organizations:office_detail", args=[self.cirebon.pk]))
        self.client.force_login(self.hana)
        form = {
            "kind": "pos_bapas",
            "name": "Pos Bapas Indramayu",
            "address": "Jl. Uji 9",
            "district": District.objects.filter(regency_id="32.12").order_by("code").first().pk,
            "partner": "",
            "latitude": "-6.3275",
            "longitude": "108.3249",
            "is_active": "on",
        }
        response = self.client.post(reverse("organizations:location_create", args=[self.cirebon.pk]), form)
        self.assertEqual(response.status_code, 302)
        location = ServiceLocation.objects.get(name="Pos Bapas Indramayu")
        response = self.client.post(
            reverse("organizations:location_edit", args=[location.pk]),
            {**form, "address": "Jl. Baru 1", "version": location.version},
        )
        self.assertEqual(response.status_code, 302)
        location.refresh_from_db()
        self.assertEqual(location.address, "Jl. Baru 1")
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertIn("office.updated", actions)
        self.assertGreaterEqual(len(actions), 3, actions)
