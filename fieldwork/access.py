"""Who sees which field-work row (STYLE C4): home visits, guidance sessions and their participants, case notes.

Every row follows its client: whoever sees the client (`clients.access` decides) sees its visits, sessions
and notes; a session is seen by whoever sees one of its participants. A missing row and a row outside the
user's scope both answer 404; a change asked by a read-only account answers 403. Who may record field
work is the ability `fieldwork.record`, checked by the view before it looks anything up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes
from accounts.models import User
from clients import access as client_access
from clients.codes import OPEN_STATUSES

if TYPE_CHECKING:
    from fieldwork.models import CaseNote, HomeVisit


def home_visits_visible_to(qs: QuerySet, user) -> QuerySet:
    return client_access.episode_rows_visible_to(qs, user)


def participants_visible_to(qs: QuerySet, user) -> QuerySet:
    return client_access.episode_rows_visible_to(qs, user)


def case_notes_visible_to(qs: QuerySet, user) -> QuerySet:
    return client_access.episode_rows_visible_to(qs, user)


def activities_visible_to(qs: QuerySet, user) -> QuerySet:
    """Sessions with at least one participant the user sees."""
    from fieldwork.models import GuidanceParticipant

    return qs.filter(pk__in=GuidanceParticipant.objects.visible_to(user).values("activity_id"))


def get_home_visit_for_user(user, visit_id: int, *, write: bool = False) -> HomeVisit:
    """A home visit to a client the user sees (404 otherwise); 403 for a read-only `write`."""
    from fieldwork.models import HomeVisit

    visit = get_object_or_404(HomeVisit.objects.visible_to(user).select_related("episode"), pk=visit_id)
    scopes.check_write(user, write=write)
    return visit


def get_case_note_for_user(user, note_id: int, *, client=None, write: bool = False) -> CaseNote:
    """A case note of a client the user sees (and of `client`, when given): 404 otherwise; 403 for a read-only
    `write`."""
    from fieldwork.models import CaseNote

    qs = CaseNote.objects.visible_to(user).select_related("episode", "written_by")
    if client is not None:
        qs = qs.filter(episode__client=client)
    note = get_object_or_404(qs, pk=note_id)
    scopes.check_write(user, write=write)
    return note


# --- group sessions -------------------------------------------------------------------------------


def group_officer_choices(user) -> list[User]:
    """The officers whose caseload a section head or head picks a group from; none for a PK or APK, who
    always picks from their own caseload."""
    if not user.office_id or scopes.sees_only_own_caseload(user):
        return []
    return list(
        User.objects.filter(office=user.office_id, is_active=True)
        .with_ability("fieldwork.record")
        .caseload_officers()
        .order_by("full_name", "pk")
    )


def group_candidates(user, officer_id: int | None) -> QuerySet:
    """Clients under way whom the user may put in a group session: a PK's or APK's caseload, or, for a section
    head or head, one officer's (none until they choose the officer)."""
    from clients.models import Client

    qs = (
        Client.objects.visible_to(user)
        .filter(current_episode__status__in=OPEN_STATUSES)
        .select_related("current_episode")
    )
    if officer_id:
        qs = qs.filter(current_episode__officer_id=officer_id)
    elif not scopes.sees_only_own_caseload(user):
        return Client.objects.none()
    return qs.order_by("name", "pk")
