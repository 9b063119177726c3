import datetime

from audit.models import AuditEvent
from bapas.test import BaseTestCase
from clients import selectors
from clients.models import RuleSet


class RuleVersionAdminTestCase(BaseTestCase):
    def test_an_administrator_adds_a_rule_version_without_code(self):
        self.client.force_login(self.nadia)
        response = self.client.post(
            "/admin/clients/ruleset/add/",
            {
                "program": "CB",
                "valid_from": "2027-01-01",
                "legal_basis": "Permen baru 2027 (uji)",
                "phase_continued_at": "0.5000",
                "phase_final_at": "0.7500",
                "reporting_interval_months": "0",
                "reporting_interval_days": "14",
                "grace_days": "2",
                "probation_extra_months": "",
                "max_duration_months": "4",
                "min_hours": "",
                "max_hours": "",
                "max_hours_per_day": "",
                "completion_months": "",
                "revocation_window_months": "3",
            },
        )
        self.assertEqual(response.status_code, 302)
        rule = selectors.rule_set_for("CB", decision_date=None, decree_date=datetime.date(2027, 2, 1))
        self.assertEqual(
            (rule.legal_basis, rule.max_duration_months, rule.reporting_interval_days),
            ("Permen baru 2027 (uji)", 4, 14),
        )
        older = selectors.rule_set_for("CB", decision_date=None, decree_date=datetime.date(2026, 12, 31))
        self.assertEqual(older.max_duration_months, 6)
        self.assertTrue(AuditEvent.objects.filter(action="ruleset.created").exists())

    def test_inconsistent_fractions_are_refused(self):
        self.client.force_login(self.nadia)
        before = RuleSet.objects.count()
        response = self.client.post(
            "/admin/clients/ruleset/add/",
            {
                "program": "CB",
                "valid_from": "2027-01-01",
                "legal_basis": "x",
                "phase_continued_at": "0.8",
                "phase_final_at": "0.5",
                "reporting_interval_months": "1",
                "reporting_interval_days": "0",
                "revocation_window_months": "3",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(RuleSet.objects.count(), before)
