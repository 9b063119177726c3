"""Writes of the violations app: one function per step of the flow (domain notes §6.4, §6.5).

reported (or a draft the missed-report job opened, confirmed or dismissed by the PK) → examined (BAP)
→ before the board (TPP) → the board decides → the head sets the response → closed. The head may suspend
the episode at any open step and lift the suspension; after a proposal of revocation the head records the
decree. Each function locks the violation, checks every rule first (ValidationError: nothing changes),
then saves and writes its audit rows in one transaction. Roles are checked by the views (abilities
`violation.*`); these functions enforce the rules of the flow itself.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from board import services as board_services
from board.models import AgendaItem
from board.registry import decision_handlers
from clients import services as client_services
from clients.codes import OPEN_STATUSES, EpisodeStatus
from clients.models import ProgramEpisode
from lib.dates import long_date
from lib.transactions import in_callers_transaction
from supervision import services as supervision_services
from violations import selectors
from violations.models import BoardDecision, ResponseType, Revocation, Source, State, Violation, ViolationType

if TYPE_CHECKING:
    from accounts.models import User


# Sources a person may give; SYSTEM is the missed-report job's.
REPORT_SOURCES = frozenset(Source.values) - {Source.SYSTEM}
# Responses that take the client off guidance while the matter is decided (pencabutan sementara).
SUSPENDING_RESPONSES = frozenset({ResponseType.SUSPENSION, ResponseType.REVOCATION})


def _lock(violation: Violation) -> Violation:
    """The violation and its episode, both locked and re-read: a status checked here cannot change meanwhile
    (an episode closed or transferred by another user is seen, never overwritten)."""
    locked = Violation.objects.select_for_update(of=("self",)).select_related("office").get(pk=violation.pk)
    locked.episode = (
        ProgramEpisode.objects.select_for_update(of=("self",))
        .select_related("rule_set", "office")
        .get(pk=locked.episode_id)
    )
    return locked


def _record(violation: Violation, *, action: str, actor, changes=None, data=None) -> None:
    episode = violation.episode
    audit.record(
        actor=actor,
        action=action,
        obj=violation,
        office=violation.office,
        changes=changes,
        data={"client": episode.client_id, "episode": episode.pk, **(data or {})},
    )


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _require_open(violation: Violation) -> None:
    if violation.closed_at is not None:
        raise _refuse(_("This violation is closed; it can no longer change."), "closed")


def _require_confirmed(violation: Violation) -> None:
    _require_open(violation)
    if violation.is_draft:
        raise _refuse(
            _("This violation is a draft opened by the system: the PK confirms or dismisses it first."), "draft"
        )


# --- reporting --------------------------------------------------------------------------------


def _check_period(episode: ProgramEpisode, occurred_on: datetime.date | None, today: datetime.date) -> dict:
    if occurred_on is None:
        return {"occurred_on": _("Give the date of the violation.")}
    if occurred_on > today:
        return {"occurred_on": _("The date of the violation cannot be in the future.")}
    if not episode.starts_on <= occurred_on <= episode.ends_on:
        return {
            "occurred_on": _("The violation must fall within the guidance period (%(start)s to %(end)s).")
            % {"start": long_date(episode.starts_on), "end": long_date(episode.ends_on)}
        }
    return {}


def _check_episode_may_have_violations(episode: ProgramEpisode, today: datetime.date) -> None:
    if episode.status in OPEN_STATUSES:
        return
    if episode.status == EpisodeStatus.COMPLETED and today <= selectors.window_end(episode):
        return  # an offence during probation may still lead to revocation (Pasal 73(5))
    raise _refuse(
        _("This client's guidance is %(status)s: a violation can no longer be reported.")
        % {"status": episode.get_status_display().lower()},
        "not_open",
    )


@transaction.atomic
def violation_report(
    *,
    episode: ProgramEpisode,
    acting_user: User,
    type: str,
    occurred_on: datetime.date,
    source: str,
    description: str,
    reported_on: datetime.date | None = None,
) -> Violation:
    """Record a violation of `episode`'s conditions reported by the PK, the community, the police or a partner."""
    today = timezone.localdate()
    reported_on = reported_on or today
    description = (description or "").strip()
    _check_episode_may_have_violations(episode, today)
    errors: dict[str, str] = {}
    if type not in ViolationType.values:
        errors["type"] = _("Choose the type of violation.")
    if source not in REPORT_SOURCES:
        errors["source"] = _("Choose who reported the violation.")
    if not description:
        errors["description"] = _("Describe what happened.")
    errors.update(_check_period(episode, occurred_on, today))
    if reported_on > today:
        errors["reported_on"] = _("The date of the report cannot be in the future.")
    elif "occurred_on" not in errors and reported_on < occurred_on:
        errors["reported_on"] = _("A violation is reported on or after the day it happened.")
    if errors:
        raise ValidationError(errors)
    violation = Violation(
        episode=episode,
        office_id=episode.office_id,
        type=type,
        occurred_on=occurred_on,
        reported_on=reported_on,
        source=source,
        description=description,
        reported_by=acting_user,
    )
    violation.full_clean(validate_constraints=False)
    violation.save()
    _record(
        violation,
        action="violation.reported",
        actor=acting_user,
        data={"type": type, "occurred_on": occurred_on, "source": source},
    )
    return violation


