"""Field-work pages: record a home visit, a guidance session or a note; the client's log; visit photos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import scopes
from accounts.decorators import ability_required
from audit import services as audit
from clients import access as client_access
from clients import log
from clients.codes import OPEN_STATUSES
from clients.models import Client
from fieldwork import access, forms, selectors, services
from fieldwork.models import GuidanceActivity, GuidanceParticipant
from lib import params, private_files
from lib.forms import apply_errors
from lib.ids import parse_id
from lib.paging import paginate

PER_PAGE = 25
# The group page lists at most this many clients; a section head narrows the list by officer first.
GROUP_LIST_LIMIT = 300
PHOTO_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


LOG_CARD_ROWS = 10


def _open_episode(client: Client):
    episode = client.current_episode
    return episode if episode is not None and episode.status in OPEN_STATUSES else None


# The log -----------------------------------------------------------------------------------------


@require_GET
@ability_required("client.view")
def client_log(request: HttpRequest, client_id: int) -> HttpResponse:
    """Everything recorded about a client, newest first, filterable by kind."""
    client = client_access.get_client_for_user(request.user, client_id)
    audit.record_view(
        actor=request.user,
        obj=client,
        office=client.office,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    form = forms.LogFilterForm(request.GET or None, kinds=[(k, v) for k, v in log.labels.items()])
    kinds = form.cleaned_data["kind"] if form.is_valid() else []
    page, querystring = paginate(request, log.entries(client, request.user, kinds=kinds or None), PER_PAGE)
    page.object_list = selectors.log_rows(list(page.object_list))
    context = {
        "client": client,
        "form": form,
        "page": page,
        "querystring": querystring,
        "filtered": bool(kinds),
        "can_record": scopes.can(request.user, "fieldwork.record"),
        "episode_open": _open_episode(client) is not None,
    }
    template = "fieldwork/_log_results.html" if request.htmx and not request.htmx.boosted else "fieldwork/log.html"
    return render(request, template, context)


@require_GET
@ability_required("client.view")
def client_log_card(request: HttpRequest, client_id: int) -> HttpResponse:
    """The newest entries of the client page's log card, loaded after the page (every log source is asked,
    which costs as much as the rest of the page). The page itself already recorded the view."""
    client = client_access.get_client_for_user(request.user, client_id)
    entries = log.entries(client, request.user)
    context = {
        "client": client,
        "rows": selectors.log_rows(entries[:LOG_CARD_ROWS]),
        "more": len(entries) > LOG_CARD_ROWS,
    }
    return render(request, "fieldwork/_log_card_entries.html", context)


# Home visits -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ability_required("fieldwork.record")
def home_visit_create(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_access.get_client_for_user(request.user, client_id)
    episode = _open_episode(client)
    if episode is None:
        return render(request, "fieldwork/not_open.html", {"client": client}, status=200)
    form = forms.HomeVisitForm(
        request.POST or None,
        request.FILES or None,
        office=client.office,
        user=request.user,
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.home_visit_record(episode=episode, acting_user=request.user, **data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The home visit was recorded."))
            return redirect("clients:detail", client.pk)
    return render(request, "fieldwork/home_visit_form.html", {"client": client, "episode": episode, "form": form})


@require_GET
@ability_required("client.view")
def home_visit_photo(request: HttpRequest, visit_id: int) -> HttpResponse:
    """The photo of a visit, for those who may see the client (404 otherwise, as for a missing one)."""
    visit = access.get_home_visit_for_user(request.user, visit_id)
    if not visit.photo:
        raise Http404
    audit.record_view(
        actor=request.user,
        obj=visit,
        office=visit.office,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    extension = PHOTO_EXTENSIONS.get(visit.photo_content_type, "jpg")
    return private_files.serve(
        visit.photo, content_type=visit.photo_content_type, filename=f"kunjungan-rumah-{visit.pk}.{extension}"
    )


# Guidance activities -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ability_required("fieldwork.record")
def guidance_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """An individual guidance session with this client."""
    client = client_access.get_client_for_user(request.user, client_id)
    episode = _open_episode(client)
    if episode is None:
        return render(request, "fieldwork/not_open.html", {"client": client})
    form = forms.GuidanceForm(
        request.POST or None, office=client.office, user=request.user, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        participant = services.Participant(
            episode=episode, attendance=data.pop("attendance"), progress=data.pop("progress")
        )
        try:
            services.guidance_activity_record(
                acting_user=request.user, kind=GuidanceActivity.Kind.INDIVIDUAL, participants=[participant], **data
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The guidance session was recorded."))
            return redirect("clients:detail", client.pk)
    return render(request, "fieldwork/guidance_form.html", {"client": client, "episode": episode, "form": form})


def _attendance(request: HttpRequest, client_id: int) -> str:
    """A participant's posted attendance, present unless one of the choices was posted."""
    present = GuidanceParticipant.Attendance.PRESENT
    return params.choice(request.POST.get(f"attendance-{client_id}"), GuidanceParticipant.Attendance.values, present)


