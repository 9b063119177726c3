"""The workload page: each officer's load, capacity and percentage, with the office's and the last 12 months; and
the explained proposals of a PK for the clients without one."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import scopes
from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from allocation import access, partner_proposals, proposals, rebalance, selectors, services
from allocation import forms as allocation_forms
from allocation.models import AllocationExclusion, AllocationPolicy, OfficerWorkingArea
from lib import params
from lib.forms import apply_errors

# The sortable columns, in order (`selectors.SORTS` has the same keys).
COLUMNS = [
    ("name", _("Officer")),
    ("section", _("Section")),
    ("clients", _("Clients")),
    ("points", _("Points")),
    ("capacity", _("Capacity (points)")),
    ("percent", _("Load")),
]


@require_GET
@login_required
def workload(request: HttpRequest) -> HttpResponse:
    """The head's office, a section head's section, or a PK's own load ("Beban kerja saya"); 403 for others."""
    user = request.user
    if not access.may_open_workload(user):
        raise PermissionDenied
    sort = params.text(request.GET.get("sort"), max_length=20)
    table = selectors.workload_table(user, on=timezone.localdate(), sort=sort)
    headers = [
        {
            "key": key,
            "label": label,
            # A click sorts by the column, or reverses it when it is already sorted by it.
            "sort": f"-{key}" if table.sort == key else key,
            "current": "ascending" if table.sort == key else "descending" if table.sort == f"-{key}" else "",
        }
        for key, label in COLUMNS
    ]
    return render(
        request,
        "allocation/workload.html",
        {
            "table": table,
            "headers": headers,
            "sees_others": access.sees_others(user),
            "may_propose": scopes.can(user, "allocation.propose"),
            "may_set_policy": scopes.can(user, "allocation.policy"),
            "may_propose_partners": access.may_propose_partners(user),
            # The history's columns: the month in words ("Desember 2026"), the site's named format.
            "month_labels": [formats.date_format(month, "YEAR_MONTH_FORMAT") for month in table.months],
        },
    )


PAIR = re.compile(r"^(\d{1,12}):(\d{1,12})$")


def _render_proposals(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "allocation/proposals.html",
        {"proposals": proposals.propose(request.user, on=timezone.localdate()), "parts": proposals.PARTS},
    )


@require_GET
@ability_required("allocation.propose")
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A PK proposed for each client without one in the user's section (office, for the head), explained."""
    return _render_proposals(request)


def _ticked_pairs(request: AuthenticatedHttpRequest) -> list[tuple[int, int]]:
    """The ticked "row_id:target_id" values of a proposal form; anything else is ignored."""
    matches = (PAIR.match(value) for value in request.POST.getlist("pair"))
    return [(int(m[1]), int(m[2])) for m in matches if m]


