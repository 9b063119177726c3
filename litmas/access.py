"""Who sees which Litmas request (STYLE C4), and so its steps, report and signed documents.

- PK: the requests assigned to them; a section head: their section's (BKA children, BKD adults); the head
  and the other office roles (front desk, TPP secretary, auditor, office administrator): the office's;
- children's requests (UU 11/2012 SPPA) only for the children's section and the head (`scopes.may_see_children`);
- partners, Kanwil viewers: none.

Which role takes which step is an ability (`litmas.*` in `accounts.scopes.ABILITIES`), checked by the view;
that only the assigned PK writes and signs the report is checked by `litmas.services`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes

if TYPE_CHECKING:
    from litmas.models import LitmasRequest


def requests_visible_to(qs: QuerySet, user) -> QuerySet:
    return scopes.filter_case_rows(qs, user, office="office", officers=("officer",), is_child="is_child")


def get_request_for_user(user, request_id: int, *, write: bool = False) -> LitmasRequest:
    """The request if `user` may see it (404 otherwise, for missing and forbidden alike); 403 for a read-only
    `write`."""
    from litmas.models import LitmasRequest

    request = get_object_or_404(
        LitmasRequest.objects.visible_to(user).select_related("litmas_type__template", "office", "client", "officer"),
        pk=request_id,
    )
    scopes.check_write(user, write=write)
    return request


def is_assigned_officer(user, request: LitmasRequest) -> bool:
    """Whether `user` is the PK the request is assigned to (who gathers, writes and signs)."""
    return request.officer_id is not None and request.officer_id == user.pk
