"""Referrals of clients to Pokmas Lipas partners (rujukan / penyerahan klien), and what partners report.

A PK refers a client's episode to a partner for one field of service, with the client's needs and the
outcomes hoped for. The partner accepts or declines, holds sessions and files an end-of-service report
rating each desired outcome; the PK closes the referral or withdraws it. Following HMPPS "Refer and
monitor" (ADR 0004), no state is stored: each step stores when it happened and who did it, and
`Referral.state` / `ReferralQuerySet.with_state()` derive the state from those facts.

Group activities (kegiatan mitra) are a partner's events for several clients at once, not tied to a
referral, for example job training at a Griya Abhipraya.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.codes import OPEN_STATUSES
from clients.models import Client, ProgramEpisode
from lib import private_files
from lib.dates import site_date
from lib.models import OfficeRow, OfficeRowQuerySet
from organizations.models import Office, ServiceLocation
from partners.codes import ServiceField
from partners.models import Agreement, Partner


class ReferralSettings(models.Model):
    """How one office runs referrals: whether a section head approves them first, and how long a partner
    has to answer. An office without a row uses the defaults."""

    DEFAULT_ACCEPT_WITHIN_DAYS = 7

    office = models.OneToOneField(Office, models.CASCADE, related_name="referral_settings", verbose_name=_("office"))
    requires_approval = models.BooleanField(
        _("section head approves referrals"),
        default=False,
        help_text=_("A referral reaches the partner only after a section head approves it."),
    )
    accept_within_days = models.PositiveSmallIntegerField(
        _("partner answers within (working days)"),
        default=DEFAULT_ACCEPT_WITHIN_DAYS,
        help_text=_("Working days a partner has to accept or decline a referral it received."),
    )

    class Meta:
        verbose_name = _("referral settings")
        verbose_name_plural = _("referral settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(accept_within_days__gte=1) & Q(accept_within_days__lte=60),
                name="referrals_settings_accept_within_range",
                violation_error_message=_("A partner answers within 1 to 60 working days."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.office)

    @classmethod
    def for_office(cls, office_id: int) -> ReferralSettings:
        return cls.objects.filter(office_id=office_id).first() or cls(office_id=office_id)


class State(models.TextChoices):
    """Derived state of a referral (domain notes §6.7), never stored."""

    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    AWAITING_PARTNER = "awaiting_partner", _("Awaiting the partner")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("End-of-service report filed")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined by the partner")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which the referral is under way: the partner sees it and the client may not be referred
# again to the same partner for the same field.
CURRENT_STATES = frozenset({State.AWAITING_PARTNER, State.ACCEPTED, State.IN_PROGRESS, State.REPORTED})
OPEN_STATES = CURRENT_STATES | {State.AWAITING_APPROVAL}
ENDED_STATES = frozenset({State.COMPLETED, State.DECLINED, State.WITHDRAWN})

# Not ended: neither declined, withdrawn nor closed (the database guard against duplicates uses it too).
NOT_ENDED = Q(declined_at__isnull=True, withdrawn_at__isnull=True, closed_at__isnull=True)


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Referrals of the clients `user` may see (referrals.access)."""
        from referrals import access

        return access.referrals_visible_to(self, user)

    def open(self):
        """Not yet ended (including those awaiting approval)."""
        return self.filter(NOT_ENDED)

    def current(self):
        """Sent to the partner and not ended, for a client whose supervision is under way: what a
        partner may see. Access ends with the referral or with the client's supervision."""
        return self.filter(NOT_ENDED, episode__status__in=OPEN_STATUSES).filter(
            Q(needs_approval=False) | Q(approved_at__isnull=False)
        )

    def with_state(self):
        """Annotate `state_code` (a State value) in SQL, so lists filter and count by state."""
        held = ReferralSession.objects.filter(referral=OuterRef("pk"), held_on__isnull=False)
        return self.annotate(
            state_code=Case(
                When(withdrawn_at__isnull=False, then=Value(State.WITHDRAWN.value)),
                When(declined_at__isnull=False, then=Value(State.DECLINED.value)),
                When(closed_at__isnull=False, then=Value(State.COMPLETED.value)),
                When(needs_approval=True, approved_at__isnull=True, then=Value(State.AWAITING_APPROVAL.value)),
                When(accepted_at__isnull=True, then=Value(State.AWAITING_PARTNER.value)),
                When(report_submitted_at__isnull=False, then=Value(State.REPORTED.value)),
                When(Exists(held), then=Value(State.IN_PROGRESS.value)),
                default=Value(State.ACCEPTED.value),
                output_field=models.CharField(),
            )
        )

    def awaiting_partner_past(self, today: datetime.date):
        """Sent, unanswered, and past the day the partner had to answer by."""
        return self.current().filter(accepted_at__isnull=True, respond_by__lt=today)


