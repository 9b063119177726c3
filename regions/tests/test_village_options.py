from django.urls import reverse

from bapas.test import BaseTestCase


class VillageOptionsTestCase(BaseTestCase):
    url = reverse("regions:village_options")

    def test_it_lists_the_villages_of_a_regency_whatever_the_form_prefix(self):
        self.client.force_login(self.rita)
        for param in ("regency", "person-domicile_regency"):
            response = self.client.get(self.url, {param: "32.74"})
            self.assertContains(response, 'value="32.74.')
            self.assertNotContains(response, 'value="32.09.')

    def test_without_a_regency_it_asks_for_one(self):
        self.client.force_login(self.rita)
        self.assertContains(self.client.get(self.url), "pilih kabupaten/kota dulu")

    def test_it_needs_a_login(self):
        self.assertEqual(self.client.get(self.url, {"regency": "32.74"}).status_code, 302)
