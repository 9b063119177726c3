from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import BaseTestCase
from organizations.models import ServiceLocation
from regions.models import District


class ServiceLocationTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.hana)
        self.create_url = reverse("organizations:location_create", args=[self.cirebon.pk])
        self.indramayu = District.objects.filter(regency_id="32.12").order_by("code").first()

    def form(self, **overrides):
        data = {
            "kind": "pos_bapas",
            "name": "Pos Bapas Indramayu",
            "address": "Jl. Uji 9",
            "district": self.indramayu.pk,
            "partner": "",
            "latitude": "-6.3275",
            "longitude": "108.3249",
            "is_active": "on",
        }
        data.update(overrides)
        return data

    def test_the_head_adds_a_location_and_it_is_audited(self):
        response = self.client.post(self.create_url, self.form())
        self.assertRedirects(response, reverse("organizations:office_detail", args=[self.cirebon.pk]))
        location = ServiceLocation.objects.get(name="Pos Bapas Indramayu")
        self.assertEqual(location.office, self.cirebon)
        event = AuditEvent.objects.get(action="service_location.created")
        self.assertEqual(event.changes["district"], [None, self.indramayu.pk])

    def test_a_district_outside_the_working_area_is_refused(self):
        bandung_district = District.objects.filter(regency_id="32.73").first()
        response = self.client.post(self.create_url, self.form(district=bandung_district.pk))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ServiceLocation.objects.filter(name="Pos Bapas Indramayu").exists())

    def test_a_partner_site_needs_its_partner(self):
        response = self.client.post(self.create_url, self.form(kind="mitra"))
        self.assertContains(response, "Tempat mitra harus menyebut mitranya")
        self.assertFalse(ServiceLocation.objects.filter(name="Pos Bapas Indramayu").exists())

    def test_out_of_range_coordinates_are_refused(self):
        response = self.client.post(self.create_url, self.form(latitude="123"))
        self.assertContains(response, "Lintang harus antara -90 dan 90")

    def test_a_duplicate_name_in_the_office_is_refused(self):
        response = self.client.post(self.create_url, self.form(name=self.cirebon_location.name))
        self.assertContains(response, "sudah memiliki lokasi layanan dengan nama ini")

    def test_edit_detects_a_concurrent_change(self):
        url = reverse("organizations:location_edit", args=[self.cirebon_location.pk])
        base = self.form(kind="kantor", name="Kantor Uji Cirebon", district=self.district.pk, version=1)
        self.client.post(url, {**base, "address": "Alamat baru"})
        response = self.client.post(url, {**base, "is_active": ""})
        self.assertContains(response, "diubah oleh orang lain")
        self.cirebon_location.refresh_from_db()
        self.assertEqual(self.cirebon_location.address, "Alamat baru")
        self.assertTrue(self.cirebon_location.is_active)
        self.assertEqual(AuditEvent.objects.filter(action="service_location.updated").count(), 1)

    def test_another_offices_head_cannot_touch_the_location(self):
        self.client.force_login(self.joko)
        url = reverse("organizations:location_edit", args=[self.cirebon_location.pk])
        self.assertEqual(self.client.post(url, self.form()).status_code, 404)


class OfficeTestCase(BaseTestCase):
    def test_office_list_shows_only_offices_in_scope(self):
        self.client.force_login(self.kim)
        names = [o.name for o in self.client.get(reverse("organizations:office_list")).context["offices"]]
        self.assertEqual(names, ["Bapas Uji Bandung", "Bapas Uji Cirebon"])
        self.client.force_login(self.olivia)
        names = [o.name for o in self.client.get(reverse("organizations:office_list")).context["offices"]]
        self.assertEqual(names, ["Bapas Uji Cirebon"])
        self.client.force_login(self.nadia)
        self.assertEqual(len(self.client.get(reverse("organizations:office_list")).context["offices"]), 3)

    def test_office_detail_shows_the_working_area(self):
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("organizations:office_detail", args=[self.cirebon.pk]))
        for name in [
            "Kota Cirebon",
            "Kabupaten Cirebon",
            "Kabupaten Indramayu",
            "Kabupaten Majalengka",
            "Kabupaten Kuningan",
        ]:
            self.assertContains(response, name)

    def test_the_administrator_edits_the_working_area_with_an_audit_row(self):
        self.client.force_login(self.ada)
        url = reverse("organizations:office_edit", args=[self.cirebon.pk])
        response = self.client.post(
            url,
            {
                "name": self.cirebon.name,
                "grade": "I",
                "address": "Jl. Uji 1",
                "regency": "32.74",
                "phone": "",
                "email": "",
                "working_area": ["32.74", "32.09"],
                "version": self.cirebon.version,
            },
        )
        self.assertRedirects(response, reverse("organizations:office_detail", args=[self.cirebon.pk]))
        self.assertEqual(sorted(self.cirebon.working_area.values_list("code", flat=True)), ["32.09", "32.74"])
        event = AuditEvent.objects.get(action="office.updated")
        self.assertEqual(event.changes["working_area"][1], ["32.09", "32.74"])
