"""What the Litmas app adds to pages other apps own: the home page's queues and the client page's panel."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from accounts import scopes
from clients.panels import client_page
from lib.registry import home_page
from litmas import selectors

HOME_SHOWN = 10


@home_page.register("litmas", order=15)
def home_litmas(request) -> str | None:
    """The PK's Litmas due within three days (overdue, within a day, within three days); the section head's and
    the head's requests waiting for a PK; the head's requests to dispose and reports to acknowledge. At most
    five queries."""
    user = request.user
    if not scopes.can(user, "litmas.view") or not user.office_id:
        return None
    context: dict = {}
    if scopes.can(user, "litmas.write"):
        context["litmas_queue"] = selectors.officer_queue(user, now=timezone.now())
    if scopes.can(user, "litmas.assign"):
        context["litmas_unassigned"] = list(selectors.unassigned(user)[: HOME_SHOWN + 1])
    if scopes.can(user, "litmas.dispose"):
        to_dispose, to_acknowledge = selectors.awaiting_head(user)
        context["litmas_to_dispose"] = list(to_dispose[: HOME_SHOWN + 1])
        context["litmas_to_acknowledge"] = list(to_acknowledge[: HOME_SHOWN + 1])
    if not context:
        return None
    context["litmas_shown"] = HOME_SHOWN
    context["litmas_can_record"] = scopes.can(user, "litmas.record")
    return render_to_string("litmas/_home.html", context, request=request)


@client_page.register("litmas", order=60)
def client_panel(request, client, episode) -> str | None:
    """The client's Litmas requests with their state and countdown (one query), for those who see them."""
    if not scopes.can(request.user, "litmas.view"):
        return None
    rows = list(selectors.client_requests(request.user, client)[:20])
    if not rows:
        return None
    return render_to_string("litmas/_client_panel.html", {"rows": rows}, request=request)
