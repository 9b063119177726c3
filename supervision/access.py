"""Who sees which reporting row (STYLE C4): check-ins, schedule changes, remote permissions and remote reports.

Every row follows its client: whoever sees the client (`clients.access` decides: a PK or APK their caseload,
a section head their section, the office's staff the office, children only for BKA staff and the head) sees
its reporting rows. A missing row and a row outside the user's scope both answer 404; a change asked by a
read-only account (auditor, Kanwil viewer) answers 403. Which role may do which change is an ability
(`accounts.scopes.ABILITIES`), checked by the view before it looks anything up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes
from clients import access as client_access

if TYPE_CHECKING:
    from supervision.models import RemoteCheckIn, RemoteReportingPermission, ScheduleChange


def checkins_visible_to(qs: QuerySet, user) -> QuerySet:
    return client_access.episode_rows_visible_to(qs, user)


def schedule_changes_visible_to(qs: QuerySet, user) -> QuerySet:
    return client_access.episode_rows_visible_to(qs, user)


def permissions_visible_to(qs: QuerySet, user) -> QuerySet:
    return client_access.episode_rows_visible_to(qs, user)


def remote_checkins_visible_to(qs: QuerySet, user) -> QuerySet:
    return client_access.episode_rows_visible_to(qs, user, episode="checkin__episode")


def get_permission_for_user(user, permission_id: int, *, write: bool = False) -> RemoteReportingPermission:
    """A remote-reporting permission of a client the user sees (404 otherwise); 403 for a read-only `write`."""
    from supervision.models import RemoteReportingPermission

    permission = get_object_or_404(
        RemoteReportingPermission.objects.visible_to(user).select_related("episode__client", "allowed_by"),
        pk=permission_id,
    )
    scopes.check_write(user, write=write)
    return permission


def get_remote_checkin_for_user(user, remote_id: int, *, write: bool = False) -> RemoteCheckIn:
    """A remote report of a client the user sees (404 otherwise); 403 for a read-only `write`."""
    from supervision.models import RemoteCheckIn

    remote = get_object_or_404(
        RemoteCheckIn.objects.visible_to(user).select_related(
            "checkin__episode__client", "checkin__office", "permission", "reviewed_by"
        ),
        pk=remote_id,
    )
    scopes.check_write(user, write=write)
    return remote


def get_schedule_change_for_user(user, change_id: int, *, write: bool = False) -> ScheduleChange:
    """A schedule change of a client the user sees (404 otherwise); 403 for a read-only `write`."""
    from supervision.models import ScheduleChange

    change = get_object_or_404(ScheduleChange.objects.visible_to(user).select_related("episode__client"), pk=change_id)
    scopes.check_write(user, write=write)
    return change


def remote_checkins_to_review(user) -> QuerySet:
    """Remote reports of the clients `user` sees that nobody has confirmed or flagged yet; none for a user who
    may not review them (`reporting.review_remote`)."""
    from supervision.models import RemoteCheckIn

    if not scopes.can(user, "reporting.review_remote"):
        return RemoteCheckIn.objects.none()
    return RemoteCheckIn.objects.visible_to(user).filter(review=RemoteCheckIn.Review.PENDING)
