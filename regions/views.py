from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lib import params
from regions.models import Regency, Village


@require_GET
@login_required
def village_options(request: HttpRequest) -> HttpResponse:
    """<option>s of the villages of one regency, for dependent selects (htmx)."""
    # The select sends its own (possibly form-prefixed) name: "regency", "person-domicile_regency", ...
    raw = next((v for k, v in request.GET.items() if k.endswith("regency")), "")
    regency = params.text(raw, max_length=Regency._meta.pk.max_length)
    villages = (
        Village.objects.filter(district__regency_id=regency)
        .select_related("district")
        .order_by("district__name", "name")
        if regency
        else Village.objects.none()
    )
    return render(request, "regions/village_options.html", {"villages": villages})
