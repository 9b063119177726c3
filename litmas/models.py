"""Litmas requests, the facts of their flow, the report being written and the signed reports.

A Litmas (penelitian kemasyarakatan, social inquiry report) is written by a PK on request: a prison before an
integration programme (asimilasi, PB, CB, CMB), an investigator, prosecutor or court for a child in the
justice process, a court for the new sentences (domain notes §5.6, §6.1, §8.2). What kinds exist, when each
is due and which sections its report has are data (`LitmasType`, `ReportTemplate`), so a new kind or template
needs no code.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from board.models import Meeting
from clients.codes import Sex
from clients.models import Client
from lib import private_files
from lib.models import OfficeRow, VersionedModel
from lib.nik import validate_nik
from litmas.codes import Audience, DeadlineUnit, RequesterKind, State, Step
from organizations.models import Office


def _document_path(document: LitmasDocument, filename: str) -> str:
    return f"litmas/{document.office_id}/{document.request_id}/v{document.number}.pdf"


class ReportTemplate(models.Model):
    """The sections of a Litmas report, in order, as data (domain notes §5.6: the adult PB outline).

    `sections` is a list of {"key", "title", "required", "prefill", "help"}: `title` and `help` are shown as
    written (Indonesian, the language of the report); `prefill` names what the system fills in from what it
    already knows (`litmas.prefill.SOURCES`), or is empty.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    sections = models.JSONField(_("sections"), default=list)

    class Meta:
        ordering = ["name"]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return self.name


