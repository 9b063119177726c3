"""Who sees which partner document (STYLE C4): missing and out-of-scope documents both give 404.

Staff reach a document through the people it is about, never through the office alone:
- a referral's document follows the referral's client (`clients.access`);
- a group activity's document (attendance list, photos) follows its participants: the staff member
  must be able to see at least one of them, and an activity with a child taking part is, in addition,
  only for those who may see children's records (UU 11/2012).
Partner users reach documents through the portal selectors only.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts import scopes
from clients import access as client_access


def activities_with_visible_participants(qs: QuerySet, user) -> QuerySet:
    """Group activities of the user's scope with at least one participant the user may see."""
    from clients.models import Client
    from referrals.models import GroupParticipant

    scope = scopes.scope_of(user)
    if scope is None or scope in (scopes.Scope.KANWIL, scopes.Scope.PARTNER):
        return qs.none()
    visible_clients = Client.objects.visible_to(user).values("pk")
    seen = GroupParticipant.objects.filter(client__in=visible_clients).values("activity_id")
    qs = scopes.filter_by_office(qs, user, field="office").filter(pk__in=seen)
    if not client_access.may_see_children(user):
        qs = qs.exclude(pk__in=GroupParticipant.objects.filter(episode__is_child=True).values("activity_id"))
    return qs


def get_staff_document(user, document_id: int):
    """A document of a referral of a visible client, or of a group activity whose participants the user
    may see (see the module's docstring); 404 otherwise."""
    from referrals.models import Document, GroupActivity, Referral

    document = get_object_or_404(Document.objects.select_related("referral__episode", "activity"), pk=document_id)
    if document.referral_id:
        visible = Referral.objects.filter(client__in=_visible_clients(user)).filter(pk=document.referral_id)
    else:
        visible = activities_with_visible_participants(GroupActivity.objects.all(), user).filter(
            pk=document.activity_id
        )
    if not visible.exists():
        raise Http404
    return document


def _visible_clients(user) -> QuerySet:
    from clients.models import Client

    return Client.objects.visible_to(user).values("pk")
