"""Pages of transfers, travel permits and the end of guidance. Thin: access helper, form, service, redirect."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import scopes
from accounts.decorators import ability_required
from audit import services as audit
from clients import access as client_access
from clients.codes import OPEN_STATUSES, EpisodeStatus
from lib.forms import apply_errors
from movements import access, forms, selectors, services
from movements.models import ClosingReport, Transfer
from organizations.models import Office

TRANSFER_ABILITIES = ("transfer.request", "transfer.decide", "transfer.accept")


def any_ability_required(*abilities: str):
    """Like accounts.decorators.ability_required, for a page several roles open for different reasons."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(scopes.can(request.user, a) for a in abilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def _open_episode(client):
    episode = client.current_episode
    if episode is None or episode.status not in OPEN_STATUSES:
        return None
    return episode


def _closable_episode(client):
    episode = client.current_episode
    return episode if selectors.closable(episode) else None


def _closed_page(request, client, title: str) -> HttpResponse:
    return render(request, "movements/closed.html", {"client": client, "title": title})


# --- Transfers ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ability_required("transfer.request")
def transfer_request(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id, write=True)
    episode = _open_episode(client)
    if episode is None:
        return _closed_page(request, client, _("Request a transfer"))
    form = forms.TransferRequestForm(request.POST or None, offices=Office.objects.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.transfer_request(episode=episode, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The transfer request was recorded; the head decides it."))
            return redirect("movements:transfer_detail", transfer.pk)
    return render(request, "movements/transfer_request.html", {"client": client, "episode": episode, "form": form})


@require_GET
@any_ability_required(*TRANSFER_ABILITIES)
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = access.get_transfer_for_user(request.user, transfer_id)
    user = request.user
    sending = transfer.from_office_id == user.office_id
    receiving = transfer.to_office_id == user.office_id
    # The page shows a client's name, birth date and new address: opening it is recorded like a client record.
    audit.record_view(
        actor=user,
        obj=transfer,
        office=user.office or transfer.from_office,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    state = transfer.state
    return render(
        request,
        "movements/transfer_detail.html",
        {
            "transfer": transfer,
            "sending": sending,
            "deadline": selectors.transfer_deadline(transfer) if transfer.awaits_decision else None,
            "today": timezone.localdate(),
            "can_decide": sending and transfer.awaits_decision and scopes.can(user, "transfer.decide"),
            "can_send_files": sending and state == Transfer.State.APPROVED and scopes.can(user, "transfer.decide"),
            "can_board": sending
            and state == Transfer.State.REQUESTED
            and not transfer.board_item_id
            and scopes.can(user, "transfer.request")
            and selectors.board_available(),
            "can_answer": receiving
            and state in (Transfer.State.APPROVED, Transfer.State.SENT)
            and scopes.can(user, "transfer.accept"),
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("transfer.decide")
def transfer_decide(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = access.get_transfer_for_user(request.user, transfer_id, acting_as="sending")
    form = forms.TransferDecisionForm(request.POST or None)
    if not transfer.awaits_decision:
        form = None
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transfer_decide(
                transfer=transfer,
                acting_user=request.user,
                approve=form.approve,
                reason=data["reason"],
                letter_number=data["letter_number"],
                files_sent_on=data["files_sent_on"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("movements:transfer_detail", transfer.pk)
    return render(
        request,
        "movements/transfer_action.html",
        {
            "transfer": transfer,
            "form": form,
            "title": _("Decide the transfer"),
            "submit": _("Record the decision"),
            "deadline": selectors.transfer_deadline(transfer) if transfer.awaits_decision else None,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("transfer.decide")
def transfer_files_sent(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = access.get_transfer_for_user(request.user, transfer_id, acting_as="sending")
    form = forms.FilesSentForm(request.POST or None, initial={"files_sent_on": timezone.localdate()})
    if transfer.state != Transfer.State.APPROVED:
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            services.transfer_files_sent(
                transfer=transfer, acting_user=request.user, sent_on=form.cleaned_data["files_sent_on"]
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The files were recorded as sent; the receiving office can now accept."))
            return redirect("movements:transfer_detail", transfer.pk)
    return render(
        request,
        "movements/transfer_action.html",
        {"transfer": transfer, "form": form, "title": _("Files sent"), "submit": _("Save")},
    )


@require_http_methods(["GET", "POST"])
@ability_required("transfer.request")
def transfer_board(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = access.get_transfer_for_user(request.user, transfer_id, acting_as="sending")
    form = forms.BoardForm(request.POST or None, initial={"summary": transfer.reason})
    if transfer.state != Transfer.State.REQUESTED or transfer.board_item_id or not selectors.board_available():
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            services.transfer_to_board(
                transfer=transfer, acting_user=request.user, summary=form.cleaned_data["summary"]
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The transfer is on the case board's agenda."))
            return redirect("movements:transfer_detail", transfer.pk)
    return render(
        request,
        "movements/transfer_action.html",
        {"transfer": transfer, "form": form, "title": _("Put before the case board (TPP)"), "submit": _("Send")},
    )


@require_http_methods(["GET", "POST"])
@ability_required("transfer.accept")
def transfer_accept(request: HttpRequest, transfer_id: int) -> HttpResponse:
    """The receiving office's page: the facts of the transfer, then accept the client or return it."""
    transfer = access.get_transfer_for_user(request.user, transfer_id, acting_as="receiving")
    form = forms.TransferAnswerForm(request.POST or None)
    if transfer.state not in (Transfer.State.APPROVED, Transfer.State.SENT):
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["answer"] == "accept":
                services.transfer_accept(transfer=transfer, acting_user=request.user)
            else:
                services.transfer_return(
                    transfer=transfer, acting_user=request.user, reason=form.cleaned_data["return_reason"]
                )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            if form.cleaned_data["answer"] == "accept":
                messages.success(
                    request,
                    _("%(name)s is now a client of this office. Assign a PK.") % {"name": transfer.episode.client.name},
                )
                return redirect("clients:assign", transfer.episode.client_id)
            messages.success(request, _("The transfer was returned to the sending office."))
            return redirect("movements:transfer_incoming")
    return render(
        request,
        "movements/transfer_action.html",
        {"transfer": transfer, "form": form, "title": _("Incoming transfer"), "submit": _("Send the answer")},
    )


@require_GET
@ability_required("transfer.accept")
def transfer_incoming(request: HttpRequest) -> HttpResponse:
    return render(
        request, "movements/transfer_incoming.html", {"transfers": selectors.incoming_transfers(request.user)}
    )


@require_GET
@ability_required("permit.decide")
def requests(request: HttpRequest) -> HttpResponse:
    """The office's queue: transfers and permits waiting for a decision, by working-day deadline."""
    today = timezone.localdate()
    return render(
        request,
        "movements/requests.html",
        {
            "rows": selectors.open_requests(access.overseen_episodes(request.user), today=today),
            "incoming": selectors.incoming_transfers(request.user),
            "today": today,
        },
    )


# --- Travel permits -----------------------------------------------------------------------------


@require_GET
@ability_required("client.view")
def permit_list(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id)
    episode = client.current_episode
    permits = list(selectors.episode_permits(episode)) if episode else []
    return render(
        request,
        "movements/permit_list.html",
        {
            "client": client,
            "episode": episode,
            "permits": permits,
            "movements": selectors.client_movements(
                client, episode, user=request.user, today=timezone.localdate(), limit=100
            ),
            "can_request": scopes.can(request.user, "permit.request") and _open_episode(client) is not None,
            "can_decide": scopes.can(request.user, "permit.decide"),
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("permit.request")
def permit_request(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id, write=True)
    episode = _open_episode(client)
    if episode is None:
        return _closed_page(request, client, _("Request a travel permit"))
    form = forms.PermitRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.permit_request(episode=episode, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The permit request was recorded."))
            return redirect("movements:permit_list", client.pk)
    return render(request, "movements/permit_request.html", {"client": client, "episode": episode, "form": form})


@require_http_methods(["GET", "POST"])
@ability_required("permit.decide")
def permit_decide(request: HttpRequest, permit_id: int) -> HttpResponse:
    permit = access.get_permit_for_user(request.user, permit_id)
    client = permit.episode.client
    form = forms.DecisionForm(request.POST or None) if permit.approved is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.permit_decide(
                permit=permit,
                acting_user=request.user,
                approve=form.approve,
                reason=data["reason"],
                letter_number=data["letter_number"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("movements:permit_list", client.pk)
    return render(
        request,
        "movements/permit_decide.html",
        {"permit": permit, "client": client, "form": form, "deadline": selectors.permit_deadline(permit)},
    )


@require_GET
@any_ability_required("permit.request", "permit.decide")
def permit_letter(request: HttpRequest, permit_id: int) -> HttpResponse:
    """The printable permit letter (surat izin), for an approved permit only."""
    permit = access.get_permit_for_user(request.user, permit_id)
    if not permit.approved:
        raise Http404
    return render(request, "movements/permit_letter.html", {"permit": permit, "client": permit.episode.client})


# --- Termination --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ability_required("closing_report.write")
def closing_report(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id, write=True)
    episode = _closable_episode(client)
    if episode is None:
        return _closed_page(request, client, _("Closing report"))
    report = ClosingReport.objects.filter(episode=episode).first()
    initial = {"reason": ClosingReport.Reason.REVOKED} if episode.status == EpisodeStatus.REVOKED else {}
    form = forms.ClosingReportForm(request.POST or None, instance=report, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.closing_report_write(
                episode=episode,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
                **data,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The closing report was saved; the section head or head closes the guidance."))
            return redirect("clients:detail", client.pk)
    return render(
        request, "movements/closing_report.html", {"client": client, "episode": episode, "form": form, "report": report}
    )


@require_http_methods(["GET", "POST"])
@ability_required("episode.close")
def episode_close(request: HttpRequest, client_id: int) -> HttpResponse:
    """Confirmation page, then the closing of the current episode on its closing report."""
    client = client_access.get_client_for_user(request.user, client_id)
    episode = _closable_episode(client)
    if episode is None:
        return _closed_page(request, client, _("Close the guidance"))
    report = ClosingReport.objects.filter(episode=episode).select_related("written_by").first()
    error = None
    if request.method == "POST":
        try:
            services.episode_close(episode=episode, acting_user=request.user)
        except ValidationError as exc:
            error = exc
        else:
            messages.success(request, _("The guidance of %(name)s was closed.") % {"name": client.name})
            return redirect("clients:detail", client.pk)
    errors = []
    if error is not None:
        errors = (
            [m for messages_ in error.message_dict.values() for m in messages_]
            if hasattr(error, "error_dict")
            else error.messages
        )
    return render(
        request,
        "movements/episode_close.html",
        {"client": client, "episode": episode, "report": report, "errors": errors},
    )
