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

from organizations.models import CalendarDay

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _library_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("ID", years=year, categories=("public", "government")))


def _closed_by_exception(start: datetime.date, end: datetime.date) -> dict[datetime.date, bool]:
    """date → whether it is closed, for the administrator's exceptions in the range."""
    rows = CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_working_day")
    return {day: not working for day, working in rows}


def calendar_between(start: datetime.date, end: datetime.date) -> set[datetime.date]:
    """Every non-working date from `start` to `end` inclusive (one query)."""
    closed = set(_closed_by_default_between(start, end))
    for day, is_closed in _closed_by_exception(start, end).items():
        if is_closed:
            closed.add(day)
        else:
            closed.discard(day)
    return closed


@lru_cache(maxsize=256)
def _closed_by_default_between(start: datetime.date, end: datetime.date) -> frozenset[datetime.date]:
    """Weekends and the library's holidays from `start` to `end`: no database, so memoised (a section's
    schedules span years, walked day by day on every request otherwise)."""
    closed = set()
    day = start
    while day <= end:
        if _closed_by_default(day):
            closed.add(day)
        day += ONE_DAY
    return frozenset(closed)


def _closed_by_default(day: datetime.date) -> bool:
    return day.weekday() >= 5 or day in _library_holidays(day.year)


class Calendar:
    """The non-working dates of a window loaded in one query, for counting many deadlines at once.

    A walk past the window's end loads the next stretch (one more query), so results never depend on
    the window chosen. Lists of deadlines should build one Calendar covering their dates.
    """

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.start, self.end = start, max(start, end)
        self.closed = calendar_between(self.start, self.end)

    @classmethod
    def around(cls, days: list[datetime.date], *, ahead: int = 60) -> Calendar:
        """A calendar from the earliest of `days` to `ahead` days after the latest (today if none)."""
        from django.utils import timezone

        days = [d for d in days if d is not None] or [timezone.localdate()]
        return cls(min(days), max(days) + datetime.timedelta(days=ahead))

    def is_closed(self, day: datetime.date) -> bool:
        if day < self.start:
            self.closed |= calendar_between(day, self.start - ONE_DAY)
            self.start = day
        if day > self.end:
            new_end = day + datetime.timedelta(days=60)
            self.closed |= calendar_between(self.end + ONE_DAY, new_end)
            self.end = new_end
        return day in self.closed

    def is_working_day(self, day: datetime.date) -> bool:
        return not self.is_closed(day)

    def next_working_day(self, day: datetime.date) -> datetime.date:
        while self.is_closed(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        while days:
            day += ONE_DAY
            if not self.is_closed(day):
                days -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`."""
        if end == start:
            return 0
        sign, low, high = (1, start, end) if end > start else (-1, end, start)
        count = 0
        day = low
        while day < high:
            day += ONE_DAY
            if not self.is_closed(day):
                count += 1
        return sign * count


def is_working_day(day: datetime.date) -> bool:
    exceptions = _closed_by_exception(day, day)
    return not exceptions.get(day, _closed_by_default(day))


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    return Calendar(day, day + datetime.timedelta(days=30)).next_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (the day of the request does not count).

    A request received on Monday 21 December 2026 with 10 working days is due on Friday 8 January 2027:
    24 and 25 December (collective leave, Christmas), 1 January (New Year), 5 January (Isra' Mi'raj)
    and the weekends are skipped.
    """
    return Calendar(start, start + datetime.timedelta(days=max(days, 0) * 2 + 30)).add_working_days(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    if end <= start:
        return 0
    closed = calendar_between(start + ONE_DAY, end)
    return (end - start).days - len(closed)
