"""Writes for reporting (wajib lapor). Each validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from audit import services as audit
from clients.codes import OPEN_STATUSES
from clients.models import ProgramEpisode
from organizations.models import ServiceLocation
from supervision import selectors
from supervision.models import CheckIn

Outcome = CheckIn.Outcome
# Outcomes where the client came to a service location (an excuse may be given there or by phone).
AT_A_LOCATION = frozenset({Outcome.ATTENDED})
WITHOUT_A_LOCATION = frozenset({Outcome.ATTENDED_REMOTE, Outcome.MISSED})


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _duplicate_error() -> ValidationError:
    return ValidationError(
        {
            "due_on": _(
                "This scheduled date already has a check-in; two check-ins for one scheduled date are not allowed."
            )
        },
        code="duplicate",
    )


def _check(
    *,
    episode: ProgramEpisode,
    outcome: str,
    due_on: datetime.date,
    occurred_at: datetime.datetime | None,
    location: ServiceLocation | None,
    excuse_reason: str,
    rescheduled_to: datetime.date | None,
    checkins: list[CheckIn],
) -> None:
    """Refuse a check-in the rules do not allow, with every reason at once (field → message)."""
    if episode.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This client's supervision is %(status)s: a check-in can be recorded only while it is under way.")
            % {"status": episode.get_status_display().lower()},
            code="not_active",
        )
    errors: dict[str, str] = {}
    due = selectors.due_dates(episode, checkins)
    if due_on not in due:
        errors["due_on"] = _("%(date)s is not a reporting date of this client's schedule.") % {"date": _day(due_on)}
    elif any(c.due_on == due_on for c in checkins):
        raise _duplicate_error()
    if outcome == Outcome.MISSED:
        if occurred_at is not None:
            errors["occurred_at"] = _("A missed report has no time.")
        if due_on >= timezone.localdate():
            errors["outcome"] = _("A report can be marked missed only after its date has passed.")
    elif occurred_at is None:
        errors["occurred_at"] = _("Give the date and time the client reported.")
    elif occurred_at > timezone.now():
        errors["occurred_at"] = _("The time of the check-in cannot be in the future.")
    if outcome in WITHOUT_A_LOCATION:
        if location is not None:
            errors["location"] = _("A remote or missed check-in has no service location.")
    elif location is None:
        if outcome in AT_A_LOCATION:
            errors["location"] = _("Choose the service location where the client reported.")
    elif location.office_id != episode.office_id or not location.is_active:
        errors["location"] = _("Choose an active service location of the client's office.")
    if outcome == Outcome.EXCUSED:
        if not excuse_reason.strip():
            errors["excuse_reason"] = _("Give the reason the client was excused.")
        if rescheduled_to is not None:
            if rescheduled_to <= due_on:
                errors["rescheduled_to"] = _("The new date must be after the scheduled date.")
            elif rescheduled_to > episode.ends_on:
                errors["rescheduled_to"] = _("The new date must be before the end of guidance (%(date)s).") % {
                    "date": _day(episode.ends_on)
                }
            elif rescheduled_to in due:
                errors["rescheduled_to"] = _("%(date)s is already a reporting date; choose another day.") % {
                    "date": _day(rescheduled_to)
                }
    elif rescheduled_to is not None:
        errors["rescheduled_to"] = _("Only an excused report is moved to a new date.")
    elif excuse_reason.strip():
        errors["excuse_reason"] = _("A reason is given only when the client is excused.")
    if errors:
        raise ValidationError(errors)


def _save(checkin: CheckIn) -> None:
    """Save, turning a concurrent duplicate (the unique constraint) into the same message as a checked one."""
    try:
        with transaction.atomic():
            checkin.save()
    except IntegrityError as exc:
        raise _duplicate_error() from exc


@transaction.atomic
def checkin_record(
    *,
    episode: ProgramEpisode,
    acting_user,
    outcome: str,
    due_on: datetime.date,
    occurred_at: datetime.datetime | None,
    location: ServiceLocation | None = None,
    excuse_reason: str = "",
    rescheduled_to: datetime.date | None = None,
) -> CheckIn:
    """Record what happened on one reporting date of `episode`: attended, remotely, excused or missed."""
    # Lock the episode so two desks recording at once see each other's rows.
    ProgramEpisode.objects.select_for_update().filter(pk=episode.pk).first()
    checkins = list(CheckIn.objects.filter(episode=episode))
    excuse_reason = excuse_reason.strip()
    _check(
        episode=episode,
        outcome=outcome,
        due_on=due_on,
        occurred_at=occurred_at,
        location=location,
        excuse_reason=excuse_reason,
        rescheduled_to=rescheduled_to,
        checkins=checkins,
    )
    checkin = CheckIn(
        episode=episode,
        office_id=episode.office_id,
        due_on=due_on,
        outcome=outcome,
        occurred_at=occurred_at,
        location=location,
        recorded_by=acting_user,
        excuse_reason=excuse_reason,
        rescheduled_to=rescheduled_to,
    )
    checkin.full_clean(validate_constraints=False)
    _save(checkin)
    _audit(checkin, episode=episode, actor=acting_user)
    return checkin


@transaction.atomic
def checkin_mark_missed(*, episode: ProgramEpisode, due_on: datetime.date) -> CheckIn:
    """Record that nobody reported on `due_on` (the scheduled job, after the grace period)."""
    checkin = CheckIn(episode=episode, office_id=episode.office_id, due_on=due_on, outcome=Outcome.MISSED)
    checkin.full_clean(validate_constraints=False)
    _save(checkin)
    _audit(checkin, episode=episode, actor=None)
    return checkin


def _audit(checkin: CheckIn, *, episode: ProgramEpisode, actor) -> None:
    audit.record(
        actor=actor,
        action="checkin.recorded",
        obj=checkin,
        office=checkin.office,
        data={
            "client": episode.client_id,
            "episode": episode.pk,
            "due_on": checkin.due_on,
            "outcome": checkin.outcome,
            "location": checkin.location_id,
            "rescheduled_to": checkin.rescheduled_to,
        },
        restricted=episode.is_child,
    )
