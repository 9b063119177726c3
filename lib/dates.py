"""Dates as the interface writes them in sentences (e.g. "8 Januari 2027"), in the active language."""

import datetime

from django.utils import formats


def long_date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")