@require_http_methods(["GET", "POST"])
@ability_required("fieldwork.record")
def group_guidance_create(request: HttpRequest) -> HttpResponse:
    """A group session: the form, and the user's clients to tick as participants."""
    user = request.user
    officer_choices = access.group_officer_choices(user)
    raw_officer = request.GET.get("officer", "")
    officer_id = parse_id(raw_officer)
    if officer_id and not any(o.pk == officer_id for o in officer_choices):
        officer_id = None
    candidates = list(access.group_candidates(user, officer_id)[:GROUP_LIST_LIMIT])
    form = forms.GroupGuidanceForm(
        request.POST or None, office=user.office, user=user, initial={"held_on": timezone.localdate()}
    )
    ticked = {i for v in request.POST.getlist("participants") if (i := parse_id(v))}
    attendance = {c.pk: _attendance(request, c.pk) for c in candidates}
    if request.method == "POST" and form.is_valid():
        ids = sorted(ticked)
        chosen = list(
            Client.objects.visible_to(user).filter(pk__in=ids).select_related("current_episode").order_by("pk")
        )
        if len(chosen) != len(ids) or any(c.current_episode is None for c in chosen):
            form.add_error(
                None, _("Some of the chosen clients cannot take part: choose clients you guide or supervise.")
            )
        else:
            participants = [
                services.Participant(
                    episode=c.current_episode,
                    attendance=_attendance(request, c.pk),
                )
                for c in chosen
            ]
            try:
                services.guidance_activity_record(
                    acting_user=user, kind=GuidanceActivity.Kind.GROUP, participants=participants, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(exc, form)
            else:
                messages.success(
                    request,
                    _("The group session was recorded for %(n)s clients.") % {"n": len(participants)},
                )
                # A fresh form on the same list: a PK often records several sessions of one day in a row.
                return redirect(f"{request.path}?officer={officer_id}" if officer_id else request.path)
    rows = [(c, c.pk in ticked, attendance[c.pk]) for c in candidates]
    return render(
        request,
        "fieldwork/group_guidance_form.html",
        {
            "form": form,
            "rows": rows,
            "attendance_choices": GuidanceParticipant.Attendance.choices,
            "officer_choices": officer_choices,
            "officer_id": officer_id,
            "needs_officer": officer_id is None and not scopes.sees_only_own_caseload(user),
            "limited": len(candidates) == GROUP_LIST_LIMIT,
        },
    )


# Case notes --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ability_required("fieldwork.record")
def note_create(request: HttpRequest, client_id: int) -> HttpResponse:
    """Add a note; with ?corrects=<id>, a note that corrects an earlier one (notes are never edited)."""
    client = client_access.get_client_for_user(request.user, client_id)
    episode = client.current_episode
    if episode is None:
        return render(request, "fieldwork/not_open.html", {"client": client})
    corrects = None
    raw = request.GET.get("corrects") or request.POST.get("corrects") or ""
    if raw:
        corrects = access.get_case_note_for_user(request.user, parse_id(raw) or 0, client=client)
    form = forms.CaseNoteForm(request.POST or None, initial={"category": corrects.category if corrects else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_note_add(
                episode=episode,
                acting_user=request.user,
                body=form.cleaned_data["body"],
                category=form.cleaned_data["category"],
                corrects=corrects,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The correction was added.") if corrects else _("The note was added."))
            return redirect("fieldwork:client_log", client.pk)
    return render(
        request, "fieldwork/note_form.html", {"client": client, "episode": episode, "form": form, "corrects": corrects}
    )
