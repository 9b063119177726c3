"""Reporting pages: recording a check-in (wajib lapor), remote reporting, intensified schedules.

Staff pages follow the usual steps: ability (403), the client in the user's scope (404), the service.
`lapor` is the one public page: the client's personal link, with no login.
"""

from __future__ import annotations

import datetime
import urllib.parse

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import ability_required
from audit import services as audit
from clients import access as client_access
from clients.codes import OPEN_STATUSES, EpisodeStatus
from lib import private_files
from lib.dates import long_date
from lib.forms import apply_errors
from supervision import access, forms, selectors, services
from supervision.models import CheckIn, RemoteReportingPermission

# How far ahead a date may be chosen: a client who comes a few days early reports for the next date.
EARLY_DAYS = 7


def _open_episode_or_none(client):
    episode = client.current_episode
    return episode if episode is not None and episode.status in OPEN_STATUSES else None


@require_http_methods(["GET", "POST"])
@ability_required("checkin.record")
def checkin_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id, write=True)
    episode = _open_episode_or_none(client)
    if episode is None:
        return render(request, "supervision/checkin_create.html", {"client": client, "episode": client.current_episode})
    today = timezone.localdate()
    checkins = list(CheckIn.objects.filter(episode=episode))
    selectors.prefetch_schedule([episode])
    open_dates = selectors.unrecorded_dates(episode, checkins)
    dates = [d for d in open_dates if d <= today + datetime.timedelta(days=EARLY_DAYS)] or open_dates[:1]
    form = forms.StaffCheckInForm(
        request.POST or None,
        request.FILES or None,
        dates=dates,
        office=client.office,
        initial={"due_on": _chosen_date(request, dates), "occurred_at": timezone.localtime()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.checkin_record(
                episode=episode,
                acting_user=request.user,
                outcome=data["outcome"],
                due_on=data["due_on"],
                occurred_at=data["occurred_at"],
                location=data["location"],
                excuse_reason=data["excuse_reason"],
                rescheduled_to=data["rescheduled_to"],
                remote=form.remote_details(),
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(
                request,
                _("The report of %(name)s for %(date)s was recorded.")
                % {"name": client.name, "date": long_date(data["due_on"])},
            )
            return redirect("dashboard:home")
    return render(
        request,
        "supervision/checkin_create.html",
        {"client": client, "episode": episode, "form": form, "missed_in_a_row": selectors.missed_in_a_row(checkins)},
    )


def _chosen_date(request: HttpRequest, dates: list[datetime.date]) -> str | None:
    """The date the home queue's row links with (`?due_on=`) when it is open, else the first open date."""
    offered = [d.isoformat() for d in dates]
    wanted = request.GET.get("due_on", "")
    if wanted in offered:
        return wanted
    return offered[0] if offered else None


# --- remote reporting permission ---------------------------------------------------------------------


def _link_page(request: HttpRequest, permission: RemoteReportingPermission, client) -> HttpResponse:
    """Show the new personal link once. The secret is never stored, so this page is the only place it appears."""
    url = request.build_absolute_uri(reverse("supervision:lapor", args=[permission.token]))
    first_name = client.name.split()[0] if client.name else ""
    text = _("Hello %(name)s, report to Bapas through this link on your reporting dates: %(url)s") % {
        "name": first_name,
        "url": url,
    }
    phone = "".join(ch for ch in client.phone if ch.isdigit())
    if phone.startswith("0"):
        phone = "62" + phone[1:]
    whatsapp = f"https://wa.me/{phone}?text={urllib.parse.quote(text)}"
    response = render(
        request,
        "supervision/remote_link.html",
        {"client": client, "permission": permission, "url": url, "whatsapp": whatsapp},
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@ability_required("reporting.allow_remote")
def remote_allow(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id)
    episode = _open_episode_or_none(client)
    form = forms.RemoteAllowForm(request.POST or None, initial={"valid_from": timezone.localdate()})
    if episode is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            permission = services.remote_reporting_allow(
                episode=episode,
                acting_user=request.user,
                reason=data["reason"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            return _link_page(request, permission, client)
    return render(request, "supervision/remote_allow.html", {"client": client, "episode": episode, "form": form})


@require_http_methods(["GET", "POST"])
@ability_required("reporting.allow_remote")
def remote_revoke(request: HttpRequest, permission_id: int) -> HttpResponse:
    permission = access.get_permission_for_user(request.user, permission_id, write=True)
    client = permission.episode.client
    form = forms.RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remote_reporting_revoke(
                permission=permission, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("Remote reporting was revoked; the client's link no longer works."))
            return redirect("clients:detail", client.pk)
    return render(request, "supervision/remote_revoke.html", {"client": client, "permission": permission, "form": form})


@require_http_methods(["GET", "POST"])
@ability_required("reporting.review_remote")
def remote_link_new(request: HttpRequest, permission_id: int) -> HttpResponse:
    """A new personal link for a permission (e.g. the client lost the message): the old link stops working."""
    permission = access.get_permission_for_user(request.user, permission_id, write=True)
    client = permission.episode.client
    error = None
    if request.method == "POST":
        try:
            permission = services.remote_reporting_renew_link(permission=permission, acting_user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return _link_page(request, permission, client)
    return render(
        request, "supervision/remote_link_new.html", {"client": client, "permission": permission, "error": error}
    )


# --- review of remote reports -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ability_required("reporting.review_remote")
def remote_review(request: HttpRequest, remote_id: int) -> HttpResponse:
    remote = access.get_remote_checkin_for_user(request.user, remote_id, write=True)
    client = remote.checkin.episode.client
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remote_checkin_review(
                remote=remote,
                acting_user=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The remote report was reviewed."))
            return redirect("clients:detail", client.pk)
    return render(request, "supervision/remote_review.html", {"client": client, "remote": remote, "form": form})


@require_http_methods(["GET"])
@ability_required("client.view")
def remote_photo(request: HttpRequest, remote_id: int) -> HttpResponse:
    remote = access.get_remote_checkin_for_user(request.user, remote_id)
    if not remote.photo:
        raise Http404
    audit.record_view(
        actor=request.user,
        obj=remote,
        office=remote.checkin.office,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    return private_files.serve(
        remote.photo, content_type=remote.photo_content_type or "application/octet-stream", filename="lapor"
    )


# --- intensified reporting ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ability_required("reporting.intensify")
def intensify(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id)
    episode = _open_episode_or_none(client)
    form = forms.IntensifyForm(request.POST or None, initial={"starts_on": timezone.localdate(), "interval_days": 7})
    if episode is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reporting_intensify(
                episode=episode,
                acting_user=request.user,
                interval_days=data["interval_days"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The reporting schedule was intensified."))
            return redirect("clients:detail", client.pk)
    return render(request, "supervision/intensify.html", {"client": client, "episode": episode, "form": form})


@require_http_methods(["GET", "POST"])
@ability_required("reporting.intensify")
def intensification_end(request: HttpRequest, change_id: int) -> HttpResponse:
    change = access.get_schedule_change_for_user(request.user, change_id, write=True)
    client = change.episode.client
    error = None
    if request.method == "POST":
        try:
            services.reporting_intensification_end(change=change, acting_user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The intensified schedule was lifted; the usual schedule applies again."))
            return redirect("clients:detail", client.pk)
    return render(request, "supervision/intensification_end.html", {"client": client, "change": change, "error": error})


# --- the client's personal link (public) --------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    """Headers of the public page: never cached, indexed, or leaked to another site through the Referer.

    `same-origin`, not `no-referrer`: the link's token stays out of other sites' Referer (and logs), while
    the page's own form post keeps its Origin; under `no-referrer` Chromium sends `Origin: null` and the
    CSRF check refuses every report.
    """
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def lapor(request: HttpRequest, token: str) -> HttpResponse:
    """The client's remote report, through the personal link a section head allowed (no login).

    A bad, revoked or expired link answers the ordinary 404 after one indexed query, so the page is cheap
    to probe and to rate-limit at the proxy (everything lives under /lapor/). It shows only the client's
    first name and the reporting date.
    """
    permission = selectors.permission_for_token(token)
    if permission is None:
        raise Http404
    episode = permission.episode
    now = timezone.now()
    today = timezone.localdate(now)
    checkins = list(CheckIn.objects.filter(episode=episode).select_related("remote"))
    selectors.prefetch_schedule([episode])
    due = selectors.link_due_date(episode, checkins, today=today)
    form = forms.LaporForm(request.POST or None, request.FILES or None, initial={"due_on": due})
    if request.method == "POST" and due is not None and form.is_valid():
        details = form.remote_details()
        try:
            services.remote_checkin_submit(permission=permission, due_on=form.cleaned_data["due_on"], details=details)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            return _public(redirect(request.path))
    sent_today = [
        c
        for c in checkins
        if c.outcome == CheckIn.Outcome.ATTENDED_REMOTE
        and c.occurred_at
        and timezone.localdate(c.occurred_at) == today
        and getattr(c, "remote", None) is not None
        and c.remote.permission_id == permission.pk
    ]
    context = {
        "first_name": episode.client.name.split()[0] if episode.client.name else "",
        "due": due,
        "form": form,
        "sent": sent_today[-1] if sent_today else None,
        "next_due": next((d for d in selectors.unrecorded_dates(episode, checkins) if d > today), None),
        "active": episode.status == EpisodeStatus.ACTIVE,
    }
    return _public(render(request, "supervision/lapor.html", context))
