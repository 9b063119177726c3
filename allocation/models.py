"""Workload points (issue 12): the point scale an administrator edits and versions, officers' working hours and
capacity reductions, and the monthly snapshots behind the 12-month history.

The model follows HMPPS's workload measurement (docs: /work/shared/domain/peer-systems.md §c): every case weighs
points, an officer's available points are `full-time points × available hours / full-time hours`, and the load
in per cent is `points / available points × 100`. The arithmetic lives in `allocation.workload` (no database);
these rows are its inputs.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.codes import Program
from lib.dates import site_date
from lib.models import VersionedModel
from organizations.models import Office

ZERO = Decimal("0")
RISK_HELP = _(
    "Applied only when the client's risk category is known. No risk assessment is recorded yet (issue 13 adds "
    "it), so these points count for nobody until then."
)
MAX_HOURS = Decimal("80")


def _points(verbose_name, default, help_text=""):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=1,
        default=Decimal(default),
        validators=[MinValueValidator(ZERO)],
        help_text=help_text,
    )


class PointScaleQuerySet(models.QuerySet):
    def in_force(self, on: datetime.date) -> PointScale | None:
        """The version in force on `on`: the latest that started on or before it."""
        return self.filter(valid_from__lte=on).order_by("-valid_from").first()


class PointScale(models.Model):
    """One version of the workload points, in force from `valid_from` until the next version starts.

    Like the rule sets, a change is a new version added by an administrator without code: the history
    computed under an older scale keeps its figures (the snapshots store points, not counts).
    """

    valid_from = models.DateField(_("valid from"), unique=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Why this version: the decision or agreement."))
    full_time_hours = models.DecimalField(
        _("full-time hours a week"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("37.5"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(MAX_HOURS)],
    )
    full_time_points = models.DecimalField(
        _("points a full-time officer can carry"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("120"),
        validators=[MinValueValidator(Decimal("1"))],
        help_text=_("An officer with fewer hours available carries proportionally fewer points."),
    )
    default_program_points = _points(
        _("points per client of a program without its own line"), "2", _("Used for programs not listed below.")
    )
    child_points = _points(_("extra points for a child client"), "1")
    phase_initial_points = _points(_("extra points in the initial phase"), "1")
    phase_continued_points = _points(_("extra points in the continued phase"), "0")
    phase_final_points = _points(_("extra points in the final phase"), "0.5")
    risk_low_points = _points(_("extra points, low risk"), "0", RISK_HELP)
    risk_medium_points = _points(_("extra points, medium risk"), "1", RISK_HELP)
    risk_high_points = _points(_("extra points, high risk"), "3", RISK_HELP)
    violation_points = _points(_("points per open violation"), "2")
    transfer_points = _points(_("points per open transfer"), "1")
    report_due_points = _points(
        _("points per report due"),
        "1",
        _("A closing report is due when the guidance ends within 30 days and none is written yet."),
    )
    referral_points = _points(_("points per open referral"), "0.5")

    objects = PointScaleQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("workload point scale")
        verbose_name_plural = _("workload point scales")

    def __str__(self) -> str:
        return _("Workload points from %(date)s") % {"date": site_date(self.valid_from)}


class ProgramPoints(models.Model):
    """The points one client of a program weighs under a scale (before the extras)."""

    scale = models.ForeignKey(PointScale, models.CASCADE, related_name="program_points", verbose_name=_("scale"))
    program = models.CharField(_("program"), max_length=32, choices=Program.choices)
    points = _points(_("points per client"), "2")

    class Meta:
        ordering = ["scale", "program"]
        verbose_name = _("points of a program")
        verbose_name_plural = _("points of the programs")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "program"],
                name="allocation_programpoints_one_per_program",
                violation_error_message=_("This program already has its points in this scale."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()}: {self.points}"


def _check_hours(hours: Decimal | None, *, field: str, allow_zero: bool) -> dict[str, ValidationError]:
    if hours is None:
        return {}
    if hours < 0 or (hours == 0 and not allow_zero):
        message = _("Hours must be zero or more.") if allow_zero else _("Hours must be more than zero.")
        return {field: ValidationError(message, code="hours_negative")}
    if hours > MAX_HOURS:
        return {
            field: ValidationError(
                _("At most %(max)s hours a week."), code="hours_too_many", params={"max": int(MAX_HOURS)}
            )
        }
    return {}


class WorkingHours(models.Model):
    """An officer's contracted hours a week from a date (part-time work, a changed contract). An officer without
    a row works the scale's full-time hours."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="working_hours", verbose_name=_("officer")
    )
    valid_from = models.DateField(_("valid from"))
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=5, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["officer", "-valid_from"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "valid_from"],
                name="allocation_workinghours_one_per_day",
                violation_error_message=_("This officer already has working hours starting on that date."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0) & Q(hours_per_week__lte=MAX_HOURS),
                name="allocation_workinghours_hours_in_range",
                violation_error_message=_("Hours a week must be between 0 and 80."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer}: {self.hours_per_week} ({site_date(self.valid_from)})"

    def clean(self) -> None:
        errors = _check_hours(self.hours_per_week, field="hours_per_week", allow_zero=True)
        if errors:
            raise ValidationError(errors)


class Reduction(models.TextChoices):
    LEAVE = "cuti", _("Leave")
    TRAINING = "diklat", _("Training")
    STRUCTURAL = "struktural", _("Structural duties")
    OTHER = "lainnya", _("Other")


