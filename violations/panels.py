"""What the violations app adds to pages other apps own: the client page's card and the client's log."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from clients import log
from clients.codes import OPEN_STATUSES
from clients.panels import client_page
from lib.registry import QueuePart, work_queue
from violations import selectors
from violations.models import Source, Violation


@client_page.register("violations", order=30)
def violations_panel(request, client, episode) -> str | None:
    """The client's violations with their stage, and the link to report one. One query."""
    user = request.user
    if not scopes.can(user, "client.view"):
        return None
    violations = selectors.client_violations(client, user)
    may_report = scopes.can(user, "violation.report") and episode is not None and episode.status in OPEN_STATUSES
    if not violations and not may_report:
        return None
    return render_to_string(
        "violations/_panel.html",
        {"client": client, "violations": violations, "may_report": may_report},
        request=request,
    )


log.labels["violation"] = gettext_lazy("Violations")


@log.sources.register("violation", order=40)
def violation_log(client, user) -> list[log.LogEntry]:
    """One entry per step of each of the client's violations. One query."""
    entries: list[log.LogEntry] = []
    for v in selectors.client_violations(client, user):
        entries.extend(_entries(v))
    return entries


def _actor(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else _("system")


def _entries(v: Violation) -> list[log.LogEntry]:
    url = reverse("violations:detail", args=[v.pk])
    kind = "violation"
    label = v.get_type_display()
    rows = [
        log.LogEntry(
            when=v.reported_at,
            kind=kind,
            title=(
                _("Draft violation opened: %(type)s")
                if v.source == Source.SYSTEM
                else _("Violation reported: %(type)s")
            )
            % {"type": label},
            detail=v.description,
            actor=_actor(v.reported_by),
            url=url,
            flagged=True,
        )
    ]
    if v.confirmed_at:
        rows.append(
            log.LogEntry(v.confirmed_at, kind, _("Draft violation confirmed"), actor=_actor(v.confirmed_by), url=url)
        )
    if v.examined_at:
        rows.append(
            log.LogEntry(
                v.examined_at,
                kind,
                _("Examination (BAP %(number)s)") % {"number": v.bap_number},
                detail=v.bap_summary,
                actor=_actor(v.examined_by),
                url=url,
            )
        )
    if v.proposed_at:
        rows.append(
            log.LogEntry(v.proposed_at, kind, _("Violation put before the board"), actor=_actor(v.proposed_by), url=url)
        )
    if v.board_decided_at:
        rows.append(
            log.LogEntry(
                v.board_decided_at,
                kind,
                _("Board decision: %(decision)s") % {"decision": v.get_board_decision_display()},
                url=url,
            )
        )
    if v.response_decided_at:
        rows.append(
            log.LogEntry(
                v.response_decided_at,
                kind,
                _("Response: %(response)s") % {"response": v.get_response_type_display()},
                detail=v.response_detail,
                actor=_actor(v.response_decided_by),
                url=url,
                flagged=True,
            )
        )
    if v.suspended_at:
        rows.append(
            log.LogEntry(
                v.suspended_at,
                kind,
                _("Guidance suspended"),
                detail=v.suspension_reason,
                actor=_actor(v.suspended_by),
                url=url,
                flagged=True,
            )
        )
    if v.lifted_at:
        rows.append(
            log.LogEntry(
                v.lifted_at, kind, _("Suspension lifted"), detail=v.lift_reason, actor=_actor(v.lifted_by), url=url
            )
        )
    if v.closed_at:
        title = _("Draft violation dismissed") if v.is_dismissed else _("Violation closed")
        rows.append(log.LogEntry(v.closed_at, kind, title, detail=v.closing_note, actor=_actor(v.closed_by), url=url))
    return rows


work_queue.add(
    "violations",
    QueuePart(
        "violations",
        gettext_lazy("Open violations"),
        selectors.open_violations,
        "dashboard/queue/_violations.html",
        selectors.open_violation_counts,
    ),
    order=20,
)
