"""NIK: the 16-digit population number (Nomor Induk Kependudukan).

Layout: province (2) · regency/city (2) · district (2) · birth date DDMMYY, with 40 added to
the day for women · serial (4). Wrong length, non-digits, an impossible date or serial 0000
are errors; a district code missing from the region table, or a date or sex that differs
from what was entered, are warnings only, because codes change and records disagree.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Nik:
    district_code: str  # "32.09.01"
    birth_date: datetime.date
    sex: str  # "L" or "P"
    serial: int


def parse_nik(value: str, *, today: datetime.date | None = None) -> Nik:
    today = today or timezone.localdate()
    # [0-9], not \d: \d also matches Arabic-Indic, fullwidth and other Unicode digits, which int() reads.
    if not re.fullmatch(r"[0-9]{16}", value or ""):
        raise ValidationError(gettext_lazy("A NIK has exactly 16 digits, without spaces or dots."), code="nik_format")
    day, month, yy = int(value[6:8]), int(value[8:10]), int(value[10:12])
    sex = "P" if day > 40 else "L"
    if day > 40:
        day -= 40
    try:
        # The latest century that does not put the birth in the future: in 2026, "27" is 1927,
        # and so is a "26" whose day is still to come this year.
        birth = datetime.date(2000 + yy, month, day)
        if birth > today:
            birth = datetime.date(1900 + yy, month, day)
    except ValueError:
        raise ValidationError(
            gettext_lazy("Digits 7–12 of the NIK must be a birth date DDMMYY (women: day plus 40)."),
            code="nik_birth_date",
        ) from None
    serial = int(value[12:16])
    if serial == 0:
        raise ValidationError(
            gettext_lazy("The serial number in the NIK (digits 13–16) cannot be 0000."), code="nik_serial"
        )
    return Nik(f"{value[0:2]}.{value[2:4]}.{value[4:6]}", birth, sex, serial)


def validate_nik(value: str) -> None:
    parse_nik(value)
