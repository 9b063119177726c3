from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import scopes
from accounts.decorators import ability_required
from organizations import access, forms, selectors, services

LOCATION_FIELDS = ["kind", "name", "address", "district", "partner", "latitude", "longitude", "is_active"]


@require_GET
@ability_required("office.view")
def office_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organizations/office_list.html", {"offices": selectors.offices_with_counts(request.user)})


@require_GET
@ability_required("office.view")
def office_detail(request: HttpRequest, office_id: int) -> HttpResponse:
    office = access.get_office_for_user(request.user, office_id)
    return render(
        request,
        "organizations/office_detail.html",
        {
            "office": office,
            "working_area": office.working_area.order_by("name"),
            "locations": office.service_locations.select_related("district__regency", "partner"),
            "can_manage_office": scopes.can(request.user, "office.manage"),
            "can_manage_locations": scopes.can(request.user, "location.manage"),
        },
    )


@ability_required("office.manage")
def office_edit(request: HttpRequest, office_id: int) -> HttpResponse:
    office = access.get_office_for_user(request.user, office_id, write=True)
    form = forms.OfficeForm(request.POST or None, instance=office)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        working_area = data.pop("working_area")
        try:
            services.office_update(
                office=office, acting_user=request.user, expected_version=version, working_area=working_area, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("organizations:office_detail", office.pk)
    return render(request, "organizations/office_form.html", {"form": form, "office": office})


@ability_required("location.manage")
def location_create(request: HttpRequest, office_id: int) -> HttpResponse:
    office = access.get_office_for_user(request.user, office_id)
    form = forms.ServiceLocationForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in LOCATION_FIELDS}
        try:
            services.service_location_create(office=office, acting_user=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The service location was added."))
            return redirect("organizations:office_detail", office.pk)
    return render(request, "organizations/location_form.html", {"form": form, "office": office})


@ability_required("location.manage")
def location_edit(request: HttpRequest, location_id: int) -> HttpResponse:
    location = access.get_service_location_for_user(request.user, location_id, write=True)
    form = forms.ServiceLocationForm(request.POST or None, instance=location, office=location.office)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in LOCATION_FIELDS}
        try:
            services.service_location_update(
                location=location, acting_user=request.user, expected_version=form.cleaned_data.get("version"), **fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("organizations:office_detail", location.office_id)
    return render(
        request, "organizations/location_form.html", {"form": form, "office": location.office, "location": location}
    )
