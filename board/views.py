"""Pages of the case board (TPP): meetings and their agenda, items awaiting a meeting, the head's approvals,
and the PK's phase proposal. Every change is a POST; objects outside the user's office answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import scopes
from accounts.decorators import ability_required
from board import access, forms, selectors, services
from board.models import AgendaItem, Meeting, PhaseProposal
from clients import access as client_access
from clients.codes import EpisodeStatus, Phase
from lib.forms import apply_errors

PAGE_SIZE = 20


# --- meetings ---------------------------------------------------------------------------------


@require_GET
@ability_required("board.view")
def meeting_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    meetings = selectors.meetings_for_list(request.user, past=past, today=timezone.localdate())
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "board/meeting_list.html",
        {
            "page": page,
            "past": past,
            "querystring": "when=past" if past else "",
            "can_manage": scopes.can(request.user, "board.manage"),
            "awaiting_count": selectors.awaiting_items(request.user).count(),
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("board.manage")
def meeting_create(request: HttpRequest) -> HttpResponse:
    office = request.user.office
    if office is None:
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            meeting = services.meeting_create(office=office, acting_user=request.user, **data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The meeting was planned."))
            return redirect("board:meeting_detail", meeting.pk)
    return render(request, "board/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
@ability_required("board.manage")
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, meeting_id, write=True)
    if meeting.status == Meeting.Status.CLOSED:
        messages.error(request, _("This meeting is closed; its record can no longer be changed."))
        return redirect("board:meeting_detail", meeting.pk)
    form = forms.MeetingForm(request.POST or None, instance=meeting, office=meeting.office)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.meeting_update(meeting=meeting, acting_user=request.user, expected_version=version, **data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("board:meeting_detail", meeting.pk)
    return render(request, "board/meeting_form.html", {"form": form, "meeting": meeting})


@require_GET
@ability_required("board.view")
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access.get_meeting_for_user(request.user, meeting_id)
    items = selectors.meeting_items(request.user, meeting)
    can_manage = scopes.can(request.user, "board.manage") and meeting.is_open
    return render(
        request,
        "board/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "can_manage": can_manage,
            "waiting": list(selectors.awaiting_items(request.user)[:50]) if can_manage else [],
            "decision_form": forms.DecisionForm() if can_manage else None,
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("board.manage")
def meeting_close(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Confirm, then close: the meeting's record becomes final."""
    meeting = access.get_meeting_for_user(request.user, meeting_id, write=True)
    error = None
    if request.method == "POST":
        try:
            services.meeting_close(meeting=meeting, acting_user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The meeting was closed."))
            return redirect("board:meeting_detail", meeting.pk)
    undecided = AgendaItem.objects.filter(meeting=meeting).open().count()
    return render(request, "board/meeting_close.html", {"meeting": meeting, "undecided": undecided, "error": error})


# --- agenda items -----------------------------------------------------------------------------


@require_GET
@ability_required("board.view")
def awaiting_list(request: HttpRequest) -> HttpResponse:
    items = selectors.awaiting_items(request.user)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    can_manage = scopes.can(request.user, "board.manage")
    return render(
        request,
        "board/awaiting_list.html",
        {
            "page": page,
            "can_manage": can_manage,
            "meetings": list(selectors.open_meetings(request.user)) if can_manage else [],
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("board.manage")
def item_assign(request: HttpRequest, item_id: int) -> HttpResponse:
    """Put an undecided item on a meeting's agenda (or take it off again)."""
    item = access.get_agenda_item_for_user(request.user, item_id, write=True)
    form = forms.AssignForm(
        request.POST or None, meetings=selectors.open_meetings(request.user), initial={"meeting": item.meeting_id}
    )
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            services.agenda_item_assign(item=item, meeting=meeting, acting_user=request.user)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            if meeting is None:
                messages.success(request, _("The item is back among those awaiting a meeting."))
                return redirect("board:awaiting")
            messages.success(request, _("The item was put on the agenda of %(meeting)s.") % {"meeting": meeting})
            if request.POST.get("back") == "meeting":
                return redirect("board:meeting_detail", meeting.pk)
            return redirect("board:awaiting")
    return render(request, "board/item_assign.html", {"item": item, "form": form})


@require_http_methods(["GET", "POST"])
@ability_required("board.manage")
def item_decide(request: HttpRequest, item_id: int) -> HttpResponse:
    """Record the board's decision on an item, with its minute number."""
    item = access.get_agenda_item_for_user(request.user, item_id, write=True)
    form = forms.DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting_id = item.meeting_id
        try:
            services.decision_record(
                item=item,
                decision=data["decision"],
                minute_number=data["minute_number"],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The board's decision was recorded."))
            return redirect("board:meeting_detail", meeting_id)
    return render(request, "board/item_decide.html", {"item": item, "form": form})


# --- phase changes ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ability_required("phase.propose")
def phase_propose(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id)
    episode = client.current_episode
    following = selectors.NEXT_PHASE.get(episode.phase) if episode else None
    blocked = None
    if episode is None or episode.status != EpisodeStatus.ACTIVE:
        blocked = _("This client has no guidance under way: there is no phase to change.")
    elif following is None:
        blocked = _("The client is in the final phase; there is no later phase to propose.")
    elif (proposal := selectors.open_proposal(episode)) is not None:
        blocked = _("A phase change for this client is already proposed and not yet decided (%(status)s).") % {
            "status": proposal.get_status_display().lower()
        }
    # Every phase is offered so that the refusal of a skip is the service's, with its message.
    form = forms.ProposeForm(request.POST or None, choices=Phase.choices, initial={"to_phase": following})
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            services.phase_propose(
                episode=episode,
                to_phase=form.cleaned_data["to_phase"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The phase change was proposed; it now awaits a meeting of the board."))
            return redirect("clients:detail", client.pk)
    return render(
        request,
        "board/phase_propose.html",
        {"client": client, "episode": episode, "form": form, "blocked": blocked, "following": following},
    )


@require_GET
@ability_required("phase.approve")
def approvals_list(request: HttpRequest) -> HttpResponse:
    proposals = selectors.approvals_waiting(request.user)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "board/approvals_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@ability_required("phase.approve")
def proposal_approve(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, proposal_id, write=True)
    form = forms.ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["approve"]
        try:
            services.phase_approve(
                proposal=proposal, approve=approve, note=form.cleaned_data["note"], acting_user=request.user
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(
                request, _("The phase change was approved.") if approve else _("The phase change was refused.")
            )
            return redirect("board:approvals")
    return render(
        request,
        "board/proposal_approve.html",
        {"proposal": proposal, "form": form, "waiting": proposal.status == PhaseProposal.Status.AWAITING_HEAD},
    )