@require_POST
@ability_required("allocation.propose")
def proposals_accept(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Accept the ticked proposals ("client_id:officer_id"), all in one transaction or none."""
    pairs = _ticked_pairs(request)
    if not pairs:
        messages.error(request, _("Tick at least one proposal to accept."))
        return _render_proposals(request)
    try:
        episodes = services.proposals_accept(acting_user=request.user, pairs=pairs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        # Shown again with the proposal as it stands now (a 200, so the one-time token is not spent).
        return _render_proposals(request)
    count = len(episodes)
    messages.success(
        request, ngettext("%(count)d client got a PK.", "%(count)d clients got a PK.", count) % {"count": count}
    )
    return redirect("allocation:workload")


# --- rebalancing: at most N clients move to even out the load -----------------------------------------------------

MOVE = re.compile(r"^(\d{1,12}):(\d{1,12}):(\d{1,12})$")
MOVES_ERROR = _("Enter a whole number of clients to move, from 1 to 50.")  # 50: rebalance.MAX_MOVES


class RebalanceForm(forms.Form):
    n = forms.IntegerField(
        label=_("Move at most this many clients"),
        min_value=1,
        max_value=rebalance.MAX_MOVES,
        error_messages=dict.fromkeys(("required", "invalid", "min_value", "max_value"), MOVES_ERROR),
        widget=forms.NumberInput(attrs={"min": 1, "max": rebalance.MAX_MOVES}),
    )


def _render_rebalance(request: AuthenticatedHttpRequest, form: RebalanceForm) -> HttpResponse:
    proposal = None
    if form.is_bound and form.is_valid():
        proposal = rebalance.propose(request.user, on=timezone.localdate(), max_moves=form.cleaned_data["n"])
    return render(
        request,
        "allocation/rebalance.html",
        {"form": form, "proposal": proposal, "parts": proposals.PARTS, "max_moves": rebalance.MAX_MOVES},
    )


@require_http_methods(["GET", "POST"])
@ability_required("allocation.propose")
def rebalance_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: moves of at most N clients (`?n=`) between the PKs of the user's section (office, for the head) that
    lower the spread of load, each paying the continuity cost; without `n`, only the form. POST: make the ticked
    moves ("client_id:from_id:to_id"), all in one transaction or none."""
    if request.method == "POST":
        return _rebalance_accept(request)
    form = RebalanceForm(request.GET if "n" in request.GET else None)
    return _render_rebalance(request, form)


def _rebalance_accept(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RebalanceForm({"n": request.POST.get("n", "")})
    matches = (MOVE.match(value) for value in request.POST.getlist("move"))
    moves = [(int(m[1]), int(m[2]), int(m[3])) for m in matches if m]
    if not moves:
        messages.error(request, _("Tick at least one proposal to accept."))
        return _render_rebalance(request, form)
    try:
        episodes = services.rebalance_accept(acting_user=request.user, moves=moves)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        # Shown again with the proposal as it stands now (a 200, so the one-time token is not spent).
        return _render_rebalance(request, form)
    count = len(episodes)
    messages.success(
        request,
        ngettext("%(count)d client moved to another PK.", "%(count)d clients moved to another PK.", count)
        % {"count": count},
    )
    return redirect("allocation:workload")


# --- partners for open client needs -------------------------------------------------------------------------------


def _render_partner_proposals(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "allocation/partner_proposals.html",
        {
            "proposals": partner_proposals.propose(request.user, on=timezone.localdate()),
            "parts": partner_proposals.PARTS,
        },
    )


def _require_may_propose_partners(request: AuthenticatedHttpRequest) -> None:
    if not access.may_propose_partners(request.user):
        raise PermissionDenied


@require_GET
@login_required
def partner_proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A partner proposed for each open client need without a referral that the user may refer, explained."""
    _require_may_propose_partners(request)
    return _render_partner_proposals(request)


@require_POST
@login_required
def partner_proposals_accept(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Refer the ticked needs ("need_id:partner_id") to their proposed partners, all in one transaction or none."""
    _require_may_propose_partners(request)
    pairs = _ticked_pairs(request)
    if not pairs:
        messages.error(request, _("Tick at least one proposal to accept."))
        return _render_partner_proposals(request)
    try:
        referrals = services.partner_proposals_accept(acting_user=request.user, pairs=pairs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        # Shown again with the proposal as it stands now (a 200, so the one-time token is not spent).
        return _render_partner_proposals(request)
    count = len(referrals)
    messages.success(
        request, ngettext("%(count)d referral made.", "%(count)d referrals made.", count) % {"count": count}
    )
    return redirect("allocation:partner_proposals")


# --- officers' working areas and exclusions ----------------------------------------------------------------------


def _require_may_manage(request: HttpRequest) -> None:
    if not access.may_manage_allocation_data(request.user):
        raise PermissionDenied


def _render_exclusions(request: HttpRequest, form) -> HttpResponse:
    exclusions = access.exclusions_visible_to(
        AllocationExclusion.objects.select_related("officer", "client", "created_by"), request.user
    ).order_by("client__name", "officer__full_name", "pk")
    return render(request, "allocation/exclusions.html", {"form": form, "exclusions": exclusions})


@require_http_methods(["GET", "POST"])
@login_required
def exclusions(request: HttpRequest) -> HttpResponse:
    """The exclusions of the user's PKs (section, or office for the head), and a form to add one."""
    _require_may_manage(request)
    if request.method == "POST":
        form = allocation_forms.ExclusionForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.exclusion_add(
                    acting_user=request.user,  # type: ignore[arg-type]
                    officer=data["officer"],
                    client=data["client"],
                    reason=data["reason"],
                    note=data["note"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, errors in exc.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(officer)s will no longer be proposed for %(client)s.")
                    % {"officer": data["officer"].full_name, "client": data["client"].full_name},
                )
                return redirect("allocation:exclusions")
        return _render_exclusions(request, form)
    return _render_exclusions(request, allocation_forms.ExclusionForm(user=request.user))


@require_http_methods(["GET", "POST"])
@login_required
def exclusion_delete(request: HttpRequest, exclusion_id: int) -> HttpResponse:
    """Confirm (GET) and lift (POST) an exclusion."""
    exclusion = access.get_exclusion_for_user(request.user, exclusion_id)
    if request.method == "POST" and request.POST.get("confirm") == "yes":  # what the confirming form sends
        services.exclusion_delete(acting_user=request.user, exclusion=exclusion)  # type: ignore[arg-type]
        messages.success(
            request,
            _("%(officer)s may be proposed for %(client)s again.")
            % {"officer": exclusion.officer.full_name, "client": exclusion.client.full_name},
        )
        return redirect("allocation:exclusions")
    return render(request, "allocation/exclusion_delete.html", {"exclusion": exclusion})


@require_GET
@login_required
def working_areas(request: HttpRequest) -> HttpResponse:
    """The working area of each of the user's PKs: recorded, or the districts of their present clients."""
    _require_may_manage(request)
    officers = list(access.manageable_officers(request.user).order_by("full_name", "pk"))
    recorded = {
        area.officer_id: area
        for area in OfficerWorkingArea.objects.filter(officer__in=officers).prefetch_related("regencies", "districts")
    }
    derived = proposals.working_areas(officers)
    rows = []
    for officer in officers:
        area = recorded.get(officer.pk)
        names = [r.name for r in area.regencies.all()] + [d.name for d in area.districts.all()] if area else []
        rows.append({"officer": officer, "area": area, "names": names, "derived": len(derived[officer.pk])})
    return render(request, "allocation/working_areas.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@login_required
def working_area_edit(request: HttpRequest, officer_id: int) -> HttpResponse:
    """Record an officer's working area: regencies and districts of the office's service area."""
    officer = access.get_officer_for_user(request.user, officer_id)
    area = OfficerWorkingArea.objects.filter(officer=officer).first()
    if request.method == "POST":
        form = allocation_forms.WorkingAreaForm(request.POST, office=officer.office)
        if form.is_valid():
            services.working_area_set(
                acting_user=request.user,  # type: ignore[arg-type]
                officer=officer,
                regencies=form.cleaned_data["regencies"],
                districts=form.cleaned_data["districts"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The working area of %(officer)s was saved.") % {"officer": officer.full_name})
            return redirect("allocation:working_areas")
    else:
        initial = (
            {
                "regencies": list(area.regencies.all()),
                "districts": list(area.districts.all()),
                "note": area.note,
            }
            if area
            else {}
        )
        form = allocation_forms.WorkingAreaForm(initial=initial, office=officer.office)
    return render(request, "allocation/working_area_edit.html", {"form": form, "officer": officer})


@require_http_methods(["GET", "POST"])
@ability_required("allocation.policy")
def policy_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The head sets what the office's proposals trade: the continuity threshold and the seniority cost."""
    if request.user.office_id is None:
        raise PermissionDenied
    policy = AllocationPolicy.objects.filter(office_id=request.user.office_id).first()
    current = selectors.weights_for(request.user.office_id)
    initial = {
        "continuity": policy.continuity if policy else current.continuity,
        "seniority": policy.seniority if policy else current.seniority,
        "version": policy.version if policy else None,
    }
    form = allocation_forms.PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_set(
                acting_user=request.user,
                continuity=form.cleaned_data["continuity"],
                seniority=form.cleaned_data["seniority"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The allocation policy of the office was saved."))
            return redirect("allocation:workload")
    return render(request, "allocation/policy.html", {"form": form, "policy": policy})
