import time

import time_machine
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from bapas.test import PASSWORD, BaseTestCase


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


class LoginTestCase(BaseTestCase):
    url = reverse("accounts:login")

    def test_anonymous_home_redirects_to_login(self):
        response = self.client.get("/")
        self.assertRedirects(response, f"{self.url}?next=/")

    def test_login_page_speaks_indonesian_by_default(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'lang="id"')
        self.assertContains(response, "NIP atau nama pengguna")

    def test_it_logs_in_with_username(self):
        response = self.client.post(self.url, {"username": "olivia", "password": PASSWORD})
        self.assertRedirects(response, "/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.olivia.pk)

    def test_it_logs_in_with_nip(self):
        response = self.client.post(self.url, {"username": self.olivia.nip, "password": PASSWORD})
        self.assertRedirects(response, "/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.olivia.pk)

    def test_wrong_password_gives_a_clear_message(self):
        response = self.client.post(self.url, {"username": "olivia", "password": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "kata sandi salah")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_inactive_account_cannot_log_in(self):
        self.olivia.is_active = False
        self.olivia.save(update_fields=["is_active"])
        response = self.client.post(self.url, {"username": "olivia", "password": PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(response.status_code, 200)

    def test_repeated_failures_lock_the_account_with_a_clear_message(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(self.url, {"username": "olivia", "password": "wrong"})
        response = self.client.post(self.url, {"username": "olivia", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Terlalu banyak percobaan masuk yang gagal", status_code=429)
        self.assertContains(response, f"selama {settings.AXES_COOLOFF_TIME.seconds // 60} menit", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_lockout_does_not_affect_another_account(self):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            self.client.post(self.url, {"username": "olivia", "password": "wrong"})
        response = self.client.post(self.url, {"username": "sam", "password": PASSWORD})
        self.assertRedirects(response, "/")

    def test_login_with_a_forged_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(self.url, {"username": "olivia", "password": PASSWORD, "csrfmiddlewaretoken": "x" * 64})
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "tidak ada yang disimpan", status_code=403)
        self.assertNotIn("_auth_user_id", client.session)

    def test_sessions_expire(self):
        self.assertTrue(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE)
        self.client.post(self.url, {"username": "olivia", "password": PASSWORD})
        self.assertLessEqual(self.client.session.get_expiry_age(), 8 * 3600)

    def test_logout_needs_post(self):
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(reverse("accounts:logout")).status_code, 405)
        self.client.post(reverse("accounts:logout"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_next_parameter_cannot_redirect_off_site(self):
        response = self.client.post(
            f"{self.url}?next=https://evil.example/", {"username": "olivia", "password": PASSWORD}
        )
        self.assertRedirects(response, "/", fetch_redirect_response=False)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"])
class PasswordHashingTestCase(BaseTestCase):
    def test_production_hashes_passwords_with_argon2(self):
        from bapas import settings as production

        self.assertEqual(production.PASSWORD_HASHERS[0], "django.contrib.auth.hashers.Argon2PasswordHasher")
        self.olivia.set_password("another-long-password")
        self.assertEqual(identify_hasher(self.olivia.password).algorithm, "argon2")


class TwoFactorTestCase(BaseTestCase):
    security_url = reverse("accounts:security")

    def enable_totp(self) -> TOTPDevice:
        self.client.force_login(self.olivia)
        self.assertRedirects(self.client.post(self.security_url, {"setup": "1"}), self.security_url)
        device = TOTPDevice.objects.get(user=self.olivia, confirmed=False)
        response = self.client.post(self.security_url, {"token": current_code(device)})
        self.assertRedirects(response, self.security_url)
        device.refresh_from_db()
        self.client.logout()
        return device

    def test_security_page_shows_a_qr_code_until_enabled(self):
        self.client.force_login(self.olivia)
        self.client.post(self.security_url, {"setup": "1"})
        response = self.client.get(self.security_url)
        self.assertContains(response, "<svg")
        self.assertContains(response, "belum aktif")

    def test_reading_the_security_page_writes_nothing(self):
        self.client.force_login(self.olivia)
        for method in (self.client.get, self.client.head):
            response = method(self.security_url)
            self.assertEqual(response.status_code, 200)
        self.assertFalse(TOTPDevice.objects.filter(user=self.olivia).exists())
        self.assertNotContains(self.client.get(self.security_url), "<svg")

    def test_setting_up_makes_one_pending_device_and_a_code_without_it_changes_nothing(self):
        self.client.force_login(self.olivia)
        self.assertRedirects(self.client.post(self.security_url, {"token": "123456"}), self.security_url)
        self.assertFalse(TOTPDevice.objects.filter(user=self.olivia).exists())
        self.client.post(self.security_url, {"setup": "1"})
        self.client.post(self.security_url, {"setup": "1"})
        self.assertEqual(TOTPDevice.objects.filter(user=self.olivia, confirmed=False).count(), 1)

    def test_a_wrong_code_does_not_enable_it(self):
        self.client.force_login(self.olivia)
        self.client.post(self.security_url, {"setup": "1"})
        response = self.client.post(self.security_url, {"token": "000000"})
        self.assertContains(response, "Kode tidak cocok")
        self.assertFalse(TOTPDevice.objects.filter(user=self.olivia, confirmed=True).exists())

    def test_enabling_is_audited(self):
        device = self.enable_totp()
        self.assertTrue(device.confirmed)
        self.assertTrue(
            AuditEvent.objects.filter(action="account.totp_enabled", object_id=str(self.olivia.pk)).exists()
        )

    def test_login_then_requires_the_code(self):
        device = self.enable_totp()
        response = self.client.post(reverse("accounts:login"), {"username": "olivia", "password": PASSWORD})
        self.assertRedirects(response, reverse("accounts:login_otp"))
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.client.get("/").status_code, 302)

        response = self.client.post(reverse("accounts:login_otp"), {"token": "123"})
        self.assertContains(response, "6 digit")
        self.assertNotIn("_auth_user_id", self.client.session)

        device.refresh_from_db()
        # A code is accepted once: the next one comes in the next 30-second window.
        with time_machine.travel(time.time() + 60, tick=False):
            response = self.client.post(reverse("accounts:login_otp"), {"token": current_code(device)})
        self.assertRedirects(response, "/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.olivia.pk)

    def test_code_step_without_password_step_goes_back_to_login(self):
        response = self.client.get(reverse("accounts:login_otp"))
        self.assertRedirects(response, reverse("accounts:login"))

    def test_disabling_needs_the_password(self):
        self.enable_totp()
        self.client.force_login(self.olivia)
        self.client.post(reverse("accounts:security_disable"), {"password": "wrong"})
        self.assertTrue(TOTPDevice.objects.filter(user=self.olivia, confirmed=True).exists())
        self.client.post(reverse("accounts:security_disable"), {"password": PASSWORD})
        self.assertFalse(TOTPDevice.objects.filter(user=self.olivia).exists())
        self.assertTrue(AuditEvent.objects.filter(action="account.totp_disabled").exists())

    def test_password_change_is_audited(self):
        self.client.force_login(self.olivia)
        response = self.client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "a-brand-new-passphrase",
                "new_password2": "a-brand-new-passphrase",
            },
        )
        self.assertRedirects(response, self.security_url)
        self.assertTrue(AuditEvent.objects.filter(action="account.password_changed", actor=self.olivia).exists())
