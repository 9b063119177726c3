"""What the guidance app adds to pages other apps own: the client page's "guidance plan" card."""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts import scopes
from clients.codes import OPEN_STATUSES
from clients.panels import client_page
from guidance import access, selectors


@client_page.register("guidance_plan", order=25)
def plan_panel(request, client, episode) -> str | None:
    """The plan in force with plan against done per phase, the plan being drafted or before the board, and the
    link to draft one. Five queries at most (plans, items, phase changes, sessions, referrals)."""
    user = request.user
    if episode is None or not scopes.can(user, "client.view"):
        return None
    approved, current = selectors.episode_plans(episode)
    may_write = episode.status in OPEN_STATUSES and access.may_write(user, episode)
    if approved is None and current is None and not may_write:
        return None
    return render_to_string(
        "guidance/_client_panel.html",
        {
            "client": client,
            "episode": episode,
            "approved": approved,
            "current": current,
            "progress": selectors.progress(episode, approved) if approved is not None else None,
            "may_write": may_write,
        },
        request=request,
    )