class CapacityReductionQuerySet(models.QuerySet):
    def active_on(self, on: datetime.date) -> CapacityReductionQuerySet:
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class CapacityReduction(models.Model):
    """Hours a week an officer cannot give to their caseload during a period (leave, training, structural duties)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="capacity_reductions", verbose_name=_("officer")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Reduction.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), help_text=_("The last day of the period, included."))
    hours_per_week = models.DecimalField(_("hours a week"), max_digits=5, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)

    objects = CapacityReductionQuerySet.as_manager()

    class Meta:
        ordering = ["officer", "-starts_on"]
        verbose_name = _("capacity reduction")
        verbose_name_plural = _("capacity reductions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="allocation_reduction_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=MAX_HOURS),
                name="allocation_reduction_hours_in_range",
                violation_error_message=_("Hours a week must be more than 0 and at most 80."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer}: {self.get_kind_display()} ({site_date(self.starts_on)} – {site_date(self.ends_on)})"

    def clean(self) -> None:
        errors = _check_hours(self.hours_per_week, field="hours_per_week", allow_zero=False)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = ValidationError(_("The period cannot end before it starts."), code="ends_before_start")
        if errors:
            raise ValidationError(errors)


class WorkloadSnapshot(models.Model):
    """An officer's load in one month, as the daily `workload_snapshot` command last computed it that month."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="workload_snapshots", verbose_name=_("officer")
    )
    office = models.ForeignKey(Office, models.CASCADE, related_name="+", verbose_name=_("office"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    points = models.DecimalField(_("points"), max_digits=8, decimal_places=1)
    capacity_points = models.DecimalField(_("capacity (points)"), max_digits=8, decimal_places=1)
    clients = models.PositiveIntegerField(_("clients"))
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        ordering = ["officer", "month"]
        verbose_name = _("workload snapshot")
        verbose_name_plural = _("workload snapshots")
        constraints = [
            models.UniqueConstraint(fields=["officer", "month"], name="allocation_snapshot_one_per_month"),
        ]
        indexes = [models.Index(fields=["office", "month"], name="allocation_snapshot_office_idx")]

    def __str__(self) -> str:
        return f"{self.officer} {self.month:%Y-%m}: {self.points}/{self.capacity_points}"

    @property
    def percent(self) -> Decimal | None:
        from allocation import workload

        return workload.percent(self.points, self.capacity_points)


# --- what the allocation engine may not guess: officers' working areas and exclusions (issue 12) -----------------


class OfficerWorkingArea(models.Model):
    """The regencies and districts an officer works in, as the section head or the head records them. The
    proposals measure a client's distance to it (`allocation.engine.distance_tier`); an officer without one, or
    with an empty one, is given the districts of the clients they guide now instead."""

    officer = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="allocation_working_area", verbose_name=_("officer")
    )
    regencies = models.ManyToManyField(
        "regions.Regency", blank=True, related_name="+", verbose_name=_("regencies or cities")
    )
    districts = models.ManyToManyField("regions.District", blank=True, related_name="+", verbose_name=_("districts"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["officer"]
        verbose_name = _("officer's working area")
        verbose_name_plural = _("officers' working areas")

    def __str__(self) -> str:
        return str(self.officer)

    @property
    def office(self):
        return self.officer.office


class ExclusionReason(models.TextChoices):
    CONFLICT_OF_INTEREST = "konflik_kepentingan", _("Conflict of interest")
    SAME_FAMILY = "keluarga", _("Same family")
    OTHER = "lainnya", _("Other")


class AllocationExclusionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Exclusions of the officers `user` manages, for the clients `user` sees (allocation.access decides)."""
        from allocation import access

        return access.exclusions_visible_to(self, user)


class AllocationExclusion(models.Model):
    """An officer who may not guide a client (a conflict of interest, the same family): a hard rule of the
    proposals, which never propose that officer for that client."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="allocation_exclusions", verbose_name=_("officer")
    )
    client = models.ForeignKey(
        "clients.Client", models.CASCADE, related_name="allocation_exclusions", verbose_name=_("client")
    )
    reason = models.CharField(_("reason"), max_length=24, choices=ExclusionReason.choices)
    note = models.TextField(_("note"), blank=True, help_text=_("Required when the reason is Other."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)

    objects = AllocationExclusionQuerySet.as_manager()

    class Meta:
        ordering = ["client", "officer"]
        verbose_name = _("allocation exclusion")
        verbose_name_plural = _("allocation exclusions")
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "client"],
                name="allocation_exclusion_one_per_pair",
                violation_error_message=_("This officer is already excluded for this client."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} ≠ {self.client}: {self.get_reason_display()}"

    @property
    def office(self):
        return self.client.office

    def clean(self) -> None:
        if self.reason == ExclusionReason.OTHER and not self.note.strip():
            raise ValidationError({"note": _("Say why when the reason is Other.")})


class AllocationPolicy(VersionedModel):
    """What an office trades in its proposals: the gain a move must bring before a client changes PK (the
    continuity threshold) and the cost of a high-risk client with a junior PK. Set by the head; an office without
    one uses the engine's defaults (`allocation.engine.Weights`)."""

    office = models.OneToOneField(Office, models.CASCADE, related_name="allocation_policy", verbose_name=_("office"))
    continuity = models.DecimalField(
        _("continuity threshold"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
        help_text=_(
            "How much better (in cost points) a move must be before a client is proposed a new PK. "
            "10 is about a PK 40 load points fuller; 0 moves clients for any gain."
        ),
    )
    seniority = models.DecimalField(
        _("cost of a high-risk client with a junior PK"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("15"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("allocation policy")
        verbose_name_plural = _("allocation policies")

    def __str__(self) -> str:
        return str(self.office)
