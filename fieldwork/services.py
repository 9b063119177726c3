"""Writes of field work. Each validates everything first, then saves and audits in one transaction.

Audit rows about a child's record are restricted (UU 11/2012), as everywhere else.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from audit import services as audit
from clients.codes import OPEN_STATUSES
from clients.models import Client, ProgramEpisode
from fieldwork.models import CaseNote, GuidanceActivity, GuidanceParticipant, GuidanceType, HomeVisit
from lib import private_files
from lib.dates import long_date

if TYPE_CHECKING:
    from accounts.models import User


Party = HomeVisit.Party
Attendance = GuidanceParticipant.Attendance


def _require_open(episode: ProgramEpisode) -> None:
    if episode.status not in OPEN_STATUSES:
        raise ValidationError(
            _("This client's guidance is %(status)s: field work can be recorded only while it is under way.")
            % {"status": episode.get_status_display().lower()},
            code="not_active",
        )


def _require_scope(acting_user: User, episode: ProgramEpisode) -> None:
    """The same refusal whether the client is missing or outside the user's scope."""
    if not Client.objects.visible_to(acting_user).filter(pk=episode.client_id).exists():
        raise ValidationError(_("This client is not in your caseload."), code="out_of_scope")


def _date_error(value: datetime.date, starts_on: datetime.date) -> str | None:
    if value > timezone.localdate():
        return _("The date cannot be in the future.")
    if value < starts_on:
        return _("The date is before the start of guidance (%(date)s).") % {"date": long_date(starts_on)}
    return None


def _officer_error(officer, office_id: int) -> str | None:
    # Who may lead a visit or a session: the staff who may record field work.
    if officer.office_id != office_id or not officer.is_active or not scopes.can(officer, "fieldwork.record"):
        return _("Choose an active officer of the client's office.")
    return None


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


# Home visits ------------------------------------------------------------------------------------


@transaction.atomic
def home_visit_record(
    *,
    episode: ProgramEpisode,
    acting_user: User,
    visited_on: datetime.date,
    purpose: str,
    findings: str,
    people_met: Iterable[str] = (),
    people_met_other: str = "",
    officer=None,
    photo=None,
    latitude: decimal.Decimal | None = None,
    longitude: decimal.Decimal | None = None,
) -> HomeVisit:
    """Record a home visit (kunjungan rumah) to the client of `episode`; `officer` defaults to the recorder."""
    _require_scope(acting_user, episode)
    _require_open(episode)
    officer = officer or acting_user
    people = list(dict.fromkeys(people_met))
    people_met_other = people_met_other.strip()
    findings = findings.strip()
    errors: dict[str, str] = {}
    if message := _date_error(visited_on, episode.starts_on):
        errors["visited_on"] = message
    if message := _officer_error(officer, episode.office_id):
        errors["officer"] = message
    if purpose not in HomeVisit.Purpose.values:
        errors["purpose"] = _("Choose the purpose of the visit.")
    if any(code not in Party.values for code in people):
        errors["people_met"] = _("Choose the people met from the list.")
    if people_met_other and Party.OTHER not in people:
        people.append(Party.OTHER)
    if Party.OTHER in people and not people_met_other:
        errors["people_met_other"] = _("Say who else was met.")
    if not findings:
        errors["findings"] = _("Write down what the visit found.")
    content_type = ""
    if photo:
        try:
            content_type = private_files.validate_photo(photo)
        except ValidationError as exc:
            errors["photo"] = exc.messages[0]
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
    elif latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        errors["latitude"] = _("These are not valid coordinates.")
    _raise(errors)
    visit = HomeVisit(
        episode=episode,
        office_id=episode.office_id,
        visited_on=visited_on,
        officer=officer,
        purpose=purpose,
        people_met=[code for code in Party.values if code in people],
        people_met_other=people_met_other,
        findings=findings,
        photo_content_type=content_type,
        latitude=latitude,
        longitude=longitude,
        recorded_by=acting_user,
    )
    if photo:
        visit.photo = photo
    visit.full_clean()
    visit.save()
    audit.record(
        actor=acting_user,
        action="home_visit.recorded",
        obj=visit,
        office=visit.office,
        data={
            "client": episode.client_id,
            "episode": episode.pk,
            "visited_on": visited_on,
            "officer": officer.pk,
            "purpose": purpose,
            "people_met": visit.people_met,
            "photo": bool(photo),
            "coordinates": latitude is not None,
        },
    )
    return visit


