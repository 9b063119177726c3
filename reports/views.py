"""The partners' scorecards and the evaluation meeting's pack (page, PDF, XLSX)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from organizations.models import Office
from reports import exports, forms, scorecards


def _pack_for(request: AuthenticatedHttpRequest):
    """The period form, and the pack of the chosen office and period (None until both are known)."""
    user = request.user
    offices = None if user.office_id else Office.objects.visible_to(user).order_by("name")
    today = timezone.localdate()
    data = request.GET.copy()
    data.setdefault("start", today.replace(month=1, day=1).isoformat())
    data.setdefault("end", today.isoformat())
    form = forms.PeriodForm(data, offices=offices)
    if not form.is_valid():
        return form, None
    office = user.office or form.cleaned_data.get("office")
    if office is None:
        return form, None
    return form, scorecards.evaluation_pack(office, form.cleaned_data["start"], form.cleaned_data["end"])


@require_GET
@ability_required("partnership.report")
def scorecard_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, pack = _pack_for(request)
    return render(
        request,
        "reports/scorecards.html",
        {"form": form, "pack": pack, "querystring": request.GET.urlencode() if pack else ""},
    )


def _filename(pack, extension: str) -> str:
    return f"evaluasi-mitra-{pack.office.pk}-{pack.start:%Y%m%d}-{pack.end:%Y%m%d}.{extension}"


@require_GET
@ability_required("partnership.report")
def pack_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, pack = _pack_for(request)
    if pack is None:
        return render(request, "reports/scorecards.html", {"form": form, "pack": None})
    response = HttpResponse(exports.pack_pdf(pack, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(pack, "pdf")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@ability_required("partnership.report")
def pack_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, pack = _pack_for(request)
    if pack is None:
        return render(request, "reports/scorecards.html", {"form": form, "pack": None})
    response = HttpResponse(
        exports.pack_xlsx(pack), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(pack, "xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response
