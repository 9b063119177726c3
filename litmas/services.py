"""Writes of the Litmas app. Each locks the request, checks the step against the flow (`litmas.flow`), appends
the step, copies the derived state onto the request and audits, in one transaction.

Who may take a step is an ability checked by the view (`litmas.*`); what only the assigned PK may do
(gather, write, submit, sign) is checked here, because it depends on the row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import User
from audit import services as audit
from board.models import Meeting
from clients.models import Client
from lib.nik import validate_nik
from litmas import flow, selectors
from litmas.access import is_assigned_officer
from litmas.codes import State, Step
from litmas.deadlines import deadline_for
from litmas.models import LitmasReport, LitmasRequest, LitmasStep, LitmasType
from organizations.models import Office


@dataclass(frozen=True)
class RequestInput:
    """What the front desk copies from a request letter."""

    litmas_type: LitmasType
    is_child: bool
    requester_kind: str
    requester_name: str
    letter_number: str
    letter_date: datetime.date
    received_at: datetime.datetime
    client: Client | None = None
    person_name: str = ""
    person_nik: str = ""
    person_birth_date: datetime.date | None = None
    person_sex: str = ""


def _duplicate_letter_error() -> ValidationError:
    return ValidationError(
        {"letter_number": _("A request with this letter number from this requester is already recorded.")},
        code="duplicate_letter",
    )


def _check_request(office: Office, data: RequestInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    now = timezone.now()
    if data.letter_date > timezone.localdate():
        errors["letter_date"] = _("The letter date cannot be in the future.")
    elif data.letter_date > timezone.localtime(data.received_at).date():
        errors["letter_date"] = _("The letter date cannot be after the day it was received.")
    if data.received_at > now + datetime.timedelta(minutes=5):
        errors["received_at"] = _("The time of receipt cannot be in the future.")
    if not data.litmas_type.active:
        errors["litmas_type"] = _("This Litmas type is no longer in use.")
    elif not data.litmas_type.allows(is_child=data.is_child):
        errors["litmas_type"] = (
            _("This Litmas type is written about adults, not children.")
            if data.is_child
            else _("This Litmas type is written about children, not adults.")
        )
    if not data.requester_name.strip():
        errors["requester_name"] = _("Give the requesting institution.")
    if not data.letter_number.strip():
        errors["letter_number"] = _("Give the letter number.")
    if data.client is not None:
        if data.client.office_id != office.pk:
            errors["client"] = _("Choose a client of this office.")
    elif not data.person_name.strip():
        errors["person_name"] = _("Choose the client or give the person's name.")
    if data.person_nik:
        try:
            validate_nik(data.person_nik)
        except ValidationError as exc:
            errors["person_nik"] = exc.messages[0]
    return errors


def _append(request: LitmasRequest, step: str, acting_user: User, *, note: str = "", **fields) -> LitmasStep:
    """Append `step` to a locked request, copy the state it leads to, and save both."""
    try:
        state = flow.next_state(request.state if request.pk else None, step)
    except flow.StepRefused as exc:
        raise ValidationError(
            _("This step is not possible now: the request is at “%(state)s”.") % {"state": State(request.state).label},
            code="refused_step",
        ) from exc
    row = LitmasStep(request=request, office_id=request.office_id, step=step, by=acting_user, note=note, **fields)
    row.save()
    request.state = state
    request.version += 1
    return row


@transaction.atomic
def request_record(*, office: Office, acting_user: User, data: RequestInput) -> LitmasRequest:
    """Record a request letter (the front desk, piket). The deadline is computed from the type's rule.

    A person given by NIK who is a registered client of the office is linked to that client.
    """
    if data.client is None and data.person_nik:
        data = RequestInput(**{**data.__dict__, "client": selectors.client_by_nik(office, data.person_nik)})
    errors = _check_request(office, data)
    if errors:
        raise ValidationError(errors)
    requester_name = data.requester_name.strip()
    letter_number = data.letter_number.strip()
    duplicate = LitmasRequest.objects.annotate(name_lower=Lower("requester_name")).filter(
        office=office,
        requester_kind=data.requester_kind,
        name_lower=requester_name.lower(),
        letter_number=letter_number,
    )
    if duplicate.exists():
        raise _duplicate_letter_error()
    request = LitmasRequest(
        office=office,
        litmas_type=data.litmas_type,
        is_child=data.is_child,
        requester_kind=data.requester_kind,
        requester_name=requester_name,
        letter_number=letter_number,
        letter_date=data.letter_date,
        received_at=data.received_at,
        client=data.client,
        person_name="" if data.client else data.person_name.strip(),
        person_nik=data.person_nik,
        person_birth_date=data.person_birth_date,
        person_sex=data.person_sex,
        deadline_at=deadline_for(data.litmas_type, data.received_at),
        state=State.RECEIVED,
    )
    request.full_clean(exclude=["state"], validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError as exc:  # the same letter recorded at the same moment at another desk
        raise _duplicate_letter_error() from exc
    LitmasStep.objects.create(request=request, step=Step.RECEIVE, by=acting_user, at=data.received_at)
    audit.record(
        actor=acting_user,
        action="litmas.recorded",
        obj=request,
        office=office,
        data={
            "type": data.litmas_type.code,
            "child": data.is_child,
            "requester": [data.requester_kind, requester_name],
            "letter_number": letter_number,
            "client": data.client.pk if data.client else None,
            "deadline": request.deadline_at.isoformat(),
        },
    )
    return request


def _lock(request: LitmasRequest, expected_version: int | None = None) -> LitmasRequest:
    locked = (
        LitmasRequest.objects.select_for_update(of=("self",))
        .select_related("litmas_type__template", "office", "client", "officer")
        .get(pk=request.pk)
    )
    locked.check_version(expected_version)
    return locked


def _save(
    locked: LitmasRequest, acting_user: User, action: str, *, fields: list[str], changes=None, **data
) -> LitmasRequest:
    locked.save(update_fields=["state", "version", *fields])
    audit.record(
        actor=acting_user,
        action=action,
        obj=locked,
        office=locked.office,
        changes=changes,
        data={"state": locked.state, **data},
    )
    return locked


def _only_assigned(locked: LitmasRequest, user: User) -> None:
    if not is_assigned_officer(user, locked):
        raise ValidationError(_("Only the PK assigned to this Litmas may do this."), code="not_assigned")


@transaction.atomic
def request_dispose(*, request: LitmasRequest, acting_user: User, note: str = "", expected_version=None):
    """The head's disposition (disposisi): the request goes on to the section to be assigned."""
    locked = _lock(request, expected_version)
    _append(locked, Step.DISPOSE, acting_user, note=note.strip())
    return _save(locked, acting_user, "litmas.disposed", fields=[], note=note.strip())