def _missed_reports_draft(episode: ProgramEpisode, missed: list[datetime.date], today: datetime.date) -> Violation:
    dates = ", ".join(long_date(d) for d in missed)
    return Violation(
        episode=episode,
        office_id=episode.office_id,
        type=ViolationType.SK_TIDAK_LAPOR_3X,
        occurred_on=missed[2],
        reported_on=today,
        source=Source.SYSTEM,
        description=_("The client missed %(count)s reports in a row: %(dates)s.")
        % {"count": len(missed), "dates": dates},
        is_draft=True,
        missed_from=missed[0],
    )


@in_callers_transaction
def open_missed_reports_draft(
    *, episode: ProgramEpisode, missed: list[datetime.date], today: datetime.date, dry_run: bool = False
) -> Violation | None:
    """Open a draft SK_TIDAK_LAPOR_3X violation for a run of missed reports (the scheduled job; no user).

    `missed` are the due dates of the run, oldest first (at least three). One violation per run: nothing
    is opened when a violation of this type already covers the run (a draft of the job, confirmed or
    dismissed, or one a person reported after the first miss). Returns the draft (unsaved in a dry run),
    or None. Call inside the job's transaction, with the episode locked.
    """
    missed = sorted(missed)
    first = missed[0]
    covered = Violation.objects.filter(episode=episode, type=ViolationType.SK_TIDAK_LAPOR_3X).filter(
        Q(missed_from=first) | Q(occurred_on__gte=first)
    )
    if covered.exists():
        return None
    violation = _missed_reports_draft(episode, missed, today)
    if dry_run:
        return violation
    violation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            violation.save()
    except IntegrityError:  # another run opened it at the same moment
        return None
    _record(
        violation,
        action="violation.draft_opened",
        actor=None,
        data={"type": violation.type, "missed": missed},
    )
    return violation


