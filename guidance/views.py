"""Pages of guidance plans: draft a plan for a client, edit the draft's items, put it before the case board.

Reading a plan is for whoever sees the client (`client.view` and the episode in scope, else 404); drafting is
`plan.write` for the episode's own PK or a section head (403 otherwise, and for read-only accounts). Every
change carries the version the page was loaded with: a second editor's stale form is refused, with their
input kept on the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from audit import services as audit
from clients import access as client_access
from guidance import access, forms, selectors, services
from guidance.models import GuidancePlan, Status
from lib.forms import apply_errors
from partners.models import Partner


def _partners(plan: GuidancePlan):
    return Partner.objects.filter(office_id=plan.office_id, status=Partner.Status.ACTIVE).order_by("name")


@require_http_methods(["GET", "POST"])
@ability_required("plan.write")
def plan_create(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Draft a plan for the client's current episode, prefilled from their latest Litmas."""
    client = client_access.get_client_for_user(request.user, client_id)
    episode = client.current_episode
    if episode is None:
        raise Http404
    access.check_write(request.user, episode)
    _approved, current = selectors.episode_plans(episode)
    if current is not None:
        messages.info(request, _("This client already has a plan being drafted or before the board."))
        return redirect("guidance:detail", current.pk)
    choices = selectors.litmas_choices(client, request.user)
    initial = {}
    latest = choices.first()
    if latest is not None:
        initial = {"litmas_request": latest, "recommendation": selectors.litmas_recommendation(latest)}
    form = forms.NewPlanForm(request.POST or None, initial=initial, litmas_requests=choices)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                episode=episode,
                acting_user=request.user,
                litmas_request=form.cleaned_data["litmas_request"],
                recommendation=form.cleaned_data["recommendation"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The draft plan was created. Add what each phase should bring."))
            return redirect("guidance:detail", plan.pk)
    return render(request, "guidance/plan_form.html", {"client": client, "episode": episode, "form": form})


def _detail(request: AuthenticatedHttpRequest, plan: GuidancePlan, item_form=None, status: int = 200) -> HttpResponse:
    episode = plan.episode
    may_write = plan.status == Status.DRAFT and access.may_write(request.user, episode)
    if may_write and item_form is None:
        item_form = forms.ItemForm(initial={"version": plan.version, "phase": episode.phase}, partners=_partners(plan))
    return render(
        request,
        "guidance/plan_detail.html",
        {
            "plan": plan,
            "episode": episode,
            "client": episode.client,
            "progress": selectors.progress(episode, plan),
            "history": selectors.plan_history(episode),
            "may_write": may_write,
            "item_form": item_form if may_write else None,
        },
        status=status,
    )


@require_http_methods(["GET"])
@ability_required("client.view")
def plan_detail(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_id)
    audit.record_view(actor=request.user, obj=plan, office=plan.office, ip_address=request.META.get("REMOTE_ADDR"))
    return _detail(request, plan)


@require_http_methods(["GET", "POST"])
@ability_required("plan.write")
def plan_edit(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, plan_id, write=True)
    episode = plan.episode
    form = forms.PlanForm(
        request.POST or None,
        initial={"version": plan.version, "litmas_request": plan.litmas_request, "recommendation": plan.recommendation},
        litmas_requests=selectors.litmas_choices(episode.client, request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
                litmas_request=form.cleaned_data["litmas_request"],
                recommendation=form.cleaned_data["recommendation"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("guidance:detail", plan.pk)
    return render(
        request, "guidance/plan_form.html", {"client": episode.client, "episode": episode, "form": form, "plan": plan}
    )


@require_http_methods(["GET", "POST"])
@ability_required("plan.write")
def item_add(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The plan page with its item form (GET), and the POST that adds the item."""
    plan = access.get_plan_for_user(request.user, plan_id, write=True)
    if request.method == "GET":
        return _detail(request, plan)
    form = forms.ItemForm(request.POST, partners=_partners(plan))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_add(
                plan=plan,
                acting_user=request.user,
                expected_version=data["version"],
                phase=data["phase"],
                target=data["target"],
                partner=data["partner"],
                note=data["note"],
                **form.kind(),
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The item was added to the plan."))
            return redirect("guidance:detail", plan.pk)
    return _detail(request, plan, item_form=form, status=400)


@require_http_methods(["GET", "POST"])
@ability_required("plan.write")
def item_remove(request: AuthenticatedHttpRequest, plan_id: int, item_id: int) -> HttpResponse:
    """The confirmation page (GET), and the POST that takes the item off the draft."""
    plan = access.get_plan_for_user(request.user, plan_id, write=True)
    if request.method == "GET":
        item = get_object_or_404(plan.items.all(), pk=item_id)
        return render(request, "guidance/item_remove.html", {"plan": plan, "item": item, "client": plan.episode.client})
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("guidance:detail", plan.pk)
    try:
        services.item_remove(
            plan=plan, item_id=item_id, acting_user=request.user, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The item was taken off the plan."))
    return redirect("guidance:detail", plan.pk)


@require_http_methods(["GET", "POST"])
@ability_required("plan.write")
def plan_propose(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    """The confirmation page (what the board will read), and the POST that puts the plan on its agenda."""
    plan = access.get_plan_for_user(request.user, plan_id, write=True)
    form = forms.VersionForm(request.POST or None, initial={"version": plan.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_propose(plan=plan, acting_user=request.user, expected_version=form.cleaned_data["version"])
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The plan was put before the case board; it waits for a meeting."))
            return redirect("guidance:detail", plan.pk)
    items = list(plan.items.select_related("partner"))
    return render(
        request,
        "guidance/plan_propose.html",
        {
            "plan": plan,
            "episode": plan.episode,
            "client": plan.episode.client,
            "form": form,
            "summary": selectors.board_summary(plan, items),
            "available": plan.status == Status.DRAFT and bool(items),
        },
    )
