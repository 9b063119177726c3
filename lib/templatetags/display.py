"""Display filters shared by every template: `{% load display %}` (issue 10, point 2).

Dates in the site format need no filter of their own: `{{ day|date }}` and `{{ moment|date:"DATETIME_FORMAT" }}`.
"""

from django import template
from django.utils import formats

from lib import dates, money

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Money: "Rp996.000.000"."""
    return money.rupiah(value)


@register.filter(expects_localtime=True)
def long_date(value, arg: str = "") -> str:
    """The month in words, for letters and sentences to a client: "2 Desember 2026";
    `long_date:"weekday"` gives "Rabu, 2 Desember 2026"."""
    if value in (None, ""):
        return ""
    return dates.long_date(value, weekday=arg == "weekday")


@register.filter
def month_name(value) -> str:
    """The month and year in words: "Desember 2026"."""
    if value in (None, ""):
        return ""
    return dates.month_name(value)


@register.filter(expects_localtime=True)
def weekday(value) -> str:
    """The day's name: "Rabu"."""
    if value in (None, ""):
        return ""
    return formats.date_format(value, "l")