@in_callers_transaction
def open_missed_reports_drafts(
    *, runs: list[tuple[ProgramEpisode, list[datetime.date]]], today: datetime.date, dry_run: bool = False
) -> dict[int, Violation]:
    """`open_missed_reports_draft` for many episodes at once (the scheduled job): the drafts opened (unsaved
    in a dry run) by episode id, in a fixed number of statements whatever the number of episodes.

    Call inside the job's transaction, with the episodes locked. Should another run have opened one of the
    drafts at the same moment (the unique constraint), they are opened one at a time instead.
    """
    runs = [(episode, sorted(missed)) for episode, missed in runs]
    if not runs:
        return {}
    existing: dict[int, list[tuple]] = {}
    rows = Violation.objects.filter(
        episode_id__in=[episode.pk for episode, _missed in runs], type=ViolationType.SK_TIDAK_LAPOR_3X
    ).values_list("episode_id", "missed_from", "occurred_on")
    for episode_id, missed_from, occurred_on in rows:
        existing.setdefault(episode_id, []).append((missed_from, occurred_on))
    drafts: dict[int, Violation] = {}
    for episode, missed in runs:
        first = missed[0]
        if any(f == first or o >= first for f, o in existing.get(episode.pk, [])):
            continue  # a violation of this type already covers the run
        draft = _missed_reports_draft(episode, missed, today)
        if not dry_run:  # the episode is locked, so it and its office exist: no lookups of the foreign keys
            draft.full_clean(exclude=["episode", "office"], validate_constraints=False)
        drafts[episode.pk] = draft
    if dry_run or not drafts:
        return drafts
    try:
        with transaction.atomic():
            Violation.objects.bulk_create(drafts.values())
    except IntegrityError:  # another run at the same moment: one at a time, as it does
        opened = {}
        for episode, missed in runs:
            if episode.pk in drafts:
                draft = open_missed_reports_draft(episode=episode, missed=missed, today=today)
                if draft is not None:
                    opened[episode.pk] = draft
        return opened
    missed_by_episode = {episode.pk: missed for episode, missed in runs}
    audit.record_many(
        audit.event(
            actor=None,
            action="violation.draft_opened",
            obj=draft,
            office_id=draft.office_id,
            data={
                "client": draft.episode.client_id,
                "episode": draft.episode_id,
                "type": draft.type,
                "missed": missed_by_episode[draft.episode_id],
            },
        )
        for draft in drafts.values()
    )
    return drafts


@transaction.atomic
def violation_confirm(*, violation: Violation, acting_user: User, description: str | None = None) -> Violation:
    """The PK confirms a draft the job opened (optionally rewording it); it then follows the normal flow."""
    locked = _lock(violation)
    _require_open(locked)
    if not locked.is_draft:
        raise _refuse(_("This violation is not a draft."), "not_draft")
    fields = ["is_draft", "confirmed_at", "confirmed_by"]
    if description is not None:
        if not description.strip():
            raise ValidationError({"description": _("Describe what happened.")})
        locked.description = description.strip()
        fields.append("description")
    locked.is_draft = False
    locked.confirmed_at = timezone.now()
    locked.confirmed_by = acting_user
    locked.save(update_fields=fields)
    _record(locked, action="violation.confirmed", actor=acting_user, changes={"is_draft": [True, False]})
    return locked


@transaction.atomic
def violation_dismiss(*, violation: Violation, acting_user: User, reason: str) -> Violation:
    """The PK dismisses a draft the job opened (e.g. the misses were excused late), giving the reason."""
    locked = _lock(violation)
    _require_open(locked)
    if not locked.is_draft:
        raise _refuse(_("Only a draft can be dismissed; a confirmed violation goes before the board."), "not_draft")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for dismissing the draft.")})
    locked.closed_at = timezone.now()
    locked.closed_by = acting_user
    locked.closing_note = reason
    locked.save(update_fields=["closed_at", "closed_by", "closing_note"])
    _record(locked, action="violation.dismissed", actor=acting_user, data={"reason": reason})
    return locked


# --- examination and the board ----------------------------------------------------------------


