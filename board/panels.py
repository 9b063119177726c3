"""What the board adds to pages other apps own: the client page, the client's log and the home page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from board import selectors
from board.models import AgendaItem, PhaseProposal
from clients import log, rules
from clients.codes import EpisodeStatus, Phase
from clients.models import ProgramEpisode
from clients.panels import client_page
from lib.registry import QueuePart, home_page, work_queue

log.labels["board"] = gettext_lazy("Case board decisions")

HOME_APPROVALS_SHOWN = 5


@client_page.register("phase", order=20)
def phase_panel(request, client, episode) -> str | None:
    """The phase, its review dates, the open proposal and the actions this user may take. One query."""
    if episode is None:
        return None
    user = request.user
    proposal = selectors.open_proposal(episode)
    following = selectors.NEXT_PHASE.get(episode.phase)
    due_on = selectors.review_due_on(episode) if episode.status == EpisodeStatus.ACTIVE else None
    today = timezone.localdate()
    return render_to_string(
        "board/_client_panel.html",
        {
            "client": client,
            "episode": episode,
            "dates": rules.phase_review_dates(episode.rule_set, starts_on=episode.starts_on, ends_on=episode.ends_on),
            "due_on": due_on,
            "overdue": due_on is not None and due_on < today and proposal is None,
            "next_phase_label": Phase(following).label.lower() if following else "",
            "proposal": proposal,
            "can_view_board": scopes.can(user, "board.view"),
            "can_propose": proposal is None
            and following is not None
            and episode.status == EpisodeStatus.ACTIVE
            and scopes.can(user, "phase.propose"),
            "can_approve": proposal is not None
            and proposal.status == PhaseProposal.Status.AWAITING_HEAD
            and scopes.can(user, "phase.approve"),
        },
        request=request,
    )


@log.sources.register("board", order=35)
def log_entries(client, user):
    """Items put before the board about the client, the board's decisions and the head's. Two queries."""
    link = scopes.can(user, "board.view")
    entries = []
    episodes = ProgramEpisode.objects.visible_to(user).filter(client=client)
    items = AgendaItem.objects.filter(episode__in=episodes).select_related("proposed_by", "decided_by", "meeting")
    for item in items:
        url = reverse("board:meeting_detail", args=[item.meeting_id]) if link and item.meeting_id else ""
        entries.append(
            log.LogEntry(
                item.proposed_at,
                "board",
                _("Put before the board: %(kind)s") % {"kind": item.get_kind_display().lower()},
                item.summary,
                item.proposed_by.full_name if item.proposed_by else "",
                url,
            )
        )
        if item.decided_at:
            title = _("Board decision (%(kind)s): %(decision)s") % {
                "kind": item.get_kind_display().lower(),
                "decision": item.get_decision_display().lower(),
            }
            detail = " · ".join(part for part in (item.minute_number, item.decision_note) if part)
            entries.append(
                log.LogEntry(
                    item.decided_at,
                    "board",
                    title,
                    detail,
                    item.decided_by.full_name if item.decided_by else "",
                    url,
                    item.decision == AgendaItem.Decision.REJECTED,
                )
            )
    decided = PhaseProposal.objects.filter(episode__in=episodes, head_decided_at__isnull=False).select_related(
        "head_decided_by"
    )
    for proposal in decided:
        title = (
            _("The head approved the phase change: %(change)s")
            if proposal.head_approved
            else _("The head refused the phase change: %(change)s")
        ) % {"change": proposal}
        entries.append(
            log.LogEntry(
                proposal.head_decided_at,
                "board",
                title,
                proposal.head_note,
                proposal.head_decided_by.full_name if proposal.head_decided_by else "",
                "",
                not proposal.head_approved,
            )
        )
    return entries


@home_page.register("board", order=20)
def home_board(request) -> str | None:
    """For the TPP secretary and the head: items awaiting a meeting and the next meeting. Two queries."""
    user = request.user
    if not scopes.can(user, "board.manage") or not user.office_id:
        return None
    return render_to_string(
        "board/_home_tpp.html",
        {
            "awaiting": selectors.awaiting_items(user).count(),
            "next_meeting": selectors.next_meeting(user, today=timezone.localdate()),
            "can_manage": True,
        },
        request=request,
    )


@home_page.register("board.approvals", order=10)
def home_approvals(request) -> str | None:
    """For the head: phase changes the board approved that wait for the head. Two queries."""
    user = request.user
    if not scopes.can(user, "phase.approve") or not user.office_id:
        return None
    waiting = selectors.approvals_waiting(user)
    shown = list(waiting[:HOME_APPROVALS_SHOWN])
    total = len(shown) if len(shown) < HOME_APPROVALS_SHOWN else waiting.count()
    return render_to_string(
        "board/_home_approvals.html",
        {"proposals": shown, "total": total, "more": total > len(shown)},
        request=request,
    )


work_queue.add(
    "phase_reviews",
    QueuePart(
        "phase_reviews",
        gettext_lazy("Phase reviews due within 30 days"),
        selectors.phase_reviews_due,
        "dashboard/queue/_phase_reviews.html",
        selectors.phase_reviews_due_counts,
    ),
    order=10,
)
