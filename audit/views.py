from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.decorators import ability_required
from audit import forms, selectors
from audit.models import AuditEvent
from lib.paging import paginate


@require_GET
@ability_required("audit.view")
def event_list(request: HttpRequest) -> HttpResponse:
    form = forms.AuditSearchForm(request.GET or None)
    if form.is_valid():
        events = selectors.search_events(request.user, **form.cleaned_data)
    elif form.is_bound:
        events = AuditEvent.objects.none()
    else:
        events = selectors.search_events(request.user)
    page, querystring = paginate(request, events, 50)
    return render(request, "audit/event_list.html", {"form": form, "page": page, "querystring": querystring})
