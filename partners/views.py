"""Partnership pages: the partner list and page, partner and agreement forms, the agreement PDF."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import scopes
from accounts.decorators import ability_required
from audit import services as audit
from lib import params, private_files
from lib.forms import apply_errors
from lib.paging import paginate
from organizations.models import Office
from partners import access, forms, panels, selectors, services
from partners.models import STATUS_TRANSITIONS, Partner

PER_PAGE = 25


def _any_ability(*abilities: str):
    """Like ability_required, for a page open to holders of any of `abilities`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(scopes.can(request.user, a) for a in abilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


@require_GET
@ability_required("partner.view")
def partner_list(request: HttpRequest) -> HttpResponse:
    form = forms.PartnerFilterForm(request.GET or None, regencies=selectors.filter_regencies(request.user))
    filters: dict = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"],
            "field": data["field"],
            "regency": data["regency"].code if data.get("regency") else "",
            "status": data["status"],
            "kind": data["kind"],
        }
    page, querystring = paginate(request, selectors.search_partners(request.user, **filters), PER_PAGE)
    return render(
        request,
        "partners/partner_list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring,
            "filtered": any(filters.values()),
            "can_manage": scopes.can(request.user, "partner.manage"),
            "can_report": scopes.can(request.user, "partnership.report"),
        },
    )


@require_GET
@ability_required("partner.view")
def partner_detail(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = access.get_partner_for_user(request.user, partner_id)
    agreements = selectors.agreements_of(partner)
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "fields": partner.service_fields.all(),
            "area": partner.service_area.order_by("name"),
            "agreements": agreements,
            "cards": panels.render_partner_cards(request, partner),
            "can_manage": scopes.can(request.user, "partner.manage"),
            "can_manage_agreements": scopes.can(request.user, "agreement.manage"),
            "next_statuses": STATUS_TRANSITIONS[partner.status],
        },
    )


def _partner_data(form) -> dict:
    data = {name: form.cleaned_data[name] for name in forms.PARTNER_FORM_FIELDS}
    data["service_fields"] = form.cleaned_data["service_fields"]
    return data


@require_http_methods(["GET", "POST"])
@ability_required("partner.manage")
def partner_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    offices = None if user.office_id else Office.objects.visible_to(user).order_by("name")
    form = forms.PartnerCreateForm(request.POST or None, office=user.office, offices=offices)
    if request.method == "POST" and form.is_valid():
        office = user.office or form.cleaned_data["office"]
        try:
            partner = services.partner_create(office=office, acting_user=user, **_partner_data(form))
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("%(partner)s was recorded as identified.") % {"partner": partner})
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/partner_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@ability_required("partner.manage")
def partner_edit(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = access.get_partner_for_user(request.user, partner_id, write=True)
    form = forms.PartnerForm(request.POST or None, instance=partner, office=partner.office)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_update(
                partner=partner,
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
                **_partner_data(form),
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@require_http_methods(["GET", "POST"])
@ability_required("partner.manage")
def partner_status(request: HttpRequest, partner_id: int) -> HttpResponse:
    """Confirm and record one step of the partner's status."""
    partner = access.get_partner_for_user(request.user, partner_id, write=True)
    choices = [(s, Partner.Status(s).label) for s in Partner.Status.values if s in STATUS_TRANSITIONS[partner.status]]
    form = forms.PartnerStatusForm(
        request.POST or None,
        choices=choices,
        initial={"status": params.choice(request.GET.get("status"), Partner.Status.values)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.partner_status_change(
                partner=partner, acting_user=request.user, status=data["status"], on=data["on"], note=data["note"]
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            partner.refresh_from_db()
            messages.success(
                request,
                _("%(partner)s is now %(status)s.")
                % {"partner": partner, "status": partner.get_status_display().lower()},
            )
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/partner_status.html", {"form": form, "partner": partner})


def _agreement_page(request: HttpRequest, partner: Partner, renews=None) -> HttpResponse:
    offered = set(partner.service_fields.values_list("field", flat=True))
    form = forms.AgreementForm(
        request.POST or None, request.FILES or None, partner=partner, offered=offered, renews=renews
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in forms.AGREEMENT_FORM_FIELDS}
        try:
            services.agreement_create(
                partner=partner,
                acting_user=request.user,
                scope=form.cleaned_data["scope"],
                document=form.cleaned_data["document"],
                renews=renews,
                **data,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The agreement was recorded."))
            return redirect("partners:detail", partner.pk)
    return render(request, "partners/agreement_form.html", {"form": form, "partner": partner, "renews": renews})


@require_http_methods(["GET", "POST"])
@ability_required("agreement.manage")
def agreement_create(request: HttpRequest, partner_id: int) -> HttpResponse:
    return _agreement_page(request, access.get_partner_for_user(request.user, partner_id))


@require_http_methods(["GET", "POST"])
@ability_required("agreement.manage")
def agreement_renew(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = access.get_agreement_for_user(request.user, agreement_id, write=True)
    return _agreement_page(request, agreement.partner, renews=agreement)


@require_http_methods(["GET", "POST"])
@ability_required("agreement.manage")
def agreement_upload(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """Attach or replace the signed PDF of an agreement."""
    agreement = access.get_agreement_for_user(request.user, agreement_id, write=True)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_attach_document(
                agreement=agreement, acting_user=request.user, document=form.cleaned_data["document"]
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The signed agreement was attached."))
            return redirect("partners:detail", agreement.partner_id)
    return render(request, "partners/agreement_upload.html", {"form": form, "agreement": agreement})


@require_GET
@_any_ability("partner.view", "portal.use")
def agreement_document(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The signed PDF, to staff who may see the partner and to the partner's own users; 404 otherwise."""
    agreement = access.get_agreement_for_user(request.user, agreement_id)
    if not agreement.document:
        raise Http404
    audit.record_view(
        actor=request.user, obj=agreement, office=agreement.partner.office, ip_address=request.META.get("REMOTE_ADDR")
    )
    return private_files.serve(
        agreement.document,
        content_type="application/pdf",
        filename=agreement.document_name or f"agreement-{agreement.pk}.pdf",
    )
