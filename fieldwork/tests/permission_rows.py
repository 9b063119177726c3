"""Rows of the permission matrix (bapas/tests/test_permission_matrix.py) for the field-work pages.

`case.ada_client` (olivia's Cirebon client) gets a home visit with a photo. alan (an APK of Cirebon
who does not guide that client) gets 404 like another office.
"""

import datetime

from bapas.tests.test_permission_matrix import CLIENT_VIEWERS, GET_ONLY, NOT_IN_CASELOAD, expected
from fieldwork import services
from fieldwork.tests.base import png

FIELD_RECORDERS = {"hana", "sam", "olivia", "alan", "pat", "joko"}  # fieldwork.record


def rows(case) -> dict:
    client = case.ada_client
    visit = services.home_visit_record(
        episode=client.current_episode,
        acting_user=case.olivia,
        visited_on=datetime.date(2025, 7, 1),
        purpose="pengawasan",
        findings="Klien ada di rumah.",
        photo=png(),
    )
    scoped_recorders = expected(FIELD_RECORDERS, scoped=True, hidden=NOT_IN_CASELOAD)
    return {
        "fieldwork:client_log": ([client.pk], expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD), GET_ONLY),
        "fieldwork:client_log_card": (
            [client.pk],
            expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD),
            GET_ONLY,
        ),
        "fieldwork:home_visit_create": ([client.pk], scoped_recorders),
        "fieldwork:home_visit_photo": (
            [visit.pk],
            expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD),
            GET_ONLY,
        ),
        "fieldwork:guidance_create": ([client.pk], scoped_recorders),
        "fieldwork:group_guidance_create": ([], expected(FIELD_RECORDERS, scoped=False)),
        "fieldwork:note_create": ([client.pk], scoped_recorders),
    }