class LitmasType(models.Model):
    """A kind of Litmas (domain notes §8.2) with its deadline rule and report template."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    audience = models.CharField(_("written about"), max_length=6, choices=Audience.choices, default=Audience.ADULT)
    deadline_unit = models.CharField(
        _("deadline counted in"), max_length=12, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    deadline_amount = models.PositiveSmallIntegerField(
        _("deadline"), help_text=_("Working days after the day of receipt, or hours after receipt.")
    )
    template = models.ForeignKey(ReportTemplate, models.PROTECT, related_name="types", verbose_name=_("template"))
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Litmas type")
        verbose_name_plural = _("Litmas types")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline_amount__gt=0),
                name="litmas_type_deadline_positive",
                violation_error_message=_("A deadline must be at least 1."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def allows(self, *, is_child: bool) -> bool:
        return self.audience == Audience.BOTH or (self.audience == Audience.CHILD) == is_child


class LitmasRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        from litmas import access

        return access.requests_visible_to(self, user)

    def open(self):
        return self.exclude(state__in=[State.SENT, State.CANCELLED])


class LitmasRequest(VersionedModel):
    """A request letter for a Litmas and where it stands.

    The person is a registered client (found by NIK) or, for someone the office does not yet guide, the
    `person_*` fields. `state` is a copy of what the request's steps lead to (`litmas.flow.derive_state`),
    written only by `litmas.services` together with the step, so lists can filter on it.
    """

    office = models.ForeignKey(Office, models.PROTECT, related_name="litmas_requests", verbose_name=_("office"))
    litmas_type = models.ForeignKey(LitmasType, models.PROTECT, related_name="requests", verbose_name=_("Litmas type"))
    is_child = models.BooleanField(_("child"), default=False)
    requester_kind = models.CharField(_("requested by"), max_length=12, choices=RequesterKind.choices)
    requester_name = models.CharField(_("requesting institution"), max_length=150)
    letter_number = models.CharField(_("letter number"), max_length=100)
    letter_date = models.DateField(_("letter date"))
    received_at = models.DateTimeField(_("received at"))
    client = models.ForeignKey(
        Client, models.PROTECT, null=True, blank=True, related_name="litmas_requests", verbose_name=_("client")
    )
    person_name = models.CharField(_("name"), max_length=150, blank=True)
    person_nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[validate_nik])
    person_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    person_sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    deadline_at = models.DateTimeField(_("due"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.RECEIVED, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="litmas_requests",
        verbose_name=_("PK"),
    )
    task_letter_number = models.CharField(_("task letter number"), max_length=100, blank=True)
    register_number = models.CharField(_("Litmas register number"), max_length=60, blank=True)
    done_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = LitmasRequestQuerySet.as_manager()

    class Meta:
        ordering = ["deadline_at", "pk"]
        verbose_name = _("Litmas request")
        verbose_name_plural = _("Litmas requests")
        constraints = [
            models.UniqueConstraint(
                "office",
                "requester_kind",
                Lower("requester_name"),
                "letter_number",
                name="litmas_request_letter_unique",
                violation_error_message=_("A request with this letter number from this requester is already recorded."),
            ),
            models.UniqueConstraint(
                fields=["office", "register_number"],
                condition=~models.Q(register_number=""),
                name="litmas_request_register_unique",
                violation_error_message=_("This Litmas register number is already used in this office."),
            ),
            models.CheckConstraint(
                condition=~models.Q(client=None) | ~models.Q(person_name=""),
                name="litmas_request_names_a_person",
                violation_error_message=_("Choose the client or give the person's name."),
            ),
        ]
        indexes = [
            models.Index(fields=["office", "state", "deadline_at"], name="litmas_req_office_state_idx"),
            models.Index(fields=["officer", "state", "deadline_at"], name="litmas_req_officer_idx"),
            models.Index(fields=["office", "received_at"], name="litmas_req_office_recv_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.litmas_type} · {self.subject_name}"

    @property
    def subject_name(self) -> str:
        return self.client.name if self.client_id and self.client else self.person_name

    @property
    def is_open(self) -> bool:
        return self.state not in (State.SENT, State.CANCELLED)

    @property
    def late(self) -> bool:
        """Sent after its deadline, or still open past it."""
        end = self.done_at if self.state == State.SENT else timezone.now()
        return self.state != State.CANCELLED and end is not None and end > self.deadline_at


class LitmasStep(OfficeRow):
    """One fact of a request's flow: who did what, and when (the request's history)."""

    office_parents = ("request",)
    seen_through = "request"  # visible to whoever sees the request (lib.models.SeenThroughParentQuerySet)
    request = models.ForeignKey(LitmasRequest, models.CASCADE, related_name="steps", verbose_name=_("request"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", editable=False, verbose_name=_("office"))
    step = models.CharField(_("step"), max_length=12, choices=Step.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("PK")
    )
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, null=True, blank=True, related_name="litmas_steps", verbose_name=_("board meeting")
    )
    reference = models.CharField(
        _("number"), max_length=100, blank=True, help_text=_("Task letter, board minute or dispatch number.")
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("Litmas step")
        verbose_name_plural = _("Litmas steps")
        indexes = [models.Index(fields=["request", "at"], name="litmas_step_request_idx")]

    def __str__(self) -> str:
        return self.get_step_display()


class LitmasReport(OfficeRow, VersionedModel):
    """The report being written for a request: one text per section of its template (`content`, by key).

    Edited by the assigned PK while gathering data or drafting; `version` refuses a second editor's stale save.
    Signing freezes a copy as a `LitmasDocument`; a revision reopens this draft and the next signature makes
    the next document version.
    """

    office_parents = ("request",)
    seen_through = "request"  # visible to whoever sees the request (lib.models.SeenThroughParentQuerySet)
    request = models.OneToOneField(LitmasRequest, models.CASCADE, related_name="report", verbose_name=_("request"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", editable=False, verbose_name=_("office"))
    content = models.JSONField(_("content"), default=dict)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("saved by")
    )

    class Meta:
        verbose_name = _("Litmas report")
        verbose_name_plural = _("Litmas reports")

    def __str__(self) -> str:
        return str(self.request)


class LitmasDocument(OfficeRow):
    """A signed report as sent: its PDF, the SHA-256 of the file and the content it was rendered from.

    Never changed once written; a corrected report is the next `number` of the same request.
    """

    office_parents = ("request",)
    seen_through = "request"  # visible to whoever sees the request (lib.models.SeenThroughParentQuerySet)
    request = models.ForeignKey(LitmasRequest, models.PROTECT, related_name="documents", verbose_name=_("request"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", editable=False, verbose_name=_("office"))
    number = models.PositiveSmallIntegerField(_("version"))
    register_number = models.CharField(_("Litmas register number"), max_length=60)
    content = models.JSONField(_("content"))
    pdf = models.FileField(_("PDF"), upload_to=_document_path, storage=private_files.storage, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # The client's latest final risk assessment when the report was signed: the result the Litmas rests on.
    assessment = models.ForeignKey(
        "assessment.Assessment",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="litmas_documents",
        verbose_name=_("risk assessment"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        ordering = ["request", "number"]
        verbose_name = _("signed Litmas report")
        verbose_name_plural = _("signed Litmas reports")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "number"],
                name="litmas_document_version_unique",
                violation_error_message=_("This version of the report already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.register_number} v{self.number}"
