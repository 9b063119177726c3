"""Who sees which referral, need, group activity and document (STYLE C4): the one place that decides it.

Two doors, never mixed; missing and out-of-scope records both give 404:
- staff reach a referral, a need or a partner's concern through the client (`clients.access`: a PK their
  caseload, a section head their section, …): `referrals_visible_to`, `get_referral_for_user`,
  `get_need_for_user`, `get_concern_for_user`. Those who may refer (`referral.create`) and edit the client
  (`clients.access.may_write`) act on them: `may_refer`, `write=True` gives 403 to anyone else;
- a partner's user reaches only the current referrals of their own organisation, its own group activities
  and their documents: `portal_referrals`, `get_portal_referral`, `get_portal_activity`, `get_portal_document`.

Documents, for staff, follow the people they are about, never the office alone:
- a referral's document follows the referral's client;
- a group activity's document (attendance list, photos) follows its participants: the staff member
  must be able to see at least one of them, and an activity with a child taking part is, in addition,
  only for those who may see children's records (UU 11/2012).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import scopes
from clients import access as client_access
from partners.models import Partner

# Partners who see the case articles of the clients referred to them (legal aid needs the charge).
LEGAL_KINDS = frozenset({Partner.Kind.LEGAL_AID, Partner.Kind.LAW_OFFICE})


# --- Staff -------------------------------------------------------------------------------------------


def may_refer(user) -> bool:
    """Refer a client, record or close a need, withdraw or close a referral: `referral.create`, and the
    right to edit the client's file."""
    return scopes.can(user, "referral.create") and client_access.may_write(user)


def referrals_visible_to(qs: QuerySet, user) -> QuerySet:
    """Referrals of the episodes `user` may see (none for partner users and Kanwil viewers)."""
    return client_access.episode_rows_visible_to(qs, user)


def needs_visible_to(qs: QuerySet, user) -> QuerySet:
    """Needs of the episodes `user` may see."""
    return client_access.episode_rows_visible_to(qs, user)


def get_referral_for_user(user, referral_id: int, *, write: bool = False):
    """A referral of a client the staff member may see (404 otherwise, missing and forbidden alike);
    403 when `write` and the user may not act on it (`may_refer`)."""
    from referrals.models import Referral

    referral = get_object_or_404(
        Referral.objects.visible_to(user)
        .with_state()
        .select_related("client", "episode", "partner", "office", "agreement", "created_by", "approved_by"),
        pk=referral_id,
    )
    if write and not may_refer(user):
        raise PermissionDenied
    return referral


def get_need_for_user(user, need_id: int, *, write: bool = False):
    """A need of a client the staff member may see (404 otherwise); 403 when `write` and the user may not
    act on it (`may_refer`)."""
    from referrals.models import Need

    need = get_object_or_404(Need.objects.visible_to(user).select_related("episode__client", "office"), pk=need_id)
    if write and not may_refer(user):
        raise PermissionDenied
    return need


def get_concern_for_user(user, session_id: int):
    """A partner's concern (a session flagged as one) about a referral the staff member sees; 404 otherwise."""
    from referrals.models import Referral, ReferralSession

    return get_object_or_404(
        ReferralSession.objects.filter(
            referral__in=Referral.objects.visible_to(user).values("pk"), concern=True
        ).select_related("referral__client", "referral__partner", "recorded_by", "concern_seen_by"),
        pk=session_id,
    )


def activities_visible_to(qs: QuerySet, user) -> QuerySet:
    """Group activities of the user's office scope; a partner's user: their own organisation's."""
    if scopes.scope_of(user) == scopes.Scope.PARTNER:
        return qs.filter(partner_id=user.partner_id)
    return scopes.filter_by_office(qs, user, field="office")


def activities_with_visible_participants(qs: QuerySet, user) -> QuerySet:
    """Group activities of the user's scope with at least one participant the user may see."""
    from referrals.models import GroupParticipant

    scope = scopes.scope_of(user)
    if scope is None or scope in (scopes.Scope.KANWIL, scopes.Scope.PARTNER):
        return qs.none()
    seen = GroupParticipant.objects.visible_to(user).values("activity_id")
    qs = scopes.filter_by_office(qs, user, field="office").filter(pk__in=seen)
    if not scopes.may_see_children(user):
        qs = qs.exclude(pk__in=GroupParticipant.objects.filter(episode__is_child=True).values("activity_id"))
    return qs


def documents_visible_to(qs: QuerySet, user) -> QuerySet:
    """Documents of the referrals of clients the staff member sees, and of the group activities whose participants
    they may see (see the module's docstring). Partner users reach documents through the portal only."""
    from referrals.models import GroupActivity, Referral

    activities = activities_with_visible_participants(GroupActivity.objects.all(), user).values("pk")
    return qs.filter(
        Q(referral__in=Referral.objects.visible_to(user).values("pk"))
        | Q(referral__isnull=True, activity__in=activities)
    )


def get_staff_document(user, document_id: int):
    """A document the staff member may see (`documents_visible_to`); 404 otherwise, missing and forbidden alike."""
    from referrals.models import Document

    return get_object_or_404(
        Document.objects.visible_to(user).select_related("referral__episode", "activity"), pk=document_id
    )


# --- Partner portal ----------------------------------------------------------------------------------


def portal_referrals(user) -> QuerySet:
    """The current referrals of the user's own partner: every portal page starts here."""
    from referrals.models import Referral

    if not user.partner_id:
        return Referral.objects.none()
    return Referral.objects.filter(partner_id=user.partner_id).current()


def get_portal_referral(user, referral_id: int):
    """One current referral of the user's partner; 404 for any other (another partner's, ended, unknown)."""
    return get_object_or_404(
        portal_referrals(user).with_state().select_related("client__domicile_regency", "partner", "office", "episode"),
        pk=referral_id,
    )


def acts_for_partner(user, partner_id: int | None) -> bool:
    """Whether `user` is a user of the partner `partner_id`: only they answer, report and upload for it."""
    return bool(user.partner_id) and user.partner_id == partner_id


def partner_sees_articles(referral) -> bool:
    """Whether the partner of `referral` sees the client's case articles: legal aid only."""
    return referral.partner.kind in LEGAL_KINDS


def get_portal_activity(user, activity_id: int):
    """A group activity of the user's own partner; 404 otherwise."""
    from referrals.models import GroupActivity

    if not user.partner_id:
        raise Http404
    return get_object_or_404(
        GroupActivity.objects.filter(partner_id=user.partner_id).select_related("place", "partner"), pk=activity_id
    )


def get_portal_document(user, document_id: int):
    """A document of a current referral, or of an activity, of the user's own partner; 404 otherwise."""
    from referrals.models import Document

    document = get_object_or_404(Document.objects.select_related("referral", "activity"), pk=document_id)
    if document.referral_id:
        if not portal_referrals(user).filter(pk=document.referral_id).exists():
            raise Http404
    elif not user.partner_id or document.activity.partner_id != user.partner_id:
        raise Http404
    return document
