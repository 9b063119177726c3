"""What allocation adds to the home page: a way in to the workload page (no query)."""

from __future__ import annotations

from django.template.loader import render_to_string

from allocation import access
from lib.registry import home_page


@home_page.register("workload", order=70)
def workload_card(request) -> str | None:
    user = request.user
    if not access.may_open_workload(user):
        return None
    return render_to_string("allocation/_home_card.html", {"sees_others": access.sees_others(user)}, request=request)
