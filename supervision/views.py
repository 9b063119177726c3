"""Reporting pages: recording a check-in (wajib lapor) for a client's current episode."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import ability_required
from clients import access
from clients.codes import OPEN_STATUSES
from supervision import forms, selectors, services
from supervision.models import CheckIn

# How far ahead a date may be chosen: a client who comes a few days early reports for the next date.
EARLY_DAYS = 7


def _apply_errors(exc: ValidationError, form) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
@ability_required("checkin.record")
def checkin_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = access.get_client_for_user(request.user, client_id, write=True)
    episode = client.current_episode
    if episode is None or episode.status not in OPEN_STATUSES:
        return render(request, "supervision/checkin_create.html", {"client": client, "episode": episode})
    today = timezone.localdate()
    checkins = list(CheckIn.objects.filter(episode=episode))
    open_dates = selectors.unrecorded_dates(episode, checkins)
    dates = [d for d in open_dates if d <= today + datetime.timedelta(days=EARLY_DAYS)] or open_dates[:1]
    form = forms.CheckInForm(
        request.POST or None,
        dates=dates,
        office=client.office,
        initial={"due_on": dates[0].isoformat() if dates else None, "occurred_at": timezone.localtime()},
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
            )
        except ValidationError as exc:
            _apply_errors(exc, form)
        else:
            messages.success(
                request,
                _("The report of %(name)s for %(date)s was recorded.")
                % {"name": client.name, "date": formats.date_format(data["due_on"], "j F Y")},
            )
            return redirect("dashboard:home")
    return render(
        request,
        "supervision/checkin_create.html",
        {"client": client, "episode": episode, "form": form, "missed_in_a_row": selectors.missed_in_a_row(checkins)},
    )
