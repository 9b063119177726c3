"""Eligibility checks (clients.rules.eligibility_findings) where clients are registered: the service,
the intake form and the batch import. A refused finding saves nothing; a warning needs the
registering officer's reason, which the episode's audit event keeps with the officer and the warnings.
"""

import datetime
import zoneinfo

import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from bapas.test import BaseTestCase
from clients import importing, services
from clients.models import Client, ProgramEpisode, RuleSet
from clients.tests.test_import import GOOD, csv_file, person
from clients.tests.test_registry_views import intake_form

NOW = datetime.datetime(2025, 11, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))
D = datetime.date
# The intake form's case: detained 10 January 2024 for 2 years, so 2/3 is served on 10 May 2025.
EARLY = {"episode-decree_date": "2025-04-28", "episode-starts_on": "2025-05-09"}


def register(**episode) -> Client:
    values = {"program": "PB", "decree_number": "PAS-1.PK.05.09 Tahun 2025", "decree_date": D(2025, 5, 2)}
    return services.client_register(
        office=register.office,
        acting_user=register.user,
        person={
            "nik": "3209011203850001",
            "name": "Fajar Nugroho",
            "birth_place": "Cirebon",
            "birth_date": D(1985, 3, 12),
            "sex": "L",
            "religion": "islam",
            "marital_status": "kawin",
            "education": "sma",
            "employment": "bekerja",
            "domicile_regency_id": "32.09",
            "address": "Blok Uji",
        },
        case=services.CaseInput(
            criminal_code="lama",
            decision_number="1/Pid.B/2024/PN Sbr",
            decision_date=D(2024, 5, 2),
            sentence_years=2,
            detention_start=D(2024, 1, 10),
            expiry_date=D(2026, 1, 10),
            articles=[{"article": "362", "paragraph": "", "law": "KUHP", "category": "pencurian"}],
        ),
        episode=services.EpisodeInput(**(values | episode)),
    )


@time_machine.travel(NOW, tick=False)
class EligibilityServiceTestCase(BaseTestCase):
    def setUp(self):
        register.office, register.user = self.cirebon, self.rita

    def test_a_refused_finding_saves_nothing(self):
        with self.assertRaises(ValidationError) as ctx:
            register(starts_on=D(2025, 5, 1))  # before the decree of 2 May
        self.assertEqual(ctx.exception.error_dict["starts_on"][0].code, "start_before_decree")
        self.assertFalse(Client.objects.exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_a_warning_without_a_reason_saves_nothing(self):
        with self.assertRaises(services.ConfirmationRequired) as ctx:
            register(starts_on=D(2025, 5, 9))
        self.assertEqual([f.code for f in ctx.exception.findings], ["served_fraction"])
        self.assertFalse(Client.objects.exists())
        with self.assertRaises(services.ConfirmationRequired):
            register(starts_on=D(2025, 5, 9), confirmation_reason="   ")

    def test_a_reason_for_other_warnings_than_the_ones_seen_is_not_enough(self):
        with self.assertRaises(services.ConfirmationRequired):
            register(starts_on=D(2025, 5, 9), confirmation_reason="Remisi", confirmed_codes=frozenset({"child_age"}))

    def test_a_confirmed_warning_is_registered_and_audited_with_the_reason(self):
        client = register(starts_on=D(2025, 5, 9), confirmation_reason=" Remisi 1 bulan (SK remisi terlampir) ")
        event = AuditEvent.objects.get(action="episode.created", object_id=str(client.current_episode_id))
        self.assertEqual(event.actor, self.rita)
        self.assertEqual(event.data["confirmation_reason"], "Remisi 1 bulan (SK remisi terlampir)")
        self.assertEqual([w["code"] for w in event.data["confirmed_warnings"]], ["served_fraction"])
        self.assertIn("2/3", event.data["confirmed_warnings"][0]["message"])

    def test_the_rule_version_decides_the_severity(self):
        RuleSet.objects.filter(program="PB").update(served_fraction_severity="refuse")
        with self.assertRaises(ValidationError) as ctx:
            register(starts_on=D(2025, 5, 9), confirmation_reason="Remisi")
        self.assertEqual(ctx.exception.error_dict["starts_on"][0].code, "served_fraction")
        self.assertFalse(Client.objects.exists())

    def test_the_administrator_edits_the_checks_in_the_admin(self):
        rule = RuleSet.objects.get(program="PB", valid_from=D(1999, 1, 1))
        self.client.force_login(self.nadia)
        response = self.client.get(f"/admin/clients/ruleset/{rule.pk}/change/")
        for name in ("min_served_fraction", "served_fraction_severity", "child_age_limit_years", "max_sentence_months"):
            self.assertContains(response, f'name="{name}"')

    def test_a_lawful_episode_needs_no_reason_and_records_none(self):
        client = register(starts_on=D(2025, 5, 10))
        event = AuditEvent.objects.get(action="episode.created", object_id=str(client.current_episode_id))
        self.assertNotIn("confirmation_reason", event.data)


@time_machine.travel(NOW, tick=False)
class IntakeEligibilityTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.speak_english()

    url = reverse("clients:create")

    def post(self, **overrides):
        self.client.force_login(self.rita)
        with translation.override("en"):
            return self.client.post(self.url, intake_form(**overrides))

    def test_the_warning_is_shown_with_a_reason_field_and_nothing_is_saved(self):
        response = self.post(**EARLY)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "starts before 2/3 of the sentence is served (2/3 falls on 10 May 2025)")
        self.assertContains(response, 'name="confirm-reason"')
        self.assertContains(response, 'name="confirm-codes" value="served_fraction"')
        self.assertFalse(Client.objects.exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_it_is_refused_without_a_reason(self):
        response = self.post(**EARLY, **{"confirm-codes": "served_fraction", "confirm-reason": ""})
        self.assertContains(response, "Give the reason for registering despite these warnings.")
        self.assertFalse(Client.objects.exists())

    def test_it_is_accepted_with_a_reason_and_audited(self):
        response = self.post(**EARLY, **{"confirm-codes": "served_fraction", "confirm-reason": "Remisi 1 bulan"})
        client = Client.objects.get(nik="3209011203850001")
        self.assertRedirects(response, reverse("clients:detail", args=[client.pk]))
        event = AuditEvent.objects.get(action="episode.created")
        self.assertEqual((event.actor, event.data["confirmation_reason"]), (self.rita, "Remisi 1 bulan"))
        self.assertEqual([w["code"] for w in event.data["confirmed_warnings"]], ["served_fraction"])

    def test_a_refused_finding_shows_at_its_field_without_a_reason_field(self):
        response = self.post(**{"episode-decree_date": "2025-06-11"})  # the start (10 June) is before it
        self.assertContains(response, "before the decree date (11 June 2025)")
        self.assertNotContains(response, 'name="confirm-reason"')
        self.assertFalse(Client.objects.exists())

    def test_a_lawful_registration_shows_no_warning(self):
        response = self.post()
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ProgramEpisode.objects.get().client.is_child)


