"""Violations of the conditions of guidance (pelanggaran), the office's response, suspension and revocation.

A client under guidance who breaks a general condition (a new offence: named suspect or convicted) or a
special condition (public unrest, three missed reports in a row, moving without telling the Bapas, not
following the guidance programme) is reported. The PK examines the client and writes a BAP (berita acara
pemeriksaan, the record of examination); the PK puts the matter before the case board (TPP); the board
decides and the head of the Bapas (Kepala Bapas) sets the response (tindakan): more frequent reporting, an
added programme, a written warning, a temporary suspension (pencabutan sementara) or a proposal to revoke
the order (usul pencabutan). A revocation (pencabutan) is decided by decree (SK) of the Minister or the
Director General (PB, CB, CMB) or the head of the prison (asimilasi); the client returns to prison.
Domain notes §5.11, §5.12, §6.4, §6.5, §8.5.

The stage of a violation is never stored: it is derived from the timestamps of what happened
(`Violation.state`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from board.models import AgendaItem
from clients.models import ProgramEpisode
from lib.dates import site_date
from lib.models import OfficeRow, OfficeRowQuerySet
from organizations.models import Office


class ViolationType(models.TextChoices):
    """Grounds of a violation (domain notes §8.5): SU = general condition, SK = special condition."""

    SU_TINDAK_PIDANA = "SU_TINDAK_PIDANA", _("New offence (named suspect or convicted)")
    SK_KERESAHAN = "SK_KERESAHAN", _("Causing public unrest")
    SK_TIDAK_LAPOR_3X = "SK_TIDAK_LAPOR_3X", _("Failed to report three times in a row")
    SK_PINDAH_ALAMAT_TANPA_LAPOR = "SK_PINDAH_ALAMAT_TANPA_LAPOR", _("Moved without reporting the new address")
    SK_TIDAK_IKUT_PROGRAM = "SK_TIDAK_IKUT_PROGRAM", _("Not following the guidance programme or contract")
    LAIN = "LAIN", _("Other")


class Source(models.TextChoices):
    """Who brought the violation to the office's attention."""

    PK = "pk", _("PK")
    COMMUNITY = "masyarakat", _("Community")
    POLICE = "polisi", _("Police")
    PARTNER = "mitra", _("Partner")
    SYSTEM = "sistem", _("System (missed reports)")


class ResponseType(models.TextChoices):
    """The office's response (tindakan) after the board's decision."""

    INTENSIFY = "intensifikasi_lapor", _("Intensified reporting")
    PROGRAMME = "tambah_program", _("Added programme or parties")
    WARNING = "teguran_tertulis", _("Written warning")
    SUSPENSION = "pencabutan_sementara", _("Temporary suspension by the head")
    REVOCATION = "usul_pencabutan", _("Proposal of revocation")
    NONE = "tanpa_tindakan", _("No further action")


class State(models.TextChoices):
    REPORTED = "reported", _("Reported")
    EXAMINED = "examined", _("Examined (BAP)")
    AT_BOARD = "at_board", _("Before the board (TPP)")
    RESPONDED = "responded", _("Response set")
    CLOSED = "closed", _("Closed")


class BoardDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ViolationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Violations of the clients `user` may see (violations.access decides)."""
        from violations import access

        return access.violations_visible_to(self, user)

    def open(self):
        return self.filter(closed_at__isnull=True)


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **kwargs,
    )


class Violation(models.Model):
    """One reported violation of the conditions of an episode, from the report to its closing."""

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="violations", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    type = models.CharField(_("type"), max_length=32, choices=ViolationType.choices)
    occurred_on = models.DateField(_("date of the violation"))
    reported_on = models.DateField(_("reported on"))
    source = models.CharField(_("reported by (source)"), max_length=12, choices=Source.choices)
    description = models.TextField(_("description"))
    reported_by = _user_fk(_("recorded by"))
    reported_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    # A draft was opened by the missed-report job; the PK confirms it or dismisses it with a reason.
    is_draft = models.BooleanField(_("draft"), default=False)
    # For a job's draft: the first missed date of the run of misses it is about (one draft per run).
    missed_from = models.DateField(_("first missed report of the run"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = _user_fk(_("confirmed by"))

    # BAP (berita acara pemeriksaan): the record of the examination of the client.
    bap_number = models.CharField(_("BAP number"), max_length=100, blank=True)
    bap_date = models.DateField(_("BAP date"), null=True, blank=True)
    bap_summary = models.TextField(_("findings of the examination"), blank=True)
    examined_by = _user_fk(_("examined by"))
    examined_at = models.DateTimeField(_("examination recorded at"), null=True, blank=True)

    # Before the case board (TPP).
    agenda_item = models.OneToOneField(
        AgendaItem, models.PROTECT, null=True, blank=True, related_name="violation", verbose_name=_("agenda item")
    )
    proposed_at = models.DateTimeField(_("put before the board at"), null=True, blank=True)
    proposed_by = _user_fk(_("put before the board by"))
    board_decision = models.CharField(_("board decision"), max_length=10, choices=BoardDecision.choices, blank=True)
    board_decided_at = models.DateTimeField(_("board decided at"), null=True, blank=True)

    # The response (tindakan), set by the head after the board's decision.
    response_type = models.CharField(_("response"), max_length=24, choices=ResponseType.choices, blank=True)
    response_detail = models.TextField(_("details of the response"), blank=True)
    response_decided_by = _user_fk(_("response set by"))
    response_decided_at = models.DateTimeField(_("response set at"), null=True, blank=True)

    # Temporary suspension (pencabutan sementara) by the head, and its lifting.
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspended_by = _user_fk(_("suspended by"))
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True)
    lifted_at = models.DateTimeField(_("suspension lifted at"), null=True, blank=True)
    lifted_by = _user_fk(_("suspension lifted by"))
    lift_reason = models.TextField(_("reason for lifting the suspension"), blank=True)

    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = _user_fk(_("closed by"))
    closing_note = models.TextField(_("closing note"), blank=True)

    objects = ViolationQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "missed_from"],
                condition=models.Q(missed_from__isnull=False),
                name="violations_one_draft_per_run_of_misses",
                violation_error_message=_("This run of missed reports already has a violation."),
            ),
            models.CheckConstraint(
                condition=models.Q(reported_on__gte=models.F("occurred_on")),
                name="violations_reported_after_it_occurred",
                violation_error_message=_("A violation is reported on or after the day it happened."),
            ),
            models.CheckConstraint(
                condition=models.Q(lifted_at__isnull=True) | models.Q(suspended_at__isnull=False),
                name="violations_lifted_only_when_suspended",
                violation_error_message=_("Only a suspension can be lifted."),
            ),
        ]
        indexes = [
            models.Index(fields=["office", "closed_at"], name="violations_office_open_idx"),
            models.Index(fields=["episode", "type"], name="violations_episode_type_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {site_date(self.occurred_on)}"

    @property
    def state(self) -> str:
        if self.closed_at:
            return State.CLOSED
        if self.response_decided_at:
            return State.RESPONDED
        if self.proposed_at:
            return State.AT_BOARD
        if self.examined_at:
            return State.EXAMINED
        return State.REPORTED

    def get_state_display(self) -> str:
        return State(self.state).label

    @property
    def is_dismissed(self) -> bool:
        """A draft closed without being confirmed."""
        return self.is_draft and self.closed_at is not None

    @property
    def is_suspending(self) -> bool:
        """This violation suspended the episode and the suspension was not lifted."""
        return self.suspended_at is not None and self.lifted_at is None


class RevocationQuerySet(OfficeRowQuerySet):
    def visible_to(self, user):
        """Revocations of the clients `user` may see (violations.access decides)."""
        from violations import access

        return access.revocations_visible_to(self, user)


class Revocation(OfficeRow):
    """The revocation (pencabutan) of an episode by decree, after a proposal of revocation.

    KUHP Pasal 73(5): no revocation later than three months after probation ends, unless the client was
    prosecuted within those three months for an offence committed during probation; the prosecution is then
    recorded here.
    """

    violation = models.OneToOneField(Violation, models.PROTECT, related_name="revocation", verbose_name=_("violation"))
    episode = models.OneToOneField(
        ProgramEpisode, models.PROTECT, related_name="revocation", verbose_name=_("program episode")
    )
    decree_number = models.CharField(_("decree (SK) number"), max_length=100)
    decree_date = models.DateField(_("decree date"))
    decided_by = models.CharField(
        _("decided by"),
        max_length=150,
        help_text=_("The Minister or Director General (PB, CB, CMB), or the head of the prison (asimilasi)."),
    )
    returned_on = models.DateField(_("returned to prison on"))
    institution = models.CharField(_("prison (Lapas/Rutan)"), max_length=150)
    window_ends_on = models.DateField(_("last day for a revocation (Pasal 73(5))"))
    prosecuted_on = models.DateField(_("prosecuted on"), null=True, blank=True)
    prosecution_reference = models.CharField(_("prosecution reference"), max_length=150, blank=True)
    recorded_by = _user_fk(_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    # The tenant key: the office of the violation (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("violation",)

    objects = RevocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decree_date__lte=models.F("window_ends_on"))
                | models.Q(prosecuted_on__lte=models.F("window_ends_on")),
                name="violations_revocation_within_window",
                violation_error_message=_(
                    "A revocation after the window of Pasal 73(5) needs a prosecution within the window."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decree_number} ({site_date(self.decree_date)})"
