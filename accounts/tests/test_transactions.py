"""Signing in, staff accounts created and edited, and a password changed, through the pages and committed for real."""

import time_machine
from django.urls import reverse

from accounts.models import Role, User
from accounts.tests.test_staff_views import account_form
from audit.models import AuditEvent
from bapas.test import PASSWORD, TransactionBaseTestCase
from movements.tests.base import NOW


@time_machine.travel(NOW, tick=False)
class AccountWritePathsTestCase(TransactionBaseTestCase):
    def test_sign_in_create_edit_and_change_a_password(self):
        response = self.client.post(reverse("accounts:login"), {"username": "ada", "password": PASSWORD})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        response = self.client.post(reverse("accounts:staff_create"), account_form())
        budi = User.objects.get(username="budi")
        self.assertRedirects(response, reverse("accounts:staff_detail", args=[budi.pk]))
        form = account_form(
            username="olivia",
            full_name="Olivia Putri Utami",
            nip=self.olivia.nip,
            email="",
            role=Role.PK,
            jenjang="ahli_muda",
            section="BKD",
            office=self.cirebon.pk,
            version=self.olivia.version,
        )
        response = self.client.post(reverse("accounts:staff_edit", args=[self.olivia.pk]), form)
        self.assertEqual(response.status_code, 302)

        self.client.force_login(self.olivia)
        new = "a-new-long-passphrase-2026"
        response = self.client.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        )
        self.assertEqual(response.status_code, 302)
        self.olivia.refresh_from_db()
        self.assertEqual(self.olivia.full_name, "Olivia Putri Utami")
        self.assertTrue(self.olivia.check_password(new))
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertLessEqual({"account.created", "account.updated"}, actions)
