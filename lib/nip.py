"""NIP: the 18-digit civil-servant number (Nomor Induk Pegawai) that identifies staff.

Layout: YYYYMMDD birth date · YYYYMM appointment (TMT CPNS) · sex digit (1 male,
2 female) · three-digit serial. The checks below catch typing errors; they
cannot prove that a number was really issued.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Age bounds at appointment; civil-service intake rules keep real values well inside them.
MIN_AGE_AT_APPOINTMENT = 18
MAX_AGE_AT_APPOINTMENT = 60


@dataclass(frozen=True)
class Nip:
    birth_date: datetime.date
    appointed_year: int
    appointed_month: int
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    serial: int


def parse_nip(value: str, *, today: datetime.date | None = None) -> Nip:
    """Return the parts of a NIP, or raise ValidationError saying which part is wrong."""
    today = today or timezone.localdate()
    if not re.fullmatch(r"[0-9]{18}", value or ""):
        raise ValidationError(_("A NIP has exactly 18 digits, without spaces or dots."), code="nip_format")
    try:
        birth = datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            _("Digits 1–8 of the NIP must be a valid birth date (YYYYMMDD)."), code="nip_birth_date"
        ) from None
    if birth > today:
        raise ValidationError(_("The birth date in the NIP (digits 1–8) lies in the future."), code="nip_birth_date")
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Digits 13–14 of the NIP are the appointment month and must be 01–12."), code="nip_appointment_month"
        )
    if (year, month) > (today.year, today.month):
        raise ValidationError(
            _("The appointment date in the NIP (digits 9–14) lies in the future."), code="nip_appointment_year"
        )
    # TMT CPNS is the first day of the appointment month; the age is in full years on that day.
    age = year - birth.year - ((month, 1) < (birth.month, birth.day))
    if not MIN_AGE_AT_APPOINTMENT <= age <= MAX_AGE_AT_APPOINTMENT:
        raise ValidationError(
            _(
                "The appointment year in the NIP (digits 9–12) gives an age at appointment of %(age)s; "
                "it must be between %(min)s and %(max)s."
            ),
            code="nip_appointment_year",
            params={"age": age, "min": MIN_AGE_AT_APPOINTMENT, "max": MAX_AGE_AT_APPOINTMENT},
        )
    if value[14] not in "12":
        raise ValidationError(
            _("Digit 15 of the NIP is the sex digit and must be 1 (male) or 2 (female)."), code="nip_sex"
        )
    serial = int(value[15:18])
    if serial == 0:
        raise ValidationError(_("The serial number in the NIP (digits 16–18) cannot be 000."), code="nip_serial")
    return Nip(birth, year, month, "L" if value[14] == "1" else "P", serial)


def validate_nip(value: str) -> None:
    parse_nip(value)
