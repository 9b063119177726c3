"""Pages of the assessment: a client's assessments, starting one, the answer sheet, and the result.

Clients and assessments outside the user's scope answer 404 (`clients.access`, `assessment.access`); a change by
a user who may not fill assessments 403. Every change is a POST that redirects.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from assessment import access, forms, selectors, services
from assessment.codes import Status
from clients import access as client_access
from lib.forms import apply_errors


@require_GET
@ability_required("assessment.view")
def client_list(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id)
    can_fill = access.may_fill(request.user)
    offered = selectors.instruments_offered()
    return render(
        request,
        "assessment/list.html",
        {
            "client": client,
            "assessments": selectors.client_assessments(client, request.user),
            "can_fill": can_fill,
            "start_form": forms.StartForm(instruments=offered) if can_fill else None,
        },
    )


@require_POST
@ability_required("assessment.fill")
def start(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id, write=True)
    form = forms.StartForm(request.POST, instruments=selectors.instruments_offered())
    if not form.is_valid():
        messages.error(request, _("Choose an instrument offered for new assessments."))
        return redirect("assessment:list", client.pk)
    try:
        assessment = services.assessment_start(
            client=client, instrument=form.cleaned_data["instrument"], acting_user=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("assessment:list", client.pk)
    messages.success(request, _("The assessment was started as a draft."))
    return redirect("assessment:fill", assessment.pk)


@require_GET
@ability_required("assessment.view")
def detail(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = access.get_assessment_for_user(request.user, assessment_id)
    domains = selectors.instrument_structure(assessment.instrument)
    answers = selectors.answers_of(assessment)
    sheet = []
    for domain in domains:
        rows = []
        for item in domain.items.all():
            chosen = next((o for o in item.options.all() if o.pk == answers.get(item.pk)), None)
            rows.append({"item": item, "option": chosen})
        sheet.append({"domain": domain, "rows": rows, "score": assessment.domain_scores.get(domain.code)})
    return render(
        request,
        "assessment/detail.html",
        {
            "assessment": assessment,
            "client": assessment.client,
            "sheet": sheet,
            "can_fill": assessment.status == Status.DRAFT and access.may_fill(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("assessment.fill")
def fill(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = access.get_assessment_for_user(request.user, assessment_id, write=True)
    if assessment.status == Status.FINAL:
        messages.error(request, _("This assessment is final; its answers and result can no longer be changed."))
        return redirect("assessment:detail", assessment.pk)
    domains = selectors.instrument_structure(assessment.instrument)
    initial = {
        "version": assessment.version,
        "assessed_on": assessment.assessed_on,
        "sources": assessment.sources,
        "sources_note": assessment.sources_note,
        "consent": assessment.consent,
        **{forms.item_field_name(k): v for k, v in selectors.answers_of(assessment).items()},
    }
    form = forms.AnswerSheetForm(request.POST or None, initial=initial, domains=domains)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.assessment_save(
                assessment=assessment,
                acting_user=request.user,
                expected_version=data["version"],
                assessed_on=data["assessed_on"],
                sources=data["sources"],
                sources_note=data["sources_note"],
                consent=data["consent"],
                answers=form.answers(),
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            if "finalise" not in request.POST:
                messages.success(request, _("The draft was saved."))
                return redirect("assessment:fill", assessment.pk)
            try:
                assessment = services.assessment_finalise(
                    assessment=assessment, acting_user=request.user, expected_version=assessment.version
                )
            except ValidationError as exc:
                # The answers are saved: the sheet stays as typed, with the saved row's version.
                posted = request.POST.copy()
                posted["version"] = str(assessment.version)
                form = forms.AnswerSheetForm(posted, initial=initial, domains=domains)
                form.is_valid()
                apply_errors(exc, form)
                messages.info(request, _("The draft was saved, but it cannot be finalised yet."))
            else:
                messages.success(
                    request,
                    _("The assessment is final: %(category)s (score %(score)s).")
                    % {
                        "category": assessment.get_category_display(),
                        "score": assessment.total_score,
                    },
                )
                return redirect("assessment:detail", assessment.pk)
    return render(
        request,
        "assessment/fill.html",
        {"assessment": assessment, "client": assessment.client, "form": form},
    )
