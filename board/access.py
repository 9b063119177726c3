"""Who sees which matter of the case board (STYLE C4): meetings, agenda items and phase proposals.

- Meetings: the board works for one office; its staff see its meetings (the abilities `board.view` and
  `board.manage` decide who opens the pages).
- Agenda items and phase proposals are about an episode, seen the way `clients.access` sees clients: a PK or
  APK the episodes they guide, a section head their section's (adults for BKD, children for BKA), the others
  their office's, children only for BKA staff and the head (UU 11/2012).

A missing row and a row outside the user's scope both answer 404; a change asked by a read-only account 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes

if TYPE_CHECKING:
    from board.models import AgendaItem, Meeting, PhaseProposal


def meetings_visible_to(qs: QuerySet, user) -> QuerySet:
    """Meetings of the user's own office."""
    if scopes.scope_of(user) is None or not user.office_id:
        return qs.none()
    return qs.filter(office_id=user.office_id)


def _episode_rows_visible_to(qs: QuerySet, user) -> QuerySet:
    """The board works for one office: a user without one (a national administrator) sees none of its matters."""
    if not getattr(user, "office_id", None):
        return qs.none()
    return scopes.filter_case_rows(qs, user)


def agenda_items_visible_to(qs: QuerySet, user) -> QuerySet:
    return _episode_rows_visible_to(qs, user)


def proposals_visible_to(qs: QuerySet, user) -> QuerySet:
    return _episode_rows_visible_to(qs, user)


def get_meeting_for_user(user, meeting_id: int, *, write: bool = False) -> Meeting:
    """A meeting of the user's office (404 otherwise); 403 for a read-only `write`."""
    from board.models import Meeting

    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("office", "chair", "secretary"), pk=meeting_id
    )
    scopes.check_write(user, write=write)
    return meeting


def get_agenda_item_for_user(user, item_id: int, *, write: bool = False) -> AgendaItem:
    """An agenda item about an episode the user sees (404 otherwise); 403 for a read-only `write`."""
    from board.models import AgendaItem

    item = get_object_or_404(
        AgendaItem.objects.visible_to(user).select_related("episode__client", "meeting", "proposed_by"), pk=item_id
    )
    scopes.check_write(user, write=write)
    return item


def get_proposal_for_user(user, proposal_id: int, *, write: bool = False) -> PhaseProposal:
    """A phase proposal about an episode the user sees (404 otherwise); 403 for a read-only `write`."""
    from board.models import PhaseProposal

    proposal = get_object_or_404(
        PhaseProposal.objects.visible_to(user).select_related(
            "episode__client", "proposed_by", "agenda_item__meeting", "agenda_item__decided_by"
        ),
        pk=proposal_id,
    )
    scopes.check_write(user, write=write)
    return proposal
