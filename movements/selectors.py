"""Reads of the movements app: open requests with their working-day deadlines, and the client page's parts.

Deadlines are never stored: they are counted from the request date on the working-day calendar
(organizations.workdays), so a collective-leave day added later moves them. A list loads the calendar of its
whole date window in one query and counts in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from board import services as board_services
from clients.codes import OPEN_STATUSES, EpisodeStatus
from clients.models import ProgramEpisode
from movements import access
from movements.models import PERMIT_DECISION_DAYS, TRANSFER_DECISION_DAYS, ClosingReport, Transfer, TravelPermit
from organizations import workdays
from violations.models import Revocation

ONE_DAY = datetime.timedelta(days=1)
# A request with this many working days left, or fewer, is "nearing" its deadline.
NEAR_DAYS = 3


def _calendar(starts: list[datetime.date], today: datetime.date, days: int) -> workdays.Calendar | None:
    """One working-day calendar covering every request's deadline and today (one query), or None for no requests."""
    if not starts:
        return None
    first = min(min(starts), today)
    return workdays.Calendar(first, max(max(starts), today) + datetime.timedelta(days=days * 2 + 30))


@dataclass(frozen=True)
class OpenRequest:
    """One request waiting for a decision, with its deadline (None when the service standard sets none)."""

    kind: str  # "transfer" or "permit"
    obj: Transfer | TravelPermit
    episode: ProgramEpisode
    requested_on: datetime.date
    deadline: datetime.date | None
    days_left: int | None

    @property
    def client(self):
        return self.episode.client

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def near(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= NEAR_DAYS


def _request_row(obj, episode, calendar: workdays.Calendar, today: datetime.date) -> OpenRequest:
    if isinstance(obj, Transfer):
        kind, deadline = "transfer", calendar.add_working_days(obj.requested_on, TRANSFER_DECISION_DAYS)
    else:
        kind = "permit"
        deadline = calendar.add_working_days(obj.requested_on, PERMIT_DECISION_DAYS) if obj.has_deadline else None
    left = calendar.working_days_between(today, deadline) if deadline else None
    return OpenRequest(kind, obj, episode, obj.requested_on, deadline, left)


def open_requests(episodes_qs: QuerySet, *, today: datetime.date) -> list[OpenRequest]:
    """Transfers and permits of `episodes_qs` (open episodes only) waiting for a decision, soonest deadline first.

    Three queries whatever the number of rows: transfers, permits, and the calendar window.
    """
    episodes = episodes_qs.filter(status__in=OPEN_STATUSES).values("pk")
    # Unordered: the rows are sorted below on a key that ends with the primary key (and an ORDER BY makes
    # Django hash every selected column of these wide joins when it compiles the query).
    transfers = list(
        Transfer.objects.filter(episode__in=episodes, approved__isnull=True)
        .select_related("episode__client", "to_office", "requested_by")
        .order_by()
    )
    permits = list(
        TravelPermit.objects.filter(episode__in=episodes, approved__isnull=True)
        .select_related("episode__client", "requested_by")
        .order_by()
    )
    calendar = _calendar(
        [t.requested_on for t in transfers] + [p.requested_on for p in permits],
        today,
        max(TRANSFER_DECISION_DAYS, PERMIT_DECISION_DAYS),
    )
    rows = [_request_row(obj, obj.episode, calendar, today) for obj in [*transfers, *permits]]
    rows.sort(key=lambda r: (r.deadline or datetime.date.max, r.requested_on, r.kind, r.obj.pk))
    return rows


def transfer_deadline(transfer: Transfer) -> datetime.date:
    """The day a transfer must be decided by (one query)."""
    return workdays.add_working_days(transfer.requested_on, TRANSFER_DECISION_DAYS)


def permit_deadline(permit: TravelPermit) -> datetime.date | None:
    if not permit.has_deadline:
        return None
    return workdays.add_working_days(permit.requested_on, PERMIT_DECISION_DAYS)


def incoming_transfers(user) -> list[Transfer]:
    """Transfers waiting for the user's office to accept them: the facts only. One query."""
    return list(
        access.incoming_transfers(user)
        .select_related("episode__client", "from_office", "new_regency", "new_village")
        .order_by("files_sent_on", "decided_at", "pk")
    )


def receiving_desk(user) -> list[Transfer]:
    """What the receiving office must act on, in one query: approved transfers waiting for its answer, and
    accepted ones whose continuing episode still has no PK."""
    return list(
        access.receiving_desk_transfers(user)
        .select_related("episode__client", "from_office", "new_regency", "new_village")
        .order_by("files_sent_on", "decided_at", "pk")
    )


@dataclass
class ClientMovements:
    """What the client page's movements panel shows."""

    transfers: list[Transfer]
    permits: list[TravelPermit]
    report: ClosingReport | None
    requests: dict[tuple[str, int], OpenRequest]

    @property
    def open_transfer(self) -> Transfer | None:
        return next((t for t in self.transfers if t.is_open), None)

    @property
    def open_transfer_request(self) -> OpenRequest | None:
        transfer = self.open_transfer
        return self.requests.get(("transfer", transfer.pk)) if transfer else None

    def request_for(self, obj) -> OpenRequest | None:
        kind = "transfer" if isinstance(obj, Transfer) else "permit"
        return self.requests.get((kind, obj.pk))


def client_movements(client, episode, *, user, today: datetime.date, limit: int = 5) -> ClientMovements:
    """The client's transfers (of every episode `user` may see), the current episode's latest permits and its
    closing report.

    At most four queries: transfers, permits, closing report, and the calendar when something awaits a decision.
    """
    transfers = list(
        Transfer.objects.filter(episode__in=ProgramEpisode.objects.visible_to(user).filter(client=client))
        .select_related("to_office", "from_office")
        .order_by("-requested_on", "-pk")[:limit]
    )
    if episode is None:
        return ClientMovements(transfers, [], None, {})
    permits = list(TravelPermit.objects.filter(episode=episode).order_by("-requested_on", "-pk")[:limit])
    report = ClosingReport.objects.filter(episode=episode).first()
    waiting = [t for t in transfers if t.awaits_decision] + [p for p in permits if p.approved is None]
    requests: dict[tuple[str, int], OpenRequest] = {}
    if waiting:
        calendar = _calendar([o.requested_on for o in waiting], today, TRANSFER_DECISION_DAYS * 2)
        for obj in waiting:
            row = _request_row(obj, episode, calendar, today)
            requests[(row.kind, obj.pk)] = row
    return ClientMovements(transfers, permits, report, requests)


def episode_permits(episode) -> QuerySet:
    return TravelPermit.objects.filter(episode=episode).select_related("requested_by", "decided_by")


def board_available() -> bool:
    """Whether the case board app offers agenda items for transfers (the board sits below movements)."""
    return hasattr(board_services, "agenda_item_add")


def revocation_of(episode: ProgramEpisode):
    """The revocation (pencabutan) the violations app recorded for `episode`, or None."""
    return Revocation.objects.filter(episode=episode).first()


def closable(episode: ProgramEpisode | None, report: ClosingReport | None = None) -> bool:
    """Whether a closing report may be written and closed: the episode is under way, or it was revoked
    by decree (violations app) and its closing report is not closed yet. One query for a revoked episode."""
    if episode is None:
        return False
    if episode.status in OPEN_STATUSES:
        return True
    if episode.status != EpisodeStatus.REVOKED or (report is not None and report.closed_at):
        return False
    return revocation_of(episode) is not None


def open_request_counts(episodes_qs: QuerySet, *, today: datetime.date) -> dict[int, int]:
    """How many rows `open_requests` would list, by episode id: one GROUP BY query per kind (two)."""
    episodes = episodes_qs.filter(status__in=OPEN_STATUSES).values("pk")
    counts: dict[int, int] = {}
    for model in (Transfer, TravelPermit):
        rows = (
            model.objects.filter(episode__in=episodes, approved__isnull=True)
            .order_by()
            .values("episode_id")
            .annotate(n=Count("pk"))
            .values_list("episode_id", "n")
        )
        for episode_id, n in rows:
            counts[episode_id] = counts.get(episode_id, 0) + n
    return counts
