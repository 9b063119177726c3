"""Working days of Indonesian government offices, for service deadlines (hari kerja).

A working day is Monday to Friday, except national public holidays and collective-leave days
(cuti bersama), both from the maintained `holidays` library (categories "public" and "government"),
adjusted by `organizations.CalendarDay` rows the national administrator keeps for decisions the
library does not know yet. Deadlines such as "10 working days" for a transfer (pelimpahan) or 14 for
an out-of-town permit are counted with `add_working_days`.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _library_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=("public", "government")))


def _closed_by_exception(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """date → whether it is closed, for the administrator's exceptions in the range."""
    from organizations.models import CalendarDay

    rows = CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day")
    return {day: not working for day, working in rows}


def calendar_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Every non-working date from `start` to `end` inclusive (one query)."""
    exceptions = _closed_by_exception(start, end)
    closed: set[datetime.date] = set()
    day = start
    while day <= end:
        if exceptions.get(day, _closed_by_default(day)):
            closed.add(day)
        day += ONE_DAY
    return closed


def _closed_by_default(day: datetime.date) -> bool:
    return day.weekday() >= 5 or day in _library_holidays(day.year)


class _Calendar:
    """Non-working dates of a window, extended (one more query) when a walk leaves it."""

    def __init__(self, start: datetime.date, days: int) -> None:
        self.start = start
        self.end = start + datetime.timedelta(days=days)
        self.closed = calendar_between(self.start, self.end)

    def is_closed(self, day: datetime.date) -> bool:
        if day > self.end:
            new_end = day + datetime.timedelta(days=60)
            self.closed |= calendar_between(self.end + ONE_DAY, new_end)
            self.end = new_end
        return day in self.closed


def is_working_day(day: datetime.date) -> bool:
    exceptions = _closed_by_exception(day, day)
    return not exceptions.get(day, _closed_by_default(day))


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    calendar = _Calendar(day, 30)
    while calendar.is_closed(day):
        day += ONE_DAY
    return day


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the day of the request does not count).

    A request received on Monday 21 December 2026 with 10 working days is due on Friday 8 January 2027:
    24 and 25 December (collective leave, Christmas), 1 January (New Year), 5 January (Isra' Mi'raj)
    and the weekends are skipped.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    calendar = _Calendar(start, days * 2 + 30)
    day = start
    remaining = days
    while remaining:
        day += ONE_DAY
        if not calendar.is_closed(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    if end <= start:
        return 0
    closed = calendar_between(start + ONE_DAY, end)
    return (end - start).days - len(closed)
