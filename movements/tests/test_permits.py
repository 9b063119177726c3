"""Travel permits (izin luar kota / luar negeri): request, decision, the letter."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from clients.tests.factories import make_client
from movements import selectors, services
from movements.models import TravelPermit
from movements.tests.base import D, MovementsTestCase


class PermitTestCase(MovementsTestCase):
    def request(self, episode=None, **fields):
        values = {
            "kind": "luar_kota",
            "applicant": "klien",
            "destination": "Jakarta",
            "purpose": "Visiting his sick father",
            "starts_on": D(2026, 12, 28),
            "ends_on": D(2026, 12, 30),
        }
        values.update(fields)
        return services.permit_request(episode=episode or self.episode, acting_user=self.olivia, **values)

    def test_an_out_of_town_permit_is_due_in_fourteen_working_days(self):
        permit = self.request()
        # 24, 25 Dec, 1 and 5 Jan are closed, so 14 working days run to 14 January 2027.
        self.assertEqual(selectors.permit_deadline(permit), D(2027, 1, 14))
        event = AuditEvent.objects.get(action="permit.requested")
        self.assertEqual((event.office, event.actor), (self.cirebon, self.olivia))

    def test_abroad_only_for_parole(self):
        cb = make_client(self.cirebon, officer=self.olivia, program="CB")
        with self.assertRaises(ValidationError) as caught:
            self.request(cb.current_episode, kind="luar_negeri")
        self.assertIn(
            "Only a client on parole (PB) may be allowed to go abroad", caught.exception.message_dict["kind"][0]
        )
        self.assertFalse(TravelPermit.objects.exists())
        permit = self.request(kind="luar_negeri", destination="Kuala Lumpur")
        self.assertIsNone(selectors.permit_deadline(permit))  # no service standard for abroad

    def test_dates_are_checked(self):
        with self.assertRaises(ValidationError) as caught:
            self.request(starts_on=D(2026, 12, 20), ends_on=D(2027, 2, 1))
        errors = caught.exception.message_dict
        self.assertEqual(errors["starts_on"], ["The trip cannot start before the day of the request."])
        self.assertEqual(errors["ends_on"], ["The trip must end by the end of guidance (10 January 2027)."])

    def test_the_lawyer_or_family_is_named(self):
        with self.assertRaises(ValidationError) as caught:
            self.request(applicant="keluarga")
        self.assertIn("applicant_name", caught.exception.message_dict)

    def test_overlapping_permits_are_refused(self):
        self.request()
        with self.assertRaises(ValidationError) as caught:
            self.request(starts_on=D(2026, 12, 29), ends_on=D(2027, 1, 2))
        self.assertIn("Another permit already covers", caught.exception.message_dict["starts_on"][0])

    def test_refusal_needs_a_reason_and_approval_opens_the_letter(self):
        permit = self.request()
        with self.assertRaises(ValidationError):
            services.permit_decide(permit=permit, acting_user=self.sam, approve=False)
        self.client.force_login(self.olivia)
        letter = reverse("movements:permit_letter", args=[permit.pk])
        self.assertEqual(self.client.get(letter).status_code, 404)
        services.permit_decide(permit=permit, acting_user=self.sam, approve=True, letter_number="W11.PK.01-7")
        response = self.client.get(letter)
        self.assertContains(response, "PERMIT TO TRAVEL OUT OF TOWN")
        self.assertContains(response, "W11.PK.01-7")
        # Printed without the menus: the print rules live in the static stylesheet (no inline <style>).
        self.assertContains(response, '<article class="letter">')
        self.assertContains(response, "data-print")
        self.assertIn("@media print", (settings.BASE_DIR / "static" / "css" / "bapas.css").read_text())
        self.assertTrue(AuditEvent.objects.filter(action="permit.approved", actor=self.sam).exists())
        with self.assertRaises(ValidationError):
            services.permit_decide(permit=permit, acting_user=self.sam, approve=False, reason="Changed mind")

    def test_the_pages_record_and_decide(self):
        self.client.force_login(self.alan)
        self.budi.current_episode.assistant = self.alan
        self.budi.current_episode.save(update_fields=["assistant"])
        response = self.client.post(
            reverse("movements:permit_request", args=[self.budi.pk]),
            {
                "kind": "luar_kota",
                "applicant": "klien",
                "destination": "Jakarta",
                "purpose": "Work",
                "starts_on": "2026-12-28",
                "ends_on": "2026-12-29",
            },
        )
        self.assertRedirects(response, reverse("movements:permit_list", args=[self.budi.pk]))
        permit = TravelPermit.objects.get()
        url = reverse("movements:permit_decide", args=[permit.pk])
        self.assertEqual(self.client.post(url, {"decision": "approve"}).status_code, 403)  # an APK does not decide
        self.client.force_login(self.joko)
        self.assertEqual(self.client.post(url, {"decision": "approve"}).status_code, 404)
        self.client.force_login(self.sam)
        response = self.client.post(url, {"decision": "refuse", "reason": "Pending violation"})
        self.assertRedirects(response, reverse("movements:permit_list", args=[self.budi.pk]))
        permit.refresh_from_db()
        self.assertEqual(permit.state, TravelPermit.State.REFUSED)


class PermitPagesTestCase(MovementsTestCase):
    def test_the_list_and_the_queue_show_the_request_and_its_deadline(self):
        permit = services.permit_request(
            episode=self.episode,
            acting_user=self.olivia,
            kind="luar_kota",
            applicant="keluarga",
            applicant_name="Siti Aminah",
            destination="Surabaya",
            purpose="Wedding of his sister",
            starts_on=D(2026, 12, 26),
            ends_on=D(2026, 12, 28),
        )
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("movements:permit_list", args=[self.budi.pk]))
        self.assertContains(response, "Surabaya")
        self.assertContains(response, "Siti Aminah")
        self.assertNotContains(response, reverse("movements:permit_decide", args=[permit.pk]))
        self.client.force_login(self.sam)
        response = self.client.get(reverse("movements:requests"))
        self.assertContains(response, reverse("movements:permit_decide", args=[permit.pk]))
        self.assertContains(response, "14-01-2027")
        self.assertContains(self.client.get(reverse("movements:permit_decide", args=[permit.pk])), "14-01-2027")

    def test_the_abroad_letter(self):
        permit = services.permit_request(
            episode=self.episode,
            acting_user=self.olivia,
            kind="luar_negeri",
            applicant="klien",
            destination="Kuala Lumpur",
            purpose="Treatment",
            starts_on=D(2026, 12, 28),
            ends_on=D(2027, 1, 3),
        )
        services.permit_decide(permit=permit, acting_user=self.hana, approve=True)
        self.client.force_login(self.sam)
        response = self.client.get(reverse("movements:permit_letter", args=[permit.pk]))
        self.assertContains(response, "PERMIT TO TRAVEL ABROAD")
        self.assertContains(response, "Kuala Lumpur")
        self.client.force_login(self.reggie)  # auditors read the file but do not print permits
        self.assertEqual(self.client.get(reverse("movements:permit_letter", args=[permit.pk])).status_code, 403)
