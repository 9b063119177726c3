"""Date rules of program episodes, as plain functions of a rule version.

Nothing here touches the database: callers pass the `RuleSet` (or anything with the same
attributes), so the functions are easy to test exhaustively (clients/tests/test_rules.py).
Formulas: domain notes §7.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clients.codes import Program
from lib.dates import long_date


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
    min_served_fraction: Decimal | None
    served_fraction_severity: str
    min_served_fraction_months: int | None
    served_months_severity: str
    max_sentence_months: int | None
    max_sentence_severity: str
    child_age_limit_years: int | None
    child_age_severity: str
    start_before_decree_severity: str
    expiry_beyond_sentence_severity: str
    start_after_expiry_severity: str


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


@functools.lru_cache(maxsize=8192, typed=True)
def _fraction_of_days(days: int, fraction) -> int:
    """`days × fraction` rounded to the nearest day (halves up).

    The fractions are stored with four decimals (0.3333 for 1/3), so truncating would land a day
    early whenever the period divides evenly: 300 × 0.3333 = 99.99 must be day 100, as D/3 is.
    `fraction` goes through str() so a value not yet read back from the database (the model's
    default is the string "0.3333") or a float works too. Memoised (a pure function): the head's home
    computes the review dates of every episode of the office on each request.
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


# --- Eligibility checks at registration and import ------------------------------------------------


class Sentence(Protocol):
    """What the checks read of a case: `CaseInput` and `Case` both have these."""

    decision_date: datetime.date
    sentence_years: int
    sentence_months: int
    sentence_days: int
    subsidiary_months: int
    subsidiary_days: int
    detention_start: datetime.date | None
    expiry_date: datetime.date | None


class Order(Protocol):
    """What the checks read of an episode: `EpisodeInput` and `ProgramEpisode` both have these."""

    program: str
    decree_date: datetime.date
    starts_on: datetime.date


@dataclass(frozen=True)
class Finding:
    """One eligibility rule an episode breaks: `severity` is "warn" or "refuse"; `field` names the input to check."""

    code: str
    severity: str
    message: str
    field: str


def _sentence_label(case: Sentence) -> str:
    parts = []
    if case.sentence_years:
        parts.append(_("%(count)s yr") % {"count": case.sentence_years})
    if case.sentence_months:
        parts.append(_("%(count)s mo") % {"count": case.sentence_months})
    if case.sentence_days:
        parts.append(_("%(count)s d") % {"count": case.sentence_days})
    return " ".join(parts) or "0"


def _exact(fraction: Decimal) -> Fraction:
    """The stored fraction as the ratio it stands for: 0.6667 is 2/3, 0.5 is 1/2."""
    return Fraction(str(fraction)).limit_denominator(100)


def _detention_start(case: Sentence) -> datetime.date:
    if case.detention_start is None:  # the callers check it first: without it nothing can be counted
        raise ValueError("The case has no detention start.")
    return case.detention_start


def sentence_end(case: Sentence, *, subsidiary: bool = False) -> datetime.date:
    """The detention start plus the sentence (and the subsidiary detention): the latest possible expiry."""
    months = case.sentence_years * 12 + case.sentence_months
    days = case.sentence_days
    if subsidiary:
        months += case.subsidiary_months
        days += case.subsidiary_days
    return add_months(_detention_start(case), months) + datetime.timedelta(days=days)


def served_point(case: Sentence, fraction: Decimal) -> datetime.date:
    """The day `fraction` of the sentence has been served, counted from the detention start.

    Whole months go by the calendar; the remainder of a month counts as 30 days (the way Keppres
    174/1999 Pasal 7(4) counts remission) and a part of a day as a whole one: 2/3 of 1 year 4 months
    is 10 months 20 days. Remission is not counted: the check warns, and the officer may confirm a
    decree granted earlier for that reason.
    """
    share = _exact(fraction)
    months = share * (case.sentence_years * 12 + case.sentence_months)
    whole = math.floor(months)
    days = math.ceil((months - whole) * 30 + share * case.sentence_days)
    return add_months(_detention_start(case), whole) + datetime.timedelta(days=days)


