"""Who sees and who drafts which guidance plan (STYLE C4): a plan follows its episode.

Whoever sees the episode (`clients.access` decides: children's episodes only for the children's section and
the head; partners and Kanwil viewers none) sees its plans; a missing plan and one outside the user's scope
both answer 404. Drafting and proposing is `plan.write` (a PK, a section head); a PK drafts only for the
episodes they guide as PK (not those they assist), anyone else gets 403, as does a read-only account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes
from clients import access as client_access

if TYPE_CHECKING:
    from clients.models import ProgramEpisode
    from guidance.models import GuidancePlan


def plans_visible_to(qs: QuerySet, user) -> QuerySet:
    return client_access.episode_rows_visible_to(qs, user)


def may_write(user, episode: ProgramEpisode) -> bool:
    """Whether `user` may draft and propose plans of `episode` (which they already see)."""
    if user.is_read_only or not scopes.can(user, "plan.write"):
        return False
    if scopes.sees_only_own_caseload(user):
        return episode.officer_id == user.pk
    return True


def check_write(user, episode: ProgramEpisode) -> None:
    if not may_write(user, episode):
        raise PermissionDenied


def get_plan_for_user(user, plan_id: int, *, write: bool = False) -> GuidancePlan:
    """The plan if `user` may see its episode (404 otherwise, for missing and forbidden alike); 403 for a `write`
    by someone who may not draft this episode's plans."""
    from guidance.models import GuidancePlan

    plan = get_object_or_404(
        GuidancePlan.objects.visible_to(user).select_related(
            "episode__client", "episode__rule_set", "episode__officer", "office", "litmas_request", "agenda_item"
        ),
        pk=plan_id,
    )
    if write:
        check_write(user, plan.episode)
    return plan
