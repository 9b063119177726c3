"""Audit events as sentences a person reads (issue 10, point 2): "Olivia Putri melihat data klien Budi",
"mengubah Alamat: Jl. A → Jl. B".

Every action code the code base records has a verb phrase in `ACTIONS` (audit/tests/test_describe.py
reads the source and fails on a code without one). Codes built at run time (`<model>.viewed` from
`record_view()`, the admin's `<model>.created/updated/deleted`) read through `GENERIC`, with the model's
name. Field names read as the model field's verbose name, values as people write them: Ya/Tidak, the
label of a choice, dates in the site format, rupiah, the name of an office or a user.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditEvent
from lib import dates, money

ACTIONS = {
    "allocation_policy.created": gettext_lazy("set the allocation policy of %(object)s"),
    "allocation_policy.updated": gettext_lazy("changed the allocation policy of %(object)s"),
    "guidance_plan.board_decided": gettext_lazy("recorded the board's decision on the guidance plan %(object)s"),
    "guidance_plan.created": gettext_lazy("drafted the guidance plan %(object)s"),
    "guidance_plan.item_added": gettext_lazy("added an item to the guidance plan %(object)s"),
    "guidance_plan.item_removed": gettext_lazy("removed an item from the guidance plan %(object)s"),
    "guidance_plan.proposed": gettext_lazy("put the guidance plan %(object)s before the board"),
    "guidance_plan.superseded": gettext_lazy("replaced the guidance plan %(object)s with a newer one"),
    "guidance_plan.updated": gettext_lazy("changed the guidance plan %(object)s"),
    "litmas.disposed": gettext_lazy("disposed the Litmas request %(object)s to the section"),
    "litmas.assigned": gettext_lazy("assigned a PK to the Litmas request %(object)s"),
    "litmas.gathering": gettext_lazy("started gathering data for the Litmas %(object)s"),
    "litmas.drafting": gettext_lazy("started the draft of the Litmas %(object)s"),
    "litmas.submitted": gettext_lazy("put the Litmas %(object)s before the case board"),
    "litmas.board_decided": gettext_lazy("recorded the case board's decision on the Litmas %(object)s"),
    "litmas.revised": gettext_lazy("reopened the Litmas %(object)s for revision"),
    "litmas.signed": gettext_lazy("signed the Litmas %(object)s"),
    "litmas.acknowledged": gettext_lazy("acknowledged the Litmas %(object)s"),
    "litmas.sent": gettext_lazy("recorded the sending of the Litmas %(object)s"),
    "litmas.cancelled": gettext_lazy("cancelled the Litmas request %(object)s"),
    "litmas.recorded": gettext_lazy("recorded the Litmas request %(object)s"),
    "litmas_report.saved": gettext_lazy("saved the Litmas report %(object)s"),
    "account.created": gettext_lazy("created the account of %(object)s"),
    "account.updated": gettext_lazy("changed the account of %(object)s"),
    "account.password_changed": gettext_lazy("changed the password of %(object)s"),
    "account.totp_enabled": gettext_lazy("turned on two-step sign-in for %(object)s"),
    "account.totp_disabled": gettext_lazy("turned off two-step sign-in for %(object)s"),
    "agenda_item.added": gettext_lazy("put %(object)s on the board's agenda"),
    "agenda_item.assigned": gettext_lazy("moved the agenda item %(object)s to a meeting"),
    "agenda_item.decided": gettext_lazy("recorded the board's decision on %(object)s"),
    "agreement.created": gettext_lazy("recorded the agreement %(object)s"),
    "agreement.renewed": gettext_lazy("renewed the agreement %(object)s"),
    "agreement.document_attached": gettext_lazy("attached the document of the agreement %(object)s"),
    "assessment.started": gettext_lazy("started the assessment %(object)s"),
    "assessment.saved": gettext_lazy("saved the answers of the assessment %(object)s"),
    "assessment.finalised": gettext_lazy("finalised the assessment %(object)s"),
    "case.created": gettext_lazy("recorded the case %(object)s"),
    "case_note.added": gettext_lazy("wrote the case note %(object)s"),
    "case_note.corrected": gettext_lazy("corrected the case note %(object)s"),
    "checkin.recorded": gettext_lazy("recorded the reporting of %(object)s"),
    "client.import": gettext_lazy("imported clients from a file for %(object)s"),
    "client.registered": gettext_lazy("registered the client %(object)s"),
    "client.updated": gettext_lazy("changed the personal data of %(object)s"),
    "client.transferred": gettext_lazy("transferred the client %(object)s"),
    "closing_report.written": gettext_lazy("wrote the closing report %(object)s"),
    "closing_report.updated": gettext_lazy("changed the closing report %(object)s"),
    "episode.created": gettext_lazy("started the guidance order %(object)s"),
    "episode.assigned": gettext_lazy("assigned officers to %(object)s"),
    "episode.completed": gettext_lazy("completed the guidance order %(object)s"),
    "episode.closed": gettext_lazy("ended the guidance order %(object)s"),
    "episode.phase_changed": gettext_lazy("moved %(object)s to another guidance phase"),
    "episode.suspended": gettext_lazy("suspended the guidance order %(object)s"),
    "episode.suspension_lifted": gettext_lazy("lifted the suspension of %(object)s"),
    "episode.revoked": gettext_lazy("revoked the guidance order %(object)s"),
    "episode.transferred": gettext_lazy("handed over the guidance order %(object)s to another office"),
    "group_activity.recorded": gettext_lazy("recorded the group activity %(object)s"),
    "group_activity.document_added": gettext_lazy("attached a document to the group activity %(object)s"),
    "guarantor.created": gettext_lazy("added the guarantor %(object)s"),
    "guidance_activity.recorded": gettext_lazy("recorded the guidance activity %(object)s"),
    "home_visit.recorded": gettext_lazy("recorded the home visit %(object)s"),
    "instrument.versioned": gettext_lazy("made the new instrument version %(object)s"),
    "meeting.created": gettext_lazy("scheduled the board meeting %(object)s"),
    "meeting.updated": gettext_lazy("changed the board meeting %(object)s"),
    "meeting.closed": gettext_lazy("closed the board meeting %(object)s"),
    "need.recorded": gettext_lazy("recorded the need %(object)s"),
    "need.closed": gettext_lazy("closed the need %(object)s"),
    "office.updated": gettext_lazy("changed the office %(object)s"),
    "partner.created": gettext_lazy("registered the partner %(object)s"),
    "partner.updated": gettext_lazy("changed the partner %(object)s"),
    "partner.status_changed": gettext_lazy("changed the status of the partner %(object)s"),
    "permit.requested": gettext_lazy("recorded the travel permit request %(object)s"),
    "permit.approved": gettext_lazy("approved the travel permit %(object)s"),
    "permit.refused": gettext_lazy("refused the travel permit %(object)s"),
    "phase.proposed": gettext_lazy("proposed a phase change for %(object)s"),
    "phase.board_decided": gettext_lazy("recorded the board's decision on the phase of %(object)s"),
    "phase.approved": gettext_lazy("approved the phase change of %(object)s"),
    "phase.refused": gettext_lazy("refused the phase change of %(object)s"),
    "referral.created": gettext_lazy("referred %(object)s"),
    "referral.approved": gettext_lazy("approved the referral %(object)s"),
    "referral.accepted": gettext_lazy("accepted the referral %(object)s"),
    "referral.declined": gettext_lazy("declined the referral %(object)s"),
    "referral.withdrawn": gettext_lazy("withdrew the referral %(object)s"),
    "referral.closed": gettext_lazy("closed the referral %(object)s"),
    "referral.session_scheduled": gettext_lazy("scheduled a session of the referral %(object)s"),
    "referral.session_recorded": gettext_lazy("recorded a session of the referral %(object)s"),
    "referral.concern_read": gettext_lazy("read a partner's concern about %(object)s"),
    "referral.report_submitted": gettext_lazy("submitted the report of the referral %(object)s"),
    "referral.document_added": gettext_lazy("attached a document to the referral %(object)s"),
    "referral_settings.updated": gettext_lazy("changed the referral settings of %(object)s"),
    "remote_checkin.reviewed": gettext_lazy("reviewed the remote report %(object)s"),
    "remote_reporting.allowed": gettext_lazy("allowed remote reporting for %(object)s"),
    "remote_reporting.revoked": gettext_lazy("withdrew remote reporting from %(object)s"),
    "remote_reporting.link_renewed": gettext_lazy("renewed the remote reporting link of %(object)s"),
    "reporting.intensified": gettext_lazy("made the reporting of %(object)s more frequent"),
    "reporting.intensification_ended": gettext_lazy("ended the intensified reporting of %(object)s"),
    "reporting.tracking_set": gettext_lazy("set the day reporting is tracked from for %(object)s"),
    "revocation.recorded": gettext_lazy("recorded the revocation %(object)s"),
    "service_location.created": gettext_lazy("added the service location %(object)s"),
    "service_location.updated": gettext_lazy("changed the service location %(object)s"),
    "transfer.requested": gettext_lazy("requested the transfer %(object)s"),
    "transfer.sent_to_board": gettext_lazy("sent the transfer %(object)s to the board"),
    "transfer.board_recommended": gettext_lazy("recorded the board's recommendation on %(object)s"),
    "transfer.approved": gettext_lazy("approved the transfer %(object)s"),
    "transfer.refused": gettext_lazy("refused the transfer %(object)s"),
    "transfer.files_sent": gettext_lazy("sent the files of the transfer %(object)s"),
    "transfer.accepted": gettext_lazy("accepted the transfer %(object)s"),
    "transfer.returned": gettext_lazy("returned the transfer %(object)s"),
    "violation.reported": gettext_lazy("reported the violation %(object)s"),
    "violation.draft_opened": gettext_lazy("opened a draft violation %(object)s"),
    "violation.confirmed": gettext_lazy("confirmed the violation %(object)s"),
    "violation.dismissed": gettext_lazy("dismissed the violation %(object)s"),
    "violation.examined": gettext_lazy("recorded the examination (BAP) of %(object)s"),
    "violation.proposed": gettext_lazy("proposed %(object)s to the board"),
    "violation.board_decided": gettext_lazy("recorded the board's decision on %(object)s"),
    "violation.responded": gettext_lazy("recorded the response to %(object)s"),
    "violation.suspended": gettext_lazy("suspended guidance over %(object)s"),
    "violation.suspension_lifted": gettext_lazy("lifted the suspension over %(object)s"),
    "violation.closed": gettext_lazy("closed the violation %(object)s"),
}

# Codes built from a model's name: the phrase takes the model's verbose name as %(type)s.
GENERIC = {
    "viewed": gettext_lazy("viewed the %(type)s record of %(object)s"),
    "created": gettext_lazy("created the %(type)s %(object)s"),
    "updated": gettext_lazy("changed the %(type)s %(object)s"),
    "deleted": gettext_lazy("deleted the %(type)s %(object)s"),
}

# Details kept in an event's `data` that are worth reading (ids of related rows are left out).
DATA_LABELS = {
    "reason": gettext_lazy("Reason"),
    "note": gettext_lazy("Note"),
    "file": gettext_lazy("File"),
    "rows": gettext_lazy("Rows in the file"),
    "new_clients": gettext_lazy("New clients"),
    "new_episodes": gettext_lazy("New guidance orders"),
    "late": gettext_lazy("Answered late"),
    "revoked": gettext_lazy("Revoked"),
    "bap_number": gettext_lazy("BAP number"),
    "bap_date": gettext_lazy("BAP date"),
    "due_on": gettext_lazy("Reporting date"),
    "rescheduled_to": gettext_lazy("Rescheduled to"),
    "via": gettext_lazy("Through"),
}
DATA_VALUES = {("via", "admin"): gettext_lazy("the administration site")}

# Fields holding rupiah.
MONEY_FIELDS = {"fine"}

# Related rows whose name an audit reader may see (offices, places, staff, partners): other foreign keys
# (a client, an episode) read as their id, so the trail reveals no record the reader could not open.
NAMED_MODELS = {
    "accounts.user",
    "organizations.office",
    "organizations.servicelocation",
    "organizations.kanwil",
    "partners.partner",
    "regions.province",
    "regions.regency",
    "regions.district",
    "regions.village",
}


@dataclass
class Described:
    event: AuditEvent
    sentence: str
    changes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def _content_type(event: AuditEvent) -> ContentType:
    return ContentType.objects.get_for_id(event.object_type_id)  # cached: no query per row


def _model(event: AuditEvent) -> type[models.Model] | None:
    return _content_type(event).model_class()


def _type_name(event: AuditEvent) -> str:
    model = _model(event)
    return str(model._meta.verbose_name) if model is not None else _content_type(event).model


def action_phrase(event: AuditEvent) -> str:
    """What the actor did, without the actor: "melihat data klien Budi"."""
    params = {"object": event.object_label or f"#{event.object_id}", "type": _type_name(event)}
    phrase = ACTIONS.get(event.action)
    if phrase is None:
        phrase = GENERIC.get(event.action.rpartition(".")[2])
    if phrase is None:
        return _("did “%(action)s” on %(object)s") % {"action": event.action, **params}
    return str(phrase) % params


def actor_name(event: AuditEvent) -> str:
    if event.actor_id is None and event.actor_label in ("", "system"):
        return _("The system")
    return event.actor_label


def sentence(event: AuditEvent) -> str:
    return _("%(actor)s %(action)s") % {"actor": actor_name(event), "action": action_phrase(event)}


def _field(model, name: str):
    """The field `name` of `model`, or of a row tied one-to-one to it: a change recorded on the row a person
    knows (a check-in's remote report's review is recorded on the check-in) still reads with its label."""
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        pass
    for relation in model._meta.related_objects:
        if relation.one_to_one:
            try:
                return relation.related_model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
    return None


def field_label(model, name: str) -> str:
    found = _field(model, name)
    if found is not None and hasattr(found, "verbose_name"):
        return capfirst(str(found.verbose_name))
    return capfirst(name.replace("_", " "))


def _parse(value, kind):
    if not isinstance(value, str):
        return value
    try:
        return kind.fromisoformat(value)
    except ValueError:
        return value


class _Names:
    """The names of related rows an event's values point at, one query per model for a whole page."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.names: dict[tuple[type, str], str] = {}

    def want(self, model, name: str, value) -> None:
        found = _field(model, name)
        if found is None or not found.is_relation or found.related_model is None:
            return
        target = found.related_model
        if target._meta.label_lower not in NAMED_MODELS:
            return
        values = value if isinstance(value, list) else [value]
        self.wanted[target].update(v for v in values if v not in (None, ""))

    def load(self) -> None:
        for target, pks in self.wanted.items():
            for obj in target._default_manager.filter(pk__in=pks):
                self.names[(target, str(obj.pk))] = str(obj)

    def get(self, target, pk) -> str:
        return self.names.get((target, str(pk)), f"#{pk}")


