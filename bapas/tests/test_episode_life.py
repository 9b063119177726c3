"""The episode's life has one owner: `clients.services`.

Only it changes an episode's status, phase or dates and creates episodes; violations, the board and movements
call its functions (`episode_suspend`, `episode_resume`, `episode_revoke`, `episode_end`, `phase_change`,
`episode_continue`, `client_relocate`, `guarantor_add`). This test reads the source of every other module
and fails on a write it finds, and on an episode status written as a bare string anywhere.

Exempt: tests, migrations, and the demo builders, which insert whole histories at once to load in seconds.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

from clients.codes import EpisodeStatus

ROOT = Path(settings.BASE_DIR)
APPS = [p.parent for p in ROOT.glob("*/apps.py")]
OWNER = ROOT / "clients"
LIFE_FIELDS = {"status", "phase", "starts_on", "ends_on", "is_child"}
STATUS_VALUES = {s.value for s in EpisodeStatus}


def modules(include_owner: bool):
    for app in APPS:
        if app == OWNER and not include_owner:
            continue
        for path in app.rglob("*.py"):
            parts = set(path.relative_to(ROOT).parts)
            if "tests" in parts or "migrations" in parts or path.name == "demo.py" or app.name == "demo":
                continue
            yield path


def about_an_episode(node: ast.AST) -> bool:
    return "episode" in ast.unparse(node).lower()


def life_writes(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in LIFE_FIELDS and about_an_episode(target.value):
                    found.append((node.lineno, ast.unparse(target)))
        elif isinstance(node, ast.Call):
            func = ast.unparse(node.func)
            if (
                func == "ProgramEpisode"
                or func.startswith("ProgramEpisode.objects.")
                and func.endswith((".create", ".bulk_create", ".get_or_create", ".update_or_create"))
            ):
                found.append((node.lineno, f"{func}(…)"))
            if func.endswith((".update", ".bulk_update")) and about_an_episode(node.func):
                written = {k.arg for k in node.keywords} | {
                    c.value for a in node.args for c in ast.walk(a) if isinstance(c, ast.Constant)
                }
                if written & LIFE_FIELDS:
                    found.append((node.lineno, f"{func}({', '.join(sorted(written & LIFE_FIELDS))})"))
            for keyword in node.keywords:
                if keyword.arg == "fields" and isinstance(keyword.value, ast.Dict):
                    keys = {k.value for k in keyword.value.keys if isinstance(k, ast.Constant)}
                    obj = next((k.value for k in node.keywords if k.arg == "obj"), None)
                    if keys & LIFE_FIELDS and obj is not None and about_an_episode(obj):
                        found.append((node.lineno, f"{func}(fields={sorted(keys & LIFE_FIELDS)})"))
    return found


def bare_statuses(tree: ast.AST) -> list[tuple[int, str]]:
    """`status="completed"`, `episode.status == "active"`: episode statuses must come from EpisodeStatus."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg and node.arg.split("__")[-1] in {"status", "in"}:
            if "status" in node.arg and isinstance(node.value, ast.Constant) and node.value.value in STATUS_VALUES:
                found.append((node.value.lineno, f"{node.arg}={node.value.value!r}"))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == "status"
                    and isinstance(node.value, ast.Constant)
                    and node.value.value in STATUS_VALUES
                ):
                    found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "status" and about_an_episode(s) for s in sides) and any(
                isinstance(s, ast.Constant) and s.value in STATUS_VALUES for s in sides
            ):
                found.append((node.lineno, ast.unparse(node)))
    return found


class EpisodeLifeTestCase(SimpleTestCase):
    def test_no_module_outside_clients_writes_an_episodes_status_phase_or_dates(self):
        offenders = [
            f"{path.relative_to(ROOT)}:{line} {what}"
            for path in modules(include_owner=False)
            for line, what in life_writes(ast.parse(path.read_text(encoding="utf-8")))
        ]
        self.assertEqual(offenders, [])

    def test_episode_statuses_are_written_through_the_enum(self):
        offenders = [
            f"{path.relative_to(ROOT)}:{line} {what}"
            for path in modules(include_owner=True)
            for line, what in bare_statuses(ast.parse(path.read_text(encoding="utf-8")))
        ]
        self.assertEqual(offenders, [])

    def test_the_scan_finds_what_it_is_meant_to_find(self):
        samples = {
            "episode.status = EpisodeStatus.REVOKED": 1,
            "locked.episode.phase = 'akhir'": 1,
            "ProgramEpisode(client=c, status=EpisodeStatus.ACTIVE)": 1,
            "ProgramEpisode.objects.filter(pk=1).update(status=EpisodeStatus.COMPLETED)": 1,
            "audit.update_versioned(obj=episode, fields={'status': s}, audited=['status'])": 1,
            "proposal.status = PhaseProposal.Status.APPLIED": 0,
            "episode.officer = officer": 0,
            "ProgramEpisode.objects.filter(status=EpisodeStatus.ACTIVE)": 0,
        }
        for source, expected in samples.items():
            with self.subTest(source=source):
                self.assertEqual(len(life_writes(ast.parse(source))), expected)
        for source, expected in {
            "qs.filter(status='completed')": 1,
            "previous.status = 'completed'": 1,
            "episode.status == 'active'": 1,
            "episode.status == EpisodeStatus.ACTIVE": 0,
            "meeting.status == 'closed'": 0,
        }.items():
            with self.subTest(source=source):
                self.assertEqual(len(bare_statuses(ast.parse(source))), expected)
