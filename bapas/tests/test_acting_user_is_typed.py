"""Every `acting_user` parameter (and audit's `actor`) says what it takes: a User, or `User | None`.

Who acts is the one argument every service shares; an annotation lets mypy check that a view passes the
signed-in User (not `request.user` as `User | AnonymousUser`), and shows where a system run may pass None.
"""

import ast
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

SKIPPED_DIRS = {"tests", "migrations", "node_modules"}


def _names_for(package: str) -> set[str]:
    return {"acting_user", "actor"} if package == "audit" else {"acting_user"}


def unannotated_actors(base_dir: Path) -> list[str]:
    """`path:line function(parameter)` for each unannotated parameter, in every package's modules."""
    found = []
    for package in sorted(p.parent for p in base_dir.glob("*/__init__.py")):
        names = _names_for(package.name)
        for path in sorted(package.rglob("*.py")):
            if SKIPPED_DIRS & set(path.relative_to(base_dir).parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                arguments = node.args
                for arg in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                    if arg.arg in names and arg.annotation is None:
                        where = path.relative_to(base_dir).as_posix()
                        found.append(f"{where}:{node.lineno} {node.name}({arg.arg})")
    return found


class ActingUserIsTypedTestCase(SimpleTestCase):
    def test_every_acting_user_parameter_is_annotated(self):
        self.assertEqual(unannotated_actors(Path(settings.BASE_DIR)), [])

    def test_the_check_finds_an_unannotated_parameter(self):
        sample = Path(self.enterContext(tempfile.TemporaryDirectory()))
        for package in ("shop", "audit", "shop/tests"):
            (sample / package).mkdir()
            (sample / package / "__init__.py").write_text("")
        (sample / "shop" / "services.py").write_text(
            "def order_create(*, acting_user: User): ...\n"
            "def order_cancel(*, order, acting_user=None): ...\n"
            "class Handler:\n    def handle(self, acting_user, actor): ...\n"
        )
        (sample / "audit" / "services.py").write_text("def record(*, actor, action: str): ...\n")
        (sample / "shop" / "tests" / "test_orders.py").write_text("def helper(acting_user): ...\n")
        self.assertEqual(
            unannotated_actors(sample),
            [
                "audit/services.py:1 record(actor)",
                "shop/services.py:2 order_cancel(acting_user)",
                "shop/services.py:4 handle(acting_user)",
            ],
        )
