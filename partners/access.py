"""Who sees and changes which partner and agreement (STYLE C4): the one place that decides it.

Staff see the partners of their office scope (`accounts.scopes.filter_by_office`); a partner's user sees
only their own organisation. Agreements follow their partner. Out of scope (or missing) gives 404;
changing a partner is `partner.manage`, an agreement `agreement.manage`, and anyone else gets 403.
What a partner's user sees of the clients referred to them is decided in `referrals.access`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes


def partners_visible_to(qs: QuerySet, user) -> QuerySet:
    qs = scopes.filter_by_office(qs, user, field="office")
    if user.is_authenticated and user.partner_id:
        qs = qs.filter(pk=user.partner_id)
    return qs


def agreements_visible_to(qs: QuerySet, user) -> QuerySet:
    """Agreements of the partners the user may see (a partner user: their own organisation's)."""
    from partners.models import Partner

    return qs.filter(partner__in=Partner.objects.visible_to(user).values("pk"))


def get_partner_for_user(user, partner_id: int, *, write: bool = False):
    """The partner if `user` may see it (a partner user: only their own); missing and forbidden both give 404.
    403 when `write` and the user may not manage partners."""
    from partners.models import Partner

    partner = get_object_or_404(
        Partner.objects.visible_to(user).select_related("office__kanwil", "regency", "village"), pk=partner_id
    )
    if write and not scopes.can(user, "partner.manage"):
        raise PermissionDenied
    return partner


def get_agreement_for_user(user, agreement_id: int, *, write: bool = False):
    """The agreement if `user` may see its partner; missing and forbidden both give 404. 403 when `write` and
    the user may not manage agreements."""
    from partners.models import Agreement

    agreement = get_object_or_404(
        Agreement.objects.visible_to(user).select_related("partner__office", "renews"), pk=agreement_id
    )
    if write and not scopes.can(user, "agreement.manage"):
        raise PermissionDenied
    return agreement
