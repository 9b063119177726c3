"""Who may see whose workload, from `accounts.scopes` (no role or section is compared here)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes
from accounts.models import User, UserQuerySet
from clients import access as client_access
from referrals import access as referral_access


def may_open_workload(user) -> bool:
    """The head and section heads (their officers' loads), and PKs (their own load)."""
    return scopes.can(user, "workload.view") or scopes.can(user, "workload.view_own")


def sees_others(user) -> bool:
    """Whether the page lists several officers with totals (head, section head) rather than the PK's own row."""
    return scopes.can(user, "workload.view")


def officers_visible_to(user) -> UserQuerySet:
    """The officers whose load `user` sees: the head's office's PKs, a section head's section's, a PK's own."""
    return scopes.workload_officers(User.objects.get_queryset(), user)


def may_propose_partners(user) -> bool:
    """Who gets partners proposed for open client needs and accepts them: whoever refers a client by hand (PKs and
    section heads, `referrals.access.may_refer`), and whoever is proposed PKs (`allocation.propose`: section heads
    and the head; issue 12 names the head among those who accept proposals)."""
    return referral_access.may_refer(user) or scopes.can(user, "allocation.propose")


# --- officers' working areas and exclusions --------------------------------------------------------------------


def may_manage_allocation_data(user) -> bool:
    """Who records officers' working areas and exclusions: who is proposed PKs (section heads and the head)."""
    return scopes.can(user, "allocation.propose")


def manageable_officers(user) -> UserQuerySet:
    """The active PKs whose working area and exclusions `user` records: a section head's section's, the head's
    office's; none for others."""
    if not may_manage_allocation_data(user):
        return User.objects.get_queryset().none()
    return officers_visible_to(user).guides().filter(is_active=True)


def exclusions_visible_to(qs: QuerySet, user) -> QuerySet:
    """Exclusions of an officer `user` manages for a client `user` sees."""
    from clients.models import Client

    clients = client_access.clients_visible_to(Client.objects.all(), user)
    return qs.filter(officer__in=manageable_officers(user), client__in=clients)


def get_exclusion_for_user(user, exclusion_id: int):
    """An exclusion `user` may delete (404 otherwise; 403 for those who may not manage any)."""
    from allocation.models import AllocationExclusion

    if not may_manage_allocation_data(user):
        raise PermissionDenied
    qs = exclusions_visible_to(AllocationExclusion.objects.select_related("officer", "client"), user)
    return get_object_or_404(qs, pk=exclusion_id)


def get_officer_for_user(user, officer_id: int) -> User:
    """A PK whose working area `user` records (404 otherwise; 403 for those who may not manage any)."""
    if not may_manage_allocation_data(user):
        raise PermissionDenied
    return get_object_or_404(manageable_officers(user), pk=officer_id)
