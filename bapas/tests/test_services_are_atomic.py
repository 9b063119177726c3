"""Every public function of a services module opens its own transaction, or refuses to run outside its caller's.

Django's `TestCase` runs each test inside a transaction, so a service without `@transaction.atomic` passes
there and fails in production (a transfer saved without its audit row; `select_for_update` refused on
PostgreSQL). Reads belong in selectors; helpers only the module uses start with an underscore.
"""

import ast
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ATOMIC = {"transaction.atomic", "in_callers_transaction"}
# Pure computations, no database: they need no transaction of their own.
PURE = {
    ("audit", "snapshot"),  # the audited values of a row the calling service has locked
    ("audit", "diff"),
    ("audit", "event"),  # builds an unsaved row for record() / record_many()
    ("audit", "concerns_a_child"),  # reads the row an event is about
    ("audit", "office_of"),
    ("clients", "search_text_for"),
    # Checks that read and write nothing: a batch import runs them before its write transaction, so that
    # no lock is held while 500 rows are checked; client_register runs it inside its own transaction.
    ("clients", "registration_check"),
    ("submissions", "new_key"),  # a random token
    ("submissions", "posted_key"),  # reads the request
    ("referrals", "achievement_score"),
    ("demo", "build_demo"),  # commits office by office on purpose (`with transaction.atomic()` per office)
}


def _opens_a_transaction(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if ast.unparse(target) in ATOMIC:
            return True
    body = [n for n in node.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    return (
        len(body) == 1
        and isinstance(body[0], ast.With)
        and any(ast.unparse(item.context_expr).startswith("transaction.atomic(") for item in body[0].items)
    )


def unguarded_services(base_dir: Path) -> list[str]:
    found = []
    for path in sorted(base_dir.glob("*/services.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            public = isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
            if public and (path.parent.name, node.name) not in PURE and not _opens_a_transaction(node):
                found.append(f"{path.parent.name}/services.py:{node.lineno} {node.name}")
    return found


class ServicesAreAtomicTestCase(SimpleTestCase):
    def test_every_public_service_opens_or_requires_a_transaction(self):
        self.assertEqual(unguarded_services(Path(settings.BASE_DIR)), [])

    def test_the_check_finds_a_service_without_a_transaction(self):
        sample = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (sample / "shop").mkdir()
        (sample / "shop" / "services.py").write_text(
            "@transaction.atomic\ndef order_create(): ...\n"
            "def order_pay():\n    with transaction.atomic():\n        ...\n"
            "def order_cancel(): ...\n"
            "def _order_lock(): ...\n"
        )
        self.assertEqual(unguarded_services(sample), ["shop/services.py:6 order_cancel"])

    def test_pure_entries_still_exist(self):
        names = {
            (path.parent.name, node.name)
            for path in Path(settings.BASE_DIR).glob("*/services.py")
            for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.FunctionDef)
        }
        self.assertLessEqual(PURE, names)
