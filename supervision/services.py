"""Writes for reporting (wajib lapor). Each validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime
import decimal
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import User
from audit import services as audit
from clients.codes import OPEN_STATUSES, EpisodeStatus
from clients.models import ProgramEpisode
from lib import private_files
from lib.dates import long_date
from organizations.models import Office, ServiceLocation
from supervision import selectors
from supervision.models import (
    ANSWER_MAX_LENGTH,
    MAX_INTERVAL_DAYS,
    CheckIn,
    RemoteCheckIn,
    RemoteReportingPermission,
    ReportingSettings,
    ScheduleChange,
)

Outcome = CheckIn.Outcome
# Outcomes where the client came to a service location (an excuse may be given there or by phone).
AT_A_LOCATION = frozenset({Outcome.ATTENDED})
WITHOUT_A_LOCATION = frozenset({Outcome.ATTENDED_REMOTE, Outcome.MISSED})


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
    context: selectors.ScheduleContext,
) -> dict[str, str]:
    """The reasons the rules refuse a check-in, all at once (field → message)."""
    if episode.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This client's supervision is %(status)s: a check-in can be recorded only while it is under way.")
            % {"status": episode.get_status_display().lower()},
            code="not_active",
        )
    errors: dict[str, str] = {}
    due = selectors.due_dates(episode, checkins, context=context)
    if due_on not in due:
        if context.tracked_from and due_on < context.tracked_from:
            errors["due_on"] = _(
                "Reporting is tracked here from %(date)s; earlier reporting dates are not recorded."
            ) % {"date": long_date(context.tracked_from)}
        else:
            errors["due_on"] = _("%(date)s is not a reporting date of this client's schedule.") % {
                "date": long_date(due_on)
            }
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
                    "date": long_date(episode.ends_on)
                }
            elif rescheduled_to in due:
                errors["rescheduled_to"] = _("%(date)s is already a reporting date; choose another day.") % {
                    "date": long_date(rescheduled_to)
                }
            elif rescheduled_to in context.closed:
                errors["rescheduled_to"] = _("%(date)s is not a working day; choose a working day.") % {
                    "date": long_date(rescheduled_to)
                }
    elif rescheduled_to is not None:
        errors["rescheduled_to"] = _("Only an excused report is moved to a new date.")
    elif excuse_reason.strip():
        errors["excuse_reason"] = _("A reason is given only when the client is excused.")
    return errors


@dataclass(frozen=True)
class RemoteDetails:
    """What a remote report carries besides its time: three short answers, optionally a place and a photo."""

    condition: str = ""
    activity: str = ""
    obstacles: str = ""
    latitude: decimal.Decimal | None = None
    longitude: decimal.Decimal | None = None
    accuracy_m: int | None = None
    photo: object | None = None  # an uploaded file


# Browsers report accuracy in metres; beyond 100 km the position says nothing.
MAX_ACCURACY_M = 100_000


def _clean_remote(details: RemoteDetails) -> tuple[RemoteDetails, dict[str, str], str]:
    """Trimmed details, the reasons to refuse them (field → message), and the photo's content type."""
    errors: dict[str, str] = {}
    answers = {}
    for name, missing in (
        ("condition", _("Say how the client is.")),
        ("activity", _("Say what the client is doing (work or activity).")),
        ("obstacles", _("Say whether the client has any obstacles (or 'none').")),
    ):
        value = (getattr(details, name) or "").strip()
        if not value:
            errors[name] = missing
        elif len(value) > ANSWER_MAX_LENGTH:
            errors[name] = _("Keep the answer under %(n)s characters.") % {"n": ANSWER_MAX_LENGTH}
        answers[name] = value
    lat, lon, accuracy = details.latitude, details.longitude, details.accuracy_m
    if (lat is None) != (lon is None):
        errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
    if lat is not None and not -90 <= lat <= 90:
        errors["latitude"] = _("Latitude must be between -90 and 90.")
    if lon is not None and not -180 <= lon <= 180:
        errors["longitude"] = _("Longitude must be between -180 and 180.")
    if accuracy is not None:
        if lat is None:
            errors["accuracy_m"] = _("An accuracy is given only with coordinates.")
        elif not 0 <= accuracy <= MAX_ACCURACY_M:
            errors["accuracy_m"] = _("The accuracy must be between 0 and %(max)s metres.") % {"max": MAX_ACCURACY_M}
    content_type = ""
    if details.photo:
        try:
            content_type = private_files.validate_photo(details.photo)
        except ValidationError as exc:
            errors["photo"] = " ".join(exc.messages)
    cleaned = RemoteDetails(
        **answers,
        latitude=None if lat is None else decimal.Decimal(lat).quantize(decimal.Decimal("0.000001")),
        longitude=None if lon is None else decimal.Decimal(lon).quantize(decimal.Decimal("0.000001")),
        accuracy_m=accuracy,
        photo=details.photo or None,
    )
    return cleaned, errors, content_type


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
    acting_user: User,
    outcome: str,
    due_on: datetime.date,
    occurred_at: datetime.datetime | None,
    location: ServiceLocation | None = None,
    excuse_reason: str = "",
    rescheduled_to: datetime.date | None = None,
    remote: RemoteDetails | None = None,
) -> CheckIn:
    """Record what happened on one reporting date of `episode`: attended, remotely, excused or missed.

    A remote report (`hadir_daring`) needs a remote reporting permission valid at `occurred_at` and the
    client's three answers in `remote` (staff asking them on a video call); it then awaits the PK's review.
    """
    return _record(
        episode=episode,
        acting_user=acting_user,
        outcome=outcome,
        due_on=due_on,
        occurred_at=occurred_at,
        location=location,
        excuse_reason=excuse_reason,
        rescheduled_to=rescheduled_to,
        remote=remote,
        via=RemoteCheckIn.Via.STAFF,
    )