@transaction.atomic
def violation_examine(
    *, violation: Violation, acting_user: User, bap_number: str, bap_date: datetime.date, summary: str
) -> Violation:
    """Record the examination of the client (BAP: number, date, findings)."""
    locked = _lock(violation)
    _require_confirmed(locked)
    if locked.state != State.REPORTED:
        raise _refuse(_("The examination of this violation is already recorded."), "examined")
    bap_number = (bap_number or "").strip()
    summary = (summary or "").strip()
    errors: dict[str, str] = {}
    if not bap_number:
        errors["bap_number"] = _("Give the number of the BAP.")
    if bap_date is None:
        errors["bap_date"] = _("Give the date of the BAP.")
    elif bap_date > timezone.localdate():
        errors["bap_date"] = _("The date of the BAP cannot be in the future.")
    elif bap_date < locked.occurred_on:
        errors["bap_date"] = _("The client is examined after the violation (%(date)s).") % {
            "date": long_date(locked.occurred_on)
        }
    if not summary:
        errors["summary"] = _("Summarise the findings of the examination.")
    if errors:
        raise ValidationError(errors)
    locked.bap_number = bap_number
    locked.bap_date = bap_date
    locked.bap_summary = summary
    locked.examined_by = acting_user
    locked.examined_at = timezone.now()
    locked.save(update_fields=["bap_number", "bap_date", "bap_summary", "examined_by", "examined_at"])
    _record(
        locked, action="violation.examined", actor=acting_user, data={"bap_number": bap_number, "bap_date": bap_date}
    )
    return locked


@transaction.atomic
def violation_propose(*, violation: Violation, acting_user: User, summary: str) -> Violation:
    """The PK puts the examined violation before the case board (an agenda item of kind "violation")."""
    locked = _lock(violation)
    _require_confirmed(locked)
    if locked.state == State.REPORTED:
        raise _refuse(_("Record the examination (BAP) before putting the violation before the board."), "not_examined")
    if locked.state != State.EXAMINED:
        raise _refuse(_("This violation is already before the board."), "at_board")
    item = board_services.agenda_item_add(
        kind=AgendaItem.Kind.VIOLATION,
        episode=locked.episode,
        subject=locked,
        summary=summary or "",
        acting_user=acting_user,
    )
    locked.agenda_item = item
    locked.proposed_at = timezone.now()
    locked.proposed_by = acting_user
    locked.save(update_fields=["agenda_item", "proposed_at", "proposed_by"])
    _record(locked, action="violation.proposed", actor=acting_user, data={"agenda_item": item.pk})
    return locked


@decision_handlers.register(AgendaItem.Kind.VIOLATION)
def _violation_decided(item: AgendaItem, acting_user: User) -> None:
    """The board decided on a violation: approved (the head sets the response) or rejected (the PK closes
    it); a deferred item stays before the board."""
    if item.decision not in BoardDecision.values:
        return
    locked = Violation.objects.select_for_update(of=("self",)).select_related("episode", "office").get(agenda_item=item)
    before = locked.board_decision
    locked.board_decision = item.decision
    locked.board_decided_at = item.decided_at or timezone.now()
    locked.save(update_fields=["board_decision", "board_decided_at"])
    _record(
        locked,
        action="violation.board_decided",
        actor=acting_user,
        changes={"board_decision": [before, item.decision]},
        data={"agenda_item": item.pk, "minute_number": item.minute_number, "note": item.decision_note},
    )


# --- the response -----------------------------------------------------------------------------


def _intensify(locked: Violation, acting_user: User, *, interval_days, starts_on, ends_on, detail: str) -> None:
    supervision_services.reporting_intensify(
        episode=locked.episode,
        acting_user=acting_user,
        interval_days=interval_days,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=detail,
        violation_id=locked.pk,
    )


def _suspend(locked: Violation, acting_user: User, reason: str) -> None:
    locked.suspended_at = timezone.now()
    locked.suspended_by = acting_user
    locked.suspension_reason = reason
    locked.episode = client_services.episode_suspend(episode=locked.episode, acting_user=acting_user)


