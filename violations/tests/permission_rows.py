"""Rows of the permission matrix (bapas/tests/test_permission_matrix.py) for the violations pages."""

import datetime

from bapas.tests.test_permission_matrix import CLIENT_VIEWERS, GET_ONLY, NOT_IN_CASELOAD, expected
from violations import services

# violation.report: PK, APK, section head, head (pat is a PK in Bandung, joko a head in Semarang).
REPORTERS = {"hana", "sam", "olivia", "alan", "pat", "joko"}
EXAMINERS = {"sam", "olivia", "pat"}  # violation.examine: PK, section head
HEADS = {"hana", "joko"}  # violation.respond, .suspend, .revoke


def rows(case) -> dict:
    episode = case.ada_client.current_episode
    violation = services.violation_report(
        episode=episode,
        acting_user=case.olivia,
        type="SK_TIDAK_IKUT_PROGRAM",
        occurred_on=episode.starts_on + datetime.timedelta(days=1),
        source="pk",
        description="Did not come to the guidance session.",
    )
    v = [violation.pk]
    step_rows = {
        f"violations:{step}": (v, expected(EXAMINERS, scoped=True))
        for step in ("confirm", "dismiss", "examine", "propose", "close")
    }
    step_rows.update(
        {f"violations:{step}": (v, expected(HEADS, scoped=True)) for step in ("respond", "suspend", "lift", "revoke")}
    )
    return {
        "violations:list": ([], expected(REPORTERS, scoped=False), GET_ONLY),
        "violations:report": ([case.ada_client.pk], expected(REPORTERS, scoped=True, hidden=NOT_IN_CASELOAD)),
        "violations:detail": (v, expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD), GET_ONLY),
        **step_rows,
    }
