"""Writes of referrals, sessions, end-of-service reports, group activities and documentation.

Each service locks the rows it decides on, checks every rule first (raising ValidationError, field →
message, so nothing changes on bad input), saves, and writes an audit row in the same transaction.
The staff side (PK, section head) refers, approves, withdraws and closes; the partner's users accept or
decline, record sessions, file the end-of-service report, record group activities and upload documents.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from clients.codes import OPEN_STATUSES, EpisodeStatus
from clients.models import ProgramEpisode
from lib import private_files
from lib.dates import long_date
from organizations import workdays
from organizations.models import ServiceLocation
from partners import services as partner_services
from partners.codes import ServiceField
from partners.models import Partner
from referrals import access
from referrals.models import (
    Attendance,
    DesiredOutcome,
    Document,
    GroupActivity,
    GroupParticipant,
    Need,
    OutcomeRating,
    Referral,
    ReferralSession,
    ReferralSettings,
    State,
)

if TYPE_CHECKING:
    from accounts.models import User


MAX_OUTCOMES = 10


def _audit(referral: Referral, action: str, actor, **data) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=referral,
        office=referral.office,
        data={"client": referral.client_id, "episode": referral.episode_id, "partner": referral.partner_id, **data},
    )


def _locked(referral: Referral) -> Referral:
    """The referral re-read under a row lock, so two desks deciding at once see each other's step."""
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("episode", "partner", "office", "client__domicile_regency")
        .get(pk=referral.pk)
    )


def _refuse_unless(referral: Referral, states: set[State], message: str) -> State:
    state = referral.state
    if state not in states:
        raise ValidationError(message % {"state": state.label.lower()}, code="wrong_state")
    return state


def _as_partner(referral: Referral, acting_user: User) -> None:
    """Only a user of the referral's partner answers for the partner (views already give 404 to others)."""
    if not access.acts_for_partner(acting_user, referral.partner_id):
        raise ValidationError(_("Only the partner's own users can do this."), code="not_partner")


def _open_count(partner: Partner) -> int:
    """Referrals that occupy a place at `partner`: not declined, withdrawn or closed."""
    return Referral.objects.filter(partner=partner).open().count()


@transaction.atomic
def referral_create(
    *,
    episode: ProgramEpisode,
    partner: Partner,
    field: str,
    needs: str,
    outcomes: Sequence[str],
    acting_user: User,
    over_capacity_reason: str = "",
) -> Referral:
    """Refer the client of `episode` to `partner` for `field` (penyerahan klien).

    Refused: a client not under guidance, a partner of another office, an inactive partner, a field or
    regency the partner does not serve, no agreement in force covering the field (partners.services.
    referral_allowed), a duplicate open referral, no needs or outcomes. A partner at or over its capacity
    is warned about (code "over_capacity") and accepted only with a reason.
    """
    episode = (
        ProgramEpisode.objects.select_for_update(of=("self",))
        .select_related("client__domicile_regency")
        .get(pk=episode.pk)
    )
    # The partner's row lock serialises the capacity count of two PKs referring at once.
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    client = episode.client
    needs = needs.strip()
    outcomes = [o.strip() for o in outcomes if o and o.strip()]
    over_capacity_reason = over_capacity_reason.strip()
    if episode.status != EpisodeStatus.ACTIVE or client.current_episode_id != episode.pk:
        raise ValidationError(
            _("This client's supervision is %(status)s: only a client under guidance can be referred.")
            % {"status": episode.get_status_display().lower()},
            code="not_active",
        )
    agreement = partner_services.referral_allowed(
        partner=partner, field=field, regency=client.domicile_regency, office=episode.office
    )
    errors: dict[str, str] = {}
    if not needs:
        errors["needs"] = _("Describe what the client needs from the partner.")
    if not outcomes:
        errors["outcomes"] = _("Give at least one desired outcome.")
    elif len(outcomes) > MAX_OUTCOMES:
        errors["outcomes"] = _("Give at most %(n)s desired outcomes.") % {"n": MAX_OUTCOMES}
    elif any(len(o) > 300 for o in outcomes):
        errors["outcomes"] = _("A desired outcome is at most 300 characters.")
    if Referral.objects.open().filter(episode=episode, partner=partner, field=field).exists():
        raise ValidationError(
            {"partner": _("This client already has an open referral to this partner for this field.")},
            code="duplicate",
        )
    if errors:
        raise ValidationError(errors)
    taken = _open_count(partner)
    if partner.capacity is not None and taken >= partner.capacity and not over_capacity_reason:
        warning = _(
            "%(partner)s already serves %(taken)s clients, its capacity is %(capacity)s. "
            "Give a reason to refer this client all the same."
        ) % {"partner": partner, "taken": taken, "capacity": partner.capacity}
        raise ValidationError({"over_capacity_reason": ValidationError(warning, code="over_capacity")})
    if partner.capacity is None or taken < partner.capacity:
        over_capacity_reason = ""
    office_settings = ReferralSettings.for_office(episode.office_id)
    now = timezone.now()
    referral = Referral(
        client=client,
        episode=episode,
        office_id=episode.office_id,
        partner=partner,
        field=field,
        agreement=agreement,
        needs=needs,
        over_capacity_reason=over_capacity_reason,
        created_at=now,
        created_by=acting_user,
        needs_approval=office_settings.requires_approval,
    )
    if not referral.needs_approval:
        _send(referral, now, office_settings)
    referral.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError as exc:  # a concurrent duplicate
        raise ValidationError(
            {"partner": _("This client already has an open referral to this partner for this field.")}
        ) from exc
    DesiredOutcome.objects.bulk_create(
        [DesiredOutcome(referral=referral, description=text, order=n) for n, text in enumerate(outcomes, start=1)]
    )
    _audit(
        referral,
        "referral.created",
        acting_user,
        field=field,
        agreement=agreement.pk,
        outcomes=len(outcomes),
        needs_approval=referral.needs_approval,
        over_capacity_reason=over_capacity_reason,
    )
    return referral


