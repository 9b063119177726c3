"""Roles and sections are compared only in `accounts/` (scopes, abilities); see `scripts/check_access_owner.py`."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

_spec = importlib.util.spec_from_file_location(
    "check_access_owner", Path(settings.BASE_DIR) / "scripts" / "check_access_owner.py"
)
assert _spec and _spec.loader
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


class AccessOwnerTestCase(SimpleTestCase):
    def test_no_role_rule_outside_accounts(self):
        self.assertGreater(len(check.checked_modules()), 100)
        self.assertEqual(check.all_violations(), [])

    def test_the_scan_finds_each_kind_of_role_rule(self):
        sample = (
            "def f(user, qs):\n"
            "    if user.role == Role.HEAD:\n"
            "        return qs.filter(role__in=(1, 2))\n"
            "    if getattr(user, 'role', None) in WRITERS:\n"
            "        return TEMPLATES[user.role]\n"
            "    return x in (Section.BKA,)\n"
        )
        self.assertEqual(
            sorted(line.split(": ", 1)[0] for line in check.violations(sample, "s.py")),
            ["s.py:2", "s.py:3", "s.py:4", "s.py:5", "s.py:6"],
        )

    def test_labels_of_roles_are_not_rules(self):
        sample = "def f():\n    return [label for value, label in Role.choices]\n"
        self.assertEqual(list(check.violations(sample, "s.py")), [])
