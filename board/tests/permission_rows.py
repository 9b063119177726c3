"""Rows of the permission matrix (bapas/tests/test_permission_matrix.py) for the case board's pages.

olivia proposes the next phase for `case.ada_client`; the board approves it at a Cirebon meeting, so the
proposal awaits the head (hana). Semarang's head (joko) and Bandung's PK (pat) hold the abilities but
not the office: 404.
"""

from bapas.tests.test_permission_matrix import GET_ONLY, expected
from board import services

BOARD_VIEWERS = {"hana", "sam", "olivia", "tess", "reggie", "pat", "joko"}  # board.view
BOARD_MANAGERS = {"hana", "tess", "joko"}  # board.manage
HEADS = {"hana", "joko"}  # phase.approve
PROPOSERS = {"sam", "olivia", "pat"}  # phase.propose


def rows(case) -> dict:
    client = case.ada_client
    meeting = services.meeting_create(
        office=case.cirebon, held_on=case.TODAY, title="Sidang TPP", acting_user=case.tess
    )
    proposal = services.phase_propose(
        episode=client.current_episode, to_phase="lanjutan", reason="Good conduct", acting_user=case.olivia
    )
    item = services.agenda_item_assign(item=proposal.agenda_item, meeting=meeting, acting_user=case.tess)
    services.decision_record(item=item, decision="approved", minute_number="BA-1", note="", acting_user=case.tess)
    return {
        "board:meeting_list": ([], expected(BOARD_VIEWERS, scoped=False), GET_ONLY),
        "board:meeting_create": ([], expected(BOARD_MANAGERS, scoped=False)),
        "board:meeting_detail": ([meeting.pk], expected(BOARD_VIEWERS, scoped=True), GET_ONLY),
        "board:meeting_edit": ([meeting.pk], expected(BOARD_MANAGERS, scoped=True)),
        "board:meeting_close": ([meeting.pk], expected(BOARD_MANAGERS, scoped=True)),
        "board:awaiting": ([], expected(BOARD_VIEWERS, scoped=False), GET_ONLY),
        "board:item_assign": ([item.pk], expected(BOARD_MANAGERS, scoped=True)),
        "board:item_decide": ([item.pk], expected(BOARD_MANAGERS, scoped=True)),
        "board:approvals": ([], expected(HEADS, scoped=False), GET_ONLY),
        "board:proposal_approve": ([proposal.pk], expected(HEADS, scoped=True)),
        "board:phase_propose": ([client.pk], expected(PROPOSERS, scoped=True)),
    }
