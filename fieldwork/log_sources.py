"""Sources of the client's log (clients.log): field work, and what the client page's timeline used to show.

Each source runs one query whatever the number of rows. The caller (the log page, the client page)
has already checked that the user may see the client; children's records are therefore only read by
those who may see children.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from audit import describe
from audit.models import AuditEvent
from clients.log import LogEntry, labels, sources
from clients.models import Assignment, Case, Client, Guarantor, ProgramEpisode
from fieldwork.models import CaseNote, GuidanceActivity, GuidanceParticipant, HomeVisit
from supervision.models import CheckIn

labels.update(
    {
        "episode": gettext_lazy("Guidance orders"),
        "assignment": gettext_lazy("Officer assignments"),
        "checkin": gettext_lazy("Reporting"),
        "home_visit": gettext_lazy("Home visits"),
        "guidance": gettext_lazy("Guidance activities"),
        "note": gettext_lazy("Notes"),
        "change": gettext_lazy("Recorded changes"),
    }
)


def _local(value: datetime.datetime) -> datetime.datetime:
    """Local wall-clock time, so that the log sorts and shows times as the office reads them."""
    return timezone.localtime(value)


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _name(user) -> str:
    return (user.full_name or user.get_username()) if user else ""


@sources.register("episode", order=10)
def episodes(client: Client, user) -> list[LogEntry]:
    return [
        LogEntry(
            when=episode.starts_on,
            kind="episode",
            title=_("%(program)s started (%(status)s)")
            % {"program": episode.get_program_display(), "status": episode.get_status_display()},
            detail=_("Decree %(number)s; guidance until %(end)s")
            % {"number": episode.decree_number, "end": _day(episode.ends_on)},
        )
        for episode in ProgramEpisode.objects.visible_to(user).filter(client=client).order_by("starts_on", "pk")
    ]


@sources.register("assignment", order=20)
def assignments(client: Client, user) -> list[LogEntry]:
    # The model's order (episode, then start), without joining the client that the episode's ordering names:
    # every row is this client's.
    rows = (
        Assignment.objects.visible_to(user)
        .filter(episode__client=client)
        .select_related("officer", "assigned_by")
        .order_by("episode__starts_on", "started_at")
    )
    return [
        LogEntry(
            when=_local(a.started_at),
            kind="assignment",
            title=_("%(officer)s assigned as %(kind)s") % {"officer": _name(a.officer), "kind": a.get_kind_display()},
            detail=a.reason,
            actor=_name(a.assigned_by),
        )
        for a in rows
    ]


def _remote(checkin):
    """The remote report of a check-in (supervision's RemoteCheckIn), or None for one made in person."""
    # RelatedObjectDoesNotExist is an AttributeError, so getattr's default covers a missing row.
    return getattr(checkin, "remote", None)


@sources.register("checkin", order=30)
def checkins(client: Client, user) -> list[LogEntry]:
    related = ["location", "recorded_by"]
    has_remote = any(f.name == "remote" and f.one_to_one for f in CheckIn._meta.get_fields())
    if has_remote:
        related.append("remote")
    result = []
    # The model's order (episode, then date), without joining the client the episode's ordering names.
    rows = (
        CheckIn.objects.visible_to(user)
        .filter(episode__client=client)
        .select_related(*related)
        .order_by("episode__starts_on", "due_on")
    )
    for c in rows:
        parts = []
        if c.location_id:
            parts.append(c.location.name)
        if c.occurred_at and timezone.localdate(c.occurred_at) != c.due_on:
            parts.append(_("scheduled for %(date)s") % {"date": _day(c.due_on)})
        if c.excuse_reason:
            parts.append(c.excuse_reason)
        if c.rescheduled_to:
            parts.append(_("moved to %(date)s") % {"date": _day(c.rescheduled_to)})
        lines = [" · ".join(parts)] if parts else []
        flagged = c.outcome == CheckIn.Outcome.MISSED
        extra = {}
        remote = _remote(c) if has_remote else None
        if remote is not None:
            lines.extend(f"{question} {answer}" for question, answer in remote.answers)
            lines.append(remote.get_review_display() + (f": {remote.review_note}" if remote.review_note else ""))
            flagged = flagged or remote.review == "ditandai"
            if remote.latitude is not None:
                extra["coordinates"] = f"{remote.latitude}, {remote.longitude}"
        result.append(
            LogEntry(
                when=_local(c.occurred_at) if c.occurred_at else c.due_on,
                kind="checkin",
                title=_("Reporting: %(outcome)s") % {"outcome": c.get_outcome_display()},
                detail="\n".join(lines),
                actor=_name(c.recorded_by),
                flagged=flagged,
                extra=extra,
            )
        )
    return result


@sources.register("home_visit", order=40)
def home_visits(client: Client, user) -> list[LogEntry]:
    result = []
    for visit in HomeVisit.objects.visible_to(user).filter(episode__client=client).select_related("officer"):
        lines = []
        if visit.people_met_labels:
            lines.append(_("Met: %(people)s") % {"people": ", ".join(visit.people_met_labels)})
        lines.append(visit.findings)
        extra = {}
        if visit.photo:
            extra["photo_url"] = reverse("fieldwork:home_visit_photo", args=[visit.pk])
        if visit.latitude is not None:
            extra["coordinates"] = f"{visit.latitude}, {visit.longitude}"
        result.append(
            LogEntry(
                when=visit.visited_on,
                kind="home_visit",
                title=_("Home visit: %(purpose)s") % {"purpose": visit.get_purpose_display()},
                detail="\n".join(lines),
                actor=_name(visit.officer),
                extra=extra,
            )
        )
    return result


@sources.register("guidance", order=50)
def guidance_activities(client: Client, user) -> list[LogEntry]:
    size = (
        GuidanceParticipant.objects.filter(activity=OuterRef("activity"))
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        GuidanceParticipant.objects.visible_to(user)
        .filter(episode__client=client)
        .select_related("activity__officer")
        .annotate(group_size=Subquery(size))
    )
    result = []
    for p in rows:
        activity = p.activity
        if activity.kind == GuidanceActivity.Kind.GROUP:
            title = _("Group guidance: %(type)s") % {"type": activity.get_guidance_type_display()}
            where = _("%(place)s, %(n)s clients") % {"place": activity.place, "n": p.group_size}
        else:
            title = _("Individual guidance: %(type)s") % {"type": activity.get_guidance_type_display()}
            where = activity.place
        lines = [f"{activity.topic} · {where} · {p.get_attendance_display()}"]
        if p.progress:
            lines.append(p.progress)
        if activity.notes and activity.kind == GuidanceActivity.Kind.INDIVIDUAL:
            lines.append(activity.notes)
        result.append(
            LogEntry(
                when=activity.held_on,
                kind="guidance",
                title=title,
                detail="\n".join(lines),
                actor=_name(activity.officer),
                flagged=p.attendance == GuidanceParticipant.Attendance.ABSENT,
            )
        )
    return result


@sources.register("note", order=60)
def notes(client: Client, user) -> list[LogEntry]:
    rows = (
        CaseNote.objects.visible_to(user)
        .filter(episode__client=client)
        .select_related("written_by", "corrects")
        .annotate(corrected=Exists(CaseNote.objects.filter(corrects=OuterRef("pk"))))
    )
    may_correct = scopes.can(user, "fieldwork.record")
    result = []
    for note in rows:
        if note.corrects_id:
            title = _("Correction of the note of %(date)s") % {"date": _day(_local(note.corrects.created_at))}
        elif note.category:
            title = _("Note: %(category)s") % {"category": note.get_category_display()}
        else:
            title = _("Note")
        extra = {"corrected": note.corrected}
        if may_correct and not note.corrected:
            extra["correct_url"] = f"{reverse('fieldwork:note_create', args=[client.pk])}?corrects={note.pk}"
        result.append(
            LogEntry(
                when=_local(note.created_at),
                kind="note",
                title=title,
                detail=note.body,
                actor=_name(note.written_by),
                extra=extra,
            )
        )
    return result


# Readable names of the audit actions about a client's own records. Actions that other sources already
# show (an episode started, an officer assigned) and views of the record are left out.
ACTION_LABELS = {
    "client.registered": gettext_lazy("Client registered"),
    "client.updated": gettext_lazy("Personal data changed"),
    "case.created": gettext_lazy("Case recorded"),
    "guarantor.created": gettext_lazy("Guarantor added"),
    "guarantor.updated": gettext_lazy("Guarantor changed"),
    "episode.completed": gettext_lazy("Guidance order completed"),
    "episode.updated": gettext_lazy("Guidance order changed"),
}
_SHOWN_ELSEWHERE = ("episode.created", "episode.assigned")
_FIELD_MODELS = {"client": Client, "case": Case, "guarantor": Guarantor, "episode": ProgramEpisode}


def _field_names(action: str, changes: dict) -> str:
    model = _FIELD_MODELS.get(action.split(".", 1)[0])
    names = []
    for field in changes:
        try:
            names.append(str(model._meta.get_field(field).verbose_name) if model else field)
        except Exception:  # a field renamed since the row was written
            names.append(field)
    return ", ".join(names)


def _related_ids(client: Client) -> dict[type, list[str]]:
    """The ids (as audit rows store them, text) of the client's episodes, cases and guarantors: one query."""
    parts = [
        model.objects.filter(client=client).order_by().annotate(kind=Value(index)).values_list("kind", "pk")
        for index, model in enumerate(_RELATED)
    ]
    ids: dict[type, list[str]] = {model: [] for model in _RELATED}
    for index, pk in parts[0].union(*parts[1:], all=True):
        ids[_RELATED[index]].append(str(pk))
    return ids


_RELATED = (ProgramEpisode, Case, Guarantor)


@sources.register("change", order=90)
def changes(client: Client, user) -> list[LogEntry]:
    # The audit table grows with every page view: each condition names a content type id and object ids,
    # so the database reads them from the (object_type, object_id, occurred_at) index instead of scanning
    # the table through a join to django_content_type. get_for_model is cached, so this costs no query.
    def of(model, object_ids) -> Q:
        return Q(object_type_id=ContentType.objects.get_for_model(model).pk, object_id__in=object_ids)

    condition = of(Client, [str(client.pk)])
    for model, object_ids in _related_ids(client).items():
        if object_ids:
            condition |= of(model, object_ids)
    rows = (
        AuditEvent.objects.visible_to(user)
        .filter(condition)
        .exclude(action__endswith=".viewed")
        .exclude(action__in=_SHOWN_ELSEWHERE)
    )
    result = []
    for event in rows:
        label = ACTION_LABELS.get(event.action)
        detail = ""
        if event.changes and event.action.endswith(".updated"):
            detail = _("Changed: %(fields)s") % {"fields": _field_names(event.action, event.changes)}
        result.append(
            LogEntry(
                when=_local(event.occurred_at),
                kind="change",
                title=str(label) if label else capfirst(describe.action_phrase(event)),
                detail=detail,
                actor=event.actor_label,
            )
        )
    return result