@transaction.atomic
def violation_respond(
    *,
    violation: Violation,
    acting_user: User,
    response_type: str,
    detail: str,
    interval_days: int | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Violation:
    """The head sets the response after the board approved: intensified reporting (with its interval and
    period, applied to the reporting schedule), an added programme, a written warning, a temporary
    suspension, a proposal of revocation (both suspend an active episode) or no further action."""
    locked = _lock(violation)
    _require_confirmed(locked)
    if locked.state == State.RESPONDED:
        raise _refuse(_("The response to this violation is already set."), "responded")
    if locked.state != State.AT_BOARD or not locked.board_decision:
        raise _refuse(_("The board has not decided on this violation yet."), "not_decided")
    if locked.board_decision == BoardDecision.REJECTED:
        raise _refuse(_("The board rejected this violation: close it instead of setting a response."), "rejected")
    detail = (detail or "").strip()
    errors: dict[str, str] = {}
    if response_type not in ResponseType.values:
        errors["response_type"] = _("Choose the response.")
    if not detail:
        errors["detail"] = _("Give the details of the response (what the board decided, letter numbers…).")
    if response_type == ResponseType.INTENSIFY:
        if not interval_days or interval_days < 1:
            errors["interval_days"] = _("Give the new reporting interval in days.")
        if starts_on is None:
            errors["starts_on"] = _("Give the first day of intensified reporting.")
    suspends = response_type in SUSPENDING_RESPONSES and not locked.is_suspending
    episode = locked.episode
    if suspends and episode.status != EpisodeStatus.ACTIVE:
        if response_type == ResponseType.SUSPENSION or episode.status != EpisodeStatus.COMPLETED:
            errors["response_type"] = _(
                "This client's guidance is %(status)s: only guidance under way can be suspended."
            ) % {"status": episode.get_status_display().lower()}
        suspends = False  # a proposal of revocation after probation ended suspends nothing
    if errors:
        raise ValidationError(errors)
    if response_type == ResponseType.INTENSIFY:
        _intensify(
            locked, acting_user, interval_days=interval_days, starts_on=starts_on, ends_on=ends_on, detail=detail
        )
    fields = ["response_type", "response_detail", "response_decided_by", "response_decided_at"]
    if suspends:
        _suspend(locked, acting_user, detail)
        fields += ["suspended_at", "suspended_by", "suspension_reason"]
    locked.response_type = response_type
    locked.response_detail = detail
    locked.response_decided_by = acting_user
    locked.response_decided_at = timezone.now()
    locked.save(update_fields=fields)
    data = {"response_type": response_type, "detail": detail, "suspended": suspends}
    if response_type == ResponseType.INTENSIFY:
        data.update(interval_days=interval_days, starts_on=starts_on, ends_on=ends_on)
    _record(locked, action="violation.responded", actor=acting_user, data=data)
    return locked


# --- suspension -------------------------------------------------------------------------------


@transaction.atomic
def violation_suspend(*, violation: Violation, acting_user: User, reason: str) -> Violation:
    """The head suspends the client's guidance (pencabutan sementara) because of this violation."""
    locked = _lock(violation)
    _require_confirmed(locked)
    if locked.suspended_at is not None:
        raise _refuse(_("The guidance was already suspended because of this violation."), "suspended")
    if locked.episode.status != EpisodeStatus.ACTIVE:
        raise _refuse(
            _("This client's guidance is %(status)s: only guidance under way can be suspended.")
            % {"status": locked.episode.get_status_display().lower()},
            "not_active",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the suspension.")})
    _suspend(locked, acting_user, reason)
    locked.save(update_fields=["suspended_at", "suspended_by", "suspension_reason"])
    _record(locked, action="violation.suspended", actor=acting_user, data={"reason": reason})
    return locked


@transaction.atomic
def violation_lift_suspension(*, violation: Violation, acting_user: User, reason: str) -> Violation:
    """The head lifts the suspension: the client is under guidance again (e.g. revocation was not granted)."""
    locked = _lock(violation)
    if not locked.is_suspending or hasattr(locked, "revocation"):
        raise _refuse(_("This violation has no suspension to lift."), "not_suspended")
    if locked.episode.status != EpisodeStatus.SUSPENDED:
        raise _refuse(
            _("This client's guidance is %(status)s, not suspended.")
            % {"status": locked.episode.get_status_display().lower()},
            "not_suspended",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for lifting the suspension.")})
    locked.episode = client_services.episode_resume(episode=locked.episode, acting_user=acting_user)
    locked.lifted_at = timezone.now()
    locked.lifted_by = acting_user
    locked.lift_reason = reason
    locked.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    _record(locked, action="violation.suspension_lifted", actor=acting_user, data={"reason": reason})
    return locked


# --- revocation -------------------------------------------------------------------------------


def _check_window(
    episode: ProgramEpisode,
    *,
    decree_date: datetime.date,
    prosecuted_on: datetime.date | None,
    prosecution_reference: str,
) -> dict[str, str]:
    """KUHP Pasal 73(5): refuse a decree after the window unless a prosecution within it is recorded."""
    last = selectors.window_end(episode)
    errors: dict[str, str] = {}
    if prosecuted_on is not None and prosecuted_on > last:
        errors["prosecuted_on"] = _(
            "The prosecution must have started by %(last)s, within three months after probation ended "
            "(Pasal 73(5) KUHP); a later prosecution does not allow a revocation."
        ) % {"last": long_date(last)}
    if prosecuted_on is not None and not prosecution_reference:
        errors["prosecution_reference"] = _("Give the reference of the prosecution (case or letter number).")
    if prosecution_reference and prosecuted_on is None:
        errors["prosecuted_on"] = _("Give the date the prosecution started.")
    if decree_date > last and prosecuted_on is None:
        errors["decree_date"] = _(
            "Pasal 73(5) KUHP: the guidance ended on %(end)s, so it can be revoked only until %(last)s. A decree "
            "of %(date)s is too late, unless the client was prosecuted within that period for an offence "
            "committed during probation: then record the date and reference of the prosecution."
        ) % {"end": long_date(episode.ends_on), "last": long_date(last), "date": long_date(decree_date)}
    return errors


@transaction.atomic
def violation_revoke(
    *,
    violation: Violation,
    acting_user: User,
    decree_number: str,
    decree_date: datetime.date,
    decided_by: str,
    returned_on: datetime.date,
    institution: str,
    prosecuted_on: datetime.date | None = None,
    prosecution_reference: str = "",
) -> Revocation:
    """Record the decree revoking the episode after a proposal of revocation; the client returned to prison.

    The episode becomes revoked and the violation is closed. Refused (nothing changes) when the decree is
    dated after the Pasal 73(5) window and no prosecution within the window is recorded.
    """
    locked = _lock(violation)
    _require_confirmed(locked)
    if locked.response_type != ResponseType.REVOCATION:
        raise _refuse(_("A revocation is recorded only after the response “proposal of revocation”."), "not_proposed")
    episode = (
        ProgramEpisode.objects.select_for_update(of=("self",)).select_related("rule_set").get(pk=locked.episode_id)
    )
    if Revocation.objects.filter(episode=episode).exists() or episode.status == EpisodeStatus.REVOKED:
        raise _refuse(_("This client's guidance is already revoked."), "revoked")
    if episode.status not in (EpisodeStatus.ACTIVE, EpisodeStatus.SUSPENDED, EpisodeStatus.COMPLETED):
        raise _refuse(
            _("This client's guidance is %(status)s: it can no longer be revoked.")
            % {"status": episode.get_status_display().lower()},
            "not_revocable",
        )
    today = timezone.localdate()
    decree_number = (decree_number or "").strip()
    decided_by = (decided_by or "").strip()
    institution = (institution or "").strip()
    prosecution_reference = (prosecution_reference or "").strip()
    errors: dict[str, str] = {}
    if not decree_number:
        errors["decree_number"] = _("Give the number of the revocation decree.")
    if not decided_by:
        errors["decided_by"] = _("Say who decided the revocation (Minister, Director General, head of the prison).")
    if not institution:
        errors["institution"] = _("Give the prison the client returned to.")
    if decree_date is None:
        errors["decree_date"] = _("Give the date of the decree.")
    elif decree_date > today:
        errors["decree_date"] = _("The date of the decree cannot be in the future.")
    elif decree_date < locked.occurred_on:
        errors["decree_date"] = _("The decree cannot be dated before the violation (%(date)s).") % {
            "date": long_date(locked.occurred_on)
        }
    if returned_on is None:
        errors["returned_on"] = _("Give the date the client returned to prison.")
    elif returned_on > today:
        errors["returned_on"] = _("The date of the return cannot be in the future.")
    if prosecuted_on is not None and prosecuted_on > today:
        errors["prosecuted_on"] = _("The date of the prosecution cannot be in the future.")
    if decree_date is not None and "decree_date" not in errors:
        window_errors = _check_window(
            episode, decree_date=decree_date, prosecuted_on=prosecuted_on, prosecution_reference=prosecution_reference
        )
        for key, message in window_errors.items():
            errors.setdefault(key, message)
    if errors:
        raise ValidationError(errors)
    revocation = Revocation(
        violation=locked,
        episode=episode,
        decree_number=decree_number,
        decree_date=decree_date,
        decided_by=decided_by,
        returned_on=returned_on,
        institution=institution,
        window_ends_on=selectors.window_end(episode),
        prosecuted_on=prosecuted_on,
        prosecution_reference=prosecution_reference,
        recorded_by=acting_user,
    )
    revocation.full_clean(validate_constraints=False)
    revocation.save()
    locked.closed_at = timezone.now()
    locked.closed_by = acting_user
    locked.closing_note = _("Revoked by decree %(number)s of %(date)s.") % {
        "number": decree_number,
        "date": long_date(decree_date),
    }
    locked.save(update_fields=["closed_at", "closed_by", "closing_note"])
    locked.episode = client_services.episode_revoke(
        episode=episode, acting_user=acting_user, reason=locked.closing_note
    )
    audit.record(
        actor=acting_user,
        action="revocation.recorded",
        obj=revocation,
        office=locked.office,
        data={
            "client": episode.client_id,
            "episode": episode.pk,
            "violation": locked.pk,
            "decree_number": decree_number,
            "decree_date": decree_date,
            "decided_by": decided_by,
            "returned_on": returned_on,
            "institution": institution,
            "window_ends_on": revocation.window_ends_on,
            "prosecuted_on": prosecuted_on,
            "prosecution_reference": prosecution_reference,
        },
    )
    _record(locked, action="violation.closed", actor=acting_user, data={"note": locked.closing_note, "revoked": True})
    return revocation


# --- closing ----------------------------------------------------------------------------------


@transaction.atomic
def violation_close(*, violation: Violation, acting_user: User, note: str) -> Violation:
    """Close a violation once its response is carried out (or the board rejected it)."""
    locked = _lock(violation)
    _require_confirmed(locked)
    rejected = locked.board_decision == BoardDecision.REJECTED
    if locked.state != State.RESPONDED and not rejected:
        raise _refuse(
            _("A violation is closed after the head sets the response, or after the board rejects it."), "open"
        )
    if locked.is_suspending:
        raise _refuse(
            _(
                "The guidance is still suspended because of this violation: "
                "lift the suspension or record the revocation first."
            ),
            "suspended",
        )
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say how the violation was dealt with.")})
    locked.closed_at = timezone.now()
    locked.closed_by = acting_user
    locked.closing_note = note
    locked.save(update_fields=["closed_at", "closed_by", "closing_note"])
    _record(locked, action="violation.closed", actor=acting_user, data={"note": note})
    return locked
