"""Dates as the interface writes them, in the active language (issue 10, point 2).

The site writes every date one way ("02-12-2026") and every date-time one way ("02-12-2026 10:00"),
as set in bapas/formats; `long_date` spells the month out ("8 Januari 2027") for letters and sentences
addressed to a client.
"""

import datetime

from django.utils import formats, timezone


def site_date(value: datetime.date | None) -> str:
    """A date (or the local day of a date-time) in the site format; "" for None."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATE_FORMAT")


def site_datetime(value: datetime.datetime | None) -> str:
    """A date-time in local time in the site format; "" for None."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")


def month_name(value: datetime.date) -> str:
    """The month and year in words ("Desember 2026"): the heading of a month's figures."""
    return formats.date_format(value, "F Y")


def long_date(value: datetime.date, *, weekday: bool = False) -> str:
    """The date with the month in words ("2 Desember 2026"), with the day's name first if `weekday`."""
    return formats.date_format(value, "l, j F Y" if weekday else "j F Y")
