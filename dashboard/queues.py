"""Work queues: what an officer must do, and the same per officer for the section head.

The PK's queue (issue 4, capability 3): who must report today and this week, missed reports, phase
reviews due within 30 days, guidance ending within 30, 60 and 90 days, open violations and open
requests with their working-day deadlines. The section head sees counts of the same per officer,
with each officer's caseload, and opens any officer's queue. Every function here runs a fixed number
of queries whatever the caseload: rows are loaded per kind in one query each and grouped in Python.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from clients import access as client_access
from clients.codes import OPEN_STATUSES, EpisodeStatus
from clients.models import Client, ProgramEpisode, RuleSet
from lib.registry import QueuePart, work_queue
from supervision import selectors as reporting

# Guidance ending within these many days (domain notes §7.11: SDP's 1/2/3-month look-ahead).
ENDING_BUCKETS = (30, 60, 90)
PHASE_REVIEW_DAYS = 30
# How many clients without a PK the home page lists (oldest registration first).
UNASSIGNED_LIMIT = 50


def caseload(officer: User) -> QuerySet[ProgramEpisode]:
    """Open episodes the officer guides as PK or APK."""
    return ProgramEpisode.objects.filter(
        Q(officer=officer) | Q(assistant=officer), office_id=officer.office_id, status__in=OPEN_STATUSES
    )


def ending_soon(episodes: QuerySet[ProgramEpisode], *, today: datetime.date) -> list[tuple[int, list]]:
    """Open episodes whose guidance ends within 30, 60 and 90 days (each in the first bucket it fits). One query."""
    horizon = today + datetime.timedelta(days=ENDING_BUCKETS[-1])
    rows = list(
        episodes.filter(ends_on__gte=today, ends_on__lte=horizon)
        .select_related("client")
        .order_by("ends_on", "client__name")
    )
    buckets: list[tuple[int, list]] = [(days, []) for days in ENDING_BUCKETS]
    for episode in rows:
        left = (episode.ends_on - today).days
        for days, items in buckets:
            if left <= days:
                items.append(episode)
                break
    return buckets


@dataclass
class OfficerQueue:
    """Everything due for one officer's caseload."""

    officer: User
    reporting: reporting.ReportingQueue
    ending: list[tuple[int, list]]
    extra: dict = field(default_factory=dict)  # key → (QueuePart, rows) from other apps

    @property
    def ending_count(self) -> int:
        return sum(len(items) for _days, items in self.ending)


def queue_parts() -> list[QueuePart]:
    """The parts other apps add to the queue (lib.registry.work_queue), in order."""
    return work_queue.entries()


def _parts():
    for part in queue_parts():
        yield part, part.selector


def officer_queue(officer: User, *, today: datetime.date) -> OfficerQueue:
    """The officer's queue: reporting, ending guidance, and every registered part."""
    episodes = caseload(officer)
    return OfficerQueue(
        officer=officer,
        reporting=reporting.reporting_queue(officer, today=today),
        ending=ending_soon(episodes, today=today),
        extra={part.key: (part, func(episodes, today=today)) for part, func in _parts()},
    )


def officers_visible_to(user) -> QuerySet[User]:
    """The PKs and APKs whose queues `user` may open: the section's for a section head, the office's for the head
    (accounts decides: `User.objects.officers_in_reach_of`)."""
    return User.objects.officers_in_reach_of(user).order_by("full_name", "pk")


def get_officer_for_user(user, officer_id: int) -> User:
    """An officer whose queue `user` may open; 404 for anyone else, as for a missing account."""
    return get_object_or_404(officers_visible_to(user), pk=officer_id)


@dataclass
class OfficerSummary:
    """One row of the section head's table."""

    officer: User
    caseload: int = 0
    report_today: int = 0
    report_week: int = 0
    overdue: int = 0
    ending: dict = field(default_factory=lambda: dict.fromkeys(ENDING_BUCKETS, 0))
    extra: Counter = field(default_factory=Counter)

    @property
    def part_counts(self) -> list[int]:
        """Counts of the registered queue parts, in their order (for the table's columns)."""
        return [self.extra[part.key] for part in queue_parts()]


