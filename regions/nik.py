"""Checks of a NIK against the region table: what should make a person look twice, not stop them.

Parsing and validation of the NIK itself stay model-free in `lib.nik`; this needs the districts.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lib.nik import parse_nik
from regions.models import District


def nik_warnings(value: str, *, birth_date: datetime.date | None = None, sex: str | None = None) -> list[str]:
    """Checks that should make a person look twice, but not stop them."""
    try:
        nik = parse_nik(value)
    except ValidationError:
        return []
    warnings = []
    if not District.objects.filter(code=nik.district_code).exists():
        warnings.append(
            _("The district code %(code)s in the NIK is not in the region table.") % {"code": nik.district_code}
        )
    if birth_date and (birth_date.day, birth_date.month, birth_date.year % 100) != (
        nik.birth_date.day,
        nik.birth_date.month,
        nik.birth_date.year % 100,
    ):
        warnings.append(
            _("The NIK says born on %(nik)s, but the date of birth entered is %(entered)s.")
            % {"nik": nik.birth_date.strftime("%d-%m-%y"), "entered": birth_date.strftime("%d-%m-%y")}
        )
    if sex and sex != nik.sex:
        warnings.append(
            _("The NIK's birth day marks the holder as %(nik)s, but the sex entered differs.")
            % {"nik": _("female") if nik.sex == "P" else _("male")}
        )
    return warnings
