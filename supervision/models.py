"""Supervision of clients under guidance: for now, reporting (wajib lapor).

Wajib lapor is the duty of a client on PB, CB, CMB, asimilasi or a court sentence to report to the Bapas
on the dates of a schedule (monthly by default, from the episode's rule set; domain notes §6.3 and §7.6).
A client reports in person at a service location (the office, a Pos Bapas, a Griya Abhipraya or a
partner's site) or, when allowed, remotely. Each scheduled date gets one `CheckIn` saying what happened:
attended, attended remotely, excused (usually with a new date), or missed. Three misses in a row are a
violation of the special conditions.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import ProgramEpisode
from lib import private_files
from lib.dates import site_date
from lib.models import OfficeRow, OfficeRowQuerySet
from organizations.models import Office, ServiceLocation

# An intensified schedule reports at least monthly; the three answers of a remote report stay short.
MAX_INTERVAL_DAYS = 31
ANSWER_MAX_LENGTH = 500


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows of clients `user` may see (supervision.access decides)."""
        from supervision import access

        return access.checkins_visible_to(self, user)


class CheckIn(models.Model):
    """What happened on one scheduled reporting date (or on a date an excuse moved it to) of an episode."""

    class Outcome(models.TextChoices):
        ATTENDED = "hadir", _("Attended")
        ATTENDED_REMOTE = "hadir_daring", _("Attended remotely")
        EXCUSED = "izin", _("Excused")
        MISSED = "tidak_hadir", _("Missed")

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="checkins", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    due_on = models.DateField(_("scheduled date"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    occurred_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    location = models.ForeignKey(
        ServiceLocation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="checkins",
        verbose_name=_("service location"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    excuse_reason = models.TextField(_("reason for the excuse"), blank=True)
    rescheduled_to = models.DateField(_("rescheduled to"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["episode", "due_on"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "due_on"],
                name="supervision_checkin_one_per_scheduled_date",
                violation_error_message=_(
                    "This scheduled date already has a check-in; two check-ins for one scheduled date are not allowed."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="tidak_hadir", occurred_at__isnull=True)
                | (~models.Q(outcome="tidak_hadir") & models.Q(occurred_at__isnull=False)),
                name="supervision_checkin_time_unless_missed",
                violation_error_message=_("A check-in has a time unless it was missed."),
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome__in=["hadir_daring", "tidak_hadir"]) | models.Q(location__isnull=True),
                name="supervision_checkin_no_location_when_remote_or_missed",
                violation_error_message=_("A remote or missed check-in has no service location."),
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="izin") | ~models.Q(excuse_reason=""),
                name="supervision_checkin_excuse_has_reason",
                violation_error_message=_("Give the reason the client was excused."),
            ),
        ]
        indexes = [models.Index(fields=["office", "due_on"], name="supervision_office_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {site_date(self.due_on)}"

    @property
    def remote_answers(self) -> list[tuple[str, str]]:
        """The three answers of a remote report as (question, answer) pairs; empty for other outcomes.

        Callers listing many check-ins should `select_related("remote")`.
        """
        if self.outcome != self.Outcome.ATTENDED_REMOTE:
            return []
        try:
            remote = self.remote
        except RemoteCheckIn.DoesNotExist:
            return []
        return remote.answers


class ReportingSettings(models.Model):
    """Reporting settings of one office: the date from which its reporting schedules are tracked.

    Records migrated from paper or another system start with years of past reporting dates that nobody
    recorded here. No date before `tracked_from` is ever due or marked missed. An office without a row is
    tracked from the start of each episode.
    """

    office = models.OneToOneField(Office, models.CASCADE, related_name="reporting_settings", verbose_name=_("office"))
    tracked_from = models.DateField(
        _("reporting tracked from"),
        help_text=_("No reporting date before this day is due or marked missed (earlier ones were kept elsewhere)."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("reporting settings")
        verbose_name_plural = _("reporting settings")

    def __str__(self) -> str:
        return f"{self.office} · {site_date(self.tracked_from)}"


class ScheduleChangeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows of clients `user` may see (supervision.access decides)."""
        from supervision import access

        return access.schedule_changes_visible_to(self, user)


class ScheduleChange(models.Model):
    """A change of an episode's reporting interval for a period, usually a sanction (wajib lapor diperketat).

    From `starts_on` (the first intensified report) to `ends_on` (or the end of guidance) the client reports
    every `interval_days` days instead of the rule set's interval; afterwards the rule set's dates resume.
    When changes overlap, the one that started last governs.
    """

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="schedule_changes", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    interval_days = models.PositiveSmallIntegerField(_("report every (days)"))
    starts_on = models.DateField(_("first report on"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    # The violation (violations app) that led to the sanction; a plain id, since that app builds on this one.
    violation_id = models.PositiveBigIntegerField(_("violation"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("set by")
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now, editable=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("ended by")
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = ScheduleChangeQuerySet.as_manager()

    class Meta:
        ordering = ["episode", "starts_on", "set_at"]
        verbose_name = _("reporting schedule change")
        verbose_name_plural = _("reporting schedule changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interval_days__gte=1, interval_days__lte=MAX_INTERVAL_DAYS),
                name="supervision_schedulechange_interval_range",
                violation_error_message=_("Report every 1 to 31 days."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="supervision_schedulechange_ends_after_start",
                violation_error_message=_("The end must not be before the first report."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interval_days} d · {site_date(self.starts_on)}"

    def governs(self, day: datetime.date) -> bool:
        """Whether `day` lies in this change's period."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class RemoteReportingPermissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows of clients `user` may see (supervision.access decides)."""
        from supervision import access

        return access.permissions_visible_to(self, user)


class RemoteReportingPermission(models.Model):
    """Leave for a client to report remotely (lapor daring) "apabila ada keadaan mendesak", given by a section head.

    The client has no account: the permission carries a personal link with a random secret, of which only
    a hash is stored. The link works while the permission is valid and not revoked.
    """

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="remote_permissions", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    reason = models.TextField(_("pressing circumstances"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    allowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("allowed by")
    )
    allowed_at = models.DateTimeField(_("allowed at"), default=timezone.now, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    link_issued_at = models.DateTimeField(_("link issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = RemoteReportingPermissionQuerySet.as_manager()

    class Meta:
        ordering = ["episode", "-valid_from"]
        verbose_name = _("remote reporting permission")
        verbose_name_plural = _("remote reporting permissions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="supervision_remotepermission_until_after_from",
                violation_error_message=_("The permission must end on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="supervision_remotepermission_revoked_by_someone",
                violation_error_message=_("A revocation records who revoked and when."),
            ),
        ]

    def __str__(self) -> str:
        until = f"{site_date(self.valid_until)}" if self.valid_until else "…"
        return f"{site_date(self.valid_from)} – {until}"

    def is_valid_at(self, moment: datetime.datetime) -> bool:
        """Whether the permission covered `moment` (its local date within the period, before any revocation)."""
        day = timezone.localdate(moment)
        if day < self.valid_from or (self.valid_until is not None and day > self.valid_until):
            return False
        return self.revoked_at is None or moment < self.revoked_at

    def is_current(self, today: datetime.date) -> bool:
        """Not revoked, and `today` or a later day lies in its period."""
        return self.revoked_at is None and (self.valid_until is None or self.valid_until >= today)


def _photo_path(instance, filename: str) -> str:
    """A random name: a client's name never appears on disk."""
    return f"supervision/remote/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class RemoteCheckInQuerySet(OfficeRowQuerySet):
    def visible_to(self, user):
        """The rows of clients `user` may see (supervision.access decides)."""
        from supervision import access

        return access.remote_checkins_visible_to(self, user)


class RemoteCheckIn(OfficeRow):
    """What a client reported remotely: when, where (if the phone shared it), a photo and three short answers.

    Sent by the client through the personal link, or recorded by staff on a video call; either way the PK
    then confirms it or flags it with a note (a flag can support a violation report).
    """

    class Via(models.TextChoices):
        LINK = "tautan", _("Client's link")
        STAFF = "petugas", _("Recorded by staff (video call)")

    class Review(models.TextChoices):
        PENDING = "menunggu", _("Awaiting review")
        CONFIRMED = "dikonfirmasi", _("Confirmed")
        FLAGGED = "ditandai", _("Flagged")

    checkin = models.OneToOneField(CheckIn, models.PROTECT, related_name="remote", verbose_name=_("check-in"))
    permission = models.ForeignKey(
        RemoteReportingPermission, models.PROTECT, related_name="checkins", verbose_name=_("permission")
    )
    via = models.CharField(_("sent through"), max_length=8, choices=Via.choices)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField(_("accuracy (metres)"), null=True, blank=True)
    photo = models.FileField(
        _("photo"), upload_to=_photo_path, storage=private_files.storage, blank=True, max_length=200
    )
    photo_content_type = models.CharField(max_length=20, blank=True, editable=False)
    condition = models.CharField(_("How are you?"), max_length=ANSWER_MAX_LENGTH)
    activity = models.CharField(_("What are you doing (work or activity)?"), max_length=ANSWER_MAX_LENGTH)
    obstacles = models.CharField(_("Any obstacles?"), max_length=ANSWER_MAX_LENGTH)
    review = models.CharField(_("review"), max_length=12, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    # The tenant key: the office of the checkin (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("checkin",)

    objects = RemoteCheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("remote check-in")
        verbose_name_plural = _("remote check-ins")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="supervision_remote_both_coordinates",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="supervision_remote_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="supervision_remote_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=~models.Q(review="ditandai") | ~models.Q(review_note=""),
                name="supervision_remote_flag_has_note",
                violation_error_message=_("Say why the report is flagged."),
            ),
            models.CheckConstraint(
                condition=models.Q(review="menunggu", reviewed_at__isnull=True)
                | (~models.Q(review="menunggu") & models.Q(reviewed_at__isnull=False)),
                name="supervision_remote_reviewed_when_decided",
                violation_error_message=_("A reviewed report records when it was reviewed."),
            ),
        ]
        indexes = [models.Index(fields=["review"], name="supervision_remote_review_idx")]

    def __str__(self) -> str:
        return f"{self.get_via_display()} · {self.get_review_display()}"

    @property
    def answers(self) -> list[tuple[str, str]]:
        return [
            (str(RemoteCheckIn._meta.get_field(name).verbose_name), getattr(self, name))
            for name in ("condition", "activity", "obstacles")
        ]

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None
