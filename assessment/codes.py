"""Code lists of the assessment: instrument kinds, risk categories and verification sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RISK = "risk", _("Risk and needs")
    NEEDS = "needs", _("Needs only")


class Category(models.TextChoices):
    """The risk category of RRI (domain notes §8.7): the codes are what the workload scale reads."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Source(models.TextChoices):
    """Where the answers were checked (domain notes §5.8)."""

    DECISION = "putusan", _("Court decision (putusan)")
    BAP = "bap", _("Examination record (BAP)")
    CERTIFICATE = "akta", _("Civil certificate (akta)")
    DIPLOMA = "ijazah", _("School diploma (ijazah)")
    FAMILY = "keluarga", _("Interview with the family")
    OFFICERS = "petugas", _("Interview with prison or police officers")
    OTHER = "lain", _("Other (see the note)")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")
