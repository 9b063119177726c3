"""The workload page: each officer's load, capacity and percentage, with the office's and the last 12 months."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from allocation import access, selectors
from lib import params

# The sortable columns, in order (`selectors.SORTS` has the same keys).
COLUMNS = [
    ("name", _("Officer")),
    ("section", _("Section")),
    ("clients", _("Clients")),
    ("points", _("Points")),
    ("capacity", _("Capacity (points)")),
    ("percent", _("Load")),
]


@require_GET
@login_required
def workload(request: HttpRequest) -> HttpResponse:
    """The head's office, a section head's section, or a PK's own load ("Beban kerja saya"); 403 for others."""
    user = request.user
    if not access.may_open_workload(user):
        raise PermissionDenied
    sort = params.text(request.GET.get("sort"), max_length=20)
    table = selectors.workload_table(user, on=timezone.localdate(), sort=sort)
    headers = [
        {
            "key": key,
            "label": label,
            # A click sorts by the column, or reverses it when it is already sorted by it.
            "sort": f"-{key}" if table.sort == key else key,
            "current": "ascending" if table.sort == key else "descending" if table.sort == f"-{key}" else "",
        }
        for key, label in COLUMNS
    ]
    return render(
        request,
        "allocation/workload.html",
        {
            "table": table,
            "headers": headers,
            "sees_others": access.sees_others(user),
            # The history's columns: the month in words ("Desember 2026"), the site's named format.
            "month_labels": [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in table.months],
        },
    )
