"""Who sees which violation (STYLE C4): a violation and its revocation follow the client.

Whoever sees the client (`clients.access` decides) sees its violations; a missing violation and one outside
the user's scope both answer 404, and a change asked by a read-only account answers 403. Which role takes
which step of the flow is an ability (`violation.report`, `.examine`, `.respond`, `.suspend`, `.revoke`),
checked by the view before it looks anything up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes

if TYPE_CHECKING:
    from violations.models import Violation


def violations_visible_to(qs: QuerySet, user) -> QuerySet:
    from clients import access as client_access

    return client_access.episode_rows_visible_to(qs, user)


def revocations_visible_to(qs: QuerySet, user) -> QuerySet:
    from clients import access as client_access

    return client_access.episode_rows_visible_to(qs, user)


def get_violation_for_user(user, violation_id: int, *, write: bool = False) -> Violation:
    """The violation if `user` may see its client (404 otherwise, for missing and forbidden alike); 403 for a
    read-only `write`."""
    from violations.models import Violation
    from violations.selectors import USER_FIELDS

    violation = get_object_or_404(
        Violation.objects.visible_to(user).select_related(
            "episode__client",
            "episode__rule_set",
            "episode__officer",
            "office",
            *USER_FIELDS,
            "agenda_item__meeting",
            "revocation",
        ),
        pk=violation_id,
    )
    scopes.check_write(user, write=write)
    return violation
