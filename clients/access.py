"""Who sees which client: the one place that decides it (STYLE C4).

- PK / APK: clients whose current episode they guide.
- Section head: clients of their section (BKD adults, BKA children) in their office.
- Head: every client of the office.
- Registration, TPP secretary, auditor, office administrator: the office's adult clients, and its
  children only if they work in BKA. Children's records (UU 11/2012 confidentiality) are for BKA
  staff and the head.
- National administrator: every adult client; Kanwil viewers and partners: none here.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes
from clients.codes import OPEN_STATUSES


def clients_visible_to(qs: QuerySet, user) -> QuerySet:
    """Clients by their current episode's PK and APK, their office and whether they are children (the rule for
    every case row, `scopes.filter_case_rows`)."""
    return scopes.filter_case_rows(
        qs, user, officers=("current_episode__officer", "current_episode__assistant"), is_child="is_child"
    )


def episodes_visible_to(qs: QuerySet, user) -> QuerySet:
    """Episodes of the clients `user` sees (`qs` is already so filtered), less the episodes of a childhood for those
    who may not see children: a client who was a child keeps that record confidential (UU 11/2012) when a later,
    adult order brings them to the adults' section. Every row of an episode follows this rule (`episode__in`)."""
    if scopes.may_see_children(user):
        return qs
    return qs.filter(is_child=False)


def cases_visible_to(qs: QuerySet, user) -> QuerySet:
    """Cases of the clients `user` sees (`qs` is already so filtered), less those of a child's episode for those who
    may not see children (see `episodes_visible_to`)."""
    if scopes.may_see_children(user):
        return qs
    return qs.exclude(episodes__is_child=True)


def episode_rows_visible_to(qs: QuerySet, user, *, episode: str = "episode") -> QuerySet:
    """Rows of an episode (check-ins, notes, violations, permits…): those of the episodes `user` may see."""
    from clients.models import ProgramEpisode

    return qs.filter(**{f"{episode}__in": ProgramEpisode.objects.visible_to(user).values("pk")})


def may_write(user) -> bool:
    """Whoever may add a client may edit one they see, and act on their file (`client.create`)."""
    return scopes.can(user, "client.create")


def get_client_for_user(user, client_id: int, *, write: bool = False):
    """The client if `user` may see it (404 otherwise); 403 when `write` and the role may not edit."""
    from clients.models import Client

    client = get_object_or_404(
        Client.objects.visible_to(user).select_related(
            "office",
            "domicile_regency",
            "domicile_village__district",
            "current_episode__rule_set",
            "current_episode__officer",
            "current_episode__assistant",
        ),
        pk=client_id,
    )
    if write and not may_write(user):
        raise PermissionDenied
    return client


def may_assign(user) -> bool:
    """Section heads and the head give a client its PK (`client.assign`)."""
    return scopes.can(user, "client.assign")


def unassigned_visible_to(qs: QuerySet, user) -> QuerySet:
    """Clients of `qs` whose open current episode has no PK yet, for those who may assign one; none for others.

    A client without a PK belongs to a section by its current episode's program, recorded at registration
    as `is_child` on the episode and the client (children's programs — PB anak, diversi, AKOT, pidana
    dengan syarat anak — are BKA's, every other program BKD's). So a section head sees the unassigned
    clients of their own section in their own office (BKD: adults, BKA: children, as `clients_visible_to`
    decides), and the head every unassigned client of the office.
    """
    if not may_assign(user):
        return qs.none()
    return clients_visible_to(qs, user).filter(
        current_episode__officer__isnull=True, current_episode__status__in=OPEN_STATUSES
    )


def get_import_job_for_user(user, job_id: int):
    """A batch import of the user's own office (its rows are people's records): 404 for any other office's,
    403 for a user without an office (unreachable: every role of `client.import` works in one)."""
    from clients.models import ImportJob

    if user.office_id is None:
        raise PermissionDenied
    return get_object_or_404(ImportJob.objects.visible_to(user), pk=job_id)


def import_jobs_visible_to(qs: QuerySet, user) -> QuerySet:
    """Batch imports of the user's own office (the pages are for `client.import`): the uploaded files hold
    people's records, so no Kanwil or national view."""
    if not user.office_id:
        return qs.none()
    return qs.filter(office_id=user.office_id)
