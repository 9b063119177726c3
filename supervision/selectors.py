"""Reads for reporting (wajib lapor): the schedule of an episode and the officer's work queue.

The schedule functions are plain functions over already-loaded rows, so a queue of thirty clients
loads its episodes in one query, their check-ins in another, their schedule context (intensified
periods, the office's tracking start, non-working days) in three more, and computes the rest in Python.
Base dates always come from `clients.rules.reporting_date`, never from local arithmetic.

A schedule is built in four steps:
1. the rule set's dates from the start of guidance (monthly by default);
2. inside an intensified period (`ScheduleChange`) its own dates replace them, every `interval_days`
   from its first report; when periods overlap, the one that started last governs;
3. a date on a non-working day (weekend, public holiday, cuti bersama: `organizations.workdays`) moves to the next
   working day, or back to the last one before the end of guidance;
4. no date before the office's `ReportingSettings.tracked_from` is ever due.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Aggregate, BooleanField, Case, F, Max, Q, QuerySet, TextField, Value, When
from django.utils import timezone

from clients import rules
from clients.codes import EpisodeStatus
from clients.models import Client, ProgramEpisode
from organizations import workdays
from supervision import access
from supervision.models import CheckIn, RemoteCheckIn, RemoteReportingPermission, ReportingSettings, ScheduleChange

# A queue looks this many days ahead for "this week".
WEEK_DAYS = 7
# Three missed reports in a row breach the special conditions (domain notes §6.3, §6.5).
MISSED_IN_A_ROW_LIMIT = 3
# Where `prefetch_schedule` leaves an episode's context.
_CONTEXT_ATTR = "_reporting_schedule"
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class ScheduleContext:
    """What an episode's schedule needs besides the episode: intensified periods, non-working days, tracking start.

    `closed` must cover the episode's start to its end; an empty context gives the plain rule-set schedule.
    """

    changes: tuple[ScheduleChange, ...] = ()
    closed: frozenset[datetime.date] = frozenset()
    tracked_from: datetime.date | None = None


def schedule_contexts(
    episodes: Iterable[ProgramEpisode], *, source: QuerySet[ProgramEpisode] | None = None
) -> dict[int, ScheduleContext]:
    """The schedule contexts of many episodes, by episode id. Three queries whatever their number.

    `source`, a queryset that holds `episodes` (and maybe more), reads their intensified periods through a
    subquery instead of a list of a thousand ids.
    """
    episodes = [e for e in episodes if e.pk is not None]
    if not episodes:
        return {}
    ids = source.order_by().values("pk") if source is not None else [e.pk for e in episodes]
    changes: dict[int, list[ScheduleChange]] = defaultdict(list)
    for change in ScheduleChange.objects.filter(episode_id__in=ids).order_by("starts_on", "set_at", "pk"):
        changes[change.episode_id].append(change)
    offices = {e.office_id for e in episodes}
    tracked = dict(ReportingSettings.objects.filter(office_id__in=offices).values_list("office_id", "tracked_from"))
    closed = _interned(
        frozenset(workdays.calendar_between(min(e.starts_on for e in episodes), max(e.ends_on for e in episodes)))
    )
    # Most episodes have no intensified period: they share one context per office.
    plain = {office_id: ScheduleContext(closed=closed, tracked_from=tracked.get(office_id)) for office_id in offices}
    return {
        e.pk: ScheduleContext(changes=tuple(changes[e.pk]), closed=closed, tracked_from=tracked.get(e.office_id))
        if e.pk in changes
        else plain[e.office_id]
        for e in episodes
    }


def prefetch_schedule(episodes: Iterable[ProgramEpisode], *, source: QuerySet[ProgramEpisode] | None = None) -> None:
    """Load the schedule contexts of `episodes` onto them (three queries), so later schedule calls query nothing."""
    episodes = list(episodes)
    contexts = schedule_contexts(episodes, source=source)
    for episode in episodes:
        setattr(episode, _CONTEXT_ATTR, contexts.get(episode.pk, ScheduleContext()))


def set_schedule_context(episode: ProgramEpisode, context: ScheduleContext) -> ProgramEpisode:
    """Attach a context computed elsewhere (or an empty one, for pure date tests) to `episode`."""
    setattr(episode, _CONTEXT_ATTR, context)
    return episode


def schedule_context(episode: ProgramEpisode) -> ScheduleContext:
    """The context `prefetch_schedule` left on the episode, or a fresh one (three queries)."""
    context = getattr(episode, _CONTEXT_ATTR, None)
    if context is None:
        context = schedule_contexts([episode]).get(episode.pk, ScheduleContext())
    return context


def _governing(changes: tuple[ScheduleChange, ...], day: datetime.date) -> ScheduleChange | None:
    """The change whose period holds `day`; of overlapping ones, the one that started last."""
    found = None
    for change in changes:  # ordered by start
        if change.governs(day):
            found = change
    return found


def _working_day(day: datetime.date, *, closed: frozenset[datetime.date], last: datetime.date) -> datetime.date:
    """`day`, or the next working day; the last working day before it when that would pass `last`."""
    moved = day
    while moved in closed and moved <= last:
        moved += ONE_DAY
    if moved <= last:
        return moved
    moved = day
    while moved in closed:
        moved -= ONE_DAY
    return moved


def scheduled_dates(
    episode: ProgramEpisode, *, until: datetime.date | None = None, context: ScheduleContext | None = None
) -> list[datetime.date]:
    """The episode's reporting dates, up to its end (and `until`); see the module docstring for the steps."""
    context = context if context is not None else schedule_context(episode)
    last = min(episode.ends_on, until) if until else episode.ends_on
    changes = context.changes
    rule_set = episode.rule_set
    if not changes:
        plain = _plain_schedule(
            rule_set.reporting_interval_months,
            rule_set.reporting_interval_days,
            episode.starts_on,
            episode.ends_on,
            last,
            context.closed,
            context.tracked_from,
        )
        return list(plain)
    return _schedule(episode, rule_set, last, context)


