"""Writes of the movements app. Each validates everything first (so a refusal changes nothing), then saves
and audits in one transaction.

Transfer (pelimpahan):  transfer_request → [transfer_to_board] → transfer_decide → transfer_files_sent
                        → transfer_accept | transfer_return   (by the receiving office)
Permit:                 permit_request → permit_decide
Termination:            closing_report_write → episode_close
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import User
from audit import services as audit
from board import services as board_services
from board.models import PhaseProposal
from clients import services as client_services
from clients.codes import OPEN_STATUSES, EpisodeStatus, Program
from clients.models import Client, ProgramEpisode
from lib.dates import long_date, site_date
from movements import selectors
from movements.models import ABROAD_PROGRAMS, CLOSING_STATUS, ClosingReport, Transfer, TravelPermit
from violations.models import Violation

TRANSFER_FIELDS = [
    "to_office",
    "new_address",
    "new_regency",
    "new_village",
    "guarantor_name",
    "guarantor_relationship",
    "guarantor_phone",
    "guarantor_address",
    "reason",
    "review",
]
PERMIT_FIELDS = ["kind", "applicant", "applicant_name", "destination", "purpose", "starts_on", "ends_on"]
REPORT_FIELDS = ["reason", "ended_on", "date_of_death", "reference", "summary", "conduct", "recommendation"]


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _lock_episode(episode: ProgramEpisode) -> ProgramEpisode:
    return ProgramEpisode.objects.select_for_update(of=("self",)).select_related("client", "office").get(pk=episode.pk)


def _require_open(episode: ProgramEpisode) -> None:
    if episode.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This client's guidance has ended (%(status)s): nothing more can be requested for it.")
            % {"status": episode.get_status_display().lower()},
            code="episode_closed",
        )


def _require_active(episode: ProgramEpisode) -> None:
    """Transfers and travel need guidance under way, not suspended (a suspended client awaits a decision)."""
    _require_open(episode)
    if episode.status == EpisodeStatus.SUSPENDED:
        raise ValidationError(
            _("This client's guidance is temporarily suspended: no transfer or travel until it resumes."),
            code="suspended",
        )


def _require_current(episode: ProgramEpisode) -> None:
    if episode.client.current_episode_id != episode.pk:
        raise ValidationError(_("This is not the client's current episode."), code="not_current")


# --- Transfers (pelimpahan) ---------------------------------------------------------------------


def _open_matters(episode: ProgramEpisode) -> bool:
    """Whether the sending office still has business with the episode that would be stranded by a transfer."""

    return (
        Violation.objects.open().filter(episode=episode).exists()
        or PhaseProposal.objects.filter(episode=episode, status__in=PhaseProposal.OPEN_STATUSES).exists()
    )


@transaction.atomic
def transfer_request(
    *,
    episode: ProgramEpisode,
    acting_user: User,
    to_office,
    new_address: str,
    new_regency,
    new_village=None,
    guarantor_name: str,
    guarantor_relationship: str,
    guarantor_phone: str = "",
    guarantor_address: str = "",
    reason: str,
    review: str,
    today: datetime.date | None = None,
) -> Transfer:
    """Ask to hand the client's guidance over to `to_office` (the PK or section head of the client's office)."""
    today = today or timezone.localdate()
    episode = _lock_episode(episode)
    _require_active(episode)
    _require_current(episode)
    errors: dict[str, str] = {}
    if to_office is None:
        errors["to_office"] = _("Choose the receiving office.")
    elif to_office.pk == episode.office_id:
        errors["to_office"] = _(
            "%(office)s already guides this client: a transfer goes to another Bapas. Nothing was saved."
        ) % {"office": episode.office}
    elif not getattr(to_office, "is_active", True):
        errors["to_office"] = _("%(office)s is not an active office.") % {"office": to_office}
    elif new_regency is not None and not to_office.working_area.filter(pk=new_regency.pk).exists():
        errors["new_regency"] = _("%(regency)s is outside the working area of %(office)s.") % {
            "regency": new_regency,
            "office": to_office,
        }
    if new_village is not None and new_regency is not None and new_village.district.regency_id != new_regency.pk:
        errors["new_village"] = _("This village is not in the chosen regency or city.")
    if Transfer.objects.open().filter(episode=episode).exists():
        errors["__all__"] = _("This client already has a transfer under way.")
    elif _open_matters(episode):
        # The receiving office cannot see this office's board or violations: settle them here first.
        errors["__all__"] = _(
            "This client has an open violation or phase proposal: settle it before transferring the guidance."
        )
    _raise(errors)
    transfer = Transfer(
        episode=episode,
        from_office=episode.office,
        to_office=to_office,
        requested_on=today,
        requested_by=acting_user,
        new_address=new_address.strip(),
        new_regency=new_regency,
        new_village=new_village,
        guarantor_name=guarantor_name.strip(),
        guarantor_relationship=guarantor_relationship,
        guarantor_phone=guarantor_phone.strip(),
        guarantor_address=guarantor_address.strip(),
        reason=reason.strip(),
        review=review.strip(),
    )
    transfer.full_clean()
    transfer.save()
    audit.record(
        actor=acting_user,
        action="transfer.requested",
        obj=transfer,
        office=episode.office,
        changes=audit.diff({}, audit.snapshot(transfer, TRANSFER_FIELDS)),
        data={"client": episode.client_id, "episode": episode.pk},
    )
    return transfer


def _lock_transfer(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("episode__client", "from_office", "to_office", "new_regency", "new_village")
        .get(pk=transfer.pk)
    )


@transaction.atomic
def transfer_to_board(*, transfer: Transfer, acting_user: User, summary: str = "") -> Transfer:
    """Put an undecided transfer on the case board's (TPP) agenda. Optional: the head may decide without it."""
    locked = _lock_transfer(transfer)
    if not locked.awaits_decision or locked.board_item_id:
        raise ValidationError(_("Only a transfer waiting for a decision, not yet on the agenda, goes to the board."))
    if not selectors.board_available():
        raise ValidationError(_("The case board is not available."))

    item = board_services.agenda_item_add(
        kind="transfer",
        episode=locked.episode,
        subject=locked,
        summary=summary.strip() or locked.reason,
        acting_user=acting_user,
    )
    locked.board_item_id = item.pk
    locked.save(update_fields=["board_item_id"])
    audit.record(
        actor=acting_user,
        action="transfer.sent_to_board",
        obj=locked,
        office=locked.from_office,
        data={"agenda_item": item.pk},
    )
    return locked


