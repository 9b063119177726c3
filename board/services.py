"""Writes of the case board (TPP). Each validates everything first, then saves and audits in one transaction.

Roles are checked by the views (abilities `board.manage`, `phase.propose`, `phase.approve`); these
functions enforce the rules of the board itself.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from board.models import AgendaItem, Meeting, PhaseProposal
from board.registry import decision_handlers
from clients import services as client_services
from clients.codes import EpisodeStatus, Phase
from clients.models import ProgramEpisode

if TYPE_CHECKING:
    from accounts.models import User


Decision = AgendaItem.Decision
DECISIONS = frozenset({Decision.APPROVED, Decision.REJECTED, Decision.DEFERRED})
NEXT_PHASE = {Phase.AWAL: Phase.LANJUTAN, Phase.LANJUTAN: Phase.AKHIR}


# --- meetings ---------------------------------------------------------------------------------


def _check_meeting_people(*, office, chair, secretary) -> dict[str, str]:
    errors = {}
    for name, person in (("chair", chair), ("secretary", secretary)):
        if person is not None and (person.office_id != office.pk or not person.is_active):
            errors[name] = _("Choose an active member of staff of this office.")
    return errors


@transaction.atomic
def meeting_create(
    *,
    office,
    held_on: datetime.date,
    title: str,
    acting_user: User,
    number: str = "",
    chair=None,
    secretary=None,
    notes: str = "",
) -> Meeting:
    """Plan a meeting of the office's board."""
    errors = _check_meeting_people(office=office, chair=chair, secretary=secretary)
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        office=office,
        held_on=held_on,
        title=title.strip(),
        number=number.strip(),
        chair=chair,
        secretary=secretary,
        notes=notes.strip(),
        created_by=acting_user,
    )
    meeting.full_clean()
    meeting.save()
    audit.record(
        actor=acting_user,
        action="meeting.created",
        obj=meeting,
        office=office,
        data={"held_on": held_on, "title": meeting.title, "number": meeting.number},
    )
    return meeting


MEETING_FIELDS = ["held_on", "number", "title", "chair", "secretary", "notes"]


