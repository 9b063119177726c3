"""The partnership card on the home page of the head and the office administrator: agreements ending
within 90 and 30 days, agreements that ended, and active partners without an agreement in force."""

from __future__ import annotations

from django.template.loader import render_to_string

from accounts import scopes
from lib.registry import home_page
from partners import selectors


@home_page.register("partners.agreements", order=50)
def agreement_warnings(request) -> str | None:
    user = request.user
    if not (user.office_id and scopes.can(user, "agreement.manage")):
        return None
    warnings = selectors.expiry_warnings([user.office_id])
    return render_to_string("partners/_home_panel.html", {"warnings": warnings}, request=request)
