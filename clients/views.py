"""Registry pages: the client list, the client page, intake of one client, edits and reassignment."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import scopes
from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from audit import services as audit
from clients import access, forms, panels, selectors, services
from clients.codes import OPEN_STATUSES
from clients.models import Case, CaseArticle, Client
from lib.paging import paginate
from regions.nik import nik_warnings

PER_PAGE = 25


@require_GET
@ability_required("client.view")
def client_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ClientFilterForm(request.GET or None, user=request.user)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "query": data["q"],
            "program": data["program"],
            "status": data["status"],
            "phase": data["phase"],
            "regency": data["regency"].code if data.get("regency") else "",
            "officer": data["officer"].pk if data.get("officer") else None,
            "age_group": data["age_group"],
            "sort": data["sort"] or "name",
            "office": data["office"].pk if data.get("office") else None,
        }
    clients = selectors.search_clients(request.user, **filters)
    page, querystring = paginate(request, clients, PER_PAGE)
    template = "clients/_results.html" if request.htmx and not request.htmx.boosted else "clients/list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "querystring": querystring,
            "filtered": any(v for k, v in filters.items() if k != "sort"),
            "needs_office": not request.user.office_id and not filters.get("office"),
            "can_create": scopes.can(request.user, "client.create"),
            "can_import": scopes.can(request.user, "client.import"),
        },
    )


@require_GET
@ability_required("client.view")
def client_detail(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    audit.record_view(
        actor=request.user,
        obj=client,
        office=client.office,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    episode = client.current_episode
    return render(
        request,
        "clients/detail.html",
        {
            "client": client,
            "episode": episode,
            # The models' orders within one client, without the join to the client their orderings name.
            "guarantors": client.guarantors.order_by("order", "pk"),
            "cases": Case.objects.visible_to(request.user)
            .filter(client=client)
            .order_by("-decision_date")
            .prefetch_related(Prefetch("articles", queryset=CaseArticle.objects.order_by("pk"))),
            "panels": panels.render_panels(request, client, episode),
            "can_edit": access.may_write(request.user),
            "can_assign": scopes.can(request.user, "client.assign")
            and episode is not None
            and episode.status in OPEN_STATUSES,
        },
    )


def _apply_errors(exc: ValidationError, forms_by_field: list, fallback) -> None:
    """Attach a service's ValidationError to the form that has the field, else to `fallback`."""
    if not hasattr(exc, "error_dict"):
        fallback.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        target = next((f for f in forms_by_field if field in f.fields), None)
        if target is None:
            fallback.add_error(None, errors)
        else:
            target.add_error(field, errors)


@require_http_methods(["GET", "POST"])
@ability_required("client.create")
def client_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Intake of one client handed over by a prison (penghadapan)."""
    office = request.user.office
    if office is None:  # unreachable: every role of client.create works in an office (a database constraint)
        raise PermissionDenied
    data = request.POST or None
    person = forms.ClientForm(data, office=office, prefix="person", intake=True)
    guarantor = forms.GuarantorForm(data, prefix="guarantor")
    case = forms.CaseForm(data, prefix="case")
    may_assign = scopes.can(request.user, "client.assign")
    episode = forms.EpisodeForm(data, office=office, prefix="episode", may_assign=may_assign)
    all_forms = [person, guarantor, case, episode]
    confirm = forms.ConfirmWarningsForm(data, prefix="confirm")
    warnings: list[str] = []
    eligibility: list = []  # warnings of clients.rules the officer must confirm with a reason
    if request.method == "POST" and all(f.is_valid() for f in [*all_forms, confirm]):
        p = {k: v for k, v in person.cleaned_data.items() if k != "version"}
        if p.get("nik"):
            warnings = nik_warnings(p["nik"], birth_date=p.get("birth_date"), sex=p.get("sex"))
        if not warnings or request.POST.get("confirm_warnings"):
            c = dict(case.cleaned_data)
            articles = [{k: c.pop(k) for k in ("article", "paragraph", "law", "category")}]
            e = dict(episode.cleaned_data)
            officer, assistant = e.pop("officer", None), e.pop("assistant", None)
            if officer is None and scopes.may_guide(request.user):
                officer = request.user  # a PK who registers a client guides them until reassigned
            try:
                client = services.client_register(
                    office=office,
                    acting_user=request.user,
                    person=p,
                    case=services.CaseInput(**c, articles=articles),
                    episode=services.EpisodeInput(
                        **e,
                        confirmation_reason=confirm.cleaned_data["reason"],
                        confirmed_codes=confirm.confirmed_codes(),
                    ),
                    guarantors=[guarantor.cleaned_data] if guarantor.cleaned_data.get("name") else [],
                    officer=officer,
                    assistant=assistant,
                )
            except services.ConfirmationRequired as exc:
                eligibility = exc.findings
                if confirm.confirmed_codes() and not confirm.cleaned_data["reason"].strip():
                    confirm.add_error("reason", _("Give the reason for registering despite these warnings."))
            except ValidationError as exc:
                _apply_errors(exc, all_forms, person)
                warnings = []
            else:
                messages.success(
                    request,
                    _("%(name)s was registered with number %(number)s.")
                    % {"name": client.name, "number": client.register_number},
                )
                if Client.objects.visible_to(request.user).filter(pk=client.pk).exists():
                    return redirect("clients:detail", client.pk)
                return redirect("clients:list")
    return render(
        request,
        "clients/create.html",
        {
            "forms": all_forms,
            "forms_have_errors": any(f.errors for f in all_forms),
            "person": person,
            "guarantor": guarantor,
            "case": case,
            "episode": episode,
            "warnings": warnings,
            "eligibility": eligibility,
            "eligibility_codes": ",".join(f.code for f in eligibility),
            "confirm": confirm,
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("client.create")
def client_edit(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id, write=True)
    form = forms.ClientForm(request.POST or None, instance=client, office=client.office)
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if data.get("nik") and data["nik"] != client.nik:
            warnings = nik_warnings(data["nik"], birth_date=data.get("birth_date"), sex=data.get("sex"))
        if not warnings or request.POST.get("confirm_warnings"):
            try:
                services.client_update(client=client, acting_user=request.user, expected_version=version, **data)
            except ValidationError as exc:
                _apply_errors(exc, [form], form)
                warnings = []
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("clients:detail", client.pk)
    return render(request, "clients/edit.html", {"form": form, "client": client, "warnings": warnings})


@require_http_methods(["GET", "POST"])
@ability_required("client.assign")
def client_assign(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id)
    episode = client.current_episode
    if episode is None or episode.status not in OPEN_STATUSES:
        raise PermissionDenied
    form = forms.AssignForm(request.POST or None, office=client.office)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_assign(
                episode=episode,
                acting_user=request.user,
                officer=form.cleaned_data["officer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _apply_errors(exc, [form], form)
        else:
            messages.success(request, _("The PK was changed."))
            back = request.GET.get("next", "")  # e.g. the home page's list of clients without a PK
            if url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
                return redirect(back)
            return redirect("clients:detail", client.pk)
    return render(request, "clients/assign.html", {"form": form, "client": client, "episode": episode})
