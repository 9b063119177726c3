from django.urls import reverse

from accounts.models import Role, User
from audit.models import AuditEvent
from bapas.test import BaseTestCase


def account_form(**overrides) -> dict:
    data = {
        "username": "budi",
        "full_name": "Budi Pranoto",
        "nip": "199001012015031002",
        "email": "budi@example.go.id",
        "phone": "",
        "role": Role.PK,
        "jenjang": "ahli_pertama",
        "section": "BKD",
        "office": "",
        "partner": "",
        "is_active": "on",
        "password": "",
    }
    data.update(overrides)
    return data


class StaffCreateTestCase(BaseTestCase):
    url = reverse("accounts:staff_create")

    def setUp(self):
        self.client.force_login(self.ada)

    def test_it_creates_an_account_in_the_administrators_office(self):
        response = self.client.post(self.url, account_form())
        budi = User.objects.get(username="budi")
        self.assertRedirects(response, reverse("accounts:staff_detail", args=[budi.pk]))
        self.assertEqual(budi.office, self.cirebon)
        self.assertFalse(budi.has_usable_password())

    def test_it_records_the_creation_with_the_fields(self):
        self.client.post(self.url, account_form())
        budi = User.objects.get(username="budi")
        event = AuditEvent.objects.get(action="account.created", object_id=str(budi.pk))
        self.assertEqual(event.actor, self.ada)
        self.assertEqual(event.office, self.cirebon)
        self.assertEqual(event.changes["nip"], [None, "199001012015031002"])
        self.assertEqual(event.changes["role"], [None, "pk"])

    def test_a_malformed_nip_is_refused_with_a_clear_message_and_nothing_is_saved(self):
        events = AuditEvent.objects.count()
        response = self.client.post(self.url, account_form(nip="199001012015131002"))
        self.assertContains(response, "bulan pengangkatan")
        self.assertFalse(User.objects.filter(username="budi").exists())
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_a_duplicate_username_is_refused(self):
        response = self.client.post(self.url, account_form(username="olivia"))
        self.assertContains(response, "pengguna dengan nama pengguna tersebut sudah ada")
        self.assertEqual(User.objects.filter(username="olivia").count(), 1)

    def test_a_duplicate_nip_is_refused(self):
        response = self.client.post(self.url, account_form(nip=self.olivia.nip))
        self.assertContains(response, "NIP ini sudah dipakai")
        self.assertFalse(User.objects.filter(username="budi").exists())

    def test_role_rules_are_explained(self):
        response = self.client.post(self.url, account_form(jenjang="", section=""))
        self.assertContains(response, "PK harus memiliki jenjang")
        self.assertContains(response, "Pilih seksi")
        self.assertFalse(User.objects.filter(username="budi").exists())

    def test_an_office_administrator_cannot_place_an_account_in_another_office(self):
        response = self.client.post(self.url, account_form(office=self.bandung.pk))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="budi").exists())

    def test_a_weak_initial_password_is_refused(self):
        response = self.client.post(self.url, account_form(password="12345678"))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="budi").exists())

    def test_a_partner_user_needs_no_nip_but_a_partner(self):
        response = self.client.post(self.url, account_form(role=Role.PARTNER, nip="", jenjang="", section=""))
        self.assertContains(response, "Pengguna mitra harus terdaftar")
        self.client.post(self.url, account_form(role=Role.PARTNER, nip="", jenjang="", section="", partner=self.lbh.pk))
        self.assertEqual(User.objects.get(username="budi").partner, self.lbh)


class StaffEditTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.ada)
        self.url = reverse("accounts:staff_edit", args=[self.olivia.pk])

    def form(self, **overrides):
        data = account_form(
            username="olivia",
            full_name="Olivia Putri",
            nip=self.olivia.nip,
            email="",
            role=Role.PK,
            jenjang="ahli_muda",
            section="BKD",
            office=self.cirebon.pk,
            version=self.olivia.version,
        )
        data.pop("password")
        data.update(overrides)
        return data

    def test_it_saves_and_records_before_and_after(self):
        response = self.client.post(self.url, self.form(jenjang="ahli_madya"))
        self.assertRedirects(response, reverse("accounts:staff_detail", args=[self.olivia.pk]))
        self.olivia.refresh_from_db()
        self.assertEqual(self.olivia.jenjang, "ahli_madya")
        self.assertEqual(self.olivia.version, 2)
        event = AuditEvent.objects.get(action="account.updated")
        self.assertEqual(event.changes, {"jenjang": ["ahli_muda", "ahli_madya"]})

    def test_a_stale_form_does_not_overwrite_a_newer_change(self):
        stale = self.form(phone="0811", version=1)
        self.client.post(self.url, self.form(jenjang="ahli_madya"))
        response = self.client.post(self.url, stale)
        self.assertContains(response, "diubah oleh orang lain")
        self.olivia.refresh_from_db()
        self.assertEqual(self.olivia.jenjang, "ahli_madya")
        self.assertEqual(self.olivia.phone, "")

    def test_saving_without_changes_writes_no_audit_row(self):
        self.client.post(self.url, self.form())
        self.assertFalse(AuditEvent.objects.filter(action="account.updated").exists())

    def test_deactivating_an_account_is_audited(self):
        data = self.form()
        data.pop("is_active")
        self.client.post(self.url, data)
        self.olivia.refresh_from_db()
        self.assertFalse(self.olivia.is_active)
        self.assertEqual(AuditEvent.objects.get(action="account.updated").changes, {"is_active": [True, False]})

    def test_another_offices_administrator_gets_404_and_nothing_changes(self):
        self.client.force_login(self.bert)
        response = self.client.post(self.url, self.form(full_name="Changed"))
        self.assertEqual(response.status_code, 404)
        self.olivia.refresh_from_db()
        self.assertEqual(self.olivia.full_name, "Olivia Putri")


class StaffDirectoryTestCase(BaseTestCase):
    def test_list_shows_only_the_offices_staff(self):
        self.client.force_login(self.hana)
        response = self.client.get(reverse("accounts:staff_list"))
        self.assertContains(response, "Olivia Putri")
        self.assertNotContains(response, self.pat.full_name)

    def test_list_searches_by_nip_and_filters_by_role(self):
        self.client.force_login(self.hana)
        response = self.client.get(reverse("accounts:staff_list"), {"q": self.olivia.nip})
        self.assertEqual([a.username for a in response.context["page"].object_list], ["olivia"])
        response = self.client.get(reverse("accounts:staff_list"), {"role": Role.AUDITOR})
        self.assertEqual([a.username for a in response.context["page"].object_list], ["reggie"])

    def test_section_head_sees_names_but_not_nip(self):
        self.client.force_login(self.sam)
        response = self.client.get(reverse("accounts:staff_detail", args=[self.olivia.pk]))
        self.assertContains(response, "Olivia Putri")
        self.assertNotContains(response, self.olivia.nip)

    def test_viewing_personal_details_is_logged(self):
        self.client.force_login(self.hana)
        response = self.client.get(reverse("accounts:staff_detail", args=[self.olivia.pk]))
        self.assertContains(response, self.olivia.nip)
        event = AuditEvent.objects.get(action="user.viewed")
        self.assertEqual((event.actor, event.object_id), (self.hana, str(self.olivia.pk)))
