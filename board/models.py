"""The case board (Tim Pengamat Pemasyarakatan, TPP) of an office: its meetings (sidang TPP), the agenda
items put before them, and proposals to move an episode to the next guidance phase.

PP 31/1999 Pasal 33: a PK proposes, the TPP decides in a meeting, and the head of the Bapas (Kepala
Bapas) approves. Other apps (violations, movements) put their own rows before the board as agenda items
and react to its decisions through `board.registry.decision_handlers`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.codes import Phase
from clients.models import ProgramEpisode
from lib.dates import site_date
from lib.models import VersionedModel
from organizations.models import Office


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings of the user's office (board.access decides)."""
        from board import access

        return access.meetings_visible_to(self, user)


class Meeting(VersionedModel):
    """One meeting of the office's case board (sidang TPP)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CLOSED = "closed", _("Closed")

    office = models.ForeignKey(Office, models.PROTECT, related_name="board_meetings", verbose_name=_("office"))
    held_on = models.DateField(_("date"))
    number = models.CharField(_("meeting number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=200)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chair")
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("secretary")
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        indexes = [models.Index(fields=["office", "held_on"], name="board_meeting_office_day_idx")]

    def __str__(self) -> str:
        label = self.number or self.title
        return f"{label} ({site_date(self.held_on)})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class AgendaItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(decision__in=AgendaItem.OPEN_DECISIONS)

    def awaiting_meeting(self):
        return self.open().filter(meeting__isnull=True)

    def for_subject(self, subject: models.Model):
        ct = ContentType.objects.get_for_model(subject, for_concrete_model=True)
        return self.filter(subject_type=ct, subject_id=subject.pk)

    def visible_to(self, user):
        """Items about episodes `user` may see (board.access decides)."""
        from board import access

        return access.agenda_items_visible_to(self, user)


class AgendaItem(models.Model):
    """One matter put before the board: a phase change, a violation, a transfer, a revocation or another.

    `subject` is the row the matter is about (a phase proposal, a violation, a transfer…). Without a
    meeting the item is awaiting one. An item is open until the board approves or rejects it; a deferred
    item goes back to awaiting a meeting.
    """

    class Kind(models.TextChoices):
        PHASE = "phase", _("Phase change")
        VIOLATION = "violation", _("Violation")
        TRANSFER = "transfer", _("Transfer")
        REVOCATION = "revocation", _("Revocation")
        PLAN = "plan", _("Guidance plan")
        OTHER = "other", _("Other")

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DEFERRED = "deferred", _("Deferred")

    OPEN_DECISIONS = ("pending", "deferred")

    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, null=True, blank=True, related_name="items", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="agenda_items", verbose_name=_("program episode")
    )
    subject_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    summary = models.TextField(_("summary"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_note = models.TextField(_("decision note"), blank=True)
    minute_number = models.CharField(_("minute number"), max_length=60, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )

    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["proposed_at", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "minute_number"],
                condition=~models.Q(minute_number=""),
                name="board_agendaitem_minute_number_unique",
                violation_error_message=_("This minute number is already used in this office."),
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=models.Q(decision__in=["pending", "deferred"]),
                name="board_agendaitem_one_open_per_subject",
                violation_error_message=_("This matter is already on the board's agenda."),
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=["pending", "deferred"]) | ~models.Q(minute_number=""),
                name="board_agendaitem_decision_has_minute_number",
                violation_error_message=_("A decision of the board needs its minute number."),
            ),
        ]
        indexes = [
            models.Index(fields=["office", "decision", "meeting"], name="board_item_office_open_idx"),
            models.Index(fields=["subject_type", "subject_id"], name="board_item_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.summary[:60]}"

    @property
    def is_open(self) -> bool:
        return self.decision in self.OPEN_DECISIONS


class PhaseProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Proposals about episodes `user` may see (board.access decides)."""
        from board import access

        return access.proposals_visible_to(self, user)


class PhaseProposal(models.Model):
    """A PK's proposal to move an episode to its next guidance phase (tahap awal → lanjutan → akhir).

    The board decides it through its agenda item; where the episode's rule set says so, the head then
    approves it. Only then does `ProgramEpisode.phase` change.
    """

    class Status(models.TextChoices):
        BEFORE_BOARD = "board", _("Before the board")
        AWAITING_HEAD = "head", _("Awaiting the head's approval")
        APPLIED = "applied", _("Phase changed")
        REJECTED = "rejected", _("Rejected by the board")
        REFUSED = "refused", _("Refused by the head")

    OPEN_STATUSES = ("board", "head")

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="phase_proposals", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    from_phase = models.CharField(_("from phase"), max_length=10, choices=Phase.choices)
    to_phase = models.CharField(_("to phase"), max_length=10, choices=Phase.choices)
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.BEFORE_BOARD)
    agenda_item = models.OneToOneField(
        AgendaItem,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="phase_proposal",
        verbose_name=_("agenda item"),
    )
    head_approved = models.BooleanField(_("approved by the head"), null=True, blank=True)
    head_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("head")
    )
    head_decided_at = models.DateTimeField(_("head decided at"), null=True, blank=True)
    head_note = models.TextField(_("head's note"), blank=True)
    applied_at = models.DateTimeField(_("phase changed at"), null=True, blank=True)

    objects = PhaseProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("phase proposal")
        verbose_name_plural = _("phase proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["episode"],
                condition=models.Q(status__in=["board", "head"]),
                name="board_phaseproposal_one_open_per_episode",
                violation_error_message=_("This episode already has an open phase proposal."),
            ),
            models.CheckConstraint(
                condition=~models.Q(from_phase=models.F("to_phase")),
                name="board_phaseproposal_changes_phase",
                violation_error_message=_("A phase proposal moves the episode to another phase."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_phase_display()} → {self.get_to_phase_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES
