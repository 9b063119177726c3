"""Staff pages of referrals: refer a client, the referral's page, approve, withdraw, close; partners'
concerns; group activities of the office; the office's referral settings; documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import scopes
from accounts.decorators import ability_required
from audit import services as audit
from clients import access
from clients.codes import OPEN_STATUSES, EpisodeStatus
from lib import private_files
from lib.forms import apply_errors
from organizations import access as org_access
from referrals import access as referral_access
from referrals import forms, selectors, services
from referrals.models import ReferralSettings, State


def bound_data(request: HttpRequest):
    """The POSTed data, bound even when empty (a confirmation form has no fields), or None on GET."""
    return request.POST if request.method == "POST" else None


def bound_files(request: HttpRequest) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


@require_http_methods(["GET", "POST"])
@ability_required("referral.create")
def referral_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id, write=True)
    episode = client.current_episode
    context = {"client": client, "episode": episode}
    if episode is None or episode.status != EpisodeStatus.ACTIVE:
        return render(request, "referrals/create.html", context)
    form = forms.ReferralForm(bound_data(request), office=client.office)
    over_capacity = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(
                episode=episode,
                partner=data["partner"],
                field=data["field"],
                needs=data["needs"],
                outcomes=data["outcomes"],
                over_capacity_reason=data["over_capacity_reason"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            over_capacity = "over_capacity_reason" in getattr(exc, "error_dict", {})
            apply_errors(exc, form)
        else:
            if referral.needs_approval:
                messages.success(
                    request, _("The referral was saved; it goes to the partner once a section head approves it.")
                )
            else:
                messages.success(request, _("The referral was sent to %(partner)s.") % {"partner": referral.partner})
            return redirect("referrals:detail", referral.pk)
    context.update(form=form, over_capacity=over_capacity)
    return render(request, "referrals/create.html", context)


@require_http_methods(["GET", "POST"])
@ability_required("referral.create")
def need_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """Record a client's need for a field of service, also when no partner serves it."""
    client = access.get_client_for_user(request.user, client_id, write=True)
    episode = client.current_episode
    context = {"client": client, "episode": episode}
    if episode is None or episode.status not in OPEN_STATUSES:
        return render(request, "referrals/need_create.html", context)
    form = forms.NeedForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.need_record(
                episode=episode,
                field=form.cleaned_data["field"],
                description=form.cleaned_data["description"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The need was recorded."))
            return redirect(f"{reverse('clients:detail', args=[client.pk])}#referrals")
    context["form"] = form
    return render(request, "referrals/need_create.html", context)


@require_http_methods(["GET", "POST"])
@ability_required("referral.create")
def need_close(request: HttpRequest, need_id: int) -> HttpResponse:
    """Close a need with a reason (GET shows the confirmation page)."""
    need = referral_access.get_need_for_user(request.user, need_id, write=True)
    client = need.episode.client
    form = forms.ReasonForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.need_close(need=need, reason=form.cleaned_data["reason"], acting_user=request.user)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The need was closed."))
            return redirect(f"{reverse('clients:detail', args=[client.pk])}#referrals")
    return render(request, "referrals/need_close.html", {"need": need, "client": client, "form": form})


@require_GET
@ability_required("client.view")
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = referral_access.get_referral_for_user(request.user, referral_id)
    audit.record_view(
        actor=request.user,
        obj=referral,
        office=referral.office,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    state = referral.state
    user = request.user
    may_refer = referral_access.may_refer(user)
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "state": state,
            "State": State,
            **selectors.referral_detail(referral),
            "can_approve": scopes.can(user, "referral.approve") and state == State.AWAITING_APPROVAL,
            "can_withdraw": may_refer and state not in (State.COMPLETED, State.DECLINED, State.WITHDRAWN),
            "can_close": may_refer and state in (State.ACCEPTED, State.IN_PROGRESS, State.REPORTED),
            "overdue": referral.is_overdue(),
            "can_read": scopes.can(user, "referral.create"),
        },
    )


def _step(request, referral_id: int, *, template: str, form_class, action, done: str) -> HttpResponse:
    """A confirmation or reason page (GET) and the step it confirms (POST)."""
    referral = referral_access.get_referral_for_user(request.user, referral_id)
    form = form_class(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, done)
            return redirect("referrals:detail", referral.pk)
    return render(request, template, {"referral": referral, "state": referral.state, "form": form})


@require_http_methods(["GET", "POST"])
@ability_required("referral.approve")
def referral_approve(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _step(
        request,
        referral_id,
        template="referrals/approve.html",
        form_class=forms.ConfirmForm,
        action=lambda r, _d: services.referral_approve(referral=r, acting_user=request.user),
        done=_("The referral was approved and sent to the partner."),
    )


@require_http_methods(["GET", "POST"])
@ability_required("referral.create")
def referral_withdraw(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _step(
        request,
        referral_id,
        template="referrals/withdraw.html",
        form_class=forms.ReasonForm,
        action=lambda r, d: services.referral_withdraw(referral=r, reason=d["reason"], acting_user=request.user),
        done=_("The referral was withdrawn."),
    )


@require_http_methods(["GET", "POST"])
@ability_required("referral.create")
def referral_close(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _step(
        request,
        referral_id,
        template="referrals/close.html",
        form_class=forms.ConfirmForm,
        action=lambda r, _d: services.referral_close(referral=r, acting_user=request.user),
        done=_("The referral was closed."),
    )


@require_http_methods(["GET", "POST"])
@ability_required("referral.create")
def concern_read(request: HttpRequest, session_id: int) -> HttpResponse:
    """Show a partner's concern and mark it read, so it leaves the home page."""
    session = referral_access.get_concern_for_user(request.user, session_id)
    form = forms.ConfirmForm(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_acknowledge(session=session, acting_user=request.user)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The concern was marked as read."))
            return redirect("referrals:detail", session.referral_id)
    return render(request, "referrals/concern.html", {"session": session, "referral": session.referral, "form": form})


@require_GET
@ability_required("client.view")
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    return serve_document(request, referral_access.get_staff_document(request.user, document_id))


def serve_document(request: HttpRequest, document) -> HttpResponse:
    """Stream a document the caller has already scoped to the user; every opening is audited."""
    audit.record_view(
        actor=request.user,
        obj=document,
        office=selectors.document_office(document),
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    return private_files.serve(document.file, content_type=document.content_type, filename=document.original_name)


@require_GET
@ability_required("partner.view")
def activity_list(request: HttpRequest) -> HttpResponse:
    activities = selectors.office_activities(request.user)[:200]
    return render(request, "referrals/activity_list.html", {"activities": activities})


@require_http_methods(["GET", "POST"])
@ability_required("partner.manage")
def settings_edit(request: HttpRequest, office_id: int) -> HttpResponse:
    office = org_access.get_office_for_user(request.user, office_id)
    current = ReferralSettings.for_office(office.pk)
    form = forms.SettingsForm(bound_data(request), instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                office=office,
                requires_approval=form.cleaned_data["requires_approval"],
                accept_within_days=form.cleaned_data["accept_within_days"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The referral settings were saved."))
            return redirect("referrals:settings", office.pk)
    return render(request, "referrals/settings.html", {"office": office, "form": form})
