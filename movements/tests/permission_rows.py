"""Rows of the permission matrix (bapas/tests/test_permission_matrix.py) for the movements pages.

`case.ada_client` (olivia's Cirebon client) gets a transfer to Bandung awaiting the head's decision, a
permit awaiting a decision and an approved one (for the letter). Nobody of the cast heads Bandung, so
the receiving side of a transfer is tested in movements/tests/test_transfers.py.
"""

import datetime

from django.utils import timezone

from bapas.tests.test_permission_matrix import CLIENT_VIEWERS, GET_ONLY, NOT_IN_CASELOAD, expected
from movements.models import Transfer, TravelPermit

TRANSFER_ROLES = {"hana", "sam", "olivia", "pat", "joko"}  # transfer.request, .decide or .accept
REQUESTERS = {"olivia", "sam", "pat"}  # transfer.request, closing_report.write
HEADS = {"hana", "joko"}  # transfer.decide
DECIDERS = {"hana", "sam", "joko"}  # transfer.accept, permit.decide, episode.close
PERMIT_REQUESTERS = {"olivia", "alan", "rita", "sam", "pat"}


def rows(case) -> dict:
    client = case.ada_client
    episode = client.current_episode
    today = case.TODAY
    transfer = Transfer.objects.create(
        episode=episode,
        from_office=case.cirebon,
        to_office=case.bandung,
        requested_on=today,
        requested_by=case.olivia,
        new_address="Jl. Baru 2",
        new_regency_id="32.73",
        guarantor_name="Siti",
        guarantor_relationship="ibu",
        reason="Pindah kerja",
        review="Risiko rendah",
    )
    permit = _permit(episode, case.olivia, today)
    approved = _permit(episode, case.olivia, today, approved=True, decided_by=case.sam, decided_at=case.NOW)
    accept = expected(set(), scoped=False) | {"joko": 404}  # hana and sam see it, but only Bandung accepts
    return {
        "movements:transfer_request": ([client.pk], expected(REQUESTERS, scoped=True)),
        "movements:transfer_detail": ([transfer.pk], expected(TRANSFER_ROLES, scoped=True), GET_ONLY),
        "movements:transfer_decide": ([transfer.pk], expected(HEADS, scoped=True)),
        "movements:transfer_files_sent": ([transfer.pk], expected(HEADS, scoped=True)),
        "movements:transfer_board": ([transfer.pk], expected(REQUESTERS, scoped=True)),
        "movements:transfer_accept": ([transfer.pk], accept),
        "movements:transfer_incoming": ([], expected(DECIDERS, scoped=False), GET_ONLY),
        "movements:requests": ([], expected(DECIDERS, scoped=False), GET_ONLY),
        "movements:permit_list": ([client.pk], expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD), GET_ONLY),
        "movements:permit_request": (
            [client.pk],
            expected(PERMIT_REQUESTERS, scoped=True, hidden=NOT_IN_CASELOAD),
        ),
        "movements:permit_decide": ([permit.pk], expected(DECIDERS, scoped=True)),
        "movements:permit_letter": (
            [approved.pk],
            expected(PERMIT_REQUESTERS | DECIDERS, scoped=True, hidden=NOT_IN_CASELOAD),
            GET_ONLY,
        ),
        "movements:closing_report": ([client.pk], expected(REQUESTERS, scoped=True)),
        "movements:episode_close": ([client.pk], expected(DECIDERS, scoped=True)),
    }


def _permit(episode, user, today, **decision) -> TravelPermit:
    if decision:
        decision.setdefault("decided_at", timezone.now())
    return TravelPermit.objects.create(
        episode=episode,
        kind=TravelPermit.Kind.OUT_OF_TOWN,
        destination="Jakarta",
        purpose="Menjenguk orang tua",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=2),
        requested_on=today,
        requested_by=user,
        **decision,
    )
