"""The check-in page: the form, POST-redirect-GET to the PK's home, and who may use it."""

from django.urls import reverse

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from clients.tests.factories import make_client
from supervision.models import CheckIn
from supervision.tests.base import D, SupervisionTestCase


class CheckInCreateTestCase(SupervisionTestCase):
    def url(self, client=None) -> str:
        return reverse("supervision:checkin_create", args=[(client or self.budi).pk])

    def form(self, **overrides) -> dict:
        data = {
            "due_on": "2025-09-10",
            "outcome": "hadir",
            "occurred_at": "2025-09-10T08:30",
            "location": self.cirebon_location.pk,
            "excuse_reason": "",
            "rescheduled_to": "",
        }
        data.update(overrides)
        return data

    def test_the_form_offers_the_unrecorded_dates_and_defaults_to_the_next_due(self):
        self.client.force_login(self.olivia)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        self.assertEqual(
            [value for value, _ in form.fields["due_on"].choices],
            ["2025-07-10", "2025-08-11", "2025-09-10"],  # 10 August 2025 was a Sunday,
        )
        self.assertEqual(form.initial["due_on"], "2025-07-10")
        self.assertEqual(list(form.fields["location"].queryset), [self.cirebon_location])
        self.assertContains(response, "Catat wajib lapor")

    def test_olivia_records_for_her_client_and_returns_home(self):
        self.client.force_login(self.olivia)
        response = self.client.post(self.url(), self.form())
        self.assertRedirects(response, reverse("dashboard:home"), fetch_redirect_response=False)
        checkin = CheckIn.objects.get(episode=self.episode)
        self.assertEqual((checkin.due_on, checkin.outcome, checkin.recorded_by), (D(2025, 9, 10), "hadir", self.olivia))
        self.assertTrue(AuditEvent.objects.filter(action="checkin.recorded").exists())
        home = self.client.get(response["Location"])
        self.assertContains(home, "Lapor Budi Santoso untuk 10 September 2025 telah dicatat.")

    def test_refusals_are_shown_on_the_form_and_nothing_is_saved(self):
        self.client.force_login(self.olivia)
        response = self.client.post(self.url(), self.form(occurred_at="2025-09-10T11:30"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "tidak boleh di masa depan")
        response = self.client.post(self.url(), self.form(outcome="izin", location=""))
        self.assertContains(response, "alasan izin")
        self.assertFalse(CheckIn.objects.exists())

    def test_a_client_without_supervision_under_way_gets_a_clear_message(self):
        self.episode.status = EpisodeStatus.COMPLETED
        self.episode.save(update_fields=["status"])
        self.client.force_login(self.olivia)
        response = self.client.get(self.url())
        self.assertContains(response, "tidak ada jadwal wajib lapor")
        self.client.post(self.url(), self.form())
        self.assertFalse(CheckIn.objects.exists())

    def test_a_colleagues_client_is_not_found(self):
        colleague = self.make_colleague()
        other = make_client(self.cirebon, officer=colleague)
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(self.url(other)).status_code, 404)
        self.assertEqual(self.client.post(self.url(other), self.form()).status_code, 404)
        self.assertFalse(CheckIn.objects.exists())

    def test_read_only_and_partner_users_are_forbidden(self):
        for user in (self.reggie, self.paula):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 403)
                self.assertEqual(self.client.post(self.url(), self.form()).status_code, 403)
        self.assertFalse(CheckIn.objects.exists())

    def test_anonymous_users_are_sent_to_login(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_the_front_desk_records_for_an_adult_client(self):
        self.client.force_login(self.rita)
        response = self.client.post(self.url(), self.form())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(CheckIn.objects.get().recorded_by, self.rita)

    def test_the_front_desk_does_not_see_a_child_client(self):
        child = make_client(self.cirebon, program="PB_ANAK")
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(self.url(child)).status_code, 404)

    def make_colleague(self):
        from accounts.models import Jenjang, Role, Section
        from bapas.test import make_user

        return make_user("oscar", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
