"""The partner portal (/mitra/...): a partner's users see the clients currently referred to their
organisation, and only what the service needs: the client's name and contact, regency (never the
address), the referral's field, needs, outcomes and sessions; case articles only for legal aid. Never the
NIK or case details. Every lookup starts from `access.portal_referrals(user)`; anything else is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import ability_required
from audit import services as audit
from lib.forms import apply_errors
from lib.ids import parse_id
from referrals import access, forms, selectors, services
from referrals.models import ReferralSession, State
from referrals.views import bound_data, bound_files, serve_document

RUNNING = (State.ACCEPTED, State.IN_PROGRESS)


@require_GET
@ability_required("portal.use")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/portal/home.html", {"referrals": selectors.portal_home(request.user)})


@require_GET
@ability_required("portal.use")
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = access.get_portal_referral(request.user, referral_id)
    # A partner opening a client's data is logged like staff opening the client page.
    audit.record_view(
        actor=request.user,
        obj=referral,
        office=referral.office,
        ip_address=request.META.get("REMOTE_ADDR"),
    )
    return render(
        request,
        "referrals/portal/detail.html",
        {
            "referral": referral,
            "client": referral.client,
            "state": referral.state,
            "State": State,
            "running": referral.state in RUNNING,
            "articles": selectors.portal_articles(referral),
            **selectors.referral_detail(referral),
        },
    )


def _answer(request, referral_id: int, *, template: str, form_class, action, done: str, after: str) -> HttpResponse:
    referral = access.get_portal_referral(request.user, referral_id)
    form = form_class(bound_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            action(referral, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, done)
            if after == "home":  # declined: the referral leaves the portal
                return redirect("referrals:portal_home")
            return redirect("referrals:portal_detail", referral.pk)
    return render(
        request, template, {"referral": referral, "client": referral.client, "state": referral.state, "form": form}
    )


@require_http_methods(["GET", "POST"])
@ability_required("portal.use")
def accept(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _answer(
        request,
        referral_id,
        template="referrals/portal/accept.html",
        form_class=forms.ConfirmForm,
        action=lambda r, _d: services.referral_accept(referral=r, acting_user=request.user),
        done=_("You accepted the referral. Record the sessions as they take place."),
        after="detail",
    )


@require_http_methods(["GET", "POST"])
@ability_required("portal.use")
def decline(request: HttpRequest, referral_id: int) -> HttpResponse:
    return _answer(
        request,
        referral_id,
        template="referrals/portal/decline.html",
        form_class=forms.ReasonForm,
        action=lambda r, d: services.referral_decline(referral=r, reason=d["reason"], acting_user=request.user),
        done=_("You declined the referral; the PK is informed."),
        after="home",
    )


@require_http_methods(["GET", "POST"])
@ability_required("portal.use")
def session(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Plan a session, or record a held one (a planned one when `?session=<id>` names it)."""
    referral = access.get_portal_referral(request.user, referral_id)
    planned = None
    if request.GET.get("session"):
        planned = get_object_or_404(
            ReferralSession.objects.filter(referral=referral, held_on__isnull=True),
            pk=parse_id(request.GET["session"]) or 0,
        )
    action = request.POST.get("action", "record")
    data = request.POST if request.method == "POST" else None
    schedule_form = forms.SessionScheduleForm(data if action == "schedule" else None, prefix="plan")
    record_form = forms.SessionRecordForm(
        data if action == "record" else None, prefix="rec", initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST":
        try:
            if action == "schedule" and schedule_form.is_valid():
                services.session_schedule(
                    referral=referral,
                    scheduled_for=schedule_form.cleaned_data["scheduled_for"],
                    place=schedule_form.cleaned_data["place"],
                    acting_user=request.user,
                )
                messages.success(request, _("The session was planned."))
                return redirect("referrals:portal_detail", referral.pk)
            if action == "record" and record_form.is_valid():
                d = record_form.cleaned_data
                services.session_record(
                    referral=referral,
                    session=planned,
                    data=services.SessionInput(
                        held_on=d["held_on"],
                        attendance=d["attendance"],
                        absence_reason=d["absence_reason"],
                        summary=d["summary"],
                        behaviour=d["behaviour"],
                        concern=d["concern"],
                        concern_note=d["concern_note"],
                    ),
                    acting_user=request.user,
                )
                messages.success(request, _("The session was recorded."))
                return redirect("referrals:portal_detail", referral.pk)
        except ValidationError as exc:
            apply_errors(exc, schedule_form if action == "schedule" else record_form)
    return render(
        request,
        "referrals/portal/session.html",
        {
            "referral": referral,
            "client": referral.client,
            "state": referral.state,
            "running": referral.state in RUNNING,
            "planned": planned,
            "schedule_form": schedule_form,
            "record_form": record_form,
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("portal.use")
def report(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The end-of-service report: each desired outcome rated."""
    referral = access.get_portal_referral(request.user, referral_id)
    outcomes = list(referral.outcomes.all())
    form = forms.ReportForm(bound_data(request), outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_report(
                referral=referral,
                ratings=form.ratings(),
                summary=form.cleaned_data["summary"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The end-of-service report was filed; the PK can now close the referral."))
            return redirect("referrals:portal_detail", referral.pk)
    rows = [(o, form[f"rating_{o.pk}"], form[f"comment_{o.pk}"]) for o in outcomes]
    return render(
        request,
        "referrals/portal/report.html",
        {
            "referral": referral,
            "client": referral.client,
            "state": referral.state,
            "running": referral.state in RUNNING,
            "form": form,
            "rows": rows,
        },
    )


@require_http_methods(["GET", "POST"])
@ability_required("portal.use")
def upload(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = access.get_portal_referral(request.user, referral_id)
    form = forms.DocumentForm(*bound_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                referral=referral,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect("referrals:portal_detail", referral.pk)
    return render(
        request,
        "referrals/portal/upload.html",
        {"referral": referral, "client": referral.client, "state": referral.state, "form": form},
    )


@require_GET
@ability_required("portal.use")
def document(request: HttpRequest, document_id: int) -> HttpResponse:
    return serve_document(request, access.get_portal_document(request.user, document_id))


@require_GET
@ability_required("portal.use")
def activities(request: HttpRequest) -> HttpResponse:
    return render(
        request, "referrals/portal/activities.html", {"activities": selectors.office_activities(request.user)[:200]}
    )


@require_http_methods(["GET", "POST"])
@ability_required("portal.use")
def activity_create(request: HttpRequest) -> HttpResponse:
    partner = request.user.partner
    episodes = selectors.portal_episodes(request.user)
    form = forms.ActivityForm(
        bound_data(request), partner=partner, episodes=episodes, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activity = services.activity_record(
                partner=partner,
                held_on=d["held_on"],
                title=d["title"],
                field=d["field"],
                place=d["place"],
                hours=d["hours"],
                outcome=d["outcome"],
                participants=form.participants(),
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The activity was recorded."))
            return redirect("referrals:portal_activity", activity.pk)
    return render(request, "referrals/portal/activity_create.html", {"form": form, "episodes": episodes})


@require_http_methods(["GET", "POST"])
@ability_required("portal.use")
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    """An activity, its participants (names only) and documentation; uploads go here too."""
    activity = access.get_portal_activity(request.user, activity_id)
    form = forms.DocumentForm(*bound_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                activity=activity,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect("referrals:portal_activity", activity.pk)
    return render(
        request,
        "referrals/portal/activity_detail.html",
        {
            "activity": activity,
            "participants": list(activity.participants.select_related("client")),
            "documents": list(activity.documents.all()),
            "form": form,
        },
    )