@transaction.atomic
def transfer_board_outcome(*, transfer: Transfer, recommendation: str, acting_user: User | None = None) -> Transfer:
    """Record the case board's recommendation on a transfer (called by the board's decision handler)."""
    locked = _lock_transfer(transfer)
    locked.board_outcome = recommendation.strip()
    locked.save(update_fields=["board_outcome"])
    audit.record(
        actor=acting_user,
        action="transfer.board_recommended",
        obj=locked,
        office=locked.from_office,
        data={"recommendation": locked.board_outcome},
    )
    return locked


def _require_staff_of(user, office, message: str) -> None:
    if user.office_id != office.pk:
        raise ValidationError(message, code="wrong_office")


@transaction.atomic
def transfer_decide(
    *,
    transfer: Transfer,
    acting_user: User,
    approve: bool,
    reason: str = "",
    letter_number: str = "",
    files_sent_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Transfer:
    """The head of the sending office approves or refuses a transfer (a refusal needs its reason)."""
    today = today or timezone.localdate()
    locked = _lock_transfer(transfer)
    _require_staff_of(acting_user, locked.from_office, _("Only the head of the sending office decides a transfer."))
    if not locked.awaits_decision:
        raise ValidationError(_("This transfer has already been decided."), code="decided")
    _require_open(locked.episode)
    errors: dict[str, str] = {}
    if not approve and not reason.strip():
        errors["reason"] = _("Give the reason for refusing the transfer.")
    if files_sent_on is not None and approve and files_sent_on > today:
        errors["files_sent_on"] = _("The files cannot be sent in the future.")
    if files_sent_on is not None and not approve:
        errors["files_sent_on"] = _("Files are sent only for an approved transfer.")
    _raise(errors)
    locked.decided_at = timezone.now()
    locked.decided_by = acting_user
    locked.approved = approve
    locked.decision_reason = reason.strip()
    locked.letter_number = letter_number.strip()
    locked.files_sent_on = files_sent_on
    locked.full_clean()
    locked.save(
        update_fields=["decided_at", "decided_by", "approved", "decision_reason", "letter_number", "files_sent_on"]
    )
    audit.record(
        actor=acting_user,
        action="transfer.approved" if approve else "transfer.refused",
        obj=locked,
        office=locked.from_office,
        changes={"approved": [None, approve]},
        data={"reason": locked.decision_reason, "letter_number": locked.letter_number, "files_sent_on": files_sent_on},
    )
    return locked


@transaction.atomic
def transfer_files_sent(
    *, transfer: Transfer, acting_user: User, sent_on: datetime.date, today: datetime.date | None = None
) -> Transfer:
    """Record the day the sending office sent the client's files to the receiving office."""
    today = today or timezone.localdate()
    locked = _lock_transfer(transfer)
    _require_staff_of(acting_user, locked.from_office, _("Only the sending office records that the files left."))
    if locked.state != Transfer.State.APPROVED:
        raise ValidationError(_("Files are recorded as sent once, for an approved transfer."), code="not_approved")
    if sent_on > today:
        raise ValidationError({"files_sent_on": _("The files cannot be sent in the future.")})
    if sent_on < timezone.localdate(locked.decided_at):
        raise ValidationError({"files_sent_on": _("The files cannot leave before the transfer was approved.")})
    locked.files_sent_on = sent_on
    locked.save(update_fields=["files_sent_on"])
    audit.record(
        actor=acting_user,
        action="transfer.files_sent",
        obj=locked,
        office=locked.from_office,
        changes={"files_sent_on": [None, sent_on]},
    )
    return locked


def _check_receiver(user, transfer: Transfer) -> None:
    _require_staff_of(user, transfer.to_office, _("Only the receiving office accepts or returns a transfer."))
    if not scopes.can(user, "transfer.accept"):
        raise ValidationError(_("Only the head or a section head accepts or returns a transfer."), code="role")


def _continuing_decree_number(episode: ProgramEpisode, transfer: Transfer) -> str:
    """The decree number of the continuing episode: the same decree, marked as continued after transfer.

    ProgramEpisode allows one episode per client, program and decree number, so the continuing
    episode carries the transfer's mark; the decree itself is unchanged.
    """
    suffix = f" / pelimpahan {transfer.pk}"
    return episode.decree_number[: 100 - len(suffix)] + suffix


@transaction.atomic
def transfer_accept(*, transfer: Transfer, acting_user: User, today: datetime.date | None = None) -> ProgramEpisode:
    """The receiving office accepts the client: one transaction moves the guidance.

    1. The episode at the sending office ends as "transferred" and its officers' assignments end.
    2. A continuing episode (same order, case, rules, phase and end) starts today at the receiving
       office without a PK; its section head assigns one.
    3. The client moves: office, a register number of the receiving office, the new address, and the
       new guarantor.
    Audit rows are written for both offices.
    """
    today = today or timezone.localdate()
    locked = _lock_transfer(transfer)
    _check_receiver(acting_user, locked)
    if locked.state == Transfer.State.APPROVED:
        raise ValidationError(_("The sending office has not sent the files yet."), code="files_not_sent")
    if locked.state != Transfer.State.SENT:
        raise ValidationError(_("This transfer is not waiting for acceptance."), code="not_waiting")
    episode = _lock_episode(locked.episode)
    _require_active(episode)
    _require_current(episode)
    if today >= episode.ends_on:
        raise ValidationError(
            _("Guidance ends on %(date)s: there is nothing left to transfer; close it at the sending office instead.")
            % {"date": long_date(episode.ends_on)},
            code="ended",
        )
    client = Client.objects.select_for_update().get(pk=episode.client_id)
    sending, receiving = locked.from_office, locked.to_office
    now = timezone.now()

    # 1. The sending office's episode ends.
    client_services.episode_end(
        episode=episode,
        status=EpisodeStatus.TRANSFERRED,
        acting_user=acting_user,
        action="episode.transferred",
        reason=_("Guidance transferred to %(office)s.") % {"office": receiving.name},
        office=sending,
        data={"client": client.pk, "to_office": receiving.pk, "transfer": locked.pk},
    )
    ClosingReport.objects.filter(
        episode=episode, reason=ClosingReport.Reason.TRANSFERRED, closed_at__isnull=True
    ).update(closed_at=now, closed_by=acting_user)

    # 2. The continuing episode at the receiving office.
    new = client_services.episode_continue(
        episode=episode,
        client=client,
        office=receiving,
        starts_on=today,
        decree_number=_continuing_decree_number(episode, locked),
        acting_user=acting_user,
        data={"transfer": locked.pk},
    )

    # 3. The client moves, with the guarantor at the new address.
    client_services.client_relocate(
        client=client,
        office=receiving,
        episode=new,
        address=locked.new_address,
        regency=locked.new_regency,
        village=locked.new_village,
        today=today,
        acting_user=acting_user,
        data={"transfer": locked.pk, "from_office": sending.pk},
    )
    client_services.guarantor_add(
        client=client,
        acting_user=acting_user,
        data={"transfer": locked.pk},
        name=locked.guarantor_name,
        relationship=locked.guarantor_relationship,
        phone=locked.guarantor_phone,
        address=locked.guarantor_address,
        village=locked.new_village,
    )

    locked.accepted_at = now
    locked.accepted_by = acting_user
    locked.new_episode = new
    locked.save(update_fields=["accepted_at", "accepted_by", "new_episode"])
    for office in (receiving, sending):
        audit.record(
            actor=acting_user,
            action="transfer.accepted",
            obj=locked,
            office=office,
            data={"client": client.pk, "episode": episode.pk, "new_episode": new.pk},
        )
    return new


@transaction.atomic
def transfer_return(*, transfer: Transfer, acting_user: User, reason: str) -> Transfer:
    """The receiving office sends the transfer back (e.g. the address is outside its area); nothing moves."""
    locked = _lock_transfer(transfer)
    _check_receiver(acting_user, locked)
    if locked.state not in (Transfer.State.APPROVED, Transfer.State.SENT):
        raise ValidationError(_("This transfer is not waiting for acceptance."), code="not_waiting")
    if not reason.strip():
        raise ValidationError({"return_reason": _("Say why the transfer goes back to the sending office.")})
    locked.returned_at = timezone.now()
    locked.returned_by = acting_user
    locked.return_reason = reason.strip()
    locked.save(update_fields=["returned_at", "returned_by", "return_reason"])
    for office in (locked.to_office, locked.from_office):
        audit.record(
            actor=acting_user,
            action="transfer.returned",
            obj=locked,
            office=office,
            data={"reason": locked.return_reason, "client": locked.episode.client_id},
        )
    return locked


# --- Travel permits (izin luar kota / luar negeri) -----------------------------------------------


@transaction.atomic
def permit_request(
    *,
    episode: ProgramEpisode,
    acting_user: User,
    kind: str,
    applicant: str,
    applicant_name: str = "",
    destination: str,
    purpose: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date | None = None,
) -> TravelPermit:
    """Record a request for leave to travel out of town or abroad."""
    today = today or timezone.localdate()
    episode = _lock_episode(episode)
    _require_active(episode)
    _require_current(episode)
    errors: dict[str, str] = {}
    if kind == TravelPermit.Kind.ABROAD and episode.program not in ABROAD_PROGRAMS:
        errors["kind"] = _(
            "Only a client on parole (PB) may be allowed to go abroad (UU 22/2022 Pasal 15); "
            "this client is on %(program)s."
        ) % {"program": Program(episode.program).label}
    if applicant != TravelPermit.Applicant.CLIENT and not applicant_name.strip():
        errors["applicant_name"] = _("Give the name of the lawyer or family member who asks.")
    if starts_on < today:
        errors["starts_on"] = _("The trip cannot start before the day of the request.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The trip must end on or after its first day.")
    elif ends_on > episode.ends_on:
        errors["ends_on"] = _("The trip must end by the end of guidance (%(date)s).") % {
            "date": long_date(episode.ends_on)
        }
    overlapping = (
        TravelPermit.objects.filter(episode=episode, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .exclude(approved=False)
        .first()
    )
    if overlapping is not None and "ends_on" not in errors:
        errors["starts_on"] = _("Another permit already covers %(from)s to %(until)s.") % {
            "from": long_date(overlapping.starts_on),
            "until": long_date(overlapping.ends_on),
        }
    _raise(errors)
    permit = TravelPermit(
        episode=episode,
        kind=kind,
        applicant=applicant,
        applicant_name=applicant_name.strip() if applicant != TravelPermit.Applicant.CLIENT else "",
        destination=destination.strip(),
        purpose=purpose.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        requested_on=today,
        requested_by=acting_user,
    )
    permit.full_clean()
    permit.save()
    audit.record(
        actor=acting_user,
        action="permit.requested",
        obj=permit,
        office=episode.office,
        changes=audit.diff({}, audit.snapshot(permit, PERMIT_FIELDS)),
        data={"client": episode.client_id, "episode": episode.pk},
    )
    return permit


@transaction.atomic
def permit_decide(
    *,
    permit: TravelPermit,
    acting_user: User,
    approve: bool,
    reason: str = "",
    letter_number: str = "",
    today: datetime.date | None = None,
) -> TravelPermit:
    """The section head or head approves or refuses a permit (a refusal needs its reason)."""
    today = today or timezone.localdate()
    locked = TravelPermit.objects.select_for_update(of=("self",)).select_related("episode").get(pk=permit.pk)
    episode = locked.episode
    _require_staff_of(acting_user, episode.office, _("Only the client's office decides a permit."))
    if locked.approved is not None:
        raise ValidationError(_("This permit has already been decided."), code="decided")
    _require_open(episode)
    errors: dict[str, str] = {}
    if not approve and not reason.strip():
        errors["reason"] = _("Give the reason for refusing the permit.")
    if approve and locked.ends_on < today:
        errors["__all__"] = _("The trip was over on %(date)s; it can only be refused now.") % {
            "date": long_date(locked.ends_on)
        }
    _raise(errors)
    locked.decided_at = timezone.now()
    locked.decided_by = acting_user
    locked.approved = approve
    locked.decision_reason = reason.strip()
    locked.letter_number = letter_number.strip()
    locked.save(update_fields=["decided_at", "decided_by", "approved", "decision_reason", "letter_number"])
    audit.record(
        actor=acting_user,
        action="permit.approved" if approve else "permit.refused",
        obj=locked,
        office=episode.office,
        changes={"approved": [None, approve]},
        data={"reason": locked.decision_reason, "letter_number": locked.letter_number, "client": episode.client_id},
    )
    return locked


# --- Termination (pengakhiran) -------------------------------------------------------------------


def _revocation_reference(revocation) -> str:
    return f"{revocation.decree_number} ({site_date(revocation.decree_date)})"


def _check_episode_for(episode: ProgramEpisode, reason: str, revocation) -> dict[str, str]:
    """A revocation is recorded by the violations app (which also marks the episode revoked); the closing
    report of a revoked episode gives that reason, and no other episode can be closed as revoked."""
    if revocation is not None:
        if reason != ClosingReport.Reason.REVOKED:
            return {
                "reason": _("This guidance was revoked by decree %(decree)s: the closing report gives that reason.")
                % {"decree": _revocation_reference(revocation)}
            }
        return {}
    _require_open(episode)
    if reason == ClosingReport.Reason.REVOKED:
        return {
            "reason": _(
                "No revocation is recorded for this client. The head records the revocation decree on the "
                "violation first; the episode is then revoked and the closing report can say so."
            )
        }
    return {}


def _check_closing(
    episode: ProgramEpisode,
    *,
    reason: str,
    ended_on: datetime.date | None,
    date_of_death: datetime.date | None,
    reference: str,
    today: datetime.date,
    drafting: bool = False,
) -> dict[str, str]:
    """The rules of a termination, for both writing the report and closing the episode.

    While `drafting`, a report for guidance completed on its scheduled end may be written ahead of that
    day (the PK prepares it in the last weeks); the episode still closes only from that day on.
    """
    errors: dict[str, str] = {}
    if reason not in ClosingReport.Reason.values:
        errors["reason"] = _("Choose the reason guidance ends.")
        return errors
    if ended_on is None:
        errors["ended_on"] = _("Give the date guidance ended.")
        return errors
    ahead_of_end = drafting and reason == ClosingReport.Reason.COMPLETED and ended_on == episode.ends_on
    if ended_on > today and not ahead_of_end:
        errors["ended_on"] = _("Guidance cannot end in the future.")
    elif ended_on < episode.starts_on:
        errors["ended_on"] = _("Guidance cannot end before it started (%(date)s).") % {
            "date": long_date(episode.starts_on)
        }
    if reason == ClosingReport.Reason.COMPLETED and ended_on < episode.ends_on:
        errors["reason"] = _(
            "Guidance runs until %(date)s: it can be closed as completed only from that day. "
            "If a decision ended it early, choose that reason."
        ) % {"date": long_date(episode.ends_on)}
    if reason == ClosingReport.Reason.DECEASED:
        if date_of_death is None:
            errors["date_of_death"] = _("Give the date of death.")
        elif date_of_death > today:
            errors["date_of_death"] = _("The date of death cannot be in the future.")
        elif date_of_death > ended_on:
            errors["ended_on"] = _("Guidance ends on the date of death or later.")
    elif date_of_death is not None:
        errors["date_of_death"] = _("A date of death is given only when the client died.")
    if reason == ClosingReport.Reason.OTHER_DECISION and not reference.strip():
        errors["reference"] = _("Give the number and date of the court decision that ends the guidance.")
    if reason == ClosingReport.Reason.TRANSFERRED and not (
        Transfer.objects.filter(episode=episode, approved=True, returned_at__isnull=True).exists()
    ):
        errors["reason"] = _("There is no approved transfer of this client: choose another reason.")
    return errors


@transaction.atomic
def closing_report_write(
    *,
    episode: ProgramEpisode,
    acting_user: User,
    reason: str,
    ended_on: datetime.date | None,
    summary: str,
    conduct: str,
    recommendation: str = "",
    date_of_death: datetime.date | None = None,
    reference: str = "",
    expected_version: int | None = None,
    today: datetime.date | None = None,
) -> ClosingReport:
    """Write (or rewrite, until the episode is closed) the PK's closing report of an episode."""
    today = today or timezone.localdate()
    episode = _lock_episode(episode)
    revocation = selectors.revocation_of(episode) if episode.status == EpisodeStatus.REVOKED else None
    report = ClosingReport.objects.select_for_update().filter(episode=episode).first()
    if report is not None:
        if report.closed_at:
            raise ValidationError(_("This closing report is closed."), code="closed")
        report.check_version(expected_version)
    errors = _check_episode_for(episode, reason, revocation)
    if revocation is not None and not reference.strip():
        reference = _revocation_reference(revocation)
    errors.update(
        _check_closing(
            episode,
            reason=reason,
            ended_on=ended_on,
            date_of_death=date_of_death,
            reference=reference,
            today=today,
            drafting=True,
        )
    )
    if not summary.strip():
        errors["summary"] = _("Summarise the guidance.")
    if not conduct.strip():
        errors["conduct"] = _("Describe the client's conduct during guidance.")
    _raise(errors)
    values = {
        "reason": reason,
        "ended_on": ended_on,
        "date_of_death": date_of_death,
        "reference": reference.strip(),
        "summary": summary.strip(),
        "conduct": conduct.strip(),
        "recommendation": recommendation.strip(),
    }
    if report is None:
        report = ClosingReport(episode=episode, written_by=acting_user, **values)
        before: dict = {}
        action = "closing_report.written"
    else:
        before = audit.snapshot(report, REPORT_FIELDS)
        for name, value in values.items():
            setattr(report, name, value)
        report.written_by = acting_user
        report.written_at = timezone.now()
        report.version += 1
        action = "closing_report.updated"
    report.full_clean()
    report.save()
    audit.record(
        actor=acting_user,
        action=action,
        obj=report,
        office=episode.office,
        changes=audit.diff(before, audit.snapshot(report, REPORT_FIELDS)),
        data={"client": episode.client_id, "episode": episode.pk},
    )
    return report


@transaction.atomic
def episode_close(*, episode: ProgramEpisode, acting_user: User, today: datetime.date | None = None) -> ProgramEpisode:
    """Close an episode on its closing report (section head or head): its status follows the report's reason."""
    today = today or timezone.localdate()
    episode = _lock_episode(episode)
    _require_staff_of(acting_user, episode.office, _("Only the client's office closes the guidance."))
    revocation = selectors.revocation_of(episode) if episode.status == EpisodeStatus.REVOKED else None
    if revocation is None:
        _require_open(episode)
    report = ClosingReport.objects.select_for_update().filter(episode=episode).first()
    if report is None:
        raise ValidationError(_("The PK writes the closing report first."), code="no_report")
    if report.closed_at:
        raise ValidationError(_("This closing report is closed."), code="closed")
    if report.reason == ClosingReport.Reason.TRANSFERRED:
        raise ValidationError(
            _("A transferred client's guidance closes when the receiving office accepts the transfer."),
            code="transferred",
        )
    errors = _check_episode_for(episode, report.reason, revocation)
    errors.update(
        _check_closing(
            episode,
            reason=report.reason,
            ended_on=report.ended_on,
            date_of_death=report.date_of_death,
            reference=report.reference,
            today=today,
        )
    )
    _raise(errors)
    report.closed_at = timezone.now()
    report.closed_by = acting_user
    report.save(update_fields=["closed_at", "closed_by"])
    # A revoked episode already has its status; the others get the one the closing reason gives.
    return client_services.episode_end(
        episode=episode,
        status=CLOSING_STATUS[report.reason],
        acting_user=acting_user,
        action="episode.closed",
        reason=report.get_reason_display(),
        data={
            "client": episode.client_id,
            "closing_report": report.pk,
            "reason": report.reason,
            "ended_on": report.ended_on,
            "reference": report.reference,
        },
    )