@transaction.atomic
def remote_checkin_submit(
    *, permission: RemoteReportingPermission, due_on: datetime.date, details: RemoteDetails
) -> CheckIn:
    """Record a remote report the client sent through the personal link (no user: the client has no account).

    `due_on` is the date the page offered; it must still be the date a report sent now counts for.
    """
    now = timezone.now()
    episode = permission.episode
    if episode.status != EpisodeStatus.ACTIVE or not permission.is_valid_at(now):
        raise ValidationError(_("This reporting link is no longer valid."), code="link_dead")
    ProgramEpisode.objects.select_for_update().filter(pk=episode.pk).first()
    checkins = list(CheckIn.objects.filter(episode=episode))
    if any(c.due_on == due_on for c in checkins):
        raise _duplicate_error()
    expected = selectors.link_due_date(episode, checkins, today=timezone.localdate(now))
    if expected != due_on:
        raise ValidationError(
            {"due_on": _("No report is due on %(date)s through this link now.") % {"date": long_date(due_on)}},
            code="not_due",
        )
    return _record(
        episode=episode,
        acting_user=None,
        outcome=Outcome.ATTENDED_REMOTE,
        due_on=due_on,
        occurred_at=now,
        remote=details,
        via=RemoteCheckIn.Via.LINK,
        checkins=checkins,
        locked=True,
    )


