"""Who sees which assessment (STYLE C4): whoever sees the client's case sees its assessments.

- PK / APK: the assessments of the clients they guide; section head: their section's; the head and the other
  office roles: their office's (`clients.access.clients_visible_to`, built on `scopes.filter_case_rows`);
- an assessment made while the client was a child stays for the head and the children's section (BKA) only,
  also once the client is an adult (UU 11/2012, `scopes.may_see_children`);
- Kanwil viewers and partners: none.

A missing row and a row outside the user's scope both answer 404; a change asked by a user who may not fill
assessments (the auditor, the registration desk) answers 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes
from clients.models import Client

if TYPE_CHECKING:
    from assessment.models import Assessment


def assessments_visible_to(qs: QuerySet, user) -> QuerySet:
    """The assessments of the clients `user` sees, less the children's for those who may not see children."""
    qs = qs.filter(client__in=Client.objects.visible_to(user).values("pk"))
    if not scopes.may_see_children(user):
        qs = qs.filter(is_child=False)
    return qs


def may_view(user) -> bool:
    return scopes.can(user, "assessment.view")


def may_fill(user) -> bool:
    """Who fills an assessment: the PK, and the section head standing in (`assessment.fill`)."""
    return scopes.can(user, "assessment.fill") and not user.is_read_only


def get_assessment_for_user(user, assessment_id: int, *, write: bool = False) -> Assessment:
    """An assessment the user sees (404 otherwise); 403 when `write` and the user may not fill assessments."""
    from assessment.models import Assessment

    assessment = get_object_or_404(
        Assessment.objects.visible_to(user).select_related("client", "instrument", "assessor", "episode"),
        pk=assessment_id,
    )
    scopes.check_write(user, write=write)
    if write and not may_fill(user):
        raise PermissionDenied
    return assessment
