"""The home page of each role, and the health check used by load balancers."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import scopes
from accounts.models import Role
from dashboard import panels, selectors
from supervision import selectors as supervision_selectors

_TEMPLATES = {
    Role.ADMINISTRATOR: "dashboard/home_admin.html",
    Role.HEAD: "dashboard/home_head.html",
    Role.SECTION_HEAD: "dashboard/home_section_head.html",
    Role.PK: "dashboard/home_officer.html",
    Role.APK: "dashboard/home_officer.html",
    Role.REGISTRATION: "dashboard/home_registration.html",
    Role.TPP_SECRETARY: "dashboard/home_tpp.html",
    Role.KANWIL_VIEWER: "dashboard/home_kanwil.html",
    Role.AUDITOR: "dashboard/home_auditor.html",
    Role.PARTNER: "dashboard/home_partner.html",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict = {"scope": scopes.scope_of(user)}
    if user.office_id and user.role in (Role.ADMINISTRATOR, Role.HEAD, Role.AUDITOR):
        context["overview"] = selectors.office_overview(user.office)
    if scopes.can(user, "client.view"):
        context["client_count"] = selectors.client_count(user)
    if user.role in (Role.PK, Role.APK):
        # Who must report today, this week, and who has not: two queries whatever the caseload.
        context["reporting"] = supervision_selectors.reporting_queue(user, today=timezone.localdate())
    if context["scope"] in (scopes.Scope.KANWIL, scopes.Scope.NATIONAL):
        context["offices"] = selectors.kanwil_overview(user)
    context["panels"] = panels.render_panels(request)
    return render(request, _TEMPLATES[user.role], context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not (details go to the log, not the caller)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A forged or expired form: explain in the user's language; nothing was saved."""
    return render(request, "403_csrf.html", status=403)