def _record(
    *,
    episode: ProgramEpisode,
    acting_user: User | None,
    outcome: str,
    due_on: datetime.date,
    occurred_at: datetime.datetime | None,
    location: ServiceLocation | None = None,
    excuse_reason: str = "",
    rescheduled_to: datetime.date | None = None,
    remote: RemoteDetails | None,
    via: str,
    checkins: list[CheckIn] | None = None,
    locked: bool = False,
) -> CheckIn:
    if not locked:
        # Lock the episode so two desks recording at once see each other's rows.
        ProgramEpisode.objects.select_for_update().filter(pk=episode.pk).first()
    if checkins is None:
        checkins = list(CheckIn.objects.filter(episode=episode))
    context = selectors.schedule_contexts([episode])[episode.pk]
    excuse_reason = excuse_reason.strip()
    errors = _check(
        episode=episode,
        outcome=outcome,
        due_on=due_on,
        occurred_at=occurred_at,
        location=location,
        excuse_reason=excuse_reason,
        rescheduled_to=rescheduled_to,
        checkins=checkins,
        context=context,
    )
    permission = None
    content_type = ""
    if outcome == Outcome.ATTENDED_REMOTE:
        if occurred_at is not None:
            permission = selectors.permission_valid_at(
                RemoteReportingPermission.objects.filter(episode=episode), occurred_at
            )
            if permission is None:
                errors.setdefault(
                    "outcome",
                    _(
                        "This client has no permission to report remotely on %(date)s. A section head can allow "
                        "remote reporting from the client's page."
                    )
                    % {"date": long_date(timezone.localdate(occurred_at))},
                )
        remote, remote_errors, content_type = _clean_remote(remote or RemoteDetails())
        for name, message in remote_errors.items():
            errors.setdefault(name, message)
    elif remote is not None:
        errors.setdefault("outcome", _("Answers, coordinates and a photo belong only to a remote report."))
    if errors:
        raise ValidationError(errors)
    checkin = CheckIn(
        episode=episode,
        office_id=episode.office_id,
        due_on=due_on,
        outcome=outcome,
        occurred_at=occurred_at,
        location=location,
        recorded_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        excuse_reason=excuse_reason,
        rescheduled_to=rescheduled_to,
    )
    checkin.full_clean(validate_constraints=False)
    _save(checkin)
    detail = None
    if permission is not None:
        detail = RemoteCheckIn(
            checkin=checkin,
            permission=permission,
            via=via,
            latitude=remote.latitude,
            longitude=remote.longitude,
            accuracy_m=remote.accuracy_m,
            condition=remote.condition,
            activity=remote.activity,
            obstacles=remote.obstacles,
            photo_content_type=content_type,
        )
        if remote.photo:
            detail.photo.save("photo", remote.photo, save=False)
        detail.full_clean()
        detail.save()
    _audit(checkin, episode=episode, actor=acting_user, remote=detail)
    return checkin


@transaction.atomic
def checkin_mark_missed(*, episode: ProgramEpisode, due_on: datetime.date) -> CheckIn:
    """Record that nobody reported on `due_on` (the scheduled job, after the grace period)."""
    checkin = CheckIn(episode=episode, office_id=episode.office_id, due_on=due_on, outcome=Outcome.MISSED)
    checkin.full_clean(validate_constraints=False)
    _save(checkin)
    _audit(checkin, episode=episode, actor=None)
    return checkin


@transaction.atomic
def checkin_mark_missed_many(*, missed: list[tuple[ProgramEpisode, datetime.date]]) -> list[CheckIn]:
    """Record many missed dates at once (the scheduled job): two INSERTs whatever their number.

    The caller holds the episodes' locks (so they and their offices exist: the foreign keys are not
    looked up one by one). A date that already has a check-in raises IntegrityError and writes nothing;
    the caller then records them one at a time (`checkin_mark_missed`).
    """
    rows = []
    for episode, due_on in missed:
        checkin = CheckIn(episode=episode, office_id=episode.office_id, due_on=due_on, outcome=Outcome.MISSED)
        checkin.full_clean(exclude=["episode", "office"], validate_constraints=False)
        rows.append(checkin)
    if not rows:
        return []
    with transaction.atomic():
        CheckIn.objects.bulk_create(rows)
    audit.record_many(_audit_event(c, episode=c.episode, actor=None) for c in rows)
    return rows


