"""Reads for reporting (wajib lapor): the schedule of an episode and the officer's work queue.

The schedule functions are plain functions over already-loaded rows, so a queue of thirty clients
loads its episodes in one query and their check-ins in another, and computes the rest in Python.
Dates always come from `clients.rules.reporting_date`, never from local arithmetic.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from clients import rules
from clients.codes import EpisodeStatus
from clients.models import Client, ProgramEpisode
from supervision.models import CheckIn

# A queue looks this many days ahead for "this week".
WEEK_DAYS = 7
# Three missed reports in a row breach the special conditions (domain notes §6.3, §6.5).
MISSED_IN_A_ROW_LIMIT = 3


def scheduled_dates(episode: ProgramEpisode, *, until: datetime.date | None = None) -> list[datetime.date]:
    """The episode's reporting dates from its rule set: the 1st, 2nd, … report, up to its end (and `until`)."""
    last = min(episode.ends_on, until) if until else episode.ends_on
    dates = []
    number = 1
    while (day := rules.reporting_date(episode.rule_set, starts_on=episode.starts_on, number=number)) <= last:
        dates.append(day)
        number += 1
    return dates


def due_dates(
    episode: ProgramEpisode, checkins: Iterable[CheckIn], *, until: datetime.date | None = None
) -> list[datetime.date]:
    """The scheduled dates plus the dates excused reports were moved to, in order."""
    dates = set(scheduled_dates(episode, until=until))
    for checkin in checkins:
        moved = checkin.rescheduled_to
        if checkin.outcome == CheckIn.Outcome.EXCUSED and moved and (until is None or moved <= until):
            dates.add(moved)
    return sorted(dates)


def unrecorded_dates(
    episode: ProgramEpisode, checkins: Iterable[CheckIn], *, until: datetime.date | None = None
) -> list[datetime.date]:
    """The due dates (up to `until`) that have no check-in yet."""
    checkins = list(checkins)
    recorded = {c.due_on for c in checkins}
    return [day for day in due_dates(episode, checkins, until=until) if day not in recorded]


def next_due(episode: ProgramEpisode, checkins: Iterable[CheckIn]) -> datetime.date | None:
    """The first due date without a check-in (an excused date that was moved makes the new date due)."""
    remaining = unrecorded_dates(episode, checkins)
    return remaining[0] if remaining else None


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
    """The reporting queue of the clients `user` sees whose current episode is active. Two queries."""
    clients = list(
        Client.objects.visible_to(user)
        .filter(current_episode__status=EpisodeStatus.ACTIVE)
        .select_related("current_episode__rule_set")
        .order_by("name", "pk")
    )
    checkins = checkins_by_episode(c.current_episode_id for c in clients)
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


def episodes_missed_in_a_row(
    episodes: Iterable[ProgramEpisode], *, limit: int = MISSED_IN_A_ROW_LIMIT
) -> list[tuple[ProgramEpisode, int]]:
    """The episodes whose latest `limit` or more reports were missed, with the length of that run. One query."""
    episodes = list(episodes)
    checkins = checkins_by_episode(e.pk for e in episodes)
    result = []
    for episode in episodes:
        run = missed_in_a_row(checkins.get(episode.pk, []))
        if run >= limit:
            result.append((episode, run))
    return result
