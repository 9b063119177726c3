"""When a Litmas is due: a rule kept as data per Litmas type (`LitmasType.deadline_unit`, `deadline_amount`).

- working days: due at the end of the N-th working day after the day the letter was received (the day of
  receipt does not count; weekends, national holidays and collective leave are skipped,
  `organizations.workdays`);
- hours: due N hours after receipt on the calendar, weekends and holidays included: the juvenile justice law
  (UU 11/2012 SPPA) gives the investigator's request 3×24 hours, whatever the day.
"""

from __future__ import annotations

import datetime
from typing import Protocol

from django.utils import timezone

from litmas.codes import DeadlineUnit
from organizations.workdays import Calendar


class DeadlineRule(Protocol):
    deadline_unit: str
    deadline_amount: int


def deadline_for(rule: DeadlineRule, received_at: datetime.datetime, *, calendar: Calendar | None = None):
    """The moment a request received at `received_at` is due under `rule` (an aware datetime)."""
    if rule.deadline_unit == DeadlineUnit.HOURS:
        return received_at + datetime.timedelta(hours=rule.deadline_amount)
    local = timezone.localtime(received_at)
    day = local.date()
    calendar = calendar or Calendar(day, day + datetime.timedelta(days=rule.deadline_amount * 2 + 30))
    due_day = calendar.add_working_days(day, rule.deadline_amount)
    end_of_day = datetime.datetime.combine(due_day, datetime.time(23, 59, 59))
    return timezone.make_aware(end_of_day, timezone.get_current_timezone())


class Urgency:
    OVERDUE = "overdue"
    WITHIN_DAY = "day"
    WITHIN_3_DAYS = "3days"
    LATER = "later"


def urgency(deadline_at: datetime.datetime, now: datetime.datetime) -> str:
    """How close a deadline is: overdue, within a day, within three days, or later (the PK's queue groups)."""
    left = deadline_at - now
    if left < datetime.timedelta(0):
        return Urgency.OVERDUE
    if left <= datetime.timedelta(days=1):
        return Urgency.WITHIN_DAY
    if left <= datetime.timedelta(days=3):
        return Urgency.WITHIN_3_DAYS
    return Urgency.LATER