def _audit_event(checkin: CheckIn, *, episode: ProgramEpisode, actor, remote: RemoteCheckIn | None = None):
    data = {
        "client": episode.client_id,
        "episode": episode.pk,
        "due_on": checkin.due_on,
        "outcome": checkin.outcome,
        "location": checkin.location_id,
        "rescheduled_to": checkin.rescheduled_to,
    }
    if remote is not None:
        data.update(
            via=remote.via,
            permission=remote.permission_id,
            coordinates=remote.has_coordinates,
            photo=bool(remote.photo),
        )
    return audit.event(
        actor=actor,
        action="checkin.recorded",
        obj=checkin,
        office_id=checkin.office_id,
        data=data,
    )


def _audit(checkin: CheckIn, *, episode: ProgramEpisode, actor, remote: RemoteCheckIn | None = None) -> None:
    audit.record_many([_audit_event(checkin, episode=episode, actor=actor, remote=remote)])


# --- remote reporting permission ---------------------------------------------------------------------


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(24)
    return token, selectors.hash_token(token)


def _lock_episode(episode: ProgramEpisode) -> None:
    ProgramEpisode.objects.select_for_update().filter(pk=episode.pk).first()


@transaction.atomic
def remote_reporting_allow(
    *,
    episode: ProgramEpisode,
    acting_user: User,
    reason: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
) -> RemoteReportingPermission:
    """Allow the client to report remotely from `valid_from` (to `valid_until`, or the end of guidance).

    Returns the permission with the personal link's secret in `permission.token`: it is not stored, so
    the caller shows it once (to send to the client, e.g. by WhatsApp).
    """
    if episode.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This client's supervision is not under way: remote reporting cannot be allowed."), code="not_active"
        )
    _lock_episode(episode)
    reason = reason.strip()
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Give the pressing circumstances that justify remote reporting.")
    if valid_from < episode.starts_on or valid_from > episode.ends_on:
        errors["valid_from"] = _("The permission must start within the period of guidance (%(start)s – %(end)s).") % {
            "start": long_date(episode.starts_on),
            "end": long_date(episode.ends_on),
        }
    if valid_until is not None:
        if valid_until < valid_from:
            errors["valid_until"] = _("The permission must end on or after the day it starts.")
        elif valid_until < today:
            errors["valid_until"] = _("The permission would already be over.")
        elif valid_until > episode.ends_on:
            errors["valid_until"] = _("The permission cannot last beyond the end of guidance (%(date)s).") % {
                "date": long_date(episode.ends_on)
            }
    end = valid_until or episode.ends_on
    for other in RemoteReportingPermission.objects.filter(episode=episode, revoked_at=None):
        other_end = other.valid_until or episode.ends_on
        if other.valid_from <= end and valid_from <= other_end:
            errors.setdefault(
                "valid_from",
                _("This client already has a remote reporting permission for part of that period (%(period)s).")
                % {"period": str(other)},
            )
    if errors:
        raise ValidationError(errors)
    token, digest = _new_token()
    permission = RemoteReportingPermission(
        episode=episode,
        office_id=episode.office_id,
        reason=reason,
        valid_from=valid_from,
        valid_until=valid_until,
        allowed_by=acting_user,
        token_hash=digest,
    )
    permission.full_clean()
    permission.save()
    audit.record(
        actor=acting_user,
        action="remote_reporting.allowed",
        obj=permission,
        office=episode.office,
        data={
            "client": episode.client_id,
            "episode": episode.pk,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "reason": reason,
        },
    )
    permission.token = token
    return permission


@transaction.atomic
def remote_reporting_revoke(
    *, permission: RemoteReportingPermission, acting_user: User, reason: str = ""
) -> RemoteReportingPermission:
    """End a remote reporting permission now; its link stops working at once."""
    permission = (
        RemoteReportingPermission.objects.select_for_update(of=("self",))
        .select_related("episode")
        .get(pk=permission.pk)
    )
    if permission.revoked_at is not None:
        raise ValidationError(_("This permission was already revoked."), code="revoked")
    if not permission.is_current(timezone.localdate()):
        raise ValidationError(_("This permission has already ended."), code="ended")
    permission.revoked_at = timezone.now()
    permission.revoked_by = acting_user
    permission.revoke_reason = reason.strip()
    permission.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    episode = permission.episode
    audit.record(
        actor=acting_user,
        action="remote_reporting.revoked",
        obj=permission,
        office=episode.office,
        data={"client": episode.client_id, "episode": episode.pk, "reason": permission.revoke_reason},
    )
    return permission


