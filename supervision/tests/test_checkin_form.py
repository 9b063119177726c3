"""The check-in form in one screen: what it offers first, what it pre-fills, that its first save succeeds,
which fields belong to which outcome, and the error summary at the top."""

from django.urls import reverse

from bapas.tests.test_bad_input import page_forms
from organizations.models import ServiceLocation
from supervision.models import CheckIn
from supervision.tests.base import D, EnglishTestCase


class CheckInFormTestCase(EnglishTestCase):
    def url(self, query: str = "") -> str:
        return reverse("supervision:checkin_create", args=[self.budi.pk]) + query

    def rendered_values(self, response) -> dict:
        """What a browser sends for the check-in form as the page renders it (a textarea drops its first newline)."""
        (form,) = [f for f in page_forms(response.content.decode()) if "outcome" in f["fields"]]
        return {name: value.removeprefix("\n") for name, value in form["defaults"].items()}

    def test_the_form_leads_with_date_attendance_and_the_offices_main_site(self):
        ServiceLocation.objects.create(
            office=self.cirebon,
            kind=ServiceLocation.Kind.POS_BAPAS,
            name="A Pos Bapas",
            address="Jl. Uji 3",
            district=self.district,
        )
        self.client.force_login(self.olivia)
        response = self.client.get(self.url())
        form = response.context["form"]
        self.assertEqual(list(form.fields)[:4], ["due_on", "outcome", "location", "occurred_at"])
        values = self.rendered_values(response)
        self.assertEqual(values["location"], str(self.cirebon_location.pk))
        self.assertEqual(values["due_on"], "2025-07-10")  # the oldest open date
        self.assertTrue(values["occurred_at"].startswith("2025-09-10T"))  # today, the frozen day
        self.assertContains(response, 'data-required-for="hadir"')

    def test_the_first_save_with_the_rendered_values_and_an_attendance_succeeds(self):
        self.client.force_login(self.olivia)
        values = self.rendered_values(self.client.get(self.url()))
        values["outcome"] = "hadir"
        response = self.client.post(self.url(), values)
        self.assertRedirects(response, reverse("dashboard:home"), fetch_redirect_response=False)
        checkin = CheckIn.objects.get(episode=self.episode)
        self.assertEqual(
            (checkin.due_on, checkin.outcome, checkin.location), (D(2025, 7, 10), "hadir", self.cirebon_location)
        )

    def test_a_missed_report_saves_first_time_despite_the_prefilled_time_and_location(self):
        self.client.force_login(self.olivia)
        values = self.rendered_values(self.client.get(self.url()))
        values["outcome"] = "tidak_hadir"
        response = self.client.post(self.url(), values)
        self.assertEqual(response.status_code, 302)
        checkin = CheckIn.objects.get(episode=self.episode)
        self.assertEqual((checkin.outcome, checkin.occurred_at, checkin.location), ("tidak_hadir", None, None))

    def test_the_video_call_answers_are_required_only_for_a_remote_report(self):
        self.allow_remote()
        self.client.force_login(self.olivia)
        values = self.rendered_values(self.client.get(self.url()))
        response = self.client.post(self.url(), dict(values, outcome="hadir_daring"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].errors), {"condition", "activity", "obstacles"})
        self.assertFalse(CheckIn.objects.exists())
        answers = {"condition": "Sehat", "activity": "Bekerja", "obstacles": "Tidak ada"}
        values = self.rendered_values(response)
        response = self.client.post(self.url(), dict(values, outcome="hadir_daring", **answers))
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        self.assertEqual(CheckIn.objects.get().location, None)  # the pre-filled site is not a remote report's
        self.assertContains(self.client.get(self.url()), 'data-shown-for="hadir_daring"')

    def test_the_queue_date_is_pre_selected(self):
        self.client.force_login(self.olivia)
        values = self.rendered_values(self.client.get(self.url("?due_on=2025-09-10")))
        self.assertEqual(values["due_on"], "2025-09-10")
        # A date that is not open falls back to the oldest open one.
        values = self.rendered_values(self.client.get(self.url("?due_on=2025-09-11")))
        self.assertEqual(values["due_on"], "2025-07-10")

    def test_an_invalid_post_shows_the_error_summary_with_links_to_the_fields(self):
        self.client.force_login(self.olivia)
        values = self.rendered_values(self.client.get(self.url()))
        response = self.client.post(self.url(), dict(values, outcome="hadir", location=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="errorbox error-summary" role="alert" tabindex="-1"')
        self.assertContains(
            response, '<a href="#id_location">Service location: Choose the service location where the client reported.'
        )
        self.assertFalse(CheckIn.objects.exists())


class HomeQueueLinkTestCase(EnglishTestCase):
    def test_the_pks_due_row_links_straight_to_the_form_with_its_date(self):
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("dashboard:home"))
        url = reverse("supervision:checkin_create", args=[self.budi.pk])
        self.assertContains(response, f'href="{url}?due_on=2025-07-10"')