def _send(referral: Referral, now: datetime.datetime, office_settings: ReferralSettings) -> None:
    referral.sent_at = now
    referral.respond_by = workdays.add_working_days(timezone.localdate(now), office_settings.accept_within_days)


@transaction.atomic
def referral_approve(*, referral: Referral, acting_user: User) -> Referral:
    """A section head approves a referral the office requires approval for; it then goes to the partner.
    The partnership rules are checked again: the agreement may have ended meanwhile."""
    referral = _locked(referral)
    _refuse_unless(
        referral, {State.AWAITING_APPROVAL}, _("This referral is %(state)s: only one awaiting approval is approved.")
    )
    if referral.episode.status not in OPEN_STATUSES:
        raise ValidationError(_("This client's supervision has ended."), code="not_active")
    agreement = partner_services.referral_allowed(
        partner=referral.partner, field=referral.field, regency=referral.client.domicile_regency, office=referral.office
    )
    now = timezone.now()
    referral.approved_at, referral.approved_by = now, acting_user
    referral.agreement = agreement
    _send(referral, now, ReferralSettings.for_office(referral.office_id))
    referral.save(update_fields=["approved_at", "approved_by", "agreement", "sent_at", "respond_by"])
    _audit(referral, "referral.approved", acting_user)
    return referral