@transaction.atomic
def request_assign(
    *, request: LitmasRequest, officer: User, task_letter_number: str, acting_user: User, expected_version=None
) -> LitmasRequest:
    """Assign the request to a PK with a task letter (surat tugas); also a reassignment before the report is
    put before the board. A child's Litmas goes to a PK of the children's section (BKA), an adult's to BKD."""
    locked = _lock(request, expected_version)
    errors: dict[str, str] = {}
    if (
        officer is None
        or officer.office_id != locked.office_id
        or not officer.is_active
        or not scopes.may_guide(officer)
    ):
        errors["officer"] = _("Choose an active PK of this office.")
    elif not scopes.in_pool(officer, is_child=locked.is_child):
        errors["officer"] = (
            _("A child's Litmas is written by a PK of the children's section (BKA).")
            if locked.is_child
            else _("An adult's Litmas is written by a PK of the adults' section (BKD).")
        )
    elif officer.pk == locked.officer_id:
        errors["officer"] = _("This PK is already assigned.")
    if not task_letter_number.strip():
        errors["task_letter_number"] = _("Give the task letter number (surat tugas).")
    if errors:
        raise ValidationError(errors)
    before = locked.officer_id
    _append(locked, Step.ASSIGN, acting_user, officer=officer, reference=task_letter_number.strip())
    locked.officer = officer
    locked.task_letter_number = task_letter_number.strip()
    return _save(
        locked,
        acting_user,
        "litmas.assigned",
        fields=["officer", "task_letter_number"],
        changes={"officer": [before, officer.pk]},
        task_letter=task_letter_number.strip(),
    )


@transaction.atomic
def gathering_start(*, request: LitmasRequest, acting_user: User, note: str = "") -> LitmasRequest:
    """The assigned PK starts gathering data (interviews, home visit, assessment); the report opens for writing."""
    locked = _lock(request)
    _only_assigned(locked, acting_user)
    _append(locked, Step.GATHER, acting_user, note=note.strip())
    LitmasReport.objects.get_or_create(request=locked, defaults={"office_id": locked.office_id})
    return _save(locked, acting_user, "litmas.gathering", fields=[])


def _missing_error(missing: list[str]) -> ValidationError:
    return ValidationError(
        _("These required sections are still empty: %(sections)s.") % {"sections": "; ".join(missing)},
        code="missing_sections",
    )


