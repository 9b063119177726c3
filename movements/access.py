"""Who sees which transfer and permit (STYLE C4): missing and out-of-scope records both give 404.

Transfers are seen by two offices:
- the sending office: its head, the section head of the client's section, and the PK who guides the
  client or asked for the transfer;
- the receiving office: its head and the section head of the client's section, once the head of the
  sending office has approved it. They see the facts of the transfer only, not the client's file,
  until they accept it.
Permits and closing reports follow the client: whoever sees the client sees them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role, Section


def _section_filter(user) -> Q:
    if user.role == Role.HEAD:
        return Q()
    return Q(episode__is_child=(user.section == Section.BKA))


def transfers_visible_to(qs: QuerySet, user) -> QuerySet:
    if not (user.is_authenticated and user.is_active and user.office_id):
        return qs.none()
    if user.role in (Role.HEAD, Role.SECTION_HEAD):
        section = _section_filter(user)
        return qs.filter((Q(from_office_id=user.office_id) | Q(to_office_id=user.office_id, approved=True)) & section)
    if user.role == Role.PK:
        return qs.filter(Q(episode__officer=user) | Q(requested_by=user), from_office_id=user.office_id)
    return qs.none()


def incoming_transfers(user) -> QuerySet:
    """Approved transfers into the user's office that nobody there has accepted or returned yet."""
    from movements.models import Transfer

    if user.role not in (Role.HEAD, Role.SECTION_HEAD) or not user.office_id:
        return Transfer.objects.none()
    return Transfer.objects.filter(
        _section_filter(user),
        to_office_id=user.office_id,
        approved=True,
        accepted_at__isnull=True,
        returned_at__isnull=True,
    )


def get_transfer_for_user(user, transfer_id: int):
    from movements.models import Transfer

    return get_object_or_404(
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


def get_permit_for_user(user, permit_id: int):
    """A permit of a client the user sees (404 otherwise)."""
    from clients.models import Client
    from movements.models import TravelPermit

    return get_object_or_404(
        TravelPermit.objects.filter(episode__client__in=Client.objects.visible_to(user)).select_related(
            "episode__client__office", "episode__officer", "requested_by", "decided_by"
        ),
        pk=permit_id,
    )