@transaction.atomic
def remote_reporting_renew_link(
    *, permission: RemoteReportingPermission, acting_user: User
) -> RemoteReportingPermission:
    """Give the permission a new personal link (the old one stops working); the secret is in `.token` once."""
    permission = (
        RemoteReportingPermission.objects.select_for_update(of=("self",))
        .select_related("episode")
        .get(pk=permission.pk)
    )
    if not permission.is_current(timezone.localdate()):
        raise ValidationError(_("This permission has ended or was revoked; allow remote reporting again."))
    token, digest = _new_token()
    permission.token_hash = digest
    permission.link_issued_at = timezone.now()
    permission.save(update_fields=["token_hash", "link_issued_at"])
    episode = permission.episode
    audit.record(
        actor=acting_user,
        action="remote_reporting.link_renewed",
        obj=permission,
        office=episode.office,
        data={"client": episode.client_id, "episode": episode.pk},
    )
    permission.token = token
    return permission


# --- review of remote reports -------------------------------------------------------------------------


@transaction.atomic
def remote_checkin_review(*, remote: RemoteCheckIn, acting_user: User, decision: str, note: str = "") -> RemoteCheckIn:
    """The PK confirms a remote report, or flags it with a note (a flag can support a violation report)."""
    remote = RemoteCheckIn.objects.select_for_update(of=("self",)).select_related("checkin__episode").get(pk=remote.pk)
    note = note.strip()
    if remote.review != RemoteCheckIn.Review.PENDING:
        raise ValidationError(
            _("This remote report was already reviewed (%(review)s).") % {"review": remote.get_review_display()},
            code="reviewed",
        )
    if decision not in (RemoteCheckIn.Review.CONFIRMED, RemoteCheckIn.Review.FLAGGED):
        raise ValidationError({"decision": _("Confirm the report or flag it.")})
    if decision == RemoteCheckIn.Review.FLAGGED and not note:
        raise ValidationError({"note": _("Say why the report is flagged.")})
    remote.review = decision
    remote.review_note = note
    remote.reviewed_by = acting_user
    remote.reviewed_at = timezone.now()
    remote.full_clean()
    remote.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    episode = remote.checkin.episode
    audit.record(
        actor=acting_user,
        action="remote_checkin.reviewed",
        obj=remote.checkin,
        office=remote.checkin.office,
        changes={"review": [RemoteCheckIn.Review.PENDING, decision]},
        data={"client": episode.client_id, "episode": episode.pk, "due_on": remote.checkin.due_on, "note": note},
    )
    return remote


# --- intensified reporting ----------------------------------------------------------------------------


def _base_interval_days(episode: ProgramEpisode) -> int:
    rules = episode.rule_set
    return rules.reporting_interval_months * 30 + rules.reporting_interval_days