class Referral(models.Model):
    """A client's referral to a partner for one field of service (rujukan klien ke mitra)."""

    client = models.ForeignKey(Client, models.PROTECT, related_name="referrals", verbose_name=_("client"))
    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="referrals", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    partner = models.ForeignKey(Partner, models.PROTECT, related_name="referrals", verbose_name=_("partner"))
    field = models.CharField(_("field of service"), max_length=16, choices=ServiceField.choices)
    agreement = models.ForeignKey(
        Agreement,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("cooperation agreement"),
        help_text=_("The agreement in force that covered the field when the client was referred."),
    )
    needs = models.TextField(_("needs"), help_text=_("What the client needs from the partner, and why."))
    over_capacity_reason = models.TextField(
        _("reason to refer beyond capacity"),
        blank=True,
        help_text=_("Given when the partner already serves as many clients as its capacity."),
    )
    created_at = models.DateTimeField(_("referred at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("referred by")
    )
    # Whether the office required approval when the referral was made (a fact, so later changes of the
    # office setting do not change the state of older referrals).
    needs_approval = models.BooleanField(_("needs approval"), default=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    sent_at = models.DateTimeField(_("sent to the partner at"), null=True, blank=True)
    respond_by = models.DateField(_("partner answers by"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("accepted by")
    )
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("declined by")
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    report_submitted_at = models.DateTimeField(_("end-of-service report filed at"), null=True, blank=True)
    report_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("report by")
    )
    report_summary = models.TextField(_("summary of the service"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdraw_reason = models.TextField(_("reason for withdrawing"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "partner", "field"],
                condition=NOT_ENDED,
                name="referrals_referral_one_open_per_partner_and_field",
                violation_error_message=_("This client already has an open referral to this partner for this field."),
            ),
            models.CheckConstraint(
                condition=~Q(declined_at__isnull=False, decline_reason=""),
                name="referrals_referral_decline_has_reason",
                violation_error_message=_("Give the reason for declining."),
            ),
            models.CheckConstraint(
                condition=~Q(withdrawn_at__isnull=False, withdraw_reason=""),
                name="referrals_referral_withdrawal_has_reason",
                violation_error_message=_("Give the reason for withdrawing."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(declined_at__isnull=True),
                name="referrals_referral_not_accepted_and_declined",
                violation_error_message=_("A referral is either accepted or declined, not both."),
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "closed_at"], name="referrals_partner_idx"),
            models.Index(fields=["office", "created_at"], name="referrals_office_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.partner}"

    @property
    def state(self) -> State:
        """The state derived from the stored facts (same rules as `ReferralQuerySet.with_state`).

        Uses `state_code` when the row was loaded through `with_state()`; otherwise one query for sessions.
        """
        code = getattr(self, "state_code", None)
        if code is not None:
            return State(code)
        if self.withdrawn_at:
            return State.WITHDRAWN
        if self.declined_at:
            return State.DECLINED
        if self.closed_at:
            return State.COMPLETED
        if self.needs_approval and not self.approved_at:
            return State.AWAITING_APPROVAL
        if not self.accepted_at:
            return State.AWAITING_PARTNER
        if self.report_submitted_at:
            return State.REPORTED
        if self.sessions.filter(held_on__isnull=False).exists():
            return State.IN_PROGRESS
        return State.ACCEPTED

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Sent to the partner, unanswered, past the day it had to answer by."""
        today = today or timezone.localdate()
        return bool(
            self.sent_at
            and not self.accepted_at
            and not self.declined_at
            and self.respond_by
            and self.respond_by < today
        )


class DesiredOutcome(OfficeRow):
    """One outcome the PK hopes the service achieves (e.g. "has a job by the end of training")."""

    referral = models.ForeignKey(Referral, models.CASCADE, related_name="outcomes", verbose_name=_("referral"))
    description = models.CharField(_("desired outcome"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    # The tenant key: the office of the referral (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("referral",)
    seen_through = "referral"  # visible to whoever sees its referral (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["referral", "order", "pk"]
        verbose_name = _("desired outcome")
        verbose_name_plural = _("desired outcomes")

    def __str__(self) -> str:
        return self.description


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    LATE = "late", _("Attended, late")
    ABSENT = "absent", _("Absent")


class ReferralSession(OfficeRow):
    """A session of a referral: scheduled, then recorded with attendance and feedback once held."""

    referral = models.ForeignKey(Referral, models.CASCADE, related_name="sessions", verbose_name=_("referral"))
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices, blank=True)
    absence_reason = models.TextField(_("reason for the absence or lateness"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    behaviour = models.TextField(_("client's behaviour"), blank=True)
    concern = models.BooleanField(_("concern for the PK"), default=False)
    concern_note = models.TextField(_("what the PK should know"), blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    concern_seen_at = models.DateTimeField(_("concern read at"), null=True, blank=True)
    concern_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("read by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    # The tenant key: the office of the referral (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("referral",)
    seen_through = "referral"  # visible to whoever sees its referral (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["referral", "held_on", "scheduled_for", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, attendance="") | (Q(held_on__isnull=False) & ~Q(attendance="")),
                name="referrals_session_held_has_attendance",
                violation_error_message=_("A held session records the client's attendance."),
            ),
            models.CheckConstraint(
                condition=~Q(attendance="absent", absence_reason=""),
                name="referrals_session_absence_has_reason",
                violation_error_message=_("Give the reason the client was absent."),
            ),
            models.CheckConstraint(
                condition=Q(concern=False) | ~Q(concern_note=""),
                name="referrals_session_concern_has_note",
                violation_error_message=_("Describe the concern for the PK."),
            ),
            models.CheckConstraint(
                condition=Q(held_on__isnull=False) | Q(scheduled_for__isnull=False),
                name="referrals_session_scheduled_or_held",
                violation_error_message=_("A session is either scheduled or recorded as held."),
            ),
        ]

    def __str__(self) -> str:
        when = self.held_on or (self.scheduled_for and timezone.localtime(self.scheduled_for).date())
        return f"{self.referral} · {site_date(when)}" if when else str(self.referral)


class OutcomeRating(OfficeRow):
    """The end-of-service report's rating of one desired outcome."""

    class Achievement(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT_ACHIEVED = "not", _("Not achieved")

    SCORES = {Achievement.ACHIEVED: 1.0, Achievement.PARTLY: 0.5, Achievement.NOT_ACHIEVED: 0.0}

    outcome = models.OneToOneField(
        DesiredOutcome, models.CASCADE, related_name="rating", verbose_name=_("desired outcome")
    )
    achievement = models.CharField(_("achievement"), max_length=10, choices=Achievement.choices)
    comment = models.TextField(_("comment"), blank=True)

    # The tenant key: the office of the outcome (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("outcome",)
    seen_through = "outcome"  # visible to whoever sees its outcome (lib.models.SeenThroughParentQuerySet)

    class Meta:
        verbose_name = _("outcome rating")
        verbose_name_plural = _("outcome ratings")

    def __str__(self) -> str:
        return f"{self.outcome}: {self.get_achievement_display()}"


class GroupActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        from referrals import access

        return access.activities_visible_to(self, user)


class GroupActivity(models.Model):
    """A partner's activity for several clients at once (kegiatan mitra), e.g. job training."""

    partner = models.ForeignKey(Partner, models.PROTECT, related_name="activities", verbose_name=_("partner"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    field = models.CharField(_("field of service"), max_length=16, choices=ServiceField.choices)
    place = models.ForeignKey(
        ServiceLocation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service location"),
        help_text=_("For example a Griya Abhipraya; leave empty for the partner's own place."),
    )
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    outcome = models.TextField(_("outcome"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = GroupActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="referrals_activity_hours_in_a_day",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({site_date(self.held_on)})"

    @property
    def concerns_a_child(self) -> bool:
        """A child takes part: what is recorded about the activity is restricted, like a child's record."""
        return self.pk is not None and self.participants.filter(episode__is_child=True).exists()


class GroupParticipant(OfficeRow):
    """One client's part in a group activity."""

    activity = models.ForeignKey(
        GroupActivity, models.CASCADE, related_name="participants", verbose_name=_("group activity")
    )
    episode = models.ForeignKey(ProgramEpisode, models.PROTECT, related_name="+", verbose_name=_("program episode"))
    client = models.ForeignKey(Client, models.PROTECT, related_name="group_activities", verbose_name=_("client"))
    attendance = models.CharField(_("attendance"), max_length=10, choices=Attendance.choices)

    # The tenant key: the office of the activity (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("activity",)
    seen_through = "episode"  # visible to whoever sees its episode (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["activity", "client__name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "episode"],
                name="referrals_participant_once_per_activity",
                violation_error_message=_("This client is already a participant."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} · {self.get_attendance_display()}"


def _document_path(instance: Document, filename: str) -> str:
    now = timezone.now()
    return f"referrals/{now:%Y/%m}/{now:%d%H%M%S%f}.{'pdf' if instance.content_type == 'application/pdf' else 'img'}"


class DocumentQuerySet(OfficeRowQuerySet):
    def visible_to(self, user):
        from referrals import access

        return access.documents_visible_to(self, user)


class Document(OfficeRow):
    """Documentation a partner uploaded (attendance list, photo, certificate) for a referral or an activity.
    Files are private: only access-checked views serve them."""

    referral = models.ForeignKey(
        Referral, models.CASCADE, null=True, blank=True, related_name="documents", verbose_name=_("referral")
    )
    activity = models.ForeignKey(
        GroupActivity, models.CASCADE, null=True, blank=True, related_name="documents", verbose_name=_("activity")
    )
    file = models.FileField(_("file"), upload_to=_document_path, storage=private_files.storage)
    content_type = models.CharField(max_length=40)
    original_name = models.CharField(_("file name"), max_length=200)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    # The tenant key: the office of the referral or activity (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    objects = DocumentQuerySet.as_manager()
    office_parents = ("referral", "activity")

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(referral__isnull=False, activity__isnull=True)
                | Q(referral__isnull=True, activity__isnull=False),
                name="referrals_document_one_owner",
                violation_error_message=_("A document belongs to one referral or one activity."),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def concerns_a_child(self) -> bool:
        """About a child: a child's referral, or a group activity with a child taking part."""
        if self.referral_id:
            return self.referral.episode.is_child
        return self.activity.concerns_a_child


class NeedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Needs of the clients `user` may see (referrals.access)."""
        from referrals import access

        return access.needs_visible_to(self, user)

    def open(self):
        """Not closed, of a client whose supervision is under way."""
        return self.filter(closed_at__isnull=True, episode__status__in=OPEN_STATUSES)

    def unmet(self):
        """Open needs with no open referral of the episode in the need's field."""
        referred = Referral.objects.open().filter(episode_id=OuterRef("episode_id"), field=OuterRef("field"))
        return self.open().exclude(Exists(referred))


class Need(models.Model):
    """A client's need for a field of service, recorded by the PK whether or not a partner can meet it.

    A need is met while the episode has an open referral in its field; a need no partner meets shows on
    the office's partnership summary as "clients with a need and no partner". Closing a need (reason
    given) takes it off the summary.
    """

    episode = models.ForeignKey(ProgramEpisode, models.PROTECT, related_name="needs", verbose_name=_("program episode"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    field = models.CharField(_("field of service"), max_length=16, choices=ServiceField.choices)
    description = models.TextField(_("description"), help_text=_("What the client needs, and why."))
    noted_at = models.DateTimeField(_("noted at"), default=timezone.now)
    noted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("noted by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-noted_at", "-pk"]
        verbose_name = _("client need")
        verbose_name_plural = _("client needs")
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "field"],
                condition=Q(closed_at__isnull=True),
                name="referrals_need_one_open_per_field",
                violation_error_message=_("This client already has an open need in this field."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.episode_id} · {self.get_field_display()}"
