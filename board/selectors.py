"""Reads of the case board, each with a fixed number of queries."""

from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from board.models import AgendaItem


def items_for_subject(subject: models.Model) -> QuerySet[AgendaItem]:
    """Every agenda item about `subject` (a violation, a transfer…), oldest first: its history before the board."""
    return (
        AgendaItem.objects.for_subject(subject)
        .select_related("meeting", "proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    )