@transaction.atomic
def reporting_intensify(
    *,
    episode: ProgramEpisode,
    acting_user: User | None,
    interval_days: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    reason: str,
    violation_id: int | None = None,
) -> ScheduleChange:
    """Make the client report every `interval_days` days from `starts_on` (the first intensified report)
    to `ends_on` (or the end of guidance), as a sanction; afterwards the rule set's schedule resumes.

    `violation_id` names the violation that led to it, when there is one.
    """
    if episode.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This client's supervision is not under way: the reporting schedule cannot be changed."),
            code="not_active",
        )
    _lock_episode(episode)
    reason = reason.strip()
    today = timezone.localdate()
    errors: dict[str, str] = {}
    base = _base_interval_days(episode)
    if not 1 <= interval_days <= MAX_INTERVAL_DAYS:
        errors["interval_days"] = _("Report every 1 to 31 days.")
    elif interval_days >= base:
        errors["interval_days"] = _(
            "An intensified schedule must be more frequent than the usual one (about every %(days)s days)."
        ) % {"days": base}
    if starts_on < today:
        errors["starts_on"] = _("The intensified schedule cannot start in the past.")
    elif starts_on > episode.ends_on:
        errors["starts_on"] = _("The intensified schedule must start before the end of guidance (%(date)s).") % {
            "date": long_date(episode.ends_on)
        }
    if ends_on is not None:
        if ends_on < starts_on:
            errors["ends_on"] = _("The end must not be before the first report.")
        elif ends_on > episode.ends_on:
            errors["ends_on"] = _("The intensified schedule cannot last beyond the end of guidance (%(date)s).") % {
                "date": long_date(episode.ends_on)
            }
    if not reason:
        errors["reason"] = _("Give the reason for intensifying the reporting schedule.")
    if errors:
        raise ValidationError(errors)
    change = ScheduleChange(
        episode=episode,
        office_id=episode.office_id,
        interval_days=interval_days,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        violation_id=violation_id,
        set_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
    )
    change.full_clean()
    change.save()
    audit.record(
        actor=acting_user,
        action="reporting.intensified",
        obj=change,
        office=episode.office,
        data={
            "client": episode.client_id,
            "episode": episode.pk,
            "interval_days": interval_days,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "reason": reason,
            "violation": violation_id,
        },
    )
    return change


@transaction.atomic
def reporting_intensification_end(*, change: ScheduleChange, acting_user: User) -> ScheduleChange:
    """Lift an intensified schedule that has started: its last day becomes yesterday, and the rule set applies."""
    change = ScheduleChange.objects.select_for_update(of=("self",)).select_related("episode").get(pk=change.pk)
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    if change.violation_id is not None and not scopes.can(acting_user, "reporting.lift_sanction"):
        # A sanction the board decided on a violation is the head's to lift, not a section head's.
        raise ValidationError(
            _("This schedule is the response to a violation: only the head of the office can lift it."),
            code="sanction",
        )
    if change.ends_on is not None and change.ends_on < today:
        raise ValidationError(_("This intensified schedule has already ended."), code="ended")
    if change.starts_on > yesterday:
        raise ValidationError(
            _("This intensified schedule starts on %(date)s; it can be lifted from the day after.")
            % {"date": long_date(change.starts_on)},
            code="not_started",
        )
    before = change.ends_on
    change.ends_on = yesterday
    change.ended_by = acting_user
    change.ended_at = timezone.now()
    change.full_clean()
    change.save(update_fields=["ends_on", "ended_by", "ended_at"])
    episode = change.episode
    audit.record(
        actor=acting_user,
        action="reporting.intensification_ended",
        obj=change,
        office=episode.office,
        changes={"ends_on": [before, yesterday]},
        data={"client": episode.client_id, "episode": episode.pk},
    )
    return change


# --- tracking start -----------------------------------------------------------------------------------


@transaction.atomic
def reporting_tracking_set(
    *, office: Office, acting_user: User | None, tracked_from: datetime.date
) -> ReportingSettings:
    """Set the day from which the office's reporting dates are due (no earlier date is due or marked missed)."""
    if tracked_from > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"tracked_from": _("Choose a date within the next year.")})
    settings_row = ReportingSettings.objects.select_for_update().filter(office=office).first()
    before = settings_row.tracked_from if settings_row else None
    if settings_row is None:
        settings_row = ReportingSettings(office=office, tracked_from=tracked_from)
    settings_row.tracked_from = tracked_from
    settings_row.updated_by = acting_user
    settings_row.updated_at = timezone.now()
    settings_row.full_clean()
    settings_row.save()
    audit.record(
        actor=acting_user,
        action="reporting.tracking_set",
        obj=settings_row,
        office=office,
        changes={"tracked_from": [before, tracked_from]},
    )
    return settings_row
