"""The case board's (TPP) decisions on transfers: the board recommends, the head still decides."""

from __future__ import annotations

from typing import TYPE_CHECKING

from board.registry import decision_handlers
from movements import services
from movements.models import Transfer

if TYPE_CHECKING:
    from accounts.models import User


@decision_handlers.register("transfer")
def transfer_decided(item, acting_user: User) -> None:
    """Record the board's recommendation on the transfer the agenda item is about."""
    transfer = Transfer.objects.filter(pk=item.subject_id, board_item_id=item.pk).first()
    if transfer is None or item.decision == "deferred":  # deferred: still on the agenda
        return
    parts = [item.get_decision_display()]
    if item.minute_number:
        parts.append(item.minute_number)
    if item.decision_note:
        parts.append(item.decision_note)
    services.transfer_board_outcome(transfer=transfer, recommendation=" · ".join(parts), acting_user=acting_user)
