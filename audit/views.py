from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from audit import describe, forms, selectors
from audit.models import AuditEvent
from lib.paging import paginate

# The audit trail only grows (every view of a client's record adds a row): the pager counts at most this
# many rows past the start of the page, so the page costs the same at a thousand rows or a million.
COUNT_LIMIT = 1000
PER_PAGE = 50


@require_GET
@ability_required("audit.view")
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.AuditSearchForm(request.GET or None)
    if form.is_valid():
        events = selectors.search_events(request.user, **form.cleaned_data)
    elif form.is_bound:
        events = AuditEvent.objects.none()
    else:
        events = selectors.search_events(request.user)
    page, querystring = paginate(request, events, PER_PAGE, count_limit=COUNT_LIMIT)
    rows = describe.describe(page.object_list)
    return render(
        request, "audit/event_list.html", {"form": form, "page": page, "rows": rows, "querystring": querystring}
    )