@transaction.atomic
def meeting_update(*, meeting: Meeting, acting_user: User, expected_version: int | None, **fields) -> Meeting:
    """Edit a meeting that is not closed (date, number, title, chair, secretary, notes)."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"meeting_update() got unexpected fields {sorted(unknown)}")
    meeting = _lock_meeting(meeting)
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(_("This meeting is closed; its record can no longer be changed."), code="closed")
    errors = _check_meeting_people(
        office=meeting.office,
        chair=fields.get("chair", meeting.chair),
        secretary=fields.get("secretary", meeting.secretary),
    )
    if errors:
        raise ValidationError(errors)
    for key in ("number", "title", "notes"):
        if key in fields:
            fields[key] = fields[key].strip()
    return audit.update_versioned(
        obj=meeting,
        acting_user=acting_user,
        expected_version=expected_version,
        fields=fields,
        audited=MEETING_FIELDS,
        action="meeting.updated",
    )


def _lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting as stored now, locked: a meeting closed meanwhile must not take more items or decisions."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def meeting_close(*, meeting: Meeting, acting_user: User) -> Meeting:
    """Close a meeting once every item on it is decided or deferred; its record is then final."""
    locked = _lock_meeting(meeting)
    if locked.status == Meeting.Status.CLOSED:
        raise ValidationError(_("This meeting is already closed."), code="closed")
    undecided = AgendaItem.objects.filter(meeting=locked).open().count()
    if undecided:
        raise ValidationError(
            _(
                "%(count)s item(s) on this meeting have no decision yet. Record a decision on each, "
                "or defer it to a later meeting, before closing the meeting."
            )
            % {"count": undecided},
            code="undecided",
        )
    before = locked.status
    locked.status = Meeting.Status.CLOSED
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    audit.record(
        actor=acting_user,
        action="meeting.closed",
        obj=locked,
        office=locked.office,
        changes={"status": [before, locked.status]},
    )
    return locked


# --- agenda items -----------------------------------------------------------------------------


def _subject_type(subject: models.Model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(subject, for_concrete_model=True)


def _on_agenda_error() -> ValidationError:
    return ValidationError(
        _("This matter is already on the board's agenda and has no decision yet."), code="already_on_agenda"
    )


@transaction.atomic
def agenda_item_add(
    *, kind: str, episode: ProgramEpisode, subject: models.Model, summary: str, acting_user: User, meeting=None
) -> AgendaItem:
    """Put `subject` (a phase proposal, violation, transfer…) about `episode` before the office's board.

    Without `meeting` the item waits for one. Refused when the subject is already on an open item.
    """
    if subject.pk is None:
        raise ValueError("Save the subject before putting it on the agenda.")
    errors: dict[str, str] = {}
    if kind not in AgendaItem.Kind.values:
        errors["kind"] = _("Choose what kind of matter this is.")
    if not summary.strip():
        errors["summary"] = _("Summarise the matter for the board.")
    if meeting is not None:
        meeting = _lock_meeting(meeting)
        errors.update(_check_meeting_for(meeting, episode))
    if errors:
        raise ValidationError(errors)
    subject_type = _subject_type(subject)
    if AgendaItem.objects.filter(subject_type=subject_type, subject_id=subject.pk).open().exists():
        raise _on_agenda_error()
    item = AgendaItem(
        office_id=episode.office_id,
        meeting=meeting,
        kind=kind,
        episode=episode,
        subject_type=subject_type,
        subject_id=subject.pk,
        summary=summary.strip(),
        proposed_by=acting_user,
    )
    item.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:  # the same subject added at the same moment elsewhere
        raise _on_agenda_error() from exc
    audit.record(
        actor=acting_user,
        action="agenda_item.added",
        obj=item,
        office=episode.office,
        data={
            "kind": kind,
            "client": episode.client_id,
            "episode": episode.pk,
            "subject_type": f"{subject_type.app_label}.{subject_type.model}",
            "subject_id": subject.pk,
            "meeting": meeting.pk if meeting else None,
        },
    )
    return item


def _check_meeting_for(meeting: Meeting, episode_or_item) -> dict[str, str]:
    if meeting.office_id != episode_or_item.office_id:
        return {"meeting": _("Choose a meeting of this office's board.")}
    if meeting.status == Meeting.Status.CLOSED:
        return {"meeting": _("This meeting is closed; choose a meeting that is still open.")}
    return {}


def _lock_item(item: AgendaItem) -> AgendaItem:
    return AgendaItem.objects.select_for_update(of=("self",)).select_related("episode", "meeting").get(pk=item.pk)


@transaction.atomic
def agenda_item_assign(*, item: AgendaItem, meeting: Meeting | None, acting_user: User) -> AgendaItem:
    """Put an undecided item on `meeting`'s agenda, or take it off (meeting None: back to awaiting one)."""
    locked = _lock_item(item)
    if not locked.is_open:
        raise ValidationError(_("The board has already decided this item."), code="decided")
    if meeting is not None:
        meeting = _lock_meeting(meeting)
        errors = _check_meeting_for(meeting, locked)
        if errors:
            raise ValidationError(errors)
    elif locked.meeting is not None and locked.meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(_("This meeting is closed."), code="closed")
    before = locked.meeting_id
    locked.meeting = meeting
    locked.save(update_fields=["meeting"])
    audit.record(
        actor=acting_user,
        action="agenda_item.assigned",
        obj=locked,
        office=locked.episode.office,
        changes={"meeting": [before, meeting.pk if meeting else None]},
    )
    return locked


def _minute_taken_error() -> ValidationError:
    return ValidationError(
        {"minute_number": _("This minute number is already used for another decision of this office's board.")},
        code="duplicate_minute",
    )


