"""Workload arithmetic: a client's points, an officer's capacity and load, from plain values and a scale.

No database here (the selectors gather the values, `allocation.models.PointScale` holds the weights), so the
tests check the arithmetic directly. The model is HMPPS's (peer-systems.md §c):

    client points    = program points + child extra + phase extra + risk extra (when a risk category is known)
                       + open violations × v + open transfers × t + reports due × r + open referrals × f
    available hours  = contracted hours − active reductions (never below zero)
    capacity points  = full-time points × available hours / full-time hours
    load %           = points / capacity points × 100   (none when the capacity is zero)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ONE_PLACE = Decimal("0.1")
# A closing report is due when the guidance ends within this many days and none is written yet.
REPORT_DUE_DAYS = 30


@dataclass(frozen=True)
class Scale:
    """The weights of a `PointScale` version, as plain values."""

    full_time_hours: Decimal = Decimal("37.5")
    full_time_points: Decimal = Decimal("120")
    program_points: Mapping[str, Decimal] = field(default_factory=dict)
    default_program_points: Decimal = Decimal("2")
    child: Decimal = Decimal("1")
    phase: Mapping[str, Decimal] = field(default_factory=dict)  # Phase value → extra points
    risk: Mapping[str, Decimal] = field(default_factory=dict)  # "low" / "medium" / "high" → extra points
    violation: Decimal = Decimal("2")
    transfer: Decimal = Decimal("1")
    report_due: Decimal = Decimal("1")
    referral: Decimal = Decimal("0.5")

    @classmethod
    def from_model(cls, scale) -> Scale:
        """The weights of a `PointScale` whose `program_points` were fetched (one query, or prefetched)."""
        return cls(
            full_time_hours=scale.full_time_hours,
            full_time_points=scale.full_time_points,
            program_points={row.program: row.points for row in scale.program_points.all()},
            default_program_points=scale.default_program_points,
            child=scale.child_points,
            phase={
                "awal": scale.phase_initial_points,
                "lanjutan": scale.phase_continued_points,
                "akhir": scale.phase_final_points,
            },
            risk={"low": scale.risk_low_points, "medium": scale.risk_medium_points, "high": scale.risk_high_points},
            violation=scale.violation_points,
            transfer=scale.transfer_points,
            report_due=scale.report_due_points,
            referral=scale.referral_points,
        )


@dataclass(frozen=True)
class Case:
    """One open episode an officer guides as PK, with the counts of its open work."""

    program: str
    phase: str
    is_child: bool
    risk: str | None = None  # unknown until a risk assessment exists (issue 13)
    violations: int = 0
    transfers: int = 0
    reports_due: int = 0
    referrals: int = 0


def client_points(case: Case, scale: Scale) -> Decimal:
    """The points one client weighs under `scale`."""
    points = scale.program_points.get(case.program, scale.default_program_points)
    if case.is_child:
        points += scale.child
    points += scale.phase.get(case.phase, ZERO)
    if case.risk:
        points += scale.risk.get(case.risk, ZERO)
    points += case.violations * scale.violation
    points += case.transfers * scale.transfer
    points += case.reports_due * scale.report_due
    points += case.referrals * scale.referral
    return points


def report_due(ends_on: datetime.date, *, has_report: bool, today: datetime.date) -> bool:
    """Whether a closing report is due: the guidance ends within REPORT_DUE_DAYS and none is written yet."""
    return not has_report and ends_on <= today + datetime.timedelta(days=REPORT_DUE_DAYS)


def available_hours(contracted: Decimal, reductions: Iterable[Decimal]) -> Decimal:
    """Contracted hours less the active reductions, never below zero."""
    return max(ZERO, contracted - sum(reductions, ZERO))


def capacity_points(hours: Decimal, scale: Scale) -> Decimal:
    """The points an officer can carry in `hours` a week."""
    return round_points(scale.full_time_points * hours / scale.full_time_hours)


def percent(points: Decimal, capacity: Decimal) -> Decimal | None:
    """The load in per cent of the capacity (one decimal); None when the officer has no capacity at all."""
    if capacity <= 0:
        return None
    return (points * 100 / capacity).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def round_points(value: Decimal) -> Decimal:
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass
class Load:
    """An officer's load: clients, points, capacity, and the load in per cent."""

    clients: int = 0
    points: Decimal = ZERO
    hours: Decimal = ZERO
    capacity: Decimal = ZERO

    @property
    def percent(self) -> Decimal | None:
        return percent(self.points, self.capacity)

    @property
    def over_capacity(self) -> bool:
        value = self.percent
        return (value is not None and value > 100) or (value is None and self.points > 0)

    def add(self, other: Load) -> None:
        """Add another load (a section's or the office's total)."""
        self.clients += other.clients
        self.points += other.points
        self.hours += other.hours
        self.capacity += other.capacity


def officer_load(
    cases: Iterable[Case], *, contracted_hours: Decimal, reductions: Iterable[Decimal], scale: Scale
) -> Load:
    """An officer's load from their open cases, contracted hours and the reductions active on the day."""
    cases = list(cases)
    hours = available_hours(contracted_hours, reductions)
    return Load(
        clients=len(cases),
        points=round_points(sum((client_points(c, scale) for c in cases), ZERO)),
        hours=hours,
        capacity=capacity_points(hours, scale),
    )
