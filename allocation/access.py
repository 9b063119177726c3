"""Who may see whose workload, from `accounts.scopes` (no role or section is compared here)."""

from __future__ import annotations

from accounts import scopes
from accounts.models import User, UserQuerySet


def may_open_workload(user) -> bool:
    """The head and section heads (their officers' loads), and PKs (their own load)."""
    return scopes.can(user, "workload.view") or scopes.can(user, "workload.view_own")


def sees_others(user) -> bool:
    """Whether the page lists several officers with totals (head, section head) rather than the PK's own row."""
    return scopes.can(user, "workload.view")


def officers_visible_to(user) -> UserQuerySet:
    """The officers whose load `user` sees: the head's office's PKs, a section head's section's, a PK's own."""
    return scopes.workload_officers(User.objects.get_queryset(), user)