@transaction.atomic
def decision_record(*, item: AgendaItem, decision: str, minute_number: str, note: str, acting_user: User) -> AgendaItem:
    """Record the board's decision on an item on the agenda of an open meeting.

    - approved / rejected: need a minute number (nomor berita acara) not yet used in the office; final.
    - deferred: the item goes back to awaiting a meeting (a minute number given is kept only in the audit row).
    The handler registered for the item's kind (board.registry) then runs in this transaction; if it
    raises ValidationError, nothing is saved.
    """
    locked = _lock_item(item)
    minute_number = (minute_number or "").strip()
    note = (note or "").strip()
    if not locked.is_open:
        raise ValidationError(
            _("The board has already decided this item (%(decision)s).") % {"decision": locked.get_decision_display()},
            code="decided",
        )
    if locked.meeting is None:
        raise ValidationError(
            _("Put this item on a meeting's agenda first: the board decides only in a meeting."), code="no_meeting"
        )
    if locked.meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(_("This meeting is closed; no more decisions can be recorded."), code="closed")
    errors: dict[str, str] = {}
    if decision not in DECISIONS:
        errors["decision"] = _("Choose approved, rejected or deferred.")
    elif decision != Decision.DEFERRED:
        if not minute_number:
            errors["minute_number"] = _("Give the minute number of the decision (nomor berita acara).")
        elif AgendaItem.objects.filter(office_id=locked.office_id, minute_number=minute_number).exists():
            raise _minute_taken_error()
    if errors:
        raise ValidationError(errors)
    meeting = locked.meeting
    before = {"decision": locked.decision, "meeting": locked.meeting_id}
    locked.decision = decision
    locked.decision_note = note
    locked.decided_at = timezone.now()
    locked.decided_by = acting_user
    if decision == Decision.DEFERRED:
        locked.meeting = None
    else:
        locked.minute_number = minute_number
    try:
        with transaction.atomic():
            locked.save(
                update_fields=["decision", "decision_note", "decided_at", "decided_by", "meeting", "minute_number"]
            )
    except IntegrityError as exc:  # the same minute number recorded at the same moment elsewhere
        raise _minute_taken_error() from exc
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.HELD
        meeting.version += 1
        meeting.save(update_fields=["status", "version"])
    audit.record(
        actor=acting_user,
        action="agenda_item.decided",
        obj=locked,
        office=locked.episode.office,
        changes={"decision": [before["decision"], decision], "meeting": [before["meeting"], locked.meeting_id]},
        data={
            "kind": locked.kind,
            "client": locked.episode.client_id,
            "episode": locked.episode_id,
            "meeting": meeting.pk,
            "minute_number": minute_number,
            "note": note,
        },
    )
    handler = decision_handlers.get(locked.kind)
    if handler is not None:
        handler(locked, acting_user)
    return locked


# --- phase changes ----------------------------------------------------------------------------


@transaction.atomic
def phase_propose(*, episode: ProgramEpisode, to_phase: str, reason: str, acting_user: User) -> PhaseProposal:
    """A PK proposes moving `episode` to its next guidance phase; the proposal goes before the board."""
    locked = (
        ProgramEpisode.objects.select_for_update(of=("self",)).select_related("client", "office").get(pk=episode.pk)
    )
    if locked.status != EpisodeStatus.ACTIVE:
        raise ValidationError(
            _("This client's guidance is %(status)s: a phase change can be proposed only while it is under way.")
            % {"status": locked.get_status_display().lower()},
            code="not_active",
        )
    if PhaseProposal.objects.filter(episode=locked, status__in=PhaseProposal.OPEN_STATUSES).exists():
        raise ValidationError(
            _("A phase change for this client is already proposed and not yet decided."), code="already_proposed"
        )
    errors: dict[str, str] = {}
    following = NEXT_PHASE.get(locked.phase)
    if following is None:
        errors["to_phase"] = _("The client is in the final phase; there is no later phase to propose.")
    elif to_phase != following:
        errors["to_phase"] = _(
            "Only the next phase can be proposed: from the %(current)s the client moves to the %(next)s."
        ) % {"current": Phase(locked.phase).label.lower(), "next": following.label.lower()}
    if not reason.strip():
        errors["reason"] = _("Give the reason for the proposal.")
    if errors:
        raise ValidationError(errors)
    proposal = PhaseProposal(
        episode=locked,
        office_id=locked.office_id,
        from_phase=locked.phase,
        to_phase=to_phase,
        reason=reason.strip(),
        proposed_by=acting_user,
    )
    proposal.full_clean(validate_constraints=False)
    proposal.save()
    proposal.agenda_item = agenda_item_add(
        kind=AgendaItem.Kind.PHASE,
        episode=locked,
        subject=proposal,
        summary=_("Move from the %(current)s to the %(next)s: %(reason)s")
        % {
            "current": Phase(locked.phase).label.lower(),
            "next": Phase(to_phase).label.lower(),
            "reason": proposal.reason,
        },
        acting_user=acting_user,
    )
    proposal.save(update_fields=["agenda_item"])
    audit.record(
        actor=acting_user,
        action="phase.proposed",
        obj=proposal,
        office=locked.office,
        data={"client": locked.client_id, "episode": locked.pk, "from": proposal.from_phase, "to": to_phase},
    )
    return proposal


