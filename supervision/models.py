"""Supervision of clients under guidance: for now, reporting (wajib lapor).

Wajib lapor is the duty of a client on PB, CB, CMB, asimilasi or a court sentence to report to the Bapas
on the dates of a schedule (monthly by default, from the episode's rule set; domain notes §6.3 and §7.6).
A client reports in person at a service location (the office, a Pos Bapas, a Griya Abhipraya or a
partner's site) or, when allowed, remotely. Each scheduled date gets one `CheckIn` saying what happened:
attended, attended remotely, excused (usually with a new date), or missed. Three misses in a row are a
violation of the special conditions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import ProgramEpisode
from organizations.models import Office, ServiceLocation


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
        return f"{self.get_outcome_display()} · {self.due_on:%d-%m-%Y}"
