"""`lib` is the bottom layer: plain helpers that any app may call, importing none of the project's apps.

An import of an app (even inside a function) would make `lib` depend on everything above it; a helper that
needs an app's models belongs to that app (e.g. `organizations.workdays`, `regions.nik`).
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(settings.BASE_DIR)
APPS = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"bapas"}


def app_imports(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [f"{name}:{node.lineno} {n}" for n in names if n.split(".")[0] in APPS - {"lib"}]
    return found


class LibIsModelFreeTestCase(SimpleTestCase):
    def test_lib_imports_no_app(self):
        modules = [p for p in (ROOT / "lib").rglob("*.py") if "tests" not in p.parts]
        self.assertGreater(len(modules), 10)
        found = [
            line
            for path in modules
            for line in app_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        ]
        self.assertEqual(found, [])

    def test_the_scan_sees_imports_inside_functions(self):
        sample = "import datetime\n\ndef f():\n    from organizations.models import CalendarDay\n"
        self.assertEqual(app_imports(sample, "sample.py"), ["sample.py:4 organizations.models"])
