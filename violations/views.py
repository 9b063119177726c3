"""Pages of the violations app: report, the flow of one violation, and the lists of open violations.

Every step is a GET page (its form, which also states what will happen: the confirmation step) and a
POST that calls the service. A role without the step's ability gets 403; a violation of a client
outside the user's scope, or a missing one, 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import scopes
from accounts.decorators import ability_required
from audit import services as audit
from clients import access as client_access
from lib.forms import apply_errors
from violations import access, forms, selectors, services
from violations.models import Violation

# --- lists, report and detail -----------------------------------------------------------------


@require_http_methods(["GET"])
@ability_required("violation.report")
def violation_list(request: HttpRequest) -> HttpResponse:
    """Open violations of the user's caseload (PK, APK), section (section head) or office (head)."""
    user = request.user
    scope = scopes.scope_of(user)
    if scope == scopes.Scope.CASELOAD:
        title = _("Open violations in your caseload")
    elif scope == scopes.Scope.SECTION:
        title = _("Open violations in your section")
    else:
        title = _("Open violations of the office")
    rows = selectors.violations_for_user(user, today=timezone.localdate())
    return render(request, "violations/list.html", {"rows": rows, "title": title})


@require_http_methods(["GET", "POST"])
@ability_required("violation.report")
def violation_report(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id, write=True)
    episode = client.current_episode
    form = forms.ReportForm(request.POST or None) if episode is not None else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            violation = services.violation_report(
                episode=episode,
                acting_user=request.user,
                type=data["type"],
                occurred_on=data["occurred_on"],
                source=data["source"],
                description=data["description"],
                reported_on=data["reported_on"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The violation was recorded. Next: examine the client (BAP)."))
            return redirect("violations:detail", violation.pk)
    return render(request, "violations/report.html", {"client": client, "episode": episode, "form": form})


@require_http_methods(["GET"])
@ability_required("client.view")
def violation_detail(request: HttpRequest, violation_id: int) -> HttpResponse:
    violation = access.get_violation_for_user(request.user, violation_id)
    episode = violation.episode
    audit.record_view(
        actor=request.user,
        obj=violation,
        office=violation.office,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    deadline = selectors.next_step(violation)
    due_on = selectors.due_dates([deadline])[0]
    return render(
        request,
        "violations/detail.html",
        {
            "violation": violation,
            "episode": episode,
            "client": episode.client,
            "deadline": deadline,
            "due_on": due_on,
            "overdue": due_on is not None and due_on < timezone.localdate(),
            "window_ends_on": selectors.window_end(episode),
            "actions": selectors.actions_for(violation, request.user),
            "revocation": getattr(violation, "revocation", None),
        },
    )


# --- the steps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepPage:
    """One step of the flow: its form, page texts and the service call."""

    step: str
    title: str
    form_class: type[django_forms.Form]
    call: Callable[[Violation, object, dict], object]
    done: str
    intro: str = ""
    button: str = gettext_lazy("Save")
    danger: bool = False
    initial: Callable[[Violation], dict] | None = None


def _run_step(request: HttpRequest, violation_id: int, page: StepPage) -> HttpResponse:
    violation = access.get_violation_for_user(request.user, violation_id, write=True)
    available = page.step in selectors.allowed_steps(violation)
    initial = page.initial(violation) if page.initial else None
    form = page.form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            page.call(violation, request.user, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, page.done)
            return redirect("violations:detail", violation.pk)
    return render(
        request,
        "violations/step.html",
        {
            "violation": violation,
            "client": violation.episode.client,
            "episode": violation.episode,
            "page": page,
            "form": form,
            "available": available or request.method == "POST",
            "window_ends_on": selectors.window_end(violation.episode),
        },
    )


CONFIRM = StepPage(
    step="confirm",
    title=gettext_lazy("Confirm the draft violation"),
    intro=gettext_lazy("The system opened this draft after missed reports. Confirm it to examine the client."),
    form_class=forms.ConfirmForm,
    initial=lambda v: {"description": v.description},
    call=lambda v, user, data: services.violation_confirm(
        violation=v, acting_user=user, description=data["description"]
    ),
    done=gettext_lazy("The violation was confirmed. Next: examine the client (BAP)."),
    button=gettext_lazy("Confirm"),
)
DISMISS = StepPage(
    step="dismiss",
    title=gettext_lazy("Dismiss the draft violation"),
    intro=gettext_lazy("Dismiss the draft when the missed reports do not amount to a violation; say why."),
    form_class=forms.ReasonForm,
    call=lambda v, user, data: services.violation_dismiss(violation=v, acting_user=user, reason=data["reason"]),
    done=gettext_lazy("The draft was dismissed."),
    button=gettext_lazy("Dismiss"),
    danger=True,
)
EXAMINE = StepPage(
    step="examine",
    title=gettext_lazy("Examination of the client (BAP)"),
    form_class=forms.ExamineForm,
    call=lambda v, user, data: services.violation_examine(
        violation=v, acting_user=user, bap_number=data["bap_number"], bap_date=data["bap_date"], summary=data["summary"]
    ),
    done=gettext_lazy("The examination was recorded. Next: put the violation before the board."),
)
PROPOSE = StepPage(
    step="propose",
    title=gettext_lazy("Put the violation before the board (TPP)"),
    intro=gettext_lazy("The violation goes on the board's agenda; the secretary places it on a meeting."),
    form_class=forms.ProposeForm,
    initial=lambda v: {"summary": f"{v.get_type_display()}: {v.bap_summary or v.description}"},
    call=lambda v, user, data: services.violation_propose(violation=v, acting_user=user, summary=data["summary"]),
    done=gettext_lazy("The violation is on the board's agenda."),
    button=gettext_lazy("Put before the board"),
)
RESPOND = StepPage(
    step="respond",
    title=gettext_lazy("Set the response"),
    intro=gettext_lazy(
        "Intensified reporting changes the client's reporting schedule for the period given. A temporary "
        "suspension or a proposal of revocation suspends the client's guidance."
    ),
    form_class=forms.RespondForm,
    call=lambda v, user, data: services.violation_respond(
        violation=v,
        acting_user=user,
        response_type=data["response_type"],
        detail=data["detail"],
        interval_days=data["interval_days"],
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
    ),
    done=gettext_lazy("The response was recorded."),
)
SUSPEND = StepPage(
    step="suspend",
    title=gettext_lazy("Suspend the guidance"),
    intro=gettext_lazy(
        "Temporary suspension (pencabutan sementara): the client's guidance is suspended until the suspension "
        "is lifted or the order is revoked. Reporting is not expected meanwhile."
    ),
    form_class=forms.ReasonForm,
    call=lambda v, user, data: services.violation_suspend(violation=v, acting_user=user, reason=data["reason"]),
    done=gettext_lazy("The guidance is suspended."),
    button=gettext_lazy("Suspend the guidance"),
    danger=True,
)
LIFT = StepPage(
    step="lift",
    title=gettext_lazy("Lift the suspension"),
    intro=gettext_lazy("The client is under guidance again from today."),
    form_class=forms.ReasonForm,
    call=lambda v, user, data: services.violation_lift_suspension(violation=v, acting_user=user, reason=data["reason"]),
    done=gettext_lazy("The suspension was lifted; the client is under guidance again."),
    button=gettext_lazy("Lift the suspension"),
    danger=True,
)
REVOKE = StepPage(
    step="revoke",
    title=gettext_lazy("Record the revocation"),
    intro=gettext_lazy(
        "The order is revoked by the decree and the client returns to prison; the guidance ends. Pasal 73(5) "
        "KUHP: no revocation later than three months after probation ends, unless the client was prosecuted "
        "within those three months for an offence committed during probation."
    ),
    form_class=forms.RevokeForm,
    call=lambda v, user, data: services.violation_revoke(violation=v, acting_user=user, **data),
    done=gettext_lazy("The revocation was recorded; the guidance ended."),
    button=gettext_lazy("Record the revocation"),
    danger=True,
)
CLOSE = StepPage(
    step="close",
    title=gettext_lazy("Close the violation"),
    form_class=forms.CloseForm,
    call=lambda v, user, data: services.violation_close(violation=v, acting_user=user, note=data["note"]),
    done=gettext_lazy("The violation was closed."),
    button=gettext_lazy("Close"),
)


def _step_view(page: StepPage, ability: str):
    @require_http_methods(["GET", "POST"])
    @ability_required(ability)
    def view(request: HttpRequest, violation_id: int) -> HttpResponse:
        return _run_step(request, violation_id, page)

    view.__name__ = f"violation_{page.step}"
    view.__doc__ = str(page.title)
    return view


violation_confirm = _step_view(CONFIRM, "violation.examine")
violation_dismiss = _step_view(DISMISS, "violation.examine")
violation_examine = _step_view(EXAMINE, "violation.examine")
violation_propose = _step_view(PROPOSE, "violation.examine")
violation_respond = _step_view(RESPOND, "violation.respond")
violation_suspend = _step_view(SUSPEND, "violation.suspend")
violation_lift = _step_view(LIFT, "violation.suspend")
violation_revoke = _step_view(REVOKE, "violation.revoke")
violation_close = _step_view(CLOSE, "violation.examine")
