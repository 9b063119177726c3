"""What the referrals app adds to pages other apps own: the client page's "Referrals" card, the client's
log (source "referral"), and home-page panels (a PK's alerts; the partner user's current referrals).
Imported by ReferralsConfig.ready()."""

from __future__ import annotations

from django.db.models import Count
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from accounts import selectors as account_selectors
from accounts.models import User
from clients import log as client_log
from clients.codes import OPEN_STATUSES, EpisodeStatus
from clients.panels import client_page
from clients.signals import episode_ended
from lib.registry import home_page
from partners.panels import partner_page
from referrals import access as referral_access
from referrals import selectors
from referrals.models import GroupActivity, Referral, ReferralSession
from referrals.services import referrals_end_for_episode

client_log.labels["referral"] = gettext_lazy("Referrals to partners")


@client_page.register("referrals", order=60)
def referrals_panel(request, client, episode) -> str | None:
    """The client's referrals and their state, the open needs of the current episode (met by a referral or
    not); links to refer and to record a need when the user may (two queries)."""
    user = request.user
    if not scopes.can(user, "client.view"):
        return None
    may_act = referral_access.may_refer(user) and episode is not None
    may_refer = may_act and episode.status == EpisodeStatus.ACTIVE
    may_note_need = may_act and episode.status in OPEN_STATUSES
    referrals = selectors.client_referrals(client, user)
    needs = selectors.client_open_needs(client, referrals)
    if not referrals and not needs and not may_refer and not may_note_need:
        return None
    return render_to_string(
        "referrals/_client_panel.html",
        {
            "client": client,
            "referrals": referrals,
            "needs": needs,
            "may_refer": may_refer,
            "may_note_need": may_note_need,
        },
        request=request,
    )


@home_page.register("referrals", order=60)
def home_panel(request) -> str | None:
    user = request.user
    if scopes.can(user, "portal.use"):
        return render_to_string(
            "referrals/portal/_home_panel.html",
            {"referrals": selectors.portal_home(user), "today": timezone.localdate()},
            request=request,
        )
    if not scopes.can(user, "referral.alerts"):
        return None
    alerts = selectors.alerts(user, approver=scopes.can(user, "referral.approve"))
    if alerts.is_empty:
        return None
    return render_to_string(
        "referrals/_home_alerts.html",
        {"alerts": alerts, "can_read": scopes.can(user, "referral.create")},
        request=request,
    )


@partner_page.register("referrals", order=20)
def partner_card(request, partner) -> str | None:
    """On the partner's page: its open referrals (of the clients the user may see) and its latest group
    activities (two queries)."""
    user = request.user
    if not scopes.can(user, "partner.view"):
        return None
    referrals = list(
        Referral.objects.visible_to(user)
        .filter(partner=partner)
        .open()
        .with_state()
        .select_related("client")
        .order_by("-created_at")[:50]
    )
    activities = list(
        GroupActivity.objects.filter(partner=partner)
        .select_related("place")
        .annotate(participant_count=Count("participants"))
        .order_by("-held_on", "-pk")[:10]
    )
    return render_to_string(
        "referrals/_partner_card.html",
        {"partner": partner, "referrals": referrals, "activities": activities},
        request=request,
    )


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


_REFERRAL_ACTORS = (
    "created_by",
    "approved_by",
    "accepted_by",
    "declined_by",
    "report_submitted_by",
    "withdrawn_by",
    "closed_by",
)


@client_log.sources.register("referral", order=60)
def referral_log(client, user):
    """State changes and held sessions of the client's referrals, for staff who see the client (two queries, and
    one for the people who acted when there are any)."""
    if not scopes.can(user, "client.view"):
        return []
    referrals = list(Referral.objects.filter(client=client).select_related("partner"))
    sessions = list(
        ReferralSession.objects.filter(referral__client=client, held_on__isnull=False).select_related(
            "referral__partner"
        )
    )
    account_selectors.attach_users((referrals, _REFERRAL_ACTORS), (sessions, ("recorded_by",)))
    entries = []
    for r in referrals:
        url = reverse("referrals:detail", args=[r.pk])
        what = {"partner": r.partner.name, "field": r.get_field_display()}
        steps = [
            (r.created_at, r.created_by, _("Referred to %(partner)s for %(field)s") % what, r.needs),
            (r.approved_at, r.approved_by, _("Referral to %(partner)s approved") % what, ""),
            (r.accepted_at, r.accepted_by, _("%(partner)s accepted the referral") % what, ""),
            (r.declined_at, r.declined_by, _("%(partner)s declined the referral") % what, r.decline_reason),
            (
                r.report_submitted_at,
                r.report_submitted_by,
                _("%(partner)s filed its end-of-service report") % what,
                r.report_summary,
            ),
            (r.withdrawn_at, r.withdrawn_by, _("Referral to %(partner)s withdrawn") % what, r.withdraw_reason),
            (r.closed_at, r.closed_by, _("Referral to %(partner)s closed") % what, ""),
        ]
        for when, actor, title, detail in steps:
            if when:
                entries.append(
                    client_log.LogEntry(
                        when=when, kind="referral", title=title, detail=detail, actor=_name(actor), url=url
                    )
                )
    for s in sessions:
        detail = s.summary or s.absence_reason
        if s.concern:
            concern = _("Concern: %(note)s") % {"note": s.concern_note}
            detail = f"{detail}\n{concern}".strip()
        entries.append(
            client_log.LogEntry(
                when=s.held_on,
                kind="referral",
                title=_("Session with %(partner)s: %(attendance)s")
                % {"partner": s.referral.partner.name, "attendance": s.get_attendance_display()},
                detail=detail,
                actor=_name(s.recorded_by),
                url=reverse("referrals:detail", args=[s.referral_id]),
                flagged=s.concern,
                extra={"session": s.pk, "behaviour": s.behaviour},
            )
        )
    return entries


@receiver(episode_ended, dispatch_uid="referrals.end_with_episode")
def _end_referrals_with_episode(sender, *, episode, reason, acting_user: User, **kwargs) -> None:
    """Guidance ended (closed, revoked, transferred out): the client's open referrals end with it, with that reason."""

    referrals_end_for_episode(episode=episode, reason=str(reason), acting_user=acting_user)
