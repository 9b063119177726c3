"""What reporting adds to pages other apps own: the client page's card and the PK's review list at home."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from accounts import scopes
from clients.codes import OPEN_STATUSES
from clients.panels import client_page
from lib.registry import home_page
from supervision import selectors


@client_page.register("reporting", order=10)
def reporting_panel(request, client, episode) -> str | None:
    """Next reporting date, interval, remote permission and recent reports. Five queries."""
    if episode is None:
        return None
    user = request.user
    today = timezone.localdate()
    summary = selectors.reporting_summary(episode, today=today)
    is_open = episode.status in OPEN_STATUSES
    return render_to_string(
        "supervision/_client_panel.html",
        {
            "client": client,
            "summary": summary,
            "today": today,
            "is_open": is_open,
            "can_record": is_open and scopes.can(user, "checkin.record"),
            "can_allow": is_open and scopes.can(user, "reporting.allow_remote"),
            "can_review": scopes.can(user, "reporting.review_remote"),
            "can_intensify": is_open and scopes.can(user, "reporting.intensify"),
        },
        request=request,
    )


@home_page.register("remote_checkins", order=20)
def remote_review_panel(request) -> str | None:
    """Remote reports waiting for the PK's review. One query; nothing for other roles or an empty list."""
    if not scopes.can(request.user, "reporting.review_queue"):
        return None
    rows = selectors.remote_checkins_awaiting_review(request.user)
    if not rows:
        return None
    return render_to_string("supervision/_home_review.html", {"rows": rows}, request=request)
