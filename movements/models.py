"""Movements of a client under guidance, and the end of guidance (domain notes §5.13, §5.14, §6.2).

- `Transfer` (pelimpahan): the client moves to another Bapas. The PK asks, the head decides, the
  receiving office accepts; the episode here then ends as "transferred" and a continuing episode
  starts there.
- `TravelPermit` (izin luar kota / izin luar negeri): leave to travel out of town or abroad.
- `ClosingReport` (laporan pengakhiran): the PK's closing report on an episode, after which the
  section head or head closes it (pengakhiran).

States are derived from timestamps (who did what when), never stored as a separate status field.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.codes import EpisodeStatus, Program, Relationship
from clients.models import ProgramEpisode
from lib.models import OfficeRow, VersionedModel
from organizations.models import Office
from regions.models import Regency, Village

# Service standards (domain notes §7.10), in working days after the day of the request.
TRANSFER_DECISION_DAYS = 10
PERMIT_DECISION_DAYS = 14
# UU 22/2022 Pasal 15: a client on parole (PB) may ask leave to go abroad for an important reason;
# other programs may only travel inside the country.
ABROAD_PROGRAMS = frozenset({Program.PB, Program.PB_ANAK})


class TransferQuerySet(models.QuerySet):
    def open(self):
        """Neither refused, returned nor accepted: still on its way."""
        return self.filter(accepted_at__isnull=True, returned_at__isnull=True).exclude(approved=False)

    def visible_to(self, user):
        from movements import access

        return access.transfers_visible_to(self, user)


class Transfer(models.Model):
    """A request to hand the guidance of a client over to another Bapas (pelimpahan bimbingan)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the head's decision")
        AT_BOARD = "at_board", _("On the case board's agenda")
        APPROVED = "approved", _("Approved; files not sent yet")
        SENT = "sent", _("Waiting for the receiving office")
        ACCEPTED = "accepted", _("Accepted by the receiving office")
        RETURNED = "returned", _("Returned by the receiving office")
        REFUSED = "refused", _("Refused")

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="transfers", verbose_name=_("program episode")
    )
    from_office = models.ForeignKey(Office, models.PROTECT, related_name="transfers_out", verbose_name=_("from"))
    to_office = models.ForeignKey(
        Office, models.PROTECT, related_name="transfers_in", verbose_name=_("receiving office")
    )
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    new_address = models.TextField(_("new address"))
    new_regency = models.ForeignKey(Regency, models.PROTECT, related_name="+", verbose_name=_("new regency or city"))
    new_village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("new village")
    )
    guarantor_name = models.CharField(_("guarantor at the new address"), max_length=150)
    guarantor_relationship = models.CharField(
        _("guarantor's relationship"), max_length=10, choices=Relationship.choices
    )
    guarantor_phone = models.CharField(_("guarantor's phone"), max_length=30, blank=True)
    guarantor_address = models.TextField(_("guarantor's address"), blank=True)
    reason = models.TextField(_("reason for the transfer"))
    review = models.TextField(
        _("PK's review (telaah)"), help_text=_("The PK's assessment: risk, family support, the new guarantor.")
    )
    board_item_id = models.PositiveBigIntegerField(_("case board agenda item"), null=True, blank=True, editable=False)
    board_outcome = models.TextField(_("case board recommendation"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    approved = models.BooleanField(_("approved"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    letter_number = models.CharField(_("transfer letter number"), max_length=100, blank=True)
    files_sent_on = models.DateField(_("files sent on"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("accepted by")
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("returned by")
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)
    new_episode = models.ForeignKey(
        ProgramEpisode,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("continuing episode at the receiving office"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_office=models.F("to_office")),
                name="movements_transfer_to_another_office",
                violation_error_message=_("A transfer goes to another office."),
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(accepted_at__isnull=True, returned_at__isnull=True)
                & (Q(approved__isnull=True) | Q(approved=True)),
                name="movements_transfer_one_open_per_episode",
                violation_error_message=_("This client already has a transfer under way."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(approved=True),
                name="movements_transfer_accepted_only_when_approved",
                violation_error_message=_("Only an approved transfer can be accepted."),
            ),
        ]
        indexes = [
            models.Index(fields=["to_office", "accepted_at"], name="movements_transfer_to_idx"),
            models.Index(fields=["from_office", "decided_at"], name="movements_transfer_from_idx"),
        ]

    def __str__(self) -> str:
        return _("Transfer to %(office)s") % {"office": self.to_office}

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.returned_at:
            return self.State.RETURNED
        if self.approved is False:
            return self.State.REFUSED
        if self.approved:
            return self.State.SENT if self.files_sent_on else self.State.APPROVED
        if self.board_item_id and not self.board_outcome:
            return self.State.AT_BOARD
        return self.State.REQUESTED

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def is_open(self) -> bool:
        return self.state not in (self.State.ACCEPTED, self.State.RETURNED, self.State.REFUSED)

    @property
    def awaits_decision(self) -> bool:
        return self.state in (self.State.REQUESTED, self.State.AT_BOARD)


class TravelPermit(OfficeRow):
    """Leave for a client to travel out of town (izin luar kota) or abroad (izin luar negeri)."""

    class Kind(models.TextChoices):
        OUT_OF_TOWN = "luar_kota", _("Out of town")
        ABROAD = "luar_negeri", _("Abroad")

    class Applicant(models.TextChoices):
        CLIENT = "klien", _("The client")
        LAWYER = "kuasa_hukum", _("The client's lawyer")
        FAMILY = "keluarga", _("Family")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    episode = models.ForeignKey(ProgramEpisode, models.PROTECT, related_name="permits", verbose_name=_("episode"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    applicant = models.CharField(_("applicant"), max_length=12, choices=Applicant.choices, default=Applicant.CLIENT)
    applicant_name = models.CharField(
        _("applicant's name"), max_length=150, blank=True, help_text=_("When the lawyer or family asks.")
    )
    destination = models.CharField(_("destination"), max_length=200)
    purpose = models.TextField(_("purpose"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    approved = models.BooleanField(_("approved"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    letter_number = models.CharField(_("letter number"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    # The tenant key: the office of the episode (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("episode",)
    seen_through = "episode"  # visible to whoever sees its episode (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("travel permit")
        verbose_name_plural = _("travel permits")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="movements_permit_ends_after_start",
                violation_error_message=_("The permit must end on or after its first day."),
            ),
            models.CheckConstraint(
                condition=Q(applicant="klien") | ~Q(applicant_name=""),
                name="movements_permit_applicant_named",
                violation_error_message=_("Give the name of the lawyer or family member who asks."),
            ),
        ]
        indexes = [models.Index(fields=["episode", "decided_at"], name="movements_permit_episode_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.destination}"

    @property
    def state(self) -> str:
        if self.approved is None:
            return self.State.REQUESTED
        return self.State.APPROVED if self.approved else self.State.REFUSED

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def has_deadline(self) -> bool:
        return self.kind == self.Kind.OUT_OF_TOWN


class ClosingReport(OfficeRow, VersionedModel):
    """The PK's closing report on an episode (laporan pengakhiran bimbingan), and its closing."""

    class Reason(models.TextChoices):
        COMPLETED = "selesai", _("Guidance completed")
        REVOKED = "dicabut", _("Revoked")
        TRANSFERRED = "dilimpahkan", _("Transferred to another Bapas")
        DECEASED = "meninggal", _("Deceased")
        OTHER_DECISION = "putusan_lain", _("Other court decision")

    episode = models.OneToOneField(
        ProgramEpisode, models.PROTECT, related_name="closing_report", verbose_name=_("episode")
    )
    reason = models.CharField(_("reason"), max_length=14, choices=Reason.choices)
    ended_on = models.DateField(_("date guidance ended"))
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    reference = models.CharField(
        _("decree or decision reference"),
        max_length=200,
        blank=True,
        help_text=_("The revocation decree (SK pencabutan) or the court decision that ends the guidance."),
    )
    summary = models.TextField(_("summary of the guidance"))
    conduct = models.TextField(_("the client's conduct"))
    recommendation = models.TextField(_("recommendation"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("closed by")
    )

    # The tenant key: the office of the episode (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("episode",)
    seen_through = "episode"  # visible to whoever sees its episode (lib.models.SeenThroughParentQuerySet)

    class Meta:
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason="meninggal") | Q(date_of_death__isnull=False),
                name="movements_closing_death_has_date",
                violation_error_message=_("Give the date of death."),
            ),
        ]

    def __str__(self) -> str:
        return _("Closing report: %(reason)s") % {"reason": self.get_reason_display()}


# The status an episode gets when it is closed for each reason.
CLOSING_STATUS = {
    ClosingReport.Reason.COMPLETED: EpisodeStatus.COMPLETED,
    ClosingReport.Reason.REVOKED: EpisodeStatus.REVOKED,
    ClosingReport.Reason.TRANSFERRED: EpisodeStatus.TRANSFERRED,
    ClosingReport.Reason.DECEASED: EpisodeStatus.DECEASED,
    ClosingReport.Reason.OTHER_DECISION: EpisodeStatus.COMPLETED,
}