@transaction.atomic
def report_save(
    *, request: LitmasRequest, acting_user: User, content: dict[str, str], expected_version: int | None
) -> LitmasReport:
    """Save the report's sections (the assigned PK). The first save while gathering data starts the draft.

    Refused when the report is not open for writing (before the board, signed or sent) and when someone else
    saved since `expected_version` was loaded: the caller keeps the text and shows it again.
    """
    locked = _lock(request)
    _only_assigned(locked, acting_user)
    if locked.state not in flow.EDITABLE_STATES:
        raise ValidationError(
            _("The report cannot be edited now: the request is at “%(state)s”.") % {"state": State(locked.state).label},
            code="not_editable",
        )
    report, _created = LitmasReport.objects.select_for_update().get_or_create(
        request=locked, defaults={"office_id": locked.office_id}
    )
    report.check_version(expected_version)
    keys = {section["key"] for section in locked.litmas_type.template.sections}
    unknown = set(content) - keys
    if unknown:
        raise ValidationError(_("Unknown report sections: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    changed = sorted(key for key in keys if content.get(key, "") != report.content.get(key, ""))
    report.content = {key: content.get(key, "") for key in keys if content.get(key, "")}
    report.updated_at = timezone.now()
    report.updated_by = acting_user
    report.version += 1
    report.save(update_fields=["content", "updated_at", "updated_by", "version"])
    if locked.state == State.GATHERING:
        _append(locked, Step.DRAFT, acting_user)
        _save(locked, acting_user, "litmas.drafting", fields=[])
    audit.record(
        actor=acting_user, action="litmas_report.saved", obj=report, office=locked.office, data={"sections": changed}
    )
    return report


@transaction.atomic
def board_submit(*, request: LitmasRequest, acting_user: User, note: str = "") -> LitmasRequest:
    """The assigned PK puts the draft before the case board (sidang TPP). Every required section must be written."""
    locked = _lock(request)
    _only_assigned(locked, acting_user)
    report = LitmasReport.objects.filter(request=locked).first()
    missing = selectors.missing_sections(locked, report.content if report else {})
    if locked.state == State.DRAFT and missing:
        raise _missing_error(missing)
    _append(locked, Step.SUBMIT, acting_user, note=note.strip())
    return _save(locked, acting_user, "litmas.submitted", fields=[])


@transaction.atomic
def board_decide(
    *, request: LitmasRequest, approve: bool, meeting: Meeting, minute_number: str, note: str, acting_user: User
) -> LitmasRequest:
    """Record the case board's word on the draft: approved (the PK may sign) or back to the PK for revision."""
    locked = _lock(request)
    errors: dict[str, str] = {}
    if meeting is None or meeting.office_id != locked.office_id:
        errors["meeting"] = _("Choose a meeting of this office's board.")
    elif meeting.status == Meeting.Status.CLOSED:
        errors["meeting"] = _("This meeting is closed; choose a meeting that is still open.")
    if not minute_number.strip():
        errors["minute_number"] = _("Give the minute number of the decision (nomor berita acara).")
    if not approve and not note.strip():
        errors["note"] = _("Say what must be revised.")
    if errors:
        raise ValidationError(errors)
    if not approve and locked.state != State.BOARD:
        raise ValidationError(_("Only a report before the board can be sent back by the board."), code="refused_step")
    step = Step.APPROVE if approve else Step.REVISE
    _append(locked, step, acting_user, note=note.strip(), meeting=meeting, reference=minute_number.strip())
    return _save(
        locked,
        acting_user,
        "litmas.board_decided",
        fields=[],
        approved=approve,
        meeting=meeting.pk,
        minute_number=minute_number.strip(),
    )


@transaction.atomic
def report_revise(*, request: LitmasRequest, acting_user: User, reason: str) -> LitmasRequest:
    """Reopen a report for correction before it is sent (the assigned PK, or the head acknowledging it). The
    next signature makes a new version; the signed versions stay as they were."""
    locked = _lock(request)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what must be corrected.")})
    if locked.state == State.SENT:
        raise ValidationError(_("This report has been sent; it can no longer be changed."), code="sent")
    if not (is_assigned_officer(acting_user, locked) or scopes.can(acting_user, "litmas.acknowledge")):
        raise ValidationError(_("Only the PK assigned to this Litmas or the head may reopen it."), code="not_assigned")
    _append(locked, Step.REVISE, acting_user, note=reason.strip())
    return _save(locked, acting_user, "litmas.revised", fields=[], reason=reason.strip())


@transaction.atomic
def request_acknowledge(*, request: LitmasRequest, acting_user: User) -> LitmasRequest:
    """The head acknowledges (mengetahui) the signed report."""
    locked = _lock(request)
    _append(locked, Step.ACKNOWLEDGE, acting_user)
    return _save(locked, acting_user, "litmas.acknowledged", fields=[])


@transaction.atomic
def request_send(*, request: LitmasRequest, acting_user: User, reference: str = "", sent_at=None) -> LitmasRequest:
    """Record that the signed, acknowledged report went to the requester (with the dispatch number)."""
    locked = _lock(request)
    sent_at = sent_at or timezone.now()
    if sent_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"sent_at": _("The time of sending cannot be in the future.")})
    _append(locked, Step.SEND, acting_user, reference=reference.strip(), at=sent_at)
    locked.done_at = sent_at
    return _save(locked, acting_user, "litmas.sent", fields=["done_at"], reference=reference.strip())


@transaction.atomic
def request_cancel(*, request: LitmasRequest, acting_user: User, reason: str) -> LitmasRequest:
    """Cancel a request that is not yet sent (withdrawn by the requester, recorded twice…), with the reason."""
    locked = _lock(request)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the request is cancelled.")})
    _append(locked, Step.CANCEL, acting_user, note=reason.strip())
    locked.done_at = timezone.now()
    return _save(locked, acting_user, "litmas.cancelled", fields=["done_at"], reason=reason.strip())
