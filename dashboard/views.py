"""The home page of each role, and the health check used by load balancers."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import scopes
from accounts.decorators import ability_required
from clients import access as client_access
from dashboard import health, panels, queues, selectors


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict = {"scope": scopes.scope_of(user)}
    if user.office_id and scopes.can(user, "office.overview"):
        context["overview"] = selectors.office_overview(user.office)
    if scopes.can(user, "client.view"):
        context["client_count"] = selectors.client_count(user)
    if scopes.sees_only_own_caseload(user):
        # Who must report, whose phase review or end of guidance is near, what is open: fixed queries.
        context["queue"] = queues.officer_queue(user, today=timezone.localdate())
    if scopes.can(user, "queue.officers") and user.office_id:
        # The per-officer table is the costly part of the page (every active episode's schedule): it loads
        # when its box is opened (`officers_table`), so the decisions above it come at once.
        context["officer_count"] = queues.officers_visible_to(user).count()
    if client_access.may_assign(user) and user.office_id:
        context["unassigned"] = queues.unassigned_clients(user)
    if context["scope"] in (scopes.Scope.KANWIL, scopes.Scope.NATIONAL):
        context["offices"] = selectors.kanwil_overview(user)
    context["panels"] = panels.render_panels(request)
    return render(request, f"dashboard/home_{scopes.home_page_of(user)}.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers within HEALTHZ_TIMEOUT_MS, 503 when it does not (details go to the log)."""
    if not health.database_answers():
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forged or expired form: explain in the user's language; nothing was saved."""
    return render(request, "403_csrf.html", status=403)


@require_GET
@ability_required("queue.officers")
def officer_queue(request: HttpRequest, officer_id: int) -> HttpResponse:
    """One officer's full queue, for their section head or the head (404 for officers outside their reach)."""
    officer = queues.get_officer_for_user(request.user, officer_id)
    queue = queues.officer_queue(officer, today=timezone.localdate())
    return render(request, "dashboard/officer_queue.html", {"officer": officer, "queue": queue})


@require_GET
@ability_required("queue.officers")
def officers_table(request: HttpRequest) -> HttpResponse:
    """The per-officer work-queue table of the head's and section head's home: the fragment the collapsed box
    loads when opened (htmx), or a page of its own without JavaScript."""
    if not request.user.office_id:
        raise Http404
    context = {
        "officers": queues.officers_overview(request.user, today=timezone.localdate()),
        "queue_parts": queues.queue_parts(),
    }
    template = "dashboard/_officers_table.html" if request.htmx else "dashboard/officers_table.html"
    return render(request, template, context)
