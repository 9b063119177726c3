"""Reads of the workload page and the snapshot command: officers' loads in a fixed number of queries.

`officer_loads` gathers, for any list of officers, the open episodes they guide as PK with the open work on each
(violations, transfers, closing reports due, referrals), the client's latest risk category (issue 13) and their
capacity on the day (working hours less the reductions active then): nine queries whatever the number of officers
or clients. `workload_table` adds who the
user sees, the order, the totals and the 12-month history (two more).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef

from accounts.models import User
from allocation import access, engine, workload
from allocation.models import AllocationPolicy, CapacityReduction, PointScale, WorkingHours, WorkloadSnapshot
from assessment.selectors import latest_risk_by_client
from clients.codes import OPEN_STATUSES
from clients.models import ProgramEpisode
from movements.models import ClosingReport, Transfer
from referrals.models import Referral
from violations.models import Violation

HISTORY_MONTHS = 12


def scale_in_force(on: datetime.date) -> tuple[workload.Scale, PointScale | None]:
    """The weights in force on `on` (two queries), and their version; the defaults when no version exists."""
    version = PointScale.objects.in_force(on)
    if version is None:
        return workload.Scale(), None
    return workload.Scale.from_model(version), version


def _open_counts(qs, ids: Sequence[int]) -> dict[int, int]:
    """Open rows per episode, for the open episodes the officers `ids` guide (one query)."""
    rows = (
        qs.filter(episode__officer_id__in=ids, episode__status__in=sorted(OPEN_STATUSES))
        .order_by()
        .values("episode_id")
        .annotate(n=Count("pk"))
        .values_list("episode_id", "n")
    )
    return dict(rows)


def cases_by_officer(ids: Sequence[int], *, on: datetime.date) -> dict[int, list[workload.Case]]:
    """The open episodes each officer guides as PK, as `workload.Case`s with the client's latest risk category
    (five queries)."""
    episodes = (
        ProgramEpisode.objects.filter(officer_id__in=ids, status__in=sorted(OPEN_STATUSES))
        .order_by()
        .annotate(has_report=Exists(ClosingReport.objects.filter(episode=OuterRef("pk"))))
        .values_list("pk", "officer_id", "client_id", "program", "phase", "is_child", "ends_on", "has_report")
    )
    episodes = list(episodes)
    risks = latest_risk_by_client(row[2] for row in episodes)
    violations = _open_counts(Violation.objects.open(), ids)
    transfers = _open_counts(Transfer.objects.open(), ids)
    referrals = _open_counts(Referral.objects.open(), ids)
    cases: dict[int, list[workload.Case]] = defaultdict(list)
    for pk, officer_id, client_id, program, phase, is_child, ends_on, has_report in episodes:
        cases[officer_id].append(
            workload.Case(
                program=program,
                phase=phase,
                is_child=is_child,
                risk=risks.get(client_id),
                violations=violations.get(pk, 0),
                transfers=transfers.get(pk, 0),
                reports_due=int(workload.report_due(ends_on, has_report=has_report, today=on)),
                referrals=referrals.get(pk, 0),
            )
        )
    return cases


def hours_by_officer(
    ids: Sequence[int], *, on: datetime.date, full_time: Decimal
) -> tuple[dict[int, Decimal], dict[int, list[Decimal]]]:
    """Each officer's contracted hours on `on` (the scale's full time without a row) and the hours of the
    reductions active that day (two queries)."""
    contracted = dict.fromkeys(ids, full_time)
    seen: set[int] = set()
    rows = (
        WorkingHours.objects.filter(officer_id__in=ids, valid_from__lte=on)
        .order_by("officer_id", "-valid_from")
        .values_list("officer_id", "hours_per_week")
    )
    for officer_id, hours in rows:
        if officer_id not in seen:  # the latest version in force
            seen.add(officer_id)
            contracted[officer_id] = hours
    reductions: dict[int, list[Decimal]] = defaultdict(list)
    active = CapacityReduction.objects.active_on(on).filter(officer_id__in=ids).order_by()
    for officer_id, hours in active.values_list("officer_id", "hours_per_week"):
        reductions[officer_id].append(hours)
    return contracted, reductions


def officer_loads(
    officers: Iterable[User], *, on: datetime.date, scale: workload.Scale | None = None
) -> dict[int, workload.Load]:
    """Each officer's load on `on`, by officer id: seven queries (two more to fetch the scale when none is given),
    whatever the number of officers and clients."""
    ids = sorted({officer.pk for officer in officers})
    if scale is None:
        scale, _version = scale_in_force(on)
    if not ids:
        return {}
    cases = cases_by_officer(ids, on=on)
    contracted, reductions = hours_by_officer(ids, on=on, full_time=scale.full_time_hours)
    return {
        pk: workload.officer_load(
            cases.get(pk, []), contracted_hours=contracted[pk], reductions=reductions.get(pk, []), scale=scale
        )
        for pk in ids
    }


# --- the page --------------------------------------------------------------------------------------------

# The rows come in name order and Python's sort is stable (reversed too), so ties stay in name order.
SORTS = {
    "name": lambda row: row.label.lower(),
    "section": lambda row: row.section_name,
    "clients": lambda row: row.load.clients,
    "points": lambda row: row.load.points,
    "capacity": lambda row: row.load.capacity,
    # Without capacity (a whole week's leave) the load cannot be a percentage: such rows sort as the fullest.
    "percent": lambda row: row.load.percent if row.load.percent is not None else Decimal("Infinity"),
}
DEFAULT_SORT = "-percent"


def sort_key(sort: str) -> str:
    """A whitelisted sort (`name`, `-points`...), or the default: the fullest officers first."""
    return sort if sort.lstrip("-") in SORTS else DEFAULT_SORT


def months_back(on: datetime.date, count: int = HISTORY_MONTHS) -> list[datetime.date]:
    """The first days of the `count` months up to and including `on`'s, oldest first."""
    months = []
    year, month = on.year, on.month
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