# Guidance activities -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    """A client's episode in a guidance activity, with their attendance and (mostly for individual
    sessions) notes on their progress."""

    episode: ProgramEpisode
    attendance: str = Attendance.PRESENT
    progress: str = ""


def _participant_errors(acting_user: User, kind: str, held_on: datetime.date, participants: Sequence[Participant]):
    """Errors of the participant list, and the office they share."""
    if not participants:
        return {"participants": _("Choose at least one client.")}, None
    if kind == GuidanceActivity.Kind.INDIVIDUAL and len(participants) != 1:
        return {"participants": _("An individual session has exactly one client.")}, None
    if kind == GuidanceActivity.Kind.GROUP and len(participants) < 2:
        return {"participants": _("A group session has at least two clients.")}, None
    episodes = [p.episode for p in participants]
    if len({e.pk for e in episodes}) != len(episodes):
        return {"participants": _("Each client takes part only once.")}, None
    client_ids = [e.client_id for e in episodes]
    visible = dict(
        Client.objects.visible_to(acting_user).filter(pk__in=client_ids).values_list("pk", "current_episode_id")
    )
    offices = {e.office_id for e in episodes}
    # One neutral message for clients outside the user's scope, of another office, or not in this episode:
    # it says nothing about who they are or whether they exist.
    if len(offices) != 1 or any(visible.get(e.client_id) != e.pk for e in episodes):
        return {
            "participants": _("Some of the chosen clients cannot take part: choose clients you guide or supervise.")
        }, None
    errors: dict[str, str] = {}
    closed = [e for e in episodes if e.status not in OPEN_STATUSES]
    if closed:
        errors["participants"] = _("The guidance of %(names)s is not under way.") % {
            "names": ", ".join(e.client.name for e in closed)
        }
    elif len({e.is_child for e in episodes}) > 1:
        errors["participants"] = _("Children and adults are not guided in the same group.")
    if held_on > timezone.localdate():
        errors["held_on"] = _("The date cannot be in the future.")
    else:
        late = [e for e in episodes if held_on < e.starts_on]
        if late and kind == GuidanceActivity.Kind.INDIVIDUAL:
            errors["held_on"] = _("The date is before the start of guidance (%(date)s).") % {
                "date": long_date(late[0].starts_on)
            }
        elif late:
            errors["held_on"] = _("The date is before the start of guidance of %(names)s.") % {
                "names": ", ".join(e.client.name for e in late)
            }
    if any(p.attendance not in Attendance.values for p in participants):
        errors["participants"] = _("Choose the attendance of every participant.")
    return errors, offices.pop()


@transaction.atomic
def guidance_activity_record(
    *,
    acting_user: User,
    kind: str,
    held_on: datetime.date,
    guidance_type: str,
    topic: str,
    place: str,
    participants: Sequence[Participant],
    officer=None,
    notes: str = "",
) -> GuidanceActivity:
    """Record a guidance session (kegiatan pembimbingan): one client (individual) or several of one office (group)."""
    officer = officer or acting_user
    errors, office_id = _participant_errors(acting_user, kind, held_on, participants)
    if kind not in GuidanceActivity.Kind.values:
        errors["kind"] = _("Choose individual or group.")
    if guidance_type not in GuidanceType.values:
        errors["guidance_type"] = _("Choose the type of guidance.")
    if not topic.strip():
        errors["topic"] = _("Give the topic of the session.")
    if not place.strip():
        errors["place"] = _("Say where the session was held.")
    if office_id is not None and (message := _officer_error(officer, office_id)):
        errors["officer"] = message
    _raise(errors)
    activity = GuidanceActivity(
        office_id=office_id,
        held_on=held_on,
        kind=kind,
        guidance_type=guidance_type,
        topic=topic.strip(),
        place=place.strip(),
        officer=officer,
        notes=notes.strip(),
        recorded_by=acting_user,
    )
    activity.full_clean()
    activity.save()
    rows = [
        GuidanceParticipant(activity=activity, episode=p.episode, attendance=p.attendance, progress=p.progress.strip())
        for p in participants
    ]
    for row in rows:
        row.full_clean(exclude=["activity", "episode"], validate_constraints=False)
    GuidanceParticipant.objects.bulk_create(rows)
    audit.record(
        actor=acting_user,
        action="guidance_activity.recorded",
        obj=activity,
        office=activity.office,
        data={
            "kind": kind,
            "guidance_type": guidance_type,
            "held_on": held_on,
            "officer": officer.pk,
            "clients": [p.episode.client_id for p in participants],
            "episodes": [p.episode.pk for p in participants],
            "attendance": {str(p.episode.client_id): p.attendance for p in participants},
        },
    )
    return activity


# Case notes -------------------------------------------------------------------------------------


@transaction.atomic
def case_note_add(
    *, episode: ProgramEpisode, acting_user: User, body: str, category: str = "", corrects: CaseNote | None = None
) -> CaseNote:
    """Append a note to the client's file; a correction names the note it corrects (notes are never edited)."""
    _require_scope(acting_user, episode)
    body = body.strip()
    errors: dict[str, str] = {}
    if not body:
        errors["body"] = _("Write the note.")
    if category and category not in CaseNote.Category.values:
        errors["category"] = _("Choose a category from the list.")
    if corrects is not None and corrects.episode.client_id != episode.client_id:
        errors["corrects"] = _("A correction must name a note of the same client.")
    _raise(errors)
    note = CaseNote(
        episode=episode,
        office_id=episode.office_id,
        written_by=acting_user,
        body=body,
        category=category,
        corrects=corrects,
    )
    note.full_clean()
    note.save()
    audit.record(
        actor=acting_user,
        action="case_note.corrected" if corrects else "case_note.added",
        obj=note,
        office=note.office,
        data={
            "client": episode.client_id,
            "episode": episode.pk,
            "category": category,
            "corrects": corrects.pk if corrects else None,
        },
    )
    return note
