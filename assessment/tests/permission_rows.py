"""Rows of the permission matrix (bapas/tests/test_permission_matrix.py) for the assessment's pages.

olivia starts a draft assessment of `case.ada_client`. Everyone who sees the client sees its assessments (alan,
an APK who does not guide the client, does not); the PK and the section head fill them; Bandung's PK (pat) and
Semarang's head (joko) hold the abilities but not the office: 404. Starting one is POST only
(assessment/tests/test_views.py).
"""

from assessment import services
from assessment.tests.base import sample
from bapas.tests.test_permission_matrix import CLIENT_VIEWERS, GET_ONLY, NOT_IN_CASELOAD, expected

FILLERS = {"sam", "olivia", "pat"}  # assessment.fill


def rows(case) -> dict:
    client = case.ada_client
    assessment = services.assessment_start(client=client, instrument=sample(), acting_user=case.olivia)
    viewers = expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD)
    return {
        "assessment:list": ([client.pk], viewers, GET_ONLY),
        "assessment:detail": ([assessment.pk], viewers, GET_ONLY),
        "assessment:fill": ([assessment.pk], expected(FILLERS, scoped=True)),
    }
