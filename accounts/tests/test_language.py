"""The interface language is the user's saved choice (default Bahasa Indonesia), never Accept-Language."""

from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse

from accounts.models import User
from bapas.test import BaseTestCase, TransactionBaseTestCase
from clients.tests.factories import make_client


class LanguageTestCase(BaseTestCase):
    def test_a_browser_set_to_english_gets_indonesian(self):
        browser = HttpClient(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        page = browser.get(reverse("accounts:login"))
        self.assertContains(page, 'lang="id"')
        self.assertContains(page, "Masuk")
        self.assertEqual(page.headers["Content-Language"], "id")
        browser.force_login(self.olivia)
        home = browser.get("/")
        self.assertContains(home, "Klien bimbingan saya")
        self.assertNotContains(home, "My caseload")

    def test_the_switch_stores_the_choice_on_the_account(self):
        make_client(self.cirebon, officer=self.olivia)
        self.client.force_login(self.olivia)
        response = self.client.post(reverse("set_language"), {"language": "en", "next": "/klien/"})
        self.assertRedirects(response, "/klien/", fetch_redirect_response=False)
        self.olivia.refresh_from_db()
        self.assertEqual(self.olivia.language, "en")
        # Another device, with an Indonesian browser and no cookie: the account's choice follows the user.
        phone = HttpClient(HTTP_ACCEPT_LANGUAGE="id")
        phone.force_login(self.olivia)
        self.assertContains(phone.get("/"), "My caseload")

    def test_the_saved_choice_wins_over_the_device_cookie(self):
        User.objects.filter(pk=self.olivia.pk).update(language="id")
        self.speak_english()
        self.assertContains(self.client.get(reverse("accounts:login")), 'lang="en"')  # signed out: the device
        self.client.force_login(self.olivia)
        self.assertContains(self.client.get("/"), "Klien bimbingan saya")  # signed in: the account

    def test_the_switch_without_an_account_remembers_the_device_choice(self):
        response = self.client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
        self.assertEqual(response.cookies[settings.LANGUAGE_COOKIE_NAME].value, "en")
        self.assertContains(self.client.get(reverse("accounts:login")), "Sign in")

    def test_an_unknown_language_or_an_outside_address_changes_nothing(self):
        self.client.force_login(self.olivia)
        response = self.client.post(reverse("set_language"), {"language": "fr", "next": "https://evil.example/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertNotIn(settings.LANGUAGE_COOKIE_NAME, response.cookies)
        self.olivia.refresh_from_db()
        self.assertEqual(self.olivia.language, "")

    def test_choosing_a_language_keeps_the_account_version(self):
        """The administrator's edit form guards the account with its version; a preference must not bump it."""
        version = self.olivia.version
        self.client.force_login(self.olivia)
        self.client.post(reverse("set_language"), {"language": "en"})
        self.olivia.refresh_from_db()
        self.assertEqual((self.olivia.language, self.olivia.version), ("en", version))

    def test_the_switch_answers_only_post(self):
        self.assertEqual(self.client.get(reverse("set_language")).status_code, 405)


class LanguageCommitTestCase(TransactionBaseTestCase):
    def test_the_choice_is_saved_outside_a_test_transaction(self):
        self.client.force_login(self.olivia)
        self.client.post(reverse("set_language"), {"language": "en"})
        self.assertEqual(User.objects.get(pk=self.olivia.pk).language, "en")


class LanguageSwitchInputTestCase(BaseTestCase):
    def test_the_page_to_return_to_must_be_a_path_on_this_site(self):
        for target in ("//evil.example/", "https://evil.example/", "9999-12-31", "javascript:alert(1)", ""):
            with self.subTest(target=target):
                response = self.client.post(reverse("set_language"), {"language": "id", "next": target})
                self.assertRedirects(response, "/", fetch_redirect_response=False)
