"""Reads of the case board, each with a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q, QuerySet

from board.models import AgendaItem, Meeting, PhaseProposal
from clients import rules
from clients.codes import EpisodeStatus, Phase
from clients.models import ProgramEpisode, RuleSet

NEXT_PHASE = {Phase.AWAL: Phase.LANJUTAN, Phase.LANJUTAN: Phase.AKHIR}


def items_for_subject(subject: models.Model) -> QuerySet[AgendaItem]:
    """Every agenda item about `subject` (a violation, a transfer…), oldest first: its history before the board."""
    return (
        AgendaItem.objects.for_subject(subject)
        .select_related("meeting", "proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    )


def _with_people(qs: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    return qs.select_related("episode__client", "episode__officer", "proposed_by", "decided_by", "meeting")


# --- pages ------------------------------------------------------------------------------------


def meetings_for_list(user, *, past: bool, today: datetime.date) -> QuerySet[Meeting]:
    """Upcoming meetings (soonest first, including any not yet closed) or past ones (latest first)."""
    qs = Meeting.objects.visible_to(user).select_related("chair", "secretary").annotate(item_count=Count("items"))
    if past:
        return qs.filter(held_on__lt=today, status=Meeting.Status.CLOSED).order_by("-held_on", "-pk")
    return qs.filter(Q(held_on__gte=today) | ~Q(status=Meeting.Status.CLOSED)).order_by("held_on", "pk")


def meeting_items(user, meeting: Meeting) -> list[AgendaItem]:
    """The items of a meeting that the user may see, in the order they were proposed."""
    return list(_with_people(AgendaItem.objects.visible_to(user).filter(meeting=meeting)).order_by("proposed_at", "pk"))


def awaiting_items(user) -> QuerySet[AgendaItem]:
    """Undecided items that are on no meeting yet, oldest first."""
    return _with_people(AgendaItem.objects.visible_to(user).awaiting_meeting()).order_by("proposed_at", "pk")


def open_meetings(user) -> QuerySet[Meeting]:
    """Meetings an item can still be put on."""
    return Meeting.objects.visible_to(user).exclude(status=Meeting.Status.CLOSED).order_by("held_on", "pk")


def approvals_waiting(user) -> QuerySet[PhaseProposal]:
    """Phase changes the board approved that wait for the head."""
    return (
        PhaseProposal.objects.visible_to(user)
        .filter(status=PhaseProposal.Status.AWAITING_HEAD)
        .select_related("episode__client", "episode__officer", "proposed_by", "agenda_item__meeting")
        .order_by("agenda_item__decided_at", "pk")
    )


def next_meeting(user, *, today: datetime.date) -> Meeting | None:
    return open_meetings(user).filter(held_on__gte=today).first()


def open_proposal(episode: ProgramEpisode) -> PhaseProposal | None:
    return (
        PhaseProposal.objects.filter(episode=episode, status__in=PhaseProposal.OPEN_STATUSES)
        .select_related("agenda_item__meeting", "proposed_by")
        .first()
    )


# --- work queue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseReview:
    """An episode whose move to the next phase is due for a board review (a due date, not a transition)."""

    episode: ProgramEpisode
    phase: str
    next_phase: str
    due_on: datetime.date
    overdue: bool
    proposal_open: bool

    @property
    def client(self):
        return self.episode.client


def review_due_on(episode: ProgramEpisode) -> datetime.date | None:
    """When the board should review the episode's move to its next phase, from its rule set; None in the final phase."""
    following = NEXT_PHASE.get(episode.phase)
    if following is None:
        return None
    dates = rules.phase_review_dates(episode.rule_set, starts_on=episode.starts_on, ends_on=episode.ends_on)
    return dates.continued_from if following == Phase.LANJUTAN else dates.final_from


def phase_reviews_due(
    episodes: QuerySet[ProgramEpisode], *, today: datetime.date, within_days: int = 30
) -> list[PhaseReview]:
    """Active episodes (of `episodes`) whose next phase review falls on or before `today + within_days`,
    overdue ones included, soonest first. Two queries: the episodes with their rule sets and clients, and
    the ids of those with an open proposal."""
    horizon = today + datetime.timedelta(days=within_days)
    candidates = list(
        episodes.filter(status=EpisodeStatus.ACTIVE)
        .exclude(phase=Phase.AKHIR)
        .select_related("rule_set", "client", "officer")
    )
    due: list[tuple[ProgramEpisode, datetime.date]] = []
    for episode in candidates:
        day = review_due_on(episode)
        if day is not None and day <= horizon:
            due.append((episode, day))
    if not due:
        return []
    open_ids = set(
        PhaseProposal.objects.filter(
            episode_id__in=[e.pk for e, _ in due], status__in=PhaseProposal.OPEN_STATUSES
        ).values_list("episode_id", flat=True)
    )
    rows = [
        PhaseReview(
            episode=episode,
            phase=episode.phase,
            next_phase=NEXT_PHASE[episode.phase],
            due_on=day,
            overdue=day < today,
            proposal_open=episode.pk in open_ids,
        )
        for episode, day in due
    ]
    return sorted(rows, key=lambda r: (r.due_on, r.episode.pk))


def phase_reviews_due_counts(
    episodes: QuerySet[ProgramEpisode], *, today: datetime.date, within_days: int = 30
) -> dict[int, int]:
    """How many phase reviews `phase_reviews_due` would list, by episode id (0 or 1 each), for count columns.

    Two queries of plain values (no model instances): the episodes, and the fractions of their few rule sets
    (read once each, not once per episode). The due date is a fraction of the episode's length, computed as
    `review_due_on` does.
    """
    horizon = today + datetime.timedelta(days=within_days)
    rows = list(
        episodes.filter(status=EpisodeStatus.ACTIVE)
        .exclude(phase=Phase.AKHIR)
        .order_by()
        .values_list("pk", "phase", "starts_on", "ends_on", "rule_set_id")
    )
    fractions = {
        pk: _Fractions(phase_continued_at=continued_at, phase_final_at=final_at)
        for pk, continued_at, final_at in RuleSet.objects.filter(pk__in={row[-1] for row in rows}).values_list(
            "pk", "phase_continued_at", "phase_final_at"
        )
    }
    counts: dict[int, int] = {}
    for pk, phase, starts_on, ends_on, rule_set_id in rows:
        following = NEXT_PHASE.get(phase)
        if following is None:
            continue
        dates = rules.phase_review_dates(fractions[rule_set_id], starts_on=starts_on, ends_on=ends_on)
        day = dates.continued_from if following == Phase.LANJUTAN else dates.final_from
        if day <= horizon:
            counts[pk] = 1
    return counts


@dataclass(frozen=True)
class _Fractions:
    """The two rule-set fields `rules.phase_review_dates` reads."""

    phase_continued_at: object
    phase_final_at: object
