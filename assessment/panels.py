"""What the assessment adds to the client page (the latest risk category and the drafts under way) and to the
client's log (each finalised assessment)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import access, selectors
from assessment.codes import Category, Kind, Status
from assessment.models import Assessment
from clients import log
from clients.panels import client_page

log.labels["assessment"] = gettext_lazy("Assessments")


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


@log.sources.register("assessment", order=25)
def log_entries(client, user):
    """The client's finalised assessments the user sees, a high risk flagged. One query."""
    rows = (
        Assessment.objects.visible_to(user)
        .filter(client=client, status=Status.FINAL)
        .select_related("instrument", "assessor")
    )
    return [
        log.LogEntry(
            a.finalised_at or a.assessed_on,
            "assessment",
            _("Assessment finalised: %(category)s (score %(score)s)")
            % {"category": a.get_category_display(), "score": a.total_score},
            str(a.instrument),
            a.assessor.full_name,
            reverse("assessment:detail", args=[a.pk]),
            a.category == Category.HIGH,
        )
        for a in rows
    ]