def _age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def eligibility_findings(
    rules: Rules, *, case: Sentence, episode: Order, birth_date: datetime.date | None
) -> list[Finding]:
    """The eligibility rules of `rules` that this episode breaks, in the order of the form.

    Checks, not computations: the dates of the decree stay as given. Each rule has its own severity
    in the rule version (`Severity.OFF` switches it off), and its thresholds (empty: not checked).
    """
    findings: list[Finding] = []
    program = Program(episode.program).label

    def add(code: str, severity: str, field: str, message: str, **params) -> None:
        if severity:
            findings.append(Finding(code, severity, message % params, field))

    if birth_date and rules.child_age_limit_years:
        # The offence happened on or before the detention start (or, without one, the court decision).
        latest = case.detention_start or case.decision_date
        age = _age_on(birth_date, latest)
        if age >= rules.child_age_limit_years:
            message = (
                _(
                    "%(program)s is for a person under %(limit)s at the offence; the client was already %(age)s "
                    "when detained (%(date)s). Check the age at the offence (its date is not recorded)."
                )
                if case.detention_start
                else _(
                    "%(program)s is for a person under %(limit)s at the offence; the client was already %(age)s "
                    "at the court decision (%(date)s). Check the age at the offence (its date is not recorded)."
                )
            )
            add(
                "child_age",
                rules.child_age_severity,
                "birth_date",
                message,
                program=program,
                limit=rules.child_age_limit_years,
                age=age,
                date=long_date(latest),
            )
    has_sentence = case.sentence_years or case.sentence_months or case.sentence_days
    if rules.max_sentence_months and has_sentence:
        total = Fraction(case.sentence_years * 12 + case.sentence_months) + Fraction(case.sentence_days, 30)
        if total > rules.max_sentence_months:
            add(
                "sentence_too_long",
                rules.max_sentence_severity,
                "sentence_years",
                _("%(program)s is only for sentences of at most %(months)s months; the sentence is %(sentence)s."),
                program=program,
                months=rules.max_sentence_months,
                sentence=_sentence_label(case),
            )
    if case.detention_start and case.expiry_date and has_sentence:
        limit = sentence_end(case, subsidiary=True)
        if case.expiry_date > limit:
            add(
                "expiry_beyond_sentence",
                rules.expiry_beyond_sentence_severity,
                "expiry_date",
                _(
                    "The sentence expiry date (%(expiry)s) is later than the detention start plus the sentence "
                    "and any subsidiary detention (%(limit)s); remission only shortens a sentence."
                ),
                expiry=long_date(case.expiry_date),
                limit=long_date(limit),
            )
    if rules.min_served_fraction and has_sentence:
        share = _exact(rules.min_served_fraction)
        label = f"{share.numerator}/{share.denominator}"
        if case.detention_start is not None:  # without it the fraction cannot be checked
            point = served_point(case, rules.min_served_fraction)
            if episode.starts_on < point:
                add(
                    "served_fraction",
                    rules.served_fraction_severity,
                    "starts_on",
                    _(
                        "%(program)s starts before %(fraction)s of the sentence is served "
                        "(%(fraction)s falls on %(date)s)."
                    ),
                    program=program,
                    fraction=label,
                    date=long_date(point),
                )
        if rules.min_served_fraction_months:
            months = share * (
                Fraction(case.sentence_years * 12 + case.sentence_months) + Fraction(case.sentence_days, 30)
            )
            if months < rules.min_served_fraction_months:
                add(
                    "served_months",
                    rules.served_months_severity,
                    "sentence_years",
                    _(
                        "%(program)s needs %(fraction)s of the sentence to be at least %(months)s months; "
                        "the sentence is %(sentence)s."
                    ),
                    program=program,
                    fraction=label,
                    months=rules.min_served_fraction_months,
                    sentence=_sentence_label(case),
                )
    if episode.starts_on < episode.decree_date:
        add(
            "start_before_decree",
            rules.start_before_decree_severity,
            "starts_on",
            _("Guidance starts on %(start)s, before the decree date (%(decree)s)."),
            start=long_date(episode.starts_on),
            decree=long_date(episode.decree_date),
        )
    if case.expiry_date and episode.starts_on > case.expiry_date:
        add(
            "start_after_expiry",
            rules.start_after_expiry_severity,
            "starts_on",
            _("%(program)s starts on %(start)s, after the sentence expired (%(expiry)s)."),
            program=program,
            start=long_date(episode.starts_on),
            expiry=long_date(case.expiry_date),
        )
    return findings
