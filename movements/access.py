"""Who sees which transfer and permit (STYLE C4): missing and out-of-scope records both give 404.

Transfers are seen by two offices:
- the sending office: its head, the section head of the client's section, and the PK who guides the
  client or asked for the transfer;
- the receiving office: its head and the section head of the client's section, once the head of the
  sending office has approved it. They see the facts of the transfer only, not the client's file,
  until they accept it.
Permits and closing reports follow the client: whoever sees the client sees them.

The office's queue of open requests and the receiving desk are for those who oversee movements (the head,
the section heads for their section): `overseen_episodes`, `receiving_desk_transfers`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes
from clients.codes import OPEN_STATUSES


def _section_filter(user) -> Q:
    return scopes.section_filter(user, field="episode__is_child")


def transfers_visible_to(qs: QuerySet, user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.office_id):
        return qs.none()
    if scopes.can(user, "movements.oversee"):
        section = _section_filter(user)
        return qs.filter((Q(from_office_id=user.office_id) | Q(to_office_id=user.office_id, approved=True)) & section)
    if scopes.can(user, "transfer.view_own"):
        return qs.filter(Q(episode__officer=user) | Q(requested_by=user), from_office_id=user.office_id)
    return qs.none()


def may_receive(user) -> bool:
    """The head and the section heads of an office accept or return the transfers sent to it."""
    return scopes.can(user, "transfer.accept") and bool(user.office_id)


def incoming_transfers(user) -> QuerySet:
    """Approved transfers into the user's office that nobody there has accepted or returned yet."""
    from movements.models import Transfer

    if not may_receive(user):
        return Transfer.objects.none()
    return Transfer.objects.filter(
        _section_filter(user),
        to_office_id=user.office_id,
        approved=True,
        accepted_at__isnull=True,
        returned_at__isnull=True,
    )


def receiving_desk_transfers(user) -> QuerySet:
    """What the receiving office must act on: approved transfers waiting for its answer, and accepted ones
    whose continuing episode still has no PK (of the user's section; all for the head)."""
    from movements.models import Transfer

    if not may_receive(user):
        return Transfer.objects.none()
    waiting = Q(approved=True, accepted_at__isnull=True, returned_at__isnull=True)
    unassigned = Q(accepted_at__isnull=False, new_episode__officer__isnull=True, new_episode__status__in=OPEN_STATUSES)
    return Transfer.objects.filter(waiting | unassigned, _section_filter(user), to_office_id=user.office_id)


def oversees_movements(user) -> bool:
    """The head and the section heads watch their office's open transfers and permits."""
    return scopes.can(user, "movements.oversee") and bool(user.office_id)


def overseen_episodes(user) -> QuerySet:
    """The episodes of the user's office that a head (all) or section head (their section) oversees."""
    from clients.models import ProgramEpisode

    qs = ProgramEpisode.objects.filter(office_id=user.office_id)
    if not scopes.can(user, "movements.oversee"):
        return qs.none()
    return qs.filter(scopes.section_filter(user))


def get_transfer_for_user(user, transfer_id: int, *, acting_as: str | None = None):
    """The transfer if `user` sees it (404 otherwise). `acting_as="sending"` or `"receiving"`: the user acts
    for that side (decides or sends the files; accepts or returns), 403 when their office is the other one."""
    from movements.models import Transfer

    transfer = get_object_or_404(
        Transfer.objects.visible_to(user).select_related(
            "episode__client",
            "episode__officer",
            "from_office",
            "to_office",
            "requested_by",
            "decided_by",
            "accepted_by",
            "returned_by",
            "new_regency",
            "new_village__district",
        ),
        pk=transfer_id,
    )
    if acting_as is not None:
        sides = {"sending": transfer.from_office_id, "receiving": transfer.to_office_id}
        if sides[acting_as] != user.office_id:
            raise PermissionDenied
    return transfer


def get_permit_for_user(user, permit_id: int):
    """A permit of a client the user sees (404 otherwise)."""
    from movements.models import TravelPermit

    return get_object_or_404(
        TravelPermit.objects.visible_to(user).select_related(
            "episode__client__office", "episode__officer", "requested_by", "decided_by"
        ),
        pk=permit_id,
    )