@functools.lru_cache(maxsize=8192)
def _plain_schedule(
    months: int,
    days: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    last: datetime.date,
    closed: frozenset[datetime.date],
    tracked_from: datetime.date | None,
) -> tuple[datetime.date, ...]:
    """The schedule of an episode without intensified periods: a pure function of its arguments, memoised.

    A section's overview asks for the schedules of a thousand episodes on every request, the same ones until
    the day changes. `closed` is interned (`_interned`), so a hit compares it by identity, not day by day.
    """
    episode = _PlainEpisode(_Interval(months, days), starts_on, ends_on)
    return tuple(_schedule(episode, episode.rule_set, last, ScheduleContext(closed=closed, tracked_from=tracked_from)))


@dataclass(frozen=True)
class _PlainEpisode:
    """The fields of an episode the schedule reads."""

    rule_set: object
    starts_on: datetime.date
    ends_on: datetime.date


_CLOSED_SETS: dict[frozenset, frozenset] = {}


def _interned(closed: frozenset[datetime.date]) -> frozenset[datetime.date]:
    """One object per distinct set of non-working days, so memoised schedules find it by identity."""
    found = _CLOSED_SETS.get(closed)
    if found is None:
        if len(_CLOSED_SETS) >= 64:
            _CLOSED_SETS.clear()
        found = _CLOSED_SETS[closed] = closed
    return found


def _schedule(episode, rule_set, last: datetime.date, context: ScheduleContext) -> list[datetime.date]:
    changes = context.changes
    raw = _rule_dates(rule_set.reporting_interval_months, rule_set.reporting_interval_days, episode.starts_on, last)
    if changes:
        raw = [day for day in raw if _governing(changes, day) is None]
    for change in changes:
        stop = min(change.ends_on, last) if change.ends_on else last
        day = change.starts_on
        step = datetime.timedelta(days=change.interval_days)
        while day <= stop:
            if _governing(changes, day) is change:
                raw.append(day)
            day += step
    closed, end = context.closed, episode.ends_on
    # A date on a working day stays (the common case, tested first: this runs for every episode of a section).
    dates = {day if day not in closed else _working_day(day, closed=closed, last=end) for day in raw}
    floor = context.tracked_from
    return sorted(d for d in dates if d <= last and (floor is None or d >= floor))


@dataclass(frozen=True)
class _Interval:
    """The two rule-set fields `rules.reporting_date` reads."""

    reporting_interval_months: int
    reporting_interval_days: int