@time_machine.travel(NOW, tick=False)
class ImportEligibilityTestCase(BaseTestCase):
    """GOOD: detained 20 February 2023 for 4 years, so 2/3 is served on 20 October 2025."""

    columns = [*GOOD, "confirmation_reason"]

    def run_import(self, *rows):
        upload = csv_file(list(rows), columns=self.columns)
        with translation.override("en"):
            return importing.import_rows(
                importing.parse_upload(upload), office=self.cirebon, acting_user=self.rita, filename=upload.name
            )

    def test_the_column_is_optional_and_documented(self):
        self.assertIn("confirmation_reason", importing.COLUMN_NAMES)
        self.assertNotIn("confirmation_reason", importing.REQUIRED_COLUMNS)

    def test_a_row_with_a_warning_and_no_reason_is_a_row_error_naming_the_warning(self):
        result = self.run_import(person(1), person(2, decree_date="2025-10-01", starts_on="2025-10-10"))
        self.assertEqual(
            [(e.row, e.column, e.code) for e in result.errors], [(3, "confirmation_reason", "served_fraction")]
        )
        self.assertIn("needs a confirmation reason", result.errors[0].message)
        self.assertIn("2/3 falls on 20 October 2025", result.errors[0].message)
        self.assertFalse(Client.objects.exists())  # all or nothing

    def test_a_row_with_a_warning_and_a_reason_is_registered_and_audited(self):
        early = person(2, decree_date="2025-10-01", starts_on="2025-10-10", confirmation_reason="Remisi 2 bulan")
        result = self.run_import(person(1), early)
        self.assertEqual(result.errors, [])
        self.assertEqual(result.new_clients, 2)
        event = AuditEvent.objects.get(action="episode.created", data__confirmation_reason="Remisi 2 bulan")
        self.assertEqual(event.actor, self.rita)
        self.assertEqual([w["code"] for w in event.data["confirmed_warnings"]], ["served_fraction"])

    def test_a_refused_finding_is_a_row_error_at_its_column_even_with_a_reason(self):
        late = person(1, decree_date="2027-02-25", starts_on="2027-03-01", confirmation_reason="x")
        result = self.run_import(late)
        self.assertEqual([(e.column, e.code) for e in result.errors], [("starts_on", "start_after_expiry")])
        self.assertFalse(Client.objects.exists())
