"""Date rules of program episodes, as plain functions of a rule version.

Nothing here touches the database: callers pass the `RuleSet` (or anything with the same
attributes), so the functions are easy to test exhaustively (clients/tests/test_rules.py).
Formulas: domain notes §7.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clients.codes import Program


class Rules(Protocol):
    program: str
    phase_continued_at: Decimal
    phase_final_at: Decimal
    reporting_interval_months: int
    reporting_interval_days: int
    probation_extra_months: int | None
    max_duration_months: int | None
    min_hours: int | None
    max_hours: int | None
    max_hours_per_day: int | None
    completion_months: int | None
    revocation_window_months: int


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_guidance(
    rules: Rules,
    *,
    starts_on: datetime.date,
    expiry_date: datetime.date | None = None,
    decided_end: datetime.date | None = None,
    duration_months: int | None = None,
) -> datetime.date:
    """The last day of guidance (or of probation) for an episode.

    - PB / PB child: the sentence expiry plus the probation extension (KUHP Pasal 72(4): one year).
    - Supervision sentence: start plus the sentenced duration, at most the rule's maximum.
    - Community service: start plus the completion window (six months).
    - CB, CMB, asimilasi and the rest: the end the decree or decision states (usually the expiry),
      checked against the rule's maximum length where there is one.
    """
    program = rules.program
    if program in (Program.PB, Program.PB_ANAK):
        if expiry_date is None:
            raise ValidationError(
                _("PB needs the sentence expiry date to compute the end of probation."), code="expiry_required"
            )
        return add_months(expiry_date, rules.probation_extra_months or 0)
    if program == Program.PIDANA_PENGAWASAN:
        if not duration_months or duration_months < 1:
            raise ValidationError(_("A supervision sentence needs its length in months."), code="duration_required")
        if rules.max_duration_months and duration_months > rules.max_duration_months:
            raise ValidationError(
                _("A supervision sentence lasts at most %(max)s months."),
                code="too_long",
                params={"max": rules.max_duration_months},
            )
        return add_months(starts_on, duration_months)
    if program == Program.PIDANA_KERJA_SOSIAL and rules.completion_months:
        return add_months(starts_on, rules.completion_months)
    end = decided_end or expiry_date
    if end is None:
        raise ValidationError(_("Give the end of guidance stated in the decree."), code="end_required")
    if rules.max_duration_months and end > add_months(starts_on, rules.max_duration_months):
        raise ValidationError(
            _("%(program)s lasts at most %(max)s months; the end date is later than that."),
            code="too_long",
            params={"program": Program(program).label, "max": rules.max_duration_months},
        )
    return end


@dataclass(frozen=True)
class PhaseDates:
    continued_from: datetime.date
    final_from: datetime.date


def phase_review_dates(rules: Rules, *, starts_on: datetime.date, ends_on: datetime.date) -> PhaseDates:
    """When the case board should review a move to the continued and the final phase.

    These are due dates for a TPP review, never automatic transitions (PP 31/1999 Pasal 33(2)).
    """
    days = (ends_on - starts_on).days
    continued = starts_on + datetime.timedelta(days=_fraction_of_days(days, rules.phase_continued_at))
    final = starts_on + datetime.timedelta(days=_fraction_of_days(days, rules.phase_final_at))
    return PhaseDates(continued, max(final, continued))


def _fraction_of_days(days: int, fraction) -> int:
    """`days × fraction` rounded to the nearest day (halves up).

    The fractions are stored with four decimals (0.3333 for 1/3), so truncating would land a day
    early whenever the period divides evenly: 300 × 0.3333 = 99.99 must be day 100, as D/3 is.
    `fraction` goes through str() so a value not yet read back from the database (the model's
    default is the string "0.3333") or a float works too.
    """
    exact = days * Decimal(str(fraction))
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


def reporting_date(rules: Rules, *, starts_on: datetime.date, number: int) -> datetime.date:
    """The `number`-th scheduled report (1 = first) counted from the start, without drift.

    Each date is computed from the start (not from the previous date), so a schedule starting on
    31 January reports on 28 February and again on 31 March.
    """
    months = rules.reporting_interval_months * number
    return add_months(starts_on, months) + datetime.timedelta(days=rules.reporting_interval_days * number)


def next_reporting_date(rules: Rules, *, starts_on: datetime.date, after: datetime.date) -> datetime.date:
    """The first scheduled reporting date strictly after `after`."""
    if after < starts_on:
        return reporting_date(rules, starts_on=starts_on, number=1)
    # Estimate the count from the elapsed time, then step to the exact one.
    step_days = rules.reporting_interval_months * 30 + rules.reporting_interval_days
    number = max(1, (after - starts_on).days // step_days)
    while number > 1 and reporting_date(rules, starts_on=starts_on, number=number - 1) > after:
        number -= 1
    while reporting_date(rules, starts_on=starts_on, number=number) <= after:
        number += 1
    return reporting_date(rules, starts_on=starts_on, number=number)


def revocation_window_end(rules: Rules, *, probation_ends_on: datetime.date) -> datetime.date:
    """The last day a revocation may be decided (KUHP Pasal 73(5): three months after probation)."""
    return add_months(probation_ends_on, rules.revocation_window_months)


def check_community_service_hours(rules: Rules, hours: int | None) -> None:
    """Community service: between the rule's fewest and most hours (8–240 under KUHP Pasal 85)."""
    if rules.min_hours is None and rules.max_hours is None:
        return
    if hours is None:
        raise ValidationError(_("Give the number of community-service hours."), code="hours_required")
    if (rules.min_hours and hours < rules.min_hours) or (rules.max_hours and hours > rules.max_hours):
        raise ValidationError(
            _("Community service is between %(min)s and %(max)s hours."),
            code="hours_out_of_range",
            params={"min": rules.min_hours, "max": rules.max_hours},
        )


def min_days_for_hours(rules: Rules, hours: int) -> int:
    """The fewest working days `hours` of community service can take at the daily maximum."""
    if hours <= 0:
        return 0
    per_day = rules.max_hours_per_day or hours
    return -(-hours // per_day)