def display_value(model, name: str, value: Any, names: _Names | None = None) -> str:
    """`value` of the field `name` as a person reads it."""
    if value is None or value == "" or value == []:
        return _("empty")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    found = _field(model, name)
    if found is not None and found.is_relation and found.related_model is not None:
        values = value if isinstance(value, list) else [value]
        if found.related_model._meta.label_lower in NAMED_MODELS and names is not None:
            return ", ".join(names.get(found.related_model, v) for v in values)
        return ", ".join(f"#{v}" for v in values)
    if found is not None and getattr(found, "choices", None):
        labels = {str(k): v for k, v in found.flatchoices}
        if isinstance(value, list):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return str(labels.get(str(value), value))
    if name in MONEY_FIELDS:
        return money.rupiah(value)
    if isinstance(found, models.DateTimeField):
        parsed = _parse(value, datetime.datetime)
        return dates.site_datetime(parsed) if isinstance(parsed, datetime.datetime) else str(value)
    if isinstance(found, models.DateField) or name.endswith(("_on", "_date")):
        parsed = _parse(value, datetime.date)
        return dates.site_date(parsed) if isinstance(parsed, datetime.date) else str(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def describe(events: Iterable[AuditEvent]) -> list[Described]:
    """The events of one page as sentences, with their changes and details; one query per related model."""
    events = list(events)
    names = _Names()
    for event in events:
        model = _model(event)
        for name, pair in (event.changes or {}).items():
            for value in pair if isinstance(pair, list) else [pair]:
                names.want(model, name, value)
    names.load()
    result = []
    for event in events:
        model = _model(event)
        changes = []
        for name, pair in (event.changes or {}).items():
            before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            label = field_label(model, name)
            if before is None:  # a value set when the row was created: "Program: Asimilasi"
                if after not in (None, "", []):
                    changes.append(
                        _("%(label)s: %(value)s") % {"label": label, "value": display_value(model, name, after, names)}
                    )
                continue
            changes.append(
                _("changed %(field)s: %(before)s → %(after)s")
                % {
                    "field": label,
                    "before": display_value(model, name, before, names),
                    "after": display_value(model, name, after, names),
                }
            )
        details = []
        for key, value in (event.data or {}).items():
            if key not in DATA_LABELS or value in (None, ""):
                continue
            shown = DATA_VALUES.get((key, value)) if isinstance(value, str) else None
            details.append(
                _("%(label)s: %(value)s")
                % {"label": DATA_LABELS[key], "value": shown or display_value(model, key, value, names)}
            )
        result.append(Described(event, sentence(event), changes, details))
    return result
