"""Who may see whose workload, from `accounts.scopes` (no role or section is compared here)."""

from __future__ import annotations

from accounts import scopes
from accounts.models import User, UserQuerySet
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