def officers_overview(user, *, today: datetime.date) -> list[OfficerSummary]:
    """Per officer: caseload and the size of each queue. A fixed number of queries for the whole section.

    Episodes are read as plain values (no model instances), their check-ins as one aggregate row per episode
    (`reporting.checkin_digests`), and the registered parts are counted with their SQL aggregate `counter`
    (a part without one is counted from its rows). Only the reporting schedule is computed in Python.
    """
    officers = list(officers_visible_to(user))
    summaries = {officer.pk: OfficerSummary(officer) for officer in officers}
    ids = list(summaries)
    episodes_qs = ProgramEpisode.objects.filter(
        Q(officer_id__in=ids) | Q(assistant_id__in=ids), office_id=user.office_id, status__in=OPEN_STATUSES
    )
    episodes = _light_episodes(episodes_qs)
    reporting.prefetch_schedule(episodes, source=episodes_qs)
    digests = reporting.checkin_digests(episodes_qs.filter(status=EpisodeStatus.ACTIVE))
    horizon = today + datetime.timedelta(days=reporting.WEEK_DAYS)
    owners: dict[int, list[OfficerSummary]] = {}
    for episode in episodes:
        rows = [summaries[i] for i in (episode.officer_id, episode.assistant_id) if i in summaries]
        owners[episode.pk] = rows
        active = episode.status == EpisodeStatus.ACTIVE
        left = (episode.ends_on - today).days
        bucket = next((days for days in ENDING_BUCKETS if 0 <= left <= days), None)
        if active:
            digest = digests.get(episode.pk, reporting.EMPTY_DIGEST)
            open_dates = reporting.digest_unrecorded_dates(episode, digest, until=horizon)
            overdue = digest.last_missed or any(day < today for day in open_dates)
            due_today = today in open_dates
            due_week = any(today < day for day in open_dates)
        for row in rows:
            row.caseload += 1
            if bucket:
                row.ending[bucket] += 1
            if not active:
                continue
            row.overdue += overdue
            row.report_today += due_today
            row.report_week += due_week
    for part in queue_parts():
        if part.counter:
            counts = part.counter(episodes_qs, today=today)
        else:
            counts = Counter(_episode_id(item) for item in part.selector(episodes_qs, today=today))
        for episode_id, n in counts.items():
            for row in owners.get(episode_id, []):
                row.extra[part.key] += n
    return list(summaries.values())


@dataclass
class _LightEpisode:
    """The fields of an episode the overview and the reporting schedule read, without a model instance."""

    pk: int
    office_id: int
    officer_id: int | None
    assistant_id: int | None
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    rule_set: object


def _light_episodes(episodes_qs: QuerySet[ProgramEpisode]) -> list[_LightEpisode]:
    """The episodes as light rows, sharing one rule-set instance per rule set. Two queries."""
    fields = ("pk", "office_id", "officer_id", "assistant_id", "status", "starts_on", "ends_on", "rule_set_id")
    rows = list(episodes_qs.order_by().values_list(*fields))
    rule_sets = RuleSet.objects.in_bulk({row[-1] for row in rows})
    return [_LightEpisode(*row[:-1], rule_set=rule_sets[row[-1]]) for row in rows]


def _episode_id(item) -> int | None:
    """The episode a queue row is about: rows are objects or dicts with `episode` or `episode_id`."""
    if isinstance(item, dict):
        episode = item.get("episode")
        return getattr(episode, "pk", None) or item.get("episode_id")
    episode = getattr(item, "episode", None)
    return getattr(episode, "pk", None) or getattr(item, "episode_id", None)


@dataclass
class Unassigned:
    """Clients waiting for a PK, for the section head's and the head's home (at most UNASSIGNED_LIMIT)."""

    clients: list
    more: bool  # there are more than UNASSIGNED_LIMIT


def unassigned_clients(user) -> Unassigned:
    """Clients of the user's section (section head) or office (head) whose current episode has no PK yet.

    Who is listed is decided by `clients.access.unassigned_visible_to`; one query whatever the number.
    """
    rows = list(
        client_access.unassigned_visible_to(Client.objects.all(), user)
        .select_related("current_episode")
        .order_by("current_episode__created_at", "pk")[: UNASSIGNED_LIMIT + 1]
    )
    return Unassigned(clients=rows[:UNASSIGNED_LIMIT], more=len(rows) > UNASSIGNED_LIMIT)
