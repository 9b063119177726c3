"""What the assessment adds to the client page: the latest risk category and the drafts under way."""

from __future__ import annotations

from django.template.loader import render_to_string

from assessment import access, selectors
from assessment.codes import Kind, Status
from clients.panels import client_page


@client_page.register("assessment", order=15)
def assessment_panel(request, client, episode) -> str | None:
    """The latest final risk assessment the user sees, and the number of drafts. One query."""
    user = request.user
    if not access.may_view(user):
        return None
    rows = list(selectors.client_assessments(client, user))
    finals = [a for a in rows if a.status == Status.FINAL and a.instrument.kind == Kind.RISK]
    latest = max(finals, key=lambda a: (a.assessed_on, a.finalised_at, a.pk), default=None)
    return render_to_string(
        "assessment/_client_panel.html",
        {
            "client": client,
            "latest": latest,
            "count": len(rows),
            "drafts": [a for a in rows if a.status == Status.DRAFT],
            "can_fill": access.may_fill(user),
        },
        request=request,
    )
