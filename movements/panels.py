"""What the movements app adds to pages other apps own: the client page, the client's log and the home page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from accounts import selectors as account_selectors
from clients import log
from clients.codes import OPEN_STATUSES
from clients.models import ProgramEpisode
from clients.panels import client_page
from lib.registry import QueuePart, home_page, work_queue
from movements import access, selectors
from movements.models import ClosingReport, Transfer, TravelPermit

log.labels["movement"] = gettext_lazy("Transfers, permits and termination")


@client_page.register("movements", order=50)
def client_panel(request, client, episode) -> str | None:
    """Open transfer, latest permits, closing report, and the actions this user may take. At most four queries."""
    user = request.user
    data = selectors.client_movements(client, episode, user=user, today=timezone.localdate())
    is_open = episode is not None and episode.status in OPEN_STATUSES
    closable = selectors.closable(episode, data.report)
    actions = {
        "transfer": is_open and data.open_transfer is None and scopes.can(user, "transfer.request"),
        "permit": is_open and scopes.can(user, "permit.request"),
        "report": closable and scopes.can(user, "closing_report.write"),
        "close": closable and data.report is not None and scopes.can(user, "episode.close"),
    }
    if not (data.transfers or data.permits or data.report or any(actions.values())):
        return None
    return render_to_string(
        "movements/_client_panel.html",
        {
            "client": client,
            "episode": episode,
            "data": data,
            "actions": actions,
            "can_see_transfers": any(
                scopes.can(user, a) for a in ("transfer.request", "transfer.decide", "transfer.accept")
            ),
        },
        request=request,
    )


@log.sources.register("movement", order=50)
def log_entries(client, user):
    """Transfers, permits and closing reports of the client's episodes. Three queries, and one for the people
    who acted when there are any."""
    entries = []
    episodes = ProgramEpisode.objects.visible_to(user).filter(client=client)
    transfers = list(Transfer.objects.filter(episode__in=episodes).select_related("to_office", "from_office"))
    permits = list(TravelPermit.objects.visible_to(user).filter(episode__client=client))
    reports = list(ClosingReport.objects.visible_to(user).filter(episode__client=client))
    account_selectors.attach_users(
        (transfers, ("requested_by", "decided_by", "accepted_by", "returned_by")),
        (permits, ("requested_by", "decided_by")),
        (reports, ("written_by", "closed_by")),
    )
    for t in transfers:
        url = reverse("movements:transfer_detail", args=[t.pk])
        entries.append(
            log.LogEntry(
                t.created_at,
                "movement",
                _("Transfer to %(office)s requested") % {"office": t.to_office},
                t.reason,
                t.requested_by.full_name,
                url,
            )
        )
        if t.decided_at:
            title = _("Transfer approved") if t.approved else _("Transfer refused")
            entries.append(
                log.LogEntry(
                    t.decided_at, "movement", title, t.decision_reason, t.decided_by.full_name, url, not t.approved
                )
            )
        if t.accepted_at:
            entries.append(
                log.LogEntry(
                    t.accepted_at,
                    "movement",
                    _("Transfer accepted by %(office)s") % {"office": t.to_office},
                    "",
                    t.accepted_by.full_name,
                    url,
                )
            )
        if t.returned_at:
            entries.append(
                log.LogEntry(
                    t.returned_at,
                    "movement",
                    _("Transfer returned by %(office)s") % {"office": t.to_office},
                    t.return_reason,
                    t.returned_by.full_name,
                    url,
                    True,
                )
            )
    for p in permits:
        url = reverse("movements:permit_list", args=[client.pk])
        period = f"{p.starts_on:%d-%m-%Y} – {p.ends_on:%d-%m-%Y}"
        entries.append(
            log.LogEntry(
                p.created_at,
                "movement",
                _("%(kind)s permit requested: %(destination)s")
                % {"kind": p.get_kind_display(), "destination": p.destination},
                period,
                p.requested_by.full_name,
                url,
            )
        )
        if p.decided_at:
            entries.append(
                log.LogEntry(
                    p.decided_at,
                    "movement",
                    (_("Permit approved") if p.approved else _("Permit refused")) + f": {p.destination}",
                    p.decision_reason or period,
                    p.decided_by.full_name,
                    url,
                )
            )
    for r in reports:
        entries.append(
            log.LogEntry(
                r.written_at,
                "movement",
                _("Closing report: %(reason)s") % {"reason": r.get_reason_display()},
                r.summary,
                r.written_by.full_name,
            )
        )
        if r.closed_at:
            entries.append(
                log.LogEntry(
                    r.closed_at,
                    "movement",
                    _("Guidance closed: %(reason)s") % {"reason": r.get_reason_display()},
                    "",
                    r.closed_by.full_name if r.closed_by else "",
                )
            )
    return entries


@home_page.register("movements", order=50)
def home_panel(request) -> str | None:
    """Heads and section heads: incoming transfers, accepted clients still without a PK, and requests overdue
    or near their deadline. Four queries at most."""
    user = request.user
    if not access.oversees_movements(user):
        return None
    today = timezone.localdate()
    desk = selectors.receiving_desk(user)
    incoming = [t for t in desk if not t.accepted_at]
    unassigned = [t for t in desk if t.accepted_at]
    rows = selectors.open_requests(access.overseen_episodes(user), today=today)
    urgent = [r for r in rows if r.overdue or r.near]
    if not (incoming or unassigned or rows):
        return None
    return render_to_string(
        "movements/_home_panel.html",
        {"incoming": incoming, "unassigned": unassigned, "urgent": urgent, "waiting": len(rows), "today": today},
        request=request,
    )


work_queue.add(
    "requests",
    QueuePart(
        "requests",
        gettext_lazy("Transfers and permits waiting"),
        selectors.open_requests,
        "dashboard/queue/_requests.html",
        selectors.open_request_counts,
    ),
    order=30,
)
