"""Guidance plans (rencana pembimbingan, domain notes §5.7): what each guidance phase of an episode should bring.

A PK (or a section head) drafts a plan from the Litmas recommendation: per phase (tahap awal, lanjutan, akhir;
§6.2) how many sessions of which guidance type (kepribadian or kemandirian, the code list the field-work app
records sessions with) and which partner referrals to make. The case board (TPP) approves it; a newer
approved plan of the episode supersedes the older one. What was recorded (attended sessions, referrals)
counts against the plan in `guidance.selectors.progress`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from board.models import AgendaItem
from clients.codes import Phase
from clients.models import ProgramEpisode
from fieldwork.models import GuidanceType
from lib.models import OfficeRow, VersionedModel
from litmas.models import LitmasRequest
from organizations.models import Office
from partners.codes import ServiceField
from partners.models import Partner


class Status(models.TextChoices):
    """Where a plan stands. A plan the board rejects goes back to draft (with the board's note) to be revised."""

    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Before the case board")
    APPROVED = "approved", _("Approved by the case board")
    SUPERSEDED = "superseded", _("Superseded by a newer plan")


OPEN_STATUSES = (Status.DRAFT, Status.PROPOSED)


class GuidancePlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Plans of the episodes `user` may see (guidance.access decides)."""
        from guidance import access

        return access.plans_visible_to(self, user)


class GuidancePlan(VersionedModel):
    """One version of an episode's guidance plan. `number` counts the plans of the episode (1, 2…); `version`
    (VersionedModel) refuses a stale edit of a draft."""

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="guidance_plans", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    number = models.PositiveSmallIntegerField(_("plan number"), default=1)
    litmas_request = models.ForeignKey(
        LitmasRequest,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="guidance_plans",
        verbose_name=_("Litmas"),
        help_text=_("The Litmas whose recommendation the plan follows."),
    )
    recommendation = models.TextField(
        _("Litmas recommendation"), blank=True, help_text=_("Copied from the Litmas report; may be shortened.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    agenda_item = models.ForeignKey(
        AgendaItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item"),
        help_text=_("The latest time the plan went before the case board."),
    )
    board_note = models.TextField(_("board's note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now, editable=False)
    proposed_at = models.DateTimeField(_("put before the board at"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proposed by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    objects = GuidancePlanQuerySet.as_manager()

    class Meta:
        ordering = ["-number", "-pk"]
        verbose_name = _("guidance plan")
        verbose_name_plural = _("guidance plans")
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(status__in=["draft", "proposed"]),
                name="guidance_plan_one_open_per_episode",
                violation_error_message=_("This client already has a plan being drafted or before the board."),
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(status="approved"),
                name="guidance_plan_one_approved_per_episode",
                violation_error_message=_("This client already has an approved plan in force."),
            ),
            models.UniqueConstraint(
                fields=["episode", "number"],
                name="guidance_plan_number_unique",
                violation_error_message=_("This plan number is already used for this client."),
            ),
        ]
        indexes = [models.Index(fields=["office", "status"], name="guidance_plan_office_idx")]

    def __str__(self) -> str:
        return _("Guidance plan %(number)s") % {"number": self.number}

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT


class PlanItem(OfficeRow):
    """One line of a plan: in `phase`, `target` sessions of `guidance_type`, or `target` referrals in the field
    of service `referral_field` (to `partner` when one is named)."""

    office_parents = ("plan",)
    seen_through = "plan"  # visible to whoever sees the plan (lib.models.SeenThroughParentQuerySet)
    plan = models.ForeignKey(GuidancePlan, models.CASCADE, related_name="items", verbose_name=_("plan"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", editable=False, verbose_name=_("office"))
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    guidance_type = models.CharField(_("type of guidance"), max_length=24, choices=GuidanceType.choices, blank=True)
    referral_field = models.CharField(
        _("referral: field of service"), max_length=16, choices=ServiceField.choices, blank=True
    )
    partner = models.ForeignKey(
        Partner, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )
    target = models.PositiveSmallIntegerField(_("target"), help_text=_("Sessions to hold, or referrals to make."))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "phase", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [
            models.CheckConstraint(
                condition=(Q(guidance_type="") & ~Q(referral_field="")) | (~Q(guidance_type="") & Q(referral_field="")),
                name="guidance_item_guidance_or_referral",
                violation_error_message=_("An item is either a type of guidance or a referral, not both."),
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=True) | ~Q(referral_field=""),
                name="guidance_item_partner_only_for_referral",
                violation_error_message=_("A partner is named only for a referral."),
            ),
            models.CheckConstraint(
                condition=Q(target__gte=1),
                name="guidance_item_target_positive",
                violation_error_message=_("The target is at least 1."),
            ),
            models.UniqueConstraint(
                fields=["plan", "phase", "guidance_type"],
                condition=~Q(guidance_type=""),
                name="guidance_item_type_once_per_phase",
                violation_error_message=_("This type of guidance is already planned for this phase."),
            ),
            models.UniqueConstraint(
                fields=["plan", "phase", "referral_field"],
                condition=~Q(referral_field=""),
                name="guidance_item_field_once_per_phase",
                violation_error_message=_("A referral in this field is already planned for this phase."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} · {self.label}"

    @property
    def is_referral(self) -> bool:
        return bool(self.referral_field)

    @property
    def label(self) -> str:
        if self.is_referral:
            text = _("Referral: %(field)s") % {"field": self.get_referral_field_display()}
            if self.partner_id and self.partner:
                text = f"{text} ({self.partner.name})"
            return str(text)
        return str(self.get_guidance_type_display())