def _rule_dates(months: int, days: int, starts_on: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The rule set's reporting dates from `starts_on` up to `last`, before intensified periods and working days."""
    interval = _Interval(months, days)
    raw = []
    number = 1
    while (day := rules.reporting_date(interval, starts_on=starts_on, number=number)) <= last:
        raw.append(day)
        number += 1
    return raw


def due_dates(
    episode: ProgramEpisode,
    checkins: Iterable[CheckIn],
    *,
    until: datetime.date | None = None,
    context: ScheduleContext | None = None,
) -> list[datetime.date]:
    """The scheduled dates plus the dates excused reports were moved to, in order."""
    moved = [c.rescheduled_to for c in checkins if c.outcome == CheckIn.Outcome.EXCUSED and c.rescheduled_to]
    return _due_dates(episode, moved, until=until, context=context)


def _due_dates(
    episode: ProgramEpisode,
    moved: Iterable[datetime.date],
    *,
    until: datetime.date | None,
    context: ScheduleContext | None,
) -> list[datetime.date]:
    """The scheduled dates plus `moved` (the dates excused reports were moved to), in order."""
    context = context if context is not None else schedule_context(episode)
    dates = set(scheduled_dates(episode, until=until, context=context))
    floor = context.tracked_from
    for day in moved:
        if (until is None or day <= until) and (floor is None or day >= floor):
            dates.add(day)
    return sorted(dates)


def unrecorded_dates(
    episode: ProgramEpisode,
    checkins: Iterable[CheckIn],
    *,
    until: datetime.date | None = None,
    context: ScheduleContext | None = None,
) -> list[datetime.date]:
    """The due dates (up to `until`) that have no check-in yet."""
    checkins = list(checkins)
    recorded = {c.due_on for c in checkins}
    return [day for day in due_dates(episode, checkins, until=until, context=context) if day not in recorded]


class CheckInDigest(NamedTuple):
    """What the schedule reads of an episode's check-ins, from one GROUP BY row instead of one row per check-in."""

    recorded: frozenset[datetime.date]  # the due dates that have a check-in
    moved: tuple[datetime.date, ...]  # the dates excused reports were moved to
    last_missed: bool  # the latest check-in (by due date) was missed: `missed_in_a_row(...) > 0`


EMPTY_DIGEST = CheckInDigest(frozenset(), (), False)


class _DateList(Aggregate):
    """The dates of a group in one value: a comma-separated text of ISO dates (SQLite's GROUP_CONCAT), or an
    array of dates on PostgreSQL (ARRAY_AGG, which the driver reads as a list of dates). Read with `_dates`."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(distinct)s%(expressions)s, ',')"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # On a copy: Aggregate.as_sql builds its FILTER template from the instance's, not from keyword arguments.
        clone = self.copy()
        clone.function = "ARRAY_AGG"
        clone.template = "%(function)s(%(distinct)s%(expressions)s)"
        return clone.as_sql(compiler, connection, **extra_context)


def _dates(value) -> list[datetime.date]:
    if not value:
        return []
    if isinstance(value, str):
        return [datetime.date.fromisoformat(part) for part in value.split(",")]
    return value


def checkin_digests(episodes: QuerySet[ProgramEpisode]) -> dict[int, CheckInDigest]:
    """The check-in digests of the episodes of `episodes`, by episode id (none for an episode without check-ins).

    One query, grouped by episode: the due dates and the moved dates come as one text each, and whether the
    latest check-in was missed from two maxima (a due date has at most one check-in).
    """
    missed = CheckIn.Outcome.MISSED
    rows = (
        CheckIn.objects.filter(episode__in=episodes.order_by().values("pk"))
        .order_by()
        .values("episode_id")
        .alias(last=Max("due_on"), last_kept=Max("due_on", filter=~Q(outcome=missed)))
        .annotate(
            due=_DateList("due_on"),
            moved=_DateList("rescheduled_to", filter=Q(outcome=CheckIn.Outcome.EXCUSED, rescheduled_to__isnull=False)),
            last_missed=Case(
                When(last_kept__isnull=True, then=Value(True)),  # every check-in of the episode was missed
                When(last__gt=F("last_kept"), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values_list("episode_id", "due", "moved", "last_missed")
    )
    return {
        episode_id: CheckInDigest(frozenset(_dates(due)), tuple(_dates(moved)), last_missed)
        for episode_id, due, moved, last_missed in rows
    }


def digest_unrecorded_dates(
    episode: ProgramEpisode,
    digest: CheckInDigest,
    *,
    until: datetime.date | None = None,
    context: ScheduleContext | None = None,
) -> list[datetime.date]:
    """`unrecorded_dates` from a check-in digest instead of the check-ins themselves (same dates)."""
    recorded = digest.recorded
    return [day for day in _due_dates(episode, digest.moved, until=until, context=context) if day not in recorded]


def next_due(
    episode: ProgramEpisode, checkins: Iterable[CheckIn], *, context: ScheduleContext | None = None
) -> datetime.date | None:
    """The first due date without a check-in (an excused date that was moved makes the new date due)."""
    remaining = unrecorded_dates(episode, checkins, context=context)
    return remaining[0] if remaining else None


def current_interval(
    episode: ProgramEpisode, *, today: datetime.date, context: ScheduleContext | None = None
) -> ScheduleChange | None:
    """The intensified period in force on `today`, if any (None: the rule set's interval applies)."""
    context = context if context is not None else schedule_context(episode)
    return _governing(context.changes, today)


def missed_in_a_row(checkins: Iterable[CheckIn]) -> int:
    """How many of the latest recorded reports were missed, back to the last one that was not."""
    count = 0
    for checkin in sorted(checkins, key=lambda c: c.due_on, reverse=True):
        if checkin.outcome != CheckIn.Outcome.MISSED:
            break
        count += 1
    return count


def checkins_by_episode(episode_ids: Iterable[int]) -> dict[int, list[CheckIn]]:
    """The check-ins of many episodes in one query, grouped by episode id."""
    grouped: dict[int, list[CheckIn]] = defaultdict(list)
    for checkin in CheckIn.objects.filter(episode_id__in=list(episode_ids)).order_by("due_on"):
        grouped[checkin.episode_id].append(checkin)
    return grouped


@dataclass(frozen=True)
class QueueRow:
    """One client in a reporting queue."""

    client: Client
    episode: ProgramEpisode
    due_on: datetime.date  # the date the row is about (the oldest one for overdue rows)
    overdue_count: int = 0  # past dates with no check-in yet
    missed_in_a_row: int = 0  # latest reports recorded as missed


@dataclass
class ReportingQueue:
    """Who must report today, in the next seven days, and who has not reported (overdue or missed)."""

    today: list[QueueRow] = field(default_factory=list)
    week: list[QueueRow] = field(default_factory=list)
    overdue: list[QueueRow] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.today or self.week or self.overdue)


def reporting_queue(user, *, today: datetime.date) -> ReportingQueue:
    """The reporting queue of the clients `user` sees whose current episode is active. Five queries."""
    clients = list(
        Client.objects.visible_to(user)
        .filter(current_episode__status=EpisodeStatus.ACTIVE)
        .select_related("current_episode__rule_set")
        .order_by("name", "pk")
    )
    checkins = checkins_by_episode(c.current_episode_id for c in clients)
    prefetch_schedule(c.current_episode for c in clients)
    queue = ReportingQueue()
    horizon = today + datetime.timedelta(days=WEEK_DAYS)
    for client in clients:
        episode = client.current_episode
        mine = checkins.get(episode.pk, [])
        open_dates = unrecorded_dates(episode, mine, until=horizon)
        past = [day for day in open_dates if day < today]
        misses = missed_in_a_row(mine)
        if past or misses:
            first = past[0] if past else max(c.due_on for c in mine)
            queue.overdue.append(QueueRow(client, episode, first, overdue_count=len(past), missed_in_a_row=misses))
        if today in open_dates:
            queue.today.append(QueueRow(client, episode, today))
        upcoming = [day for day in open_dates if today < day]
        if upcoming:
            queue.week.append(QueueRow(client, episode, upcoming[0]))
    queue.week.sort(key=lambda row: (row.due_on, row.client.name))
    queue.overdue.sort(key=lambda row: (row.due_on, row.client.name))
    return queue


# --- remote reporting ------------------------------------------------------------------------------

# A report through the client's link is accepted from this many days before its date until the end of
# the rule set's grace period; a client cannot report for next week's date on the same day.
LINK_EARLY_DAYS = 2


def link_due_date(
    episode: ProgramEpisode,
    checkins: Iterable[CheckIn],
    *,
    today: datetime.date,
    context: ScheduleContext | None = None,
) -> datetime.date | None:
    """The reporting date a submission through the personal link on `today` counts for, or None."""
    earliest = today - datetime.timedelta(days=episode.rule_set.grace_days)
    latest = today + datetime.timedelta(days=LINK_EARLY_DAYS)
    for day in unrecorded_dates(episode, checkins, until=latest, context=context):
        if day >= earliest:
            return day
    return None


def permission_valid_at(permissions: Iterable[RemoteReportingPermission], moment) -> RemoteReportingPermission | None:
    """The permission (of already-loaded ones) that covers `moment`, latest first."""
    valid = [p for p in permissions if p.is_valid_at(moment)]
    return max(valid, key=lambda p: (p.valid_from, p.pk or 0)) if valid else None


def current_permission(
    permissions: Iterable[RemoteReportingPermission], *, today: datetime.date
) -> RemoteReportingPermission | None:
    """The permission in force today or starting later (not revoked, not ended), earliest first."""
    current = [p for p in permissions if p.is_current(today)]
    return min(current, key=lambda p: (p.valid_from, p.pk or 0)) if current else None


def remote_checkins_awaiting_review(user) -> list[RemoteCheckIn]:
    """Remote reports of the clients `user` sees that nobody has confirmed or flagged yet, oldest first.

    One query (none for a user who may not review).
    """
    return list(
        access.remote_checkins_to_review(user)
        .select_related("checkin__episode__client")
        .order_by("checkin__occurred_at", "pk")
    )


def flagged_remote_checkins(episode: ProgramEpisode) -> list[RemoteCheckIn]:
    """The remote reports of `episode` its PK flagged, newest first, for a violation report. One query."""
    return list(
        RemoteCheckIn.objects.filter(checkin__episode=episode, review=RemoteCheckIn.Review.FLAGGED)
        .select_related("checkin", "reviewed_by")
        .order_by("-checkin__due_on")
    )


@dataclass
class ReportingSummary:
    """What the client page shows of an episode's reporting."""

    episode: ProgramEpisode
    next_due: datetime.date | None
    intensified: ScheduleChange | None
    upcoming_changes: list[ScheduleChange]
    permission: RemoteReportingPermission | None
    recent: list[CheckIn]
    flagged: list[CheckIn]
    missed_in_a_row: int
    tracked_from: datetime.date | None


RECENT_CHECKINS = 6


def reporting_summary(episode: ProgramEpisode, *, today: datetime.date) -> ReportingSummary:
    """Next date, interval, remote permission and recent reports of one episode. Five queries."""
    checkins = list(
        CheckIn.objects.filter(episode=episode)
        .select_related("location", "recorded_by", "remote__reviewed_by")
        .order_by("due_on")
    )
    context = schedule_contexts([episode])[episode.pk]
    # Unordered: `current_permission` picks by (valid_from, pk); the model's ordering would join the client.
    permissions = list(
        RemoteReportingPermission.objects.filter(episode=episode).select_related("allowed_by").order_by()
    )
    recent = sorted(checkins, key=lambda c: c.due_on, reverse=True)
    flagged = [c for c in recent if _review_of(c) == RemoteCheckIn.Review.FLAGGED]
    return ReportingSummary(
        episode=episode,
        next_due=next_due(episode, checkins, context=context),
        intensified=_governing(context.changes, today),
        upcoming_changes=[c for c in context.changes if c.starts_on > today],
        permission=current_permission(permissions, today=today),
        recent=recent[:RECENT_CHECKINS],
        flagged=flagged,
        missed_in_a_row=missed_in_a_row(checkins),
        tracked_from=context.tracked_from,
    )


def _review_of(checkin: CheckIn) -> str | None:
    try:
        return checkin.remote.review
    except RemoteCheckIn.DoesNotExist:
        return None


def hash_token(token: str) -> str:
    """What is stored of a link's secret: its SHA-256 (the secret is random, so no salt or slow hash is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def permission_for_token(token: str) -> RemoteReportingPermission | None:
    """The permission whose link carries `token`, if the link works now (valid, not revoked, client active)."""
    if not token or len(token) > 100:
        return None
    permission = (
        RemoteReportingPermission.objects.select_related("episode__client", "episode__rule_set")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if permission is None or permission.episode.status != EpisodeStatus.ACTIVE:
        return None
    return permission if permission.is_valid_at(timezone.now()) else None
