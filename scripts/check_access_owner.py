#!/usr/bin/env python3
"""Lint: who may see or do what is decided in `accounts/` (scopes, abilities) and the apps' access modules.

A role or section compared outside `accounts/` is a rule written a second time, which drifts from the
ability table. The check parses every module (no Django needed) and reports:

- a comparison with a user's `.role` or `.section`, or with a `Role.*` / `Section.*` member;
- a query keyword on `role` / `section` (`role=`, `role__in=`, `section=`…);
- a lookup keyed by `.role` (`TEMPLATES[user.role]`).

Exempt: `accounts/` (the owner), tests, migrations, the demo builders (they pick demo staff by role),
the benchmark, and `bapas/test.py` (the test cast). Listing `Role.choices` for labels is not a decision
and is allowed. Run by `make lint`; `bapas/tests/test_access_owner.py` runs it in the suite too.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "var", "migrations", "tests", "tests_browser", "bench", "demo"}
OWNER = "accounts"
EXEMPT_FILES = {"bapas/test.py", "conftest.py"}
FIELDS = {"role", "section"}
ENUMS = {"Role", "Section"}
QUERY_KEYWORDS = {f"{field}{suffix}" for field in FIELDS for suffix in ("", "__in", "__exact")}


def _mentions_role(node: ast.AST) -> bool:
    """`x.role`, `x.section`, `Role.HEAD`, `Section.BKA` (or a tuple/set of them)."""
    if isinstance(node, ast.Attribute):
        if node.attr in FIELDS:
            return True
        return isinstance(node.value, ast.Name) and node.value.id in ENUMS and node.attr not in {"choices", "labels"}
    if isinstance(node, ast.Subscript):
        return isinstance(node.slice, ast.Constant) and node.slice.value in FIELDS
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_mentions_role(element) for element in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"getattr"}:
        return len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value in FIELDS
    return False


def violations(source: str, name: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(_mentions_role(n) for n in [node.left, *node.comparators]):
            yield f"{name}:{node.lineno}: role or section compared outside accounts/"
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in QUERY_KEYWORDS:
                    yield f"{name}:{node.lineno}: query on {keyword.arg}= outside accounts/"
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Attribute) and node.slice.attr in FIELDS:
            yield f"{name}:{node.lineno}: lookup keyed by .{node.slice.attr} outside accounts/"


def checked_modules(root: Path = ROOT) -> list[Path]:
    found = []
    for path in root.rglob("*.py"):
        parts = path.relative_to(root).parts
        if parts[0] == OWNER or SKIPPED_DIRS & set(parts[:-1]) or path.name == "demo.py":
            continue
        if "/".join(parts) in EXEMPT_FILES:
            continue
        found.append(path)
    return sorted(found)


def all_violations(root: Path = ROOT) -> list[str]:
    return [
        line
        for path in checked_modules(root)
        for line in violations(path.read_text(encoding="utf-8"), str(path.relative_to(root)))
    ]


def main() -> int:
    found = all_violations()
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} access rule(s) outside accounts/: use accounts.scopes or the model's access module.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
