from django.urls import reverse

from audit.models import AuditEvent
from partners.codes import ServiceField
from partners.models import Partner
from partners.tests.base import PartnersTestCase
from partners.tests.factories import make_agreement, make_partner


class PartnerListTestCase(PartnersTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(30):
            partner = make_partner(
                cls.cirebon,
                name=f"Mitra {n:02d}",
                kind=Partner.Kind.JOB_TRAINING if n % 2 else Partner.Kind.LEGAL_AID,
                fields=[ServiceField.INDEPENDENCE] if n % 3 == 0 else [ServiceField.LEGAL_AID],
                area=["32.12"] if n == 7 else ["32.09"],
            )
            make_agreement(partner)
        make_partner(cls.bandung, name="Mitra Bandung", area=["32.73"])

    def test_the_list_is_paginated_in_a_fixed_number_of_queries(self):
        self.client.force_login(self.olivia)
        # session, user, count, the office (page header), regencies of the filter, page, fields of service
        with self.assertNumQueries(7):
            response = self.client.get(reverse("partners:list"))
        page = response.context["page"]
        self.assertEqual(page.paginator.count, 31)  # 30 and LBH Uji of the cast
        self.assertEqual(len(page.object_list), 25)
        self.assertNotContains(response, "Mitra Bandung")
        self.assertEqual(
            [p.agreement_until is not None for p in page.object_list[:2]], [False, True]
        )  # LBH Uji has none

    def test_it_filters_by_field_regency_status_and_kind(self):
        self.client.force_login(self.hana)
        url = reverse("partners:list")

        def names(**query):
            return [p.name for p in self.client.get(url, query).context["page"].object_list]

        self.assertEqual(len(names(field="kemandirian")), 10)
        self.assertEqual(names(regency="32.12"), ["Mitra 07"])
        self.assertEqual(names(status="identified"), ["LBH Uji"])
        self.assertEqual(len(names(kind="lpk")), 15)
        self.assertEqual(names(q="mitra 2", kind="lpk"), ["Mitra 21", "Mitra 23", "Mitra 25", "Mitra 27", "Mitra 29"])

    def test_a_national_administrator_sees_every_office(self):
        self.client.force_login(self.nadia)
        response = self.client.get(reverse("partners:list"), {"q": "Bandung"})
        self.assertEqual([p.name for p in response.context["page"].object_list], ["Mitra Bandung"])


class PartnerPagesTestCase(PartnersTestCase):
    def _form(self, **overrides):
        data = {
            "name": "LPK Uji Baru",
            "kind": "lpk",
            "group": "kemandirian_kepribadian",
            "leader_name": "",
            "contact_name": "Pak Budi",
            "phone": "0812",
            "email": "",
            "address": "Jl. Baru",
            "regency": "32.09",
            "village": "",
            "latitude": "-6.7",
            "longitude": "108.5",
            "service_area": ["32.09", "32.12"],
            "capacity": "12",
            "service_fields": ["kemandirian"],
        }
        data.update(overrides)
        return data

    def test_the_head_adds_a_partner(self):
        self.client.force_login(self.hana)
        response = self.client.post(reverse("partners:create"), self._form())
        partner = Partner.objects.get(name="LPK Uji Baru")
        self.assertRedirects(response, reverse("partners:detail", args=[partner.pk]))
        self.assertEqual(partner.office, self.cirebon)
        self.assertEqual(partner.capacity, 12)

    def test_a_national_administrator_chooses_the_office(self):
        self.client.force_login(self.nadia)
        response = self.client.post(
            reverse("partners:create"), self._form(office=self.bandung.pk, service_area=["32.73"])
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Partner.objects.get(name="LPK Uji Baru").office, self.bandung)

    def test_an_invalid_form_shows_the_errors_and_changes_nothing(self):
        self.client.force_login(self.hana)
        response = self.client.post(reverse("partners:create"), self._form(latitude="-95", service_fields=[]))
        self.assertEqual(response.status_code, 200)
        self.assertIn("service_fields", response.context["form"].errors)
        self.assertFalse(Partner.objects.filter(name="LPK Uji Baru").exists())

    def test_the_detail_page_shows_agreements_in_a_fixed_number_of_queries(self):
        partner = make_partner(self.cirebon, name="LBH Lengkap", contact_name="Bu Sari")
        for _ in range(3):
            make_agreement(partner, document=True)
        self.client.force_login(self.olivia)
        with self.assertNumQueries(10):
            response = self.client.get(reverse("partners:detail", args=[partner.pk]))
        self.assertContains(response, "Bu Sari")
        self.assertEqual(len(response.context["agreements"]), 3)
        self.assertNotContains(response, reverse("partners:edit", args=[partner.pk]))

    def test_the_edit_page_saves_with_the_version(self):
        partner = make_partner(self.cirebon, name="LBH Lama")
        self.client.force_login(self.ada)
        response = self.client.post(
            reverse("partners:edit", args=[partner.pk]),
            self._form(name="LBH Baru", version=partner.version, service_area=["32.09"]),
        )
        self.assertEqual(response.status_code, 302)
        partner.refresh_from_db()
        self.assertEqual((partner.name, partner.version), ("LBH Baru", 2))
        stale = self.client.post(reverse("partners:edit", args=[partner.pk]), self._form(name="X", version=1))
        self.assertContains(stale, "changed by someone else")

    def test_the_status_page_confirms_the_step(self):
        partner = make_partner(self.cirebon, status=Partner.Status.ACTIVE)
        url = reverse("partners:status", args=[partner.pk])
        self.client.force_login(self.hana)
        self.assertContains(self.client.get(url, {"status": "inactive"}), 'value="inactive" selected')
        refused = self.client.post(url, {"status": "inactive", "on": "2026-01-01", "note": ""})
        self.assertEqual(refused.context["form"].errors["note"], ["Give the reason."])
        response = self.client.post(url, {"status": "inactive", "on": "2026-01-01", "note": "Tidak aktif"})
        self.assertEqual(response.status_code, 302)
        partner.refresh_from_db()
        self.assertEqual(partner.status, Partner.Status.INACTIVE)
        self.assertEqual(AuditEvent.objects.filter(action="partner.status_changed").count(), 1)

    def test_writes_are_refused_to_read_only_roles_and_other_offices(self):
        partner = make_partner(self.cirebon, name="LBH Tetap")
        for user, status in ((self.reggie, 403), (self.olivia, 403), (self.joko, 404), (self.paula, 403)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.post(reverse("partners:edit", args=[partner.pk]), self._form(name="Diubah"))
                self.assertEqual(response.status_code, status)
                response = self.client.post(
                    reverse("partners:status", args=[partner.pk]), {"status": "ended", "on": "2026-01-01", "note": "x"}
                )
                self.assertEqual(response.status_code, status)
        partner.refresh_from_db()
        self.assertEqual((partner.name, partner.status), ("LBH Tetap", Partner.Status.ACTIVE))
