"""Cards on pages other apps own: the client page's "Log" card and the home page's field-work card."""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts import scopes
from clients.codes import OPEN_STATUSES
from clients.panels import client_page
from lib.registry import home_page


@client_page.register("log", order=80)
def log_card(request, client, episode) -> str:
    """The card's buttons at once; its newest entries load after the page (`fieldwork:client_log_card`)."""
    return render_to_string(
        "fieldwork/_log_card.html",
        {
            "client": client,
            "can_record": scopes.can(request.user, "fieldwork.record"),
            "episode_open": episode is not None and episode.status in OPEN_STATUSES,
            "has_episode": episode is not None,
        },
        request=request,
    )


@home_page.register("fieldwork", order=60)
def field_work_card(request) -> str | None:
    """A way in to the group session page (individual work starts from the client page)."""
    if not scopes.can(request.user, "fieldwork.record"):
        return None
    return render_to_string("fieldwork/_home_card.html", {}, request=request)
