"""Reads of the Litmas pages: the list, the PK chooser, the queues and the month's counts."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts import scopes
from accounts.models import User
from clients.models import Client
from litmas import deadlines
from litmas.codes import OPEN_STATES, State
from litmas.models import LitmasRequest, LitmasType
from organizations.models import Office

_CLOSED = [State.SENT, State.CANCELLED]


def requests_for_list(user, *, state: str = "", litmas_type: LitmasType | None = None, audience: str = "", q: str = ""):
    """The requests `user` sees, filtered, nearest deadline first (one query for the page's rows)."""
    qs = LitmasRequest.objects.visible_to(user).select_related("litmas_type", "client", "officer")
    if state == "open":
        qs = qs.exclude(state__in=_CLOSED)
    elif state == "late":
        qs = qs.exclude(state__in=_CLOSED).filter(deadline_at__lt=timezone.now())
    elif state:
        qs = qs.filter(state=state)
    if litmas_type is not None:
        qs = qs.filter(litmas_type=litmas_type)
    if audience in ("child", "adult"):
        qs = qs.filter(is_child=audience == "child")
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(letter_number__icontains=q)
            | Q(person_name__icontains=q)
            | Q(client__name__icontains=q)
            | Q(register_number__icontains=q)
        )
    return qs.order_by("deadline_at", "pk")


@dataclass
class OfficerChoice:
    officer: User
    open_count: int


def officer_choices(request: LitmasRequest) -> list[OfficerChoice]:
    """The active PKs who may write this Litmas (children's: the BKA section's, adults': BKD's) with their open
    Litmas count (one query)."""
    officers = (
        User.objects.get_queryset()
        .guides()
        .filter(office_id=request.office_id, is_active=True)
        .annotate(open_litmas=Count("litmas_requests", filter=~Q(litmas_requests__state__in=_CLOSED)))
        .order_by("full_name", "pk")
    )
    return [
        OfficerChoice(officer, officer.open_litmas)  # type: ignore[attr-defined]  # annotated above
        for officer in officers
        if scopes.in_pool(officer, is_child=request.is_child)
    ]


@dataclass
class OfficerQueue:
    overdue: list[LitmasRequest] = field(default_factory=list)
    within_day: list[LitmasRequest] = field(default_factory=list)
    within_3_days: list[LitmasRequest] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.within_day or self.within_3_days)


def officer_queue(officer: User, *, now: datetime.datetime) -> OfficerQueue:
    """The PK's open Litmas due within three days or overdue, grouped by urgency (one query)."""
    rows = (
        LitmasRequest.objects.filter(
            officer=officer, office=officer.office, deadline_at__lte=now + datetime.timedelta(days=3)
        )
        .exclude(state__in=_CLOSED)
        .select_related("litmas_type", "client")
        .order_by("deadline_at", "pk")
    )
    queue = OfficerQueue()
    groups = {
        deadlines.Urgency.OVERDUE: queue.overdue,
        deadlines.Urgency.WITHIN_DAY: queue.within_day,
        deadlines.Urgency.WITHIN_3_DAYS: queue.within_3_days,
    }
    for row in rows:
        group = groups.get(deadlines.urgency(row.deadline_at, now))
        if group is not None:
            group.append(row)
    return queue


def unassigned(user) -> QuerySet[LitmasRequest]:
    """Requests the head disposed that wait for a PK, in the user's reach (a section head: their section)."""
    return (
        LitmasRequest.objects.visible_to(user)
        .filter(state=State.DISPOSED)
        .select_related("litmas_type", "client")
        .order_by("deadline_at", "pk")
    )


def awaiting_head(user) -> tuple[QuerySet[LitmasRequest], QuerySet[LitmasRequest]]:
    """Requests waiting for the head: to be disposed, and signed reports to be acknowledged."""
    qs = LitmasRequest.objects.visible_to(user).select_related("litmas_type", "client").order_by("deadline_at", "pk")
    return qs.filter(state=State.RECEIVED), qs.filter(state=State.FINAL)


def client_requests(user, client) -> QuerySet[LitmasRequest]:
    """The client's Litmas requests the user sees, newest first."""
    return (
        LitmasRequest.objects.visible_to(user)
        .filter(client=client)
        .select_related("litmas_type", "officer")
        .order_by("-received_at", "-pk")
    )


@dataclass
class MonthRow:
    litmas_type: LitmasType | None  # None: the total
    received: int = 0
    open: int = 0
    overdue: int = 0  # open past the deadline (a part of `open`)
    on_time: int = 0
    late: int = 0
    cancelled: int = 0


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
    return start, end


def monthly_counts(office: Office, year: int, month: int, *, now: datetime.datetime | None = None) -> list[MonthRow]:
    """The requests the office received in a month, per Litmas type, by where they stand now: still open (and of
    those, past the deadline), sent on time, sent late, cancelled; the last row is the total. One query."""
    now = now or timezone.now()
    start, end = month_bounds(year, month)
    open_q = Q(state__in=sorted(OPEN_STATES))
    counts = (
        LitmasRequest.objects.filter(office=office, received_at__gte=start, received_at__lt=end)
        .order_by()
        .values("litmas_type_id")
        .annotate(
            received=Count("pk"),
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=open_q & Q(deadline_at__lt=now)),
            on_time=Count("pk", filter=Q(state=State.SENT, done_at__lte=F("deadline_at"))),
            late=Count("pk", filter=Q(state=State.SENT, done_at__gt=F("deadline_at"))),
            cancelled=Count("pk", filter=Q(state=State.CANCELLED)),
        )
    )
    by_type = {row.pop("litmas_type_id"): row for row in counts}
    types = LitmasType.objects.filter(Q(active=True) | Q(pk__in=list(by_type))).order_by("order", "name")
    rows = [MonthRow(litmas_type, **by_type.get(litmas_type.pk, {})) for litmas_type in types]
    total = MonthRow(None)
    for row in rows:
        for name in ("received", "open", "overdue", "on_time", "late", "cancelled"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return [*rows, total]


NIK_SHAPE = re.compile(r"[0-9]{16}")


def client_by_nik(office: Office, nik: str) -> Client | None:
    """The registered client of `office` with this NIK, if any (the front desk's lookup). Only a well-formed NIK
    (16 digits) is looked up: anything else matches nobody, and a NUL byte would be refused by PostgreSQL."""
    if not NIK_SHAPE.fullmatch(nik or ""):
        return None
    return Client.objects.filter(office=office, nik=nik).first()


def missing_sections(request: LitmasRequest, content: dict) -> list[str]:
    """Titles of the template's required sections that are still empty in `content`."""
    return [
        section["title"]
        for section in request.litmas_type.template.sections
        if section.get("required") and not str(content.get(section["key"], "")).strip()
    ]
