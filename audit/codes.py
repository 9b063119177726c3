"""Finding every audit action code the code base records, by reading its source (for the test that each has
a readable label). Literal codes only: codes built at run time (`<model>.viewed`, the admin's
`<model>.created/updated/deleted`) are described by their suffix."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

CODE = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", ".git", "migrations", "tests", "tests_browser", "bench"}
# Helpers that take the action code as their second positional argument.
POSITIONAL_HELPERS = {"_audit", "_need_audit"}


def _strings(node: ast.AST) -> Iterator[str]:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str) and CODE.match(inner.value):
            yield inner.value


def codes_in(tree: ast.AST) -> set[str]:
    """Codes passed as `action=…`, to the positional helpers, or assigned to a variable named `action`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "action":
                    found.update(_strings(keyword.value))
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in POSITIONAL_HELPERS and len(node.args) >= 2:
                found.update(_strings(node.args[1]))
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "action" for t in node.targets):
            found.update(_strings(node.value))
    return found


def recorded_codes(root: Path) -> dict[str, list[str]]:
    """{code: [files]} over the project's source, tests and migrations left out."""
    result: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if SKIPPED_DIRS.intersection(relative.parts):
            continue
        for code in codes_in(ast.parse(path.read_text(encoding="utf-8"))):
            result.setdefault(code, []).append(str(relative))
    return result
