"""Pages of the Litmas requests: record a request letter, the list, one request's flow and the steps the user
may take on it, and the month's counts. Every change is a POST through `litmas.services`; requests outside the
user's reach answer 404 (`litmas.access`), steps without the ability 403."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_stubs_ext import StrOrPromise

from accounts import scopes
from accounts.decorators import ability_required
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from board.models import Meeting
from lib.forms import apply_errors
from lib.paging import paginate
from litmas import access, flow, forms, registry, selectors, services
from litmas.codes import State, Step
from litmas.models import LitmasDocument, LitmasRequest

PAGE_SIZE = 25


# --- record -----------------------------------------------------------------------------------------


def _request_input(data: dict, client) -> services.RequestInput:
    return services.RequestInput(
        litmas_type=data["litmas_type"],
        is_child=data["audience"] == "child",
        requester_kind=data["requester_kind"],
        requester_name=data["requester_name"],
        letter_number=data["letter_number"],
        letter_date=data["letter_date"],
        received_at=data["received_at"],
        client=client,
        person_name=data["person_name"],
        person_nik=data["person_nik"],
        person_birth_date=data["person_birth_date"],
        person_sex=data["person_sex"],
    )


@require_http_methods(["GET", "POST"])
@ability_required("litmas.record")
def request_record(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a request letter. A child's request is not the front desk's to see afterwards, so every recording
    comes back to this form with the deadline in the message."""
    office = request.user.office
    if office is None:
        raise PermissionDenied
    scopes.check_write(request.user, write=True)
    form = forms.RecordForm(request.POST or None)
    found = None
    nik = (request.POST.get("person_nik") or "").strip()
    if nik:
        found = selectors.client_by_nik(office, nik)
    if request.method == "POST" and "lookup" not in request.POST and form.is_valid():
        try:
            recorded = services.request_record(
                office=office, acting_user=request.user, data=_request_input(form.cleaned_data, found)
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(
                request,
                _("The request %(letter)s was recorded; the Litmas is due %(deadline)s.")
                % {
                    "letter": recorded.letter_number,
                    "deadline": formats.date_format(timezone.localtime(recorded.deadline_at), "DATETIME_FORMAT"),
                },
            )
            if access.requests_visible_to(LitmasRequest.objects.filter(pk=recorded.pk), request.user).exists():
                return redirect("litmas:detail", recorded.pk)
            return redirect("litmas:record")
    return render(
        request,
        "litmas/record.html",
        {"form": form, "found": found, "looked_up": bool(nik) and "lookup" in request.POST},
    )


@require_GET
@ability_required("litmas.record")
def nik_lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The htmx fragment under the NIK field: the client of the office with this NIK, if any."""
    office = request.user.office
    if office is None:
        raise PermissionDenied
    nik = (request.GET.get("person_nik") or "").strip()
    found = selectors.client_by_nik(office, nik) if len(nik) == 16 else None
    return render(request, "litmas/_nik_result.html", {"found": found, "looked_up": bool(nik)})


# --- list -------------------------------------------------------------------------------------------


@require_GET
@ability_required("litmas.view")
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.requests_for_list(
        request.user,
        state=filters.get("state", ""),
        litmas_type=filters.get("litmas_type"),
        audience=filters.get("audience", ""),
        q=filters.get("q", ""),
    )
    page, querystring = paginate(request, rows, PAGE_SIZE, count_limit=1000)
    return render(
        request,
        "litmas/list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring,
            "can_record": scopes.can(request.user, "litmas.record") and request.user.office_id,
            "can_monthly": scopes.can(request.user, "litmas.assign"),
        },
    )


# --- one request and its steps ---------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A step a user takes from the request's page: its form and the service call."""

    slug: str
    step: str
    label: StrOrPromise
    form: type[django_forms.Form]
    may: Callable[[User, LitmasRequest], bool]
    run: Callable[[LitmasRequest, User, dict], object]
    done: StrOrPromise
    confirm: bool = False  # shown on a page of its own first (cancelling)


def _assigned_pk(user, req: LitmasRequest) -> bool:
    return scopes.can(user, "litmas.write") and access.is_assigned_officer(user, req)


def _run_assign(req, user, data):
    officer = User.objects.filter(pk=data["officer"]).first()  # the service refuses a missing or unfit one
    return services.request_assign(
        request=req,
        officer=officer,
        task_letter_number=data["task_letter_number"],
        acting_user=user,
        expected_version=data.get("version"),
    )


def _run_board(req, user, data):
    return services.board_decide(
        request=req,
        approve=data["decision"] == "approve",
        meeting=data["meeting"],
        minute_number=data["minute_number"],
        note=data["note"],
        acting_user=user,
    )


ACTIONS: dict[str, Action] = {
    action.slug: action
    for action in [
        Action(
            "disposisi",
            Step.DISPOSE,
            gettext_lazy("Dispose to the section"),
            forms.DisposeForm,
            lambda user, req: scopes.can(user, "litmas.dispose"),
            lambda req, user, data: services.request_dispose(
                request=req, acting_user=user, note=data["note"], expected_version=data.get("version")
            ),
            gettext_lazy("The request was disposed to the section."),
        ),
        Action(
            "tugaskan",
            Step.ASSIGN,
            gettext_lazy("Assign a PK"),
            forms.AssignForm,
            lambda user, req: scopes.can(user, "litmas.assign"),
            _run_assign,
            gettext_lazy("The PK was assigned."),
        ),
        Action(
            "mulai",
            Step.GATHER,
            gettext_lazy("Start gathering data"),
            forms.NoteForm,
            _assigned_pk,
            lambda req, user, data: services.gathering_start(request=req, acting_user=user, note=data["note"]),
            gettext_lazy("Data gathering has started; the report is open for writing."),
        ),
        Action(
            "ajukan-tpp",
            Step.SUBMIT,
            gettext_lazy("Put before the case board"),
            forms.NoteForm,
            _assigned_pk,
            lambda req, user, data: services.board_submit(request=req, acting_user=user, note=data["note"]),
            gettext_lazy("The draft was put before the case board."),
        ),
        Action(
            "putusan-tpp",
            Step.APPROVE,
            gettext_lazy("Record the board's decision"),
            forms.BoardForm,
            lambda user, req: scopes.can(user, "litmas.board"),
            _run_board,
            gettext_lazy("The board's decision was recorded."),
        ),
        Action(
            "perbaiki",
            Step.REVISE,
            gettext_lazy("Reopen for correction"),
            forms.ReasonForm,
            lambda user, req: (
                req.state != State.BOARD and (_assigned_pk(user, req) or scopes.can(user, "litmas.acknowledge"))
            ),
            lambda req, user, data: services.report_revise(request=req, acting_user=user, reason=data["reason"]),
            gettext_lazy("The report was reopened for correction."),
        ),
        Action(
            "mengetahui",
            Step.ACKNOWLEDGE,
            gettext_lazy("Acknowledge the signed report"),
            django_forms.Form,
            lambda user, req: scopes.can(user, "litmas.acknowledge"),
            lambda req, user, data: services.request_acknowledge(request=req, acting_user=user),
            gettext_lazy("The report was acknowledged."),
        ),
        Action(
            "kirim",
            Step.SEND,
            gettext_lazy("Record the sending"),
            forms.SendForm,
            lambda user, req: scopes.can(user, "litmas.send"),
            lambda req, user, data: services.request_send(request=req, acting_user=user, reference=data["reference"]),
            gettext_lazy("The sending was recorded."),
        ),
        Action(
            "batal",
            Step.CANCEL,
            gettext_lazy("Cancel the request"),
            forms.ReasonForm,
            lambda user, req: scopes.can(user, "litmas.cancel"),
            lambda req, user, data: services.request_cancel(request=req, acting_user=user, reason=data["reason"]),
            gettext_lazy("The request was cancelled."),
            confirm=True,
        ),
    ]
}


def available_actions(user, req: LitmasRequest) -> list[Action]:
    """The steps `user` may take on the request now: the flow allows the step and the user has the ability."""
    if user.is_read_only:
        return []
    steps = set(flow.allowed_steps(req.state))
    return [action for action in ACTIONS.values() if action.step in steps and action.may(user, req)]


def _make_form(action: Action, req: LitmasRequest, data=None) -> django_forms.Form:
    kwargs: dict = {}
    initial = {"version": req.version}
    if action.form is forms.AssignForm:
        choices = selectors.officer_choices(req)
        kwargs["choices"] = choices
        kwargs["suggested"] = registry.suggest_officer(req, [choice.officer for choice in choices])
    elif action.form is forms.BoardForm:
        kwargs["meetings"] = (
            Meeting.objects.filter(office_id=req.office_id).exclude(status=Meeting.Status.CLOSED).order_by("held_on")
        )
    return action.form(data, initial=initial, prefix=action.slug, **kwargs)


@require_GET
@ability_required("litmas.view")
def request_detail(request: AuthenticatedHttpRequest, request_id: int) -> HttpResponse:
    req = access.get_request_for_user(request.user, request_id)
    actions = available_actions(request.user, req)
    return render(request, "litmas/detail.html", _detail_context(request, req, actions))


def _detail_context(request: AuthenticatedHttpRequest, req: LitmasRequest, actions: list[Action], bound=None) -> dict:
    user = request.user
    steps = req.steps.select_related("by", "officer", "meeting")
    documents = LitmasDocument.objects.filter(request=req).select_related("signed_by", "assessment").order_by("number")
    return {
        "req": req,
        "steps": steps,
        "documents": documents,
        "actions": [
            (action, bound[1] if bound and bound[0] == action.slug else _make_form(action, req))
            for action in actions
            if not action.confirm
        ],
        "confirm_actions": [action for action in actions if action.confirm],
        "can_edit_report": access.is_assigned_officer(user, req) and req.state in flow.EDITABLE_STATES,
        "can_sign": access.is_assigned_officer(user, req) and req.state == State.APPROVED,
        "has_report": req.state not in (State.RECEIVED, State.DISPOSED, State.ASSIGNED),
    }


@require_http_methods(["GET", "POST"])
@ability_required("litmas.view")
def request_step(request: AuthenticatedHttpRequest, request_id: int, action: str) -> HttpResponse:
    """Take one step on a request: POST from the request's page; errors show the page again with the form.
    A step that asks for confirmation (cancelling) has a page of its own (GET)."""
    chosen = ACTIONS.get(action)
    req = access.get_request_for_user(request.user, request_id, write=request.method == "POST")
    if chosen is None:
        return redirect("litmas:detail", req.pk)
    if not chosen.may(request.user, req) or request.user.is_read_only:
        raise PermissionDenied
    if request.method == "GET":
        if not chosen.confirm:
            return redirect("litmas:detail", req.pk)
        return render(request, "litmas/confirm.html", {"req": req, "action": chosen, "form": _make_form(chosen, req)})
    form = _make_form(chosen, req, request.POST)
    if form.is_valid():
        try:
            chosen.run(req, request.user, form.cleaned_data)
        except ValidationError as exc:
            if chosen not in available_actions(request.user, req):  # the page has no form of this step now
                messages.error(request, " ".join(exc.messages))
                return redirect("litmas:detail", req.pk)
            apply_errors(exc, form)
        else:
            messages.success(request, str(chosen.done))
            if access.requests_visible_to(LitmasRequest.objects.filter(pk=req.pk), request.user).exists():
                return redirect("litmas:detail", req.pk)
            return redirect("litmas:list")
    if chosen.confirm:
        return render(request, "litmas/confirm.html", {"req": req, "action": chosen, "form": form}, status=400)
    actions = available_actions(request.user, req)
    return render(
        request, "litmas/detail.html", _detail_context(request, req, actions, bound=(chosen.slug, form)), status=400
    )


# --- the month's counts ------------------------------------------------------------------------------


@require_GET
@ability_required("litmas.assign")
def monthly(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The office's Litmas of a month per type: open, sent on time, late, cancelled."""
    office = request.user.office
    if office is None:
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("bulan", "").split("-")[:2])  # "2026-11" or "2026-11-01"
        datetime.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "litmas/monthly.html",
        {
            "rows": selectors.monthly_counts(office, year, month),
            "month": first,
            "previous": previous,
            "following": following if following <= today else None,
        },
    )


urlpatterns = [
    path("litmas/", request_list, name="list"),
    path("litmas/catat/", request_record, name="record"),
    path("litmas/catat/cari-nik/", nik_lookup, name="nik_lookup"),
    path("litmas/rekap/", monthly, name="monthly"),
    path("litmas/<int:request_id>/", request_detail, name="detail"),
    path("litmas/<int:request_id>/langkah/<slug:action>/", request_step, name="step"),
]