@dataclass
class Row:
    """One officer (or a total) on the page: the load today and the percentage of each month of the history."""

    label: str
    load: workload.Load
    section_name: str = ""
    officer: User | None = None
    history: list[Decimal | None] = field(default_factory=list)


@dataclass
class WorkloadTable:
    on: datetime.date
    scale: workload.Scale
    version: PointScale | None
    sort: str
    months: list[datetime.date]
    rows: list[Row]
    sections: list[Row]  # a total per section (the head's page)
    total: Row | None  # the office's or the section's total; None on a PK's own page


def _history(ids: Sequence[int], months: list[datetime.date]) -> dict[int, dict[datetime.date, tuple]]:
    snapshots = WorkloadSnapshot.objects.filter(officer_id__in=ids, month__gte=months[0], month__lte=months[-1])
    by_officer: dict[int, dict[datetime.date, tuple]] = defaultdict(dict)
    for officer_id, month, points, capacity in snapshots.values_list(
        "officer_id", "month", "points", "capacity_points"
    ):
        by_officer[officer_id][month] = (points, capacity)
    return by_officer


def workload_table(user, *, on: datetime.date, sort: str = DEFAULT_SORT) -> WorkloadTable:
    """The officers whose load `user` sees, sorted, with totals and the 12-month history. Eleven queries."""
    sort = sort_key(sort)
    officers = list(access.officers_visible_to(user).order_by("full_name", "pk"))
    scale, version = scale_in_force(on)
    loads = officer_loads(officers, on=on, scale=scale)
    months = months_back(on)
    history = _history([o.pk for o in officers], months) if officers else {}
    rows = []
    for officer in officers:
        past = history.get(officer.pk, {})
        rows.append(
            Row(
                label=officer.full_name,
                load=loads[officer.pk],
                section_name=officer.get_section_display(),
                officer=officer,
                history=[workload.percent(*past[m]) if m in past else None for m in months],
            )
        )
    key = SORTS[sort.lstrip("-")]
    rows.sort(key=key, reverse=sort.startswith("-"))
    sections: list[Row] = []
    total = None
    if access.sees_others(user):
        total = _total("", rows, history, months)
        labels = sorted({row.section_name for row in rows})
        if len(labels) > 1:
            sections = [
                _total(label, [r for r in rows if r.section_name == label], history, months) for label in labels
            ]
    return WorkloadTable(
        on=on, scale=scale, version=version, sort=sort, months=months, rows=rows, sections=sections, total=total
    )


def _total(label: str, rows: list[Row], history, months: list[datetime.date]) -> Row:
    """The total of `rows`: summed loads, and per month the summed points over the summed capacity of the
    officers with a snapshot that month."""
    total = Row(label=label, load=workload.Load())
    for row in rows:
        total.load.add(row.load)
    for month in months:
        found = [history[r.officer.pk][month] for r in rows if r.officer and month in history.get(r.officer.pk, {})]
        if found:
            points = sum((p for p, _c in found), workload.ZERO)
            capacity = sum((c for _p, c in found), workload.ZERO)
            total.history.append(workload.percent(points, capacity))
        else:
            total.history.append(None)
    return total


def weights_for(office_id: int | None) -> engine.Weights:
    """The engine's weights with the office's policy (its continuity threshold and seniority cost), or the
    defaults for an office that has set none (one query)."""
    policy = AllocationPolicy.objects.filter(office_id=office_id).first() if office_id else None
    if policy is None:
        return engine.Weights()
    return replace(engine.Weights(), continuity=float(policy.continuity), seniority=float(policy.seniority))
