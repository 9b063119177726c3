"""The tenant key (DESIGN.md): every row that belongs to an office carries its office.

- Every model of the project's apps either has an `office` column or is listed below with the reason why not.
- Every `lib.models.OfficeRow` (a row whose office is its parent's) agrees with its parent after the demo is
  built through its bulk paths, and after the services write rows one by one.
- `save()`, `full_clean()` and the manager's `bulk_create()` fill a missing office from the parent, and an
  office already set is kept.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.db.models import F
from django.test import TestCase

from bapas.test import BaseTestCase
from bapas.testclock import JAKARTA, FrozenClockMixin
from clients.models import Assignment, Guarantor
from clients.tests.factories import make_client
from lib.models import OfficeRow
from partners.codes import ServiceField
from partners.models import PartnerField
from partners.tests.factories import make_partner

PROJECT_APPS = {
    "organizations",
    "accounts",
    "audit",
    "clients",
    "supervision",
    "fieldwork",
    "partners",
    "board",
    "assessment",
    "violations",
    "movements",
    "litmas",
    "guidance",
    "referrals",
    "dashboard",
    "submissions",
    "regions",
    "lib",
}

# Tables without an `office` column, and why.
NO_OFFICE_COLUMN = {
    "regions.Province": "reference data shared by all offices",
    "regions.Regency": "reference data shared by all offices",
    "regions.District": "reference data shared by all offices",
    "regions.Village": "reference data shared by all offices",
    "organizations.Kanwil": "above the offices",
    "organizations.Office": "the tenant itself",
    "organizations.CalendarDay": "the national calendar of holidays, shared",
    "clients.RuleSet": "national rules, shared",
    "litmas.LitmasType": "national code list of Litmas kinds with their deadline rules, shared",
    "litmas.ReportTemplate": "national report templates, shared",
    # An assessment instrument version is national like the rule sets (the sample, or the one an administrator
    # enters): its domains, questions and answer options are parts of it.
    "assessment.Instrument": "national instrument definitions, shared",
    "assessment.InstrumentDomain": "part of a national instrument definition",
    "assessment.Item": "part of a national instrument definition",
    "assessment.Option": "part of a national instrument definition",
    "submissions.FormSubmission": "one-time form tokens, no office data",
    # A transfer belongs to two offices: `from_office` is its tenant key (the office of the episode it
    # moves, where it was written) and `to_office` the office that sees it once approved. A third column
    # would only copy `from_office`.
    "movements.Transfer": "carries from_office (its tenant key) and to_office",
}

OFFICE_ROWS = {
    "clients.Guarantor",
    "clients.CaseArticle",
    "clients.Assignment",
    "supervision.RemoteCheckIn",
    "fieldwork.GuidanceParticipant",
    "violations.Revocation",
    "movements.TravelPermit",
    "movements.ClosingReport",
    "litmas.LitmasStep",
    "litmas.LitmasReport",
    "litmas.LitmasDocument",
    "guidance.PlanItem",
    "referrals.DesiredOutcome",
    "referrals.ReferralSession",
    "referrals.OutcomeRating",
    "referrals.GroupParticipant",
    "referrals.Document",
    "partners.PartnerField",
    "partners.AgreementField",
    "assessment.Assessment",
    "assessment.Answer",
}


def office_rows():
    return [m for m in apps.get_models() if issubclass(m, OfficeRow)]


def mismatches(model) -> dict[str, int]:
    """How many rows of `model` disagree with their parent's office, by parent link (0 everywhere is right)."""
    out = {}
    for link in model.office_parents:
        rows = model.objects.filter(**{f"{link}__isnull": False}).exclude(office_id=F(f"{link}__office_id"))
        out[link] = rows.count()
    return out


class TenantColumnTests(TestCase):
    def test_every_table_of_office_data_has_an_office(self):
        missing = []
        for model in apps.get_models():
            label = model._meta.label
            if model._meta.app_label not in PROJECT_APPS or label in NO_OFFICE_COLUMN:
                continue
            if "office" not in {f.name for f in model._meta.concrete_fields}:
                missing.append(label)
        self.assertEqual(missing, [])

    def test_the_rows_whose_office_is_their_parents(self):
        self.assertEqual({m._meta.label for m in office_rows()}, OFFICE_ROWS)
        for model in office_rows():
            field = model._meta.get_field("office")
            self.assertFalse(field.null, model)
            self.assertTrue(model.office_parents, model)
            for link in model.office_parents:
                parent = model._meta.get_field(link).related_model
                self.assertIn("office", {f.name for f in parent._meta.concrete_fields}, (model, link))


class DemoTenantKeyTests(FrozenClockMixin, TestCase):
    """The demo builder writes most of these rows with bulk_create."""

    TODAY = datetime.date(2026, 6, 10)
    NOW = datetime.datetime(2026, 6, 10, 9, 0, tzinfo=JAKARTA)

    @classmethod
    def setUpTestData(cls):
        from demo import services

        services.build_demo(offices=1, clients_per_office=60, today=cls.TODAY)

    def test_every_row_has_its_parents_office(self):
        empty = []
        for model in office_rows():
            with self.subTest(model=model._meta.label):
                self.assertEqual(set(mismatches(model).values()), {0})
            if not model.objects.exists():
                empty.append(model._meta.label)
        # The check means something only if the demo wrote rows of (nearly) every table.
        self.assertLessEqual(len(empty), 3, empty)


class FillOfficeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")

    def test_save_and_full_clean_take_the_parents_office(self):
        guarantor = Guarantor(client=self.budi, name="Siti", relationship="ibu")
        guarantor.full_clean()
        self.assertEqual(guarantor.office_id, self.cirebon.pk)
        other = Guarantor(client_id=self.budi.pk, name="Ahmad", relationship="ayah")
        with self.assertNumQueries(2):  # the parent's office, then the insert
            other.save()
        self.assertEqual(other.office_id, self.cirebon.pk)

    def test_bulk_create_fills_the_office_with_one_query_per_parent_model(self):
        partner = make_partner(self.cirebon, name="LBH Cirebon", fields=[])
        rows = [
            PartnerField(partner_id=partner.pk, field=f) for f in (ServiceField.LEGAL_AID, ServiceField.EMPOWERMENT)
        ]
        with self.assertNumQueries(2):  # the partners' offices, then one insert
            PartnerField.objects.bulk_create(rows)
        self.assertEqual({r.office_id for r in PartnerField.objects.filter(partner=partner)}, {self.cirebon.pk})

    def test_an_office_already_set_is_kept(self):
        row = Assignment(
            episode=self.budi.current_episode, office=self.bandung, kind="apk", officer=self.olivia, reason="x"
        )
        row.save()
        row.refresh_from_db()
        self.assertEqual(row.office, self.bandung)

    def test_every_service_written_row_has_its_parents_office(self):
        # BaseTestCase's fixtures and make_client go through the clients services.
        for model in office_rows():
            with self.subTest(model=model._meta.label):
                self.assertEqual(set(mismatches(model).values()), {0})