def _apply_phase(proposal: PhaseProposal, acting_user: User) -> None:
    """Apply an approved proposal: `clients.services.phase_change` moves the phase."""
    episode = proposal.episode
    if episode.phase != proposal.from_phase:
        raise ValidationError(
            _("The client's phase changed since the proposal was made; make a new proposal."), code="stale_phase"
        )
    if episode.status != EpisodeStatus.ACTIVE:
        raise ValidationError(
            _("This client's guidance is %(status)s: the phase can no longer be changed.")
            % {"status": episode.get_status_display().lower()},
            code="not_active",
        )
    client_services.phase_change(episode=episode, phase=proposal.to_phase, acting_user=acting_user)
    proposal.status = PhaseProposal.Status.APPLIED
    proposal.applied_at = timezone.now()


@decision_handlers.register(AgendaItem.Kind.PHASE)
def _phase_decided(item: AgendaItem, acting_user: User) -> None:
    """The board decided a phase proposal: rejected ends it; approved goes to the head, or applies at once
    when the episode's rule set needs no head approval; deferred leaves it before the board."""
    proposal = (
        PhaseProposal.objects.select_for_update(of=("self",))
        .select_related("episode__rule_set")
        .get(pk=item.subject_id)
    )
    before = proposal.status
    if item.decision == Decision.REJECTED:
        proposal.status = PhaseProposal.Status.REJECTED
    elif item.decision == Decision.APPROVED:
        if proposal.episode.rule_set.phase_change_needs_head_approval:
            proposal.status = PhaseProposal.Status.AWAITING_HEAD
        else:
            _apply_phase(proposal, acting_user)
    if proposal.status != before:
        proposal.save(update_fields=["status", "applied_at"])
        audit.record(
            actor=acting_user,
            action="phase.board_decided",
            obj=proposal,
            office=item.episode.office,
            changes={"status": [before, proposal.status]},
            data={"minute_number": item.minute_number, "agenda_item": item.pk},
        )


@transaction.atomic
def phase_approve(*, proposal: PhaseProposal, approve: bool, note: str, acting_user: User) -> PhaseProposal:
    """The head approves (the phase changes) or refuses a phase change the board approved."""
    locked = (
        PhaseProposal.objects.select_for_update(of=("self",))
        .select_related("episode__office", "episode")
        .get(pk=proposal.pk)
    )
    note = (note or "").strip()
    if locked.status != PhaseProposal.Status.AWAITING_HEAD:
        raise ValidationError(
            _("This proposal is not waiting for the head's approval (it is: %(status)s).")
            % {"status": locked.get_status_display().lower()},
            code="not_awaiting",
        )
    if not approve and not note:
        raise ValidationError({"note": _("Give the reason for refusing the phase change.")})
    before = locked.status
    locked.head_approved = approve
    locked.head_decided_by = acting_user
    locked.head_decided_at = timezone.now()
    locked.head_note = note
    if approve:
        _apply_phase(locked, acting_user)
    else:
        locked.status = PhaseProposal.Status.REFUSED
    locked.save(
        update_fields=["status", "head_approved", "head_decided_by", "head_decided_at", "head_note", "applied_at"]
    )
    audit.record(
        actor=acting_user,
        action="phase.approved" if approve else "phase.refused",
        obj=locked,
        office=locked.episode.office,
        changes={"status": [before, locked.status]},
        data={"note": note},
    )
    return locked