@transaction.atomic
def referral_accept(*, referral: Referral, acting_user: User) -> Referral:
    """The partner takes the client on."""
    referral = _locked(referral)
    _as_partner(referral, acting_user)
    _refuse_unless(
        referral, {State.AWAITING_PARTNER}, _("This referral is %(state)s: only a new referral can be accepted.")
    )
    referral.accepted_at, referral.accepted_by = timezone.now(), acting_user
    referral.save(update_fields=["accepted_at", "accepted_by"])
    _audit(referral, "referral.accepted", acting_user, late=referral.is_overdue(timezone.localdate()))
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, reason: str, acting_user: User) -> Referral:
    """The partner does not take the client on, and says why."""
    referral = _locked(referral)
    _as_partner(referral, acting_user)
    _refuse_unless(
        referral, {State.AWAITING_PARTNER}, _("This referral is %(state)s: only a new referral can be declined.")
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for declining.")})
    referral.declined_at, referral.declined_by, referral.decline_reason = timezone.now(), acting_user, reason
    referral.save(update_fields=["declined_at", "declined_by", "decline_reason"])
    _audit(referral, "referral.declined", acting_user, reason=reason)
    return referral


@transaction.atomic
def referral_withdraw(*, referral: Referral, reason: str, acting_user: User) -> Referral:
    """The PK (or section head) takes the referral back before it ends, with a reason."""
    referral = _locked(referral)
    _refuse_unless(
        referral,
        {State.AWAITING_APPROVAL, State.AWAITING_PARTNER, State.ACCEPTED, State.IN_PROGRESS, State.REPORTED},
        _("This referral is %(state)s: it can no longer be withdrawn."),
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing.")})
    referral.withdrawn_at, referral.withdrawn_by, referral.withdraw_reason = timezone.now(), acting_user, reason
    referral.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason"])
    _audit(referral, "referral.withdrawn", acting_user, reason=reason)
    return referral


@transaction.atomic
def referral_close(*, referral: Referral, acting_user: User) -> Referral:
    """The PK ends a referral the partner accepted. Once a session was held, the partner's end-of-service
    report must be in first (outcome-based closure)."""
    referral = _locked(referral)
    state = _refuse_unless(
        referral,
        {State.ACCEPTED, State.IN_PROGRESS, State.REPORTED},
        _("This referral is %(state)s: only an accepted referral is closed."),
    )
    if state == State.IN_PROGRESS:
        raise ValidationError(
            _(
                "The partner has held sessions with this client: its end-of-service report is required before "
                "the referral is closed. Withdraw the referral instead if it must end now."
            ),
            code="report_required",
        )
    referral.closed_at, referral.closed_by = timezone.now(), acting_user
    referral.save(update_fields=["closed_at", "closed_by"])
    _audit(referral, "referral.closed", acting_user, state_before=state.value)
    return referral


RUNNING = {State.ACCEPTED, State.IN_PROGRESS}


def _check_session_date(referral: Referral, day: datetime.date, field: str) -> None:
    accepted_on = timezone.localdate(referral.accepted_at)
    if day < accepted_on:
        raise ValidationError(
            {
                field: _("The session cannot be before the partner accepted the referral (%(date)s).")
                % {"date": long_date(accepted_on)}
            },
            code="before_acceptance",
        )


@transaction.atomic
def session_schedule(
    *, referral: Referral, scheduled_for: datetime.datetime, place: str = "", acting_user: User
) -> ReferralSession:
    """The partner plans a session with the client."""
    referral = _locked(referral)
    _as_partner(referral, acting_user)
    _refuse_unless(referral, RUNNING, _("This referral is %(state)s: sessions are planned only while it runs."))
    if scheduled_for is None:
        raise ValidationError({"scheduled_for": _("Give the date and time of the session.")})
    _check_session_date(referral, timezone.localdate(scheduled_for), "scheduled_for")
    session = ReferralSession(
        referral=referral, scheduled_for=scheduled_for, place=place.strip(), scheduled_by=acting_user
    )
    session.full_clean()
    session.save()
    _audit(referral, "referral.session_scheduled", acting_user, session=session.pk, scheduled_for=scheduled_for)
    return session


@dataclass
class SessionInput:
    held_on: datetime.date
    attendance: str
    absence_reason: str = ""
    summary: str = ""
    behaviour: str = ""
    concern: bool = False
    concern_note: str = ""


@transaction.atomic
def session_record(
    *, referral: Referral, data: SessionInput, acting_user: User, session: ReferralSession | None = None
) -> ReferralSession:
    """Record a held session (a planned one, or one not planned in the system): attendance, a summary,
    the client's behaviour, and a concern that alerts the PK."""
    referral = _locked(referral)
    _as_partner(referral, acting_user)
    _refuse_unless(referral, RUNNING, _("This referral is %(state)s: sessions are recorded only while it runs."))
    if session is not None:
        session = ReferralSession.objects.select_for_update().get(pk=session.pk)
        if session.referral_id != referral.pk or session.held_on is not None:
            raise ValidationError(_("This session is already recorded."), code="already_recorded")
    errors: dict[str, str] = {}
    if data.held_on is None:
        errors["held_on"] = _("Give the date the session was held.")
    elif data.held_on > timezone.localdate():
        errors["held_on"] = _("A session is recorded once it has been held; the date cannot be in the future.")
    else:
        try:
            _check_session_date(referral, data.held_on, "held_on")
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if data.attendance not in Attendance.values:
        errors["attendance"] = _("Choose the client's attendance.")
    elif data.attendance == Attendance.ABSENT:
        if not data.absence_reason.strip():
            errors["absence_reason"] = _("Give the reason the client was absent.")
    elif not data.summary.strip():
        errors["summary"] = _("Summarise the session.")
    if data.concern and not data.concern_note.strip():
        errors["concern_note"] = _("Describe the concern for the PK.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    if session is None:
        session = ReferralSession(referral=referral)
    session.held_on = data.held_on
    session.attendance = data.attendance
    session.absence_reason = data.absence_reason.strip()
    session.summary = data.summary.strip()
    session.behaviour = data.behaviour.strip()
    session.concern = data.concern
    session.concern_note = data.concern_note.strip() if data.concern else ""
    session.recorded_by, session.recorded_at = acting_user, now
    session.full_clean()
    session.save()
    _audit(
        referral,
        "referral.session_recorded",
        acting_user,
        session=session.pk,
        held_on=session.held_on,
        attendance=session.attendance,
        concern=session.concern,
    )
    return session


@transaction.atomic
def concern_acknowledge(*, session: ReferralSession, acting_user: User) -> ReferralSession:
    """The PK has read a concern the partner raised; it leaves the PK's home page."""
    session = (
        ReferralSession.objects.select_for_update(of=("self",))
        .select_related("referral__episode", "referral__office")
        .get(pk=session.pk)
    )
    if not session.concern or session.concern_seen_at is not None:
        raise ValidationError(_("This concern is already marked as read."), code="already_seen")
    session.concern_seen_at, session.concern_seen_by = timezone.now(), acting_user
    session.save(update_fields=["concern_seen_at", "concern_seen_by"])
    _audit(session.referral, "referral.concern_read", acting_user, session=session.pk)
    return session


@transaction.atomic
def referral_report(
    *, referral: Referral, ratings: dict[int, tuple[str, str]], summary: str, acting_user: User
) -> Referral:
    """The partner's end-of-service report: every desired outcome rated achieved, partly or not."""
    referral = _locked(referral)
    _as_partner(referral, acting_user)
    _refuse_unless(
        referral, RUNNING, _("This referral is %(state)s: the end-of-service report is filed while it runs.")
    )
    outcomes = list(referral.outcomes.all())
    errors: dict[str, str] = {}
    missing = [o for o in outcomes if ratings.get(o.pk, ("", ""))[0] not in OutcomeRating.Achievement.values]
    if missing:
        errors["ratings"] = _("Rate every desired outcome: achieved, partly achieved or not achieved.")
    if not summary.strip():
        errors["summary"] = _("Summarise the service given.")
    if errors:
        raise ValidationError(errors)
    OutcomeRating.objects.bulk_create(
        [
            OutcomeRating(outcome=o, achievement=ratings[o.pk][0], comment=(ratings[o.pk][1] or "").strip())
            for o in outcomes
        ]
    )
    referral.report_submitted_at, referral.report_submitted_by = timezone.now(), acting_user
    referral.report_summary = summary.strip()
    referral.save(update_fields=["report_submitted_at", "report_submitted_by", "report_summary"])
    _audit(
        referral,
        "referral.report_submitted",
        acting_user,
        ratings={str(o.pk): ratings[o.pk][0] for o in outcomes},
        score=achievement_score([ratings[o.pk][0] for o in outcomes]),
    )
    return referral


def achievement_score(achievements: Sequence[str]) -> float | None:
    """The mean of 1 / 0.5 / 0 over the rated outcomes (HMPPS EOSR scoring), None without ratings."""
    if not achievements:
        return None
    return sum(OutcomeRating.SCORES[OutcomeRating.Achievement(a)] for a in achievements) / len(achievements)


@transaction.atomic
def activity_record(
    *,
    partner: Partner,
    held_on: datetime.date,
    title: str,
    field: str,
    hours: decimal.Decimal,
    outcome: str,
    participants: Sequence[tuple[ProgramEpisode, str]],
    acting_user: User,
    place: ServiceLocation | None = None,
) -> GroupActivity:
    """A group activity of `partner` with the clients it serves (e.g. job training for twelve clients).

    Participants must be clients currently referred to the partner: the partner knows no others.
    """
    if not access.acts_for_partner(acting_user, partner.pk):
        raise ValidationError(_("Only the partner's own users can do this."), code="not_partner")
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = _("Give the date of the activity.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("An activity is recorded once it has been held; the date cannot be in the future.")
    if not title.strip():
        errors["title"] = _("Give the activity a title.")
    if not partner.service_fields.filter(field=field).exists():
        errors["field"] = _("%(partner)s does not offer this field of service.") % {"partner": partner}
    if hours is None or not (0 < hours <= 24):
        errors["hours"] = _("Hours must be more than 0 and at most 24.")
    if not outcome.strip():
        errors["outcome"] = _("Describe the outcome of the activity.")
    if place is not None and (place.office_id != partner.office_id or not place.is_active):
        errors["place"] = _("Choose an active service location of the partner's office.")
    episode_ids = [e.pk for e, _attendance in participants]
    if not participants:
        errors["participants"] = _("Choose at least one participant.")
    elif len(set(episode_ids)) != len(episode_ids):
        errors["participants"] = _("A client is listed twice.")
    else:
        allowed = set(
            Referral.objects.filter(partner=partner, episode_id__in=episode_ids)
            .current()
            .values_list("episode_id", flat=True)
        )
        if set(episode_ids) - allowed:
            errors["participants"] = _("Participants must be clients currently referred to your organisation.")
        elif any(a not in Attendance.values for _e, a in participants):
            errors["participants"] = _("Choose each participant's attendance.")
    if errors:
        raise ValidationError(errors)
    activity = GroupActivity(
        partner=partner,
        office_id=partner.office_id,
        held_on=held_on,
        title=title.strip(),
        field=field,
        place=place,
        hours=hours,
        outcome=outcome.strip(),
        created_by=acting_user,
    )
    activity.full_clean()
    activity.save()
    GroupParticipant.objects.bulk_create(
        [GroupParticipant(activity=activity, episode=e, client_id=e.client_id, attendance=a) for e, a in participants]
    )
    audit.record(
        actor=acting_user,
        action="group_activity.recorded",
        obj=activity,
        office=activity.office,
        data={"partner": partner.pk, "held_on": held_on, "hours": hours, "participants": episode_ids},
    )
    return activity


def _content_type(upload) -> str:
    """PDF or photo, checked by content."""
    try:
        return private_files.validate_pdf(upload)
    except ValidationError as pdf_error:
        if pdf_error.code == "too_large":
            raise
    try:
        return private_files.validate_photo(upload)
    except ValidationError as exc:
        if exc.code == "too_large":
            raise
        raise ValidationError(
            {"file": _("Upload a PDF document or a JPEG, PNG or WebP photo.")}, code="bad_type"
        ) from exc


@transaction.atomic
def document_add(
    *,
    upload,
    acting_user: User,
    description: str = "",
    referral: Referral | None = None,
    activity: GroupActivity | None = None,
) -> Document:
    """Keep a partner's documentation (attendance list, photo, certificate) with a referral or an activity."""
    owner_partner = referral.partner_id if referral is not None else activity.partner_id
    if not access.acts_for_partner(acting_user, owner_partner):
        raise ValidationError(_("Only the partner's own users can do this."), code="not_partner")
    if referral is not None:
        referral = _locked(referral)
        _refuse_unless(
            referral,
            {State.ACCEPTED, State.IN_PROGRESS, State.REPORTED},
            _("This referral is %(state)s: documentation is added while it runs."),
        )
    try:
        content_type = _content_type(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    name = (getattr(upload, "name", "") or "dokumen").rsplit("/", 1)[-1][:200]
    document = Document(
        referral=referral,
        activity=activity,
        content_type=content_type,
        original_name=name,
        description=description.strip()[:200],
        uploaded_by=acting_user,
    )
    document.file.save(name, upload, save=False)
    document.save()
    owner = referral if referral is not None else activity
    audit.record(
        actor=acting_user,
        action="referral.document_added" if referral is not None else "group_activity.document_added",
        obj=owner,
        office=owner.office,
        data={"document": document.pk, "content_type": content_type, "name": name},
    )
    return document


@transaction.atomic
def settings_update(*, office, requires_approval: bool, accept_within_days: int, acting_user: User) -> ReferralSettings:
    """Change how an office runs referrals. Referrals already made keep the rule they were made under."""
    row, _created = ReferralSettings.objects.select_for_update().get_or_create(office=office)
    before = audit.snapshot(row, ["requires_approval", "accept_within_days"])
    row.requires_approval, row.accept_within_days = requires_approval, accept_within_days
    row.full_clean()
    row.save()
    changes = audit.diff(before, audit.snapshot(row, ["requires_approval", "accept_within_days"]))
    if changes:
        audit.record(actor=acting_user, action="referral_settings.updated", obj=row, office=office, changes=changes)
    return row


@transaction.atomic
def referrals_end_for_episode(*, episode: ProgramEpisode, reason: str, acting_user: User) -> int:
    """Withdraw every open referral of `episode` when its guidance ends (closed, revoked, transferred out).

    For the apps that end an episode (movements, violations) to call in their own transaction; the portal
    already hides these referrals, this records why they ended. Returns how many were withdrawn.
    """
    ended = 0
    for referral in Referral.objects.open().filter(episode=episode).order_by("pk"):
        referral_withdraw(referral=referral, reason=reason, acting_user=acting_user)
        ended += 1
    return ended


def _need_audit(need: Need, action: str, actor, **data) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=need,
        office=need.office,
        data={"client": need.episode.client_id, "episode": need.episode_id, "field": need.field, **data},
    )


@transaction.atomic
def need_record(*, episode: ProgramEpisode, field: str, description: str, acting_user: User) -> Need:
    """Record a client's need for a field of service, whether or not a partner can meet it.

    Refused: a client whose supervision is not under way, an unknown field, no description, and an
    open need of the episode in the same field.
    """

    episode = ProgramEpisode.objects.select_for_update(of=("self",)).select_related("client").get(pk=episode.pk)
    description = (description or "").strip()
    if episode.status not in OPEN_STATUSES or episode.client.current_episode_id != episode.pk:
        raise ValidationError(
            _("This client's supervision is %(status)s: a need is recorded only while it is under way.")
            % {"status": episode.get_status_display().lower()},
            code="not_open",
        )
    errors: dict[str, str] = {}
    if field not in ServiceField.values:
        errors["field"] = _("Choose a field of service.")
    elif Need.objects.filter(episode=episode, field=field, closed_at__isnull=True).exists():
        errors["field"] = _("This client already has an open need in this field.")
    if not description:
        errors["description"] = _("Describe what the client needs.")
    if errors:
        raise ValidationError(errors)
    need = Need(
        episode=episode,
        office_id=episode.office_id,
        field=field,
        description=description,
        noted_by=acting_user,
        noted_at=timezone.now(),
    )
    need.full_clean()
    need.save()
    _need_audit(need, "need.recorded", acting_user)
    return need


@transaction.atomic
def need_close(*, need: Need, reason: str, acting_user: User) -> Need:
    """Close a need (met, no longer relevant) with a reason, so it leaves the partnership summary."""
    need = Need.objects.select_for_update(of=("self",)).select_related("episode", "office").get(pk=need.pk)
    if need.closed_at is not None:
        raise ValidationError(_("This need is already closed."), code="closed")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for closing the need.")})
    need.closed_at, need.closed_by, need.close_reason = timezone.now(), acting_user, reason
    need.save(update_fields=["closed_at", "closed_by", "close_reason"])
    _need_audit(need, "need.closed", acting_user, reason=reason)
    return need
