"""Issue 10, point 2: xgettext never extracts a gettext call written inside an f-string, so its text stays
English in every language. Code must write `_("%(label)s: partners") % {...}` instead."""

import ast
import pathlib

from django.conf import settings
from django.test import SimpleTestCase

GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", ".git"}


def source_files():
    root = pathlib.Path(settings.BASE_DIR)
    for path in root.rglob("*.py"):
        if not SKIPPED_DIRS.intersection(path.relative_to(root).parts):
            yield root, path


def gettext_calls_in_fstrings(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call):
                    name = getattr(inner.func, "id", None) or getattr(inner.func, "attr", None)
                    if name in GETTEXT_NAMES:
                        yield inner.lineno


class GettextOutsideFStringsTestCase(SimpleTestCase):
    def test_the_scan_finds_a_gettext_call_in_an_fstring(self):
        tree = ast.parse("x = f\"{label}: {_('partners')}\"")
        self.assertEqual(list(gettext_calls_in_fstrings(tree)), [1])
        self.assertEqual(list(gettext_calls_in_fstrings(ast.parse("x = _('%(a)s: b') % {'a': 1}"))), [])

    def test_no_gettext_call_inside_an_fstring(self):
        found = [
            f"{path.relative_to(root)}:{line}"
            for root, path in source_files()
            for line in gettext_calls_in_fstrings(ast.parse(path.read_text(encoding="utf-8")))
        ]
        self.assertEqual(found, [], "gettext inside an f-string is never extracted; use %-placeholders")
