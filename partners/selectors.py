"""Reads of the partnership: agreements in force, expiry warnings, partners without an agreement."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone

from organizations.models import Office
from partners.codes import EXPIRY_WARNING_DAYS
from partners.models import Agreement, AgreementField, Partner, PartnerField
from regions.models import Regency


def current_agreement(partner: Partner, field: str, on: datetime.date | None = None) -> Agreement | None:
    """The agreement with `partner` in force on `on` (today by default) whose scope covers `field`.

    When two overlap (a renewal signed before the old one ends), the one that runs longest is returned.
    """
    on = on or timezone.localdate()
    return Agreement.objects.filter(partner=partner).current(on).covering(field).order_by("-ends_on", "-pk").first()


def agreements_of(partner: Partner) -> list[Agreement]:
    """Every agreement with `partner`, newest first, with its scope (two queries)."""
    return list(
        Agreement.objects.filter(partner=partner)
        .select_related("renews")
        .prefetch_related(Prefetch("scope", queryset=AgreementField.objects.order_by("field")))
        .order_by("-starts_on", "-pk")
    )


@dataclass
class ExpiryWarnings:
    """What the head and the administrator must act on: agreements ending soon or ended, and active
    partners that have no agreement in force."""

    on: datetime.date
    within_30: list[Agreement] = field(default_factory=list)
    within_90: list[Agreement] = field(default_factory=list)
    expired: list[Agreement] = field(default_factory=list)
    without_agreement: list[Partner] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.within_30 or self.within_90 or self.expired or self.without_agreement)


def expiry_warnings(office_ids, on: datetime.date | None = None, *, expired_since_days: int = 365) -> ExpiryWarnings:
    """Agreements of the offices `office_ids` that end within 30 or 90 days, or ended within the last
    `expired_since_days` days, and are not renewed; and active partners with no agreement in force.

    Partners that are ended are left out. Two queries.
    """
    on = on or timezone.localdate()
    longest, shortest = EXPIRY_WARNING_DAYS
    in_force = Agreement.objects.filter(partner=OuterRef("pk")).current(on)
    agreements = (
        Agreement.objects.filter(office_id__in=office_ids)
        .not_renewed()
        .exclude(partner__status=Partner.Status.ENDED)
        .filter(ends_on__gte=on - datetime.timedelta(days=expired_since_days))
        .filter(ends_on__lte=on + datetime.timedelta(days=longest))
        .annotate(
            # A later agreement already in force (signed without naming this one) also settles an expired one.
            other_in_force=Exists(
                Agreement.objects.filter(partner=OuterRef("partner_id"), ends_on__gt=OuterRef("ends_on")).current(on)
            )
        )
        .select_related("partner")
        .order_by("ends_on", "partner__name")
    )
    result = ExpiryWarnings(on=on)
    for agreement in agreements:
        days = (agreement.ends_on - on).days
        if days < 0:
            if not agreement.other_in_force:
                result.expired.append(agreement)
        elif agreement.other_in_force:
            continue
        elif days <= shortest:
            result.within_30.append(agreement)
        else:
            result.within_90.append(agreement)
    result.without_agreement = list(
        Partner.objects.filter(office_id__in=office_ids, status=Partner.Status.ACTIVE)
        .exclude(Exists(in_force))
        .order_by("name")
    )
    return result


def search_partners(
    user,
    *,
    query: str = "",
    field: str = "",
    regency: str = "",
    status: str = "",
    kind: str = "",
    on: datetime.date | None = None,
):
    """The partners `user` may see, filtered, each with its fields of service and the end of the
    agreement in force today (`agreement_until`, None without one). Pages cost three queries."""
    on = on or timezone.localdate()
    qs = Partner.objects.visible_to(user)
    if query:
        qs = qs.filter(name__icontains=query.strip())
    if field:
        qs = qs.offering(field)
    if regency:
        qs = qs.serving(regency)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    in_force = Agreement.objects.filter(partner=OuterRef("pk")).current(on).order_by("-ends_on").values("ends_on")
    return (
        qs.select_related("office", "regency")
        .annotate(agreement_until=Subquery(in_force[:1]))
        .prefetch_related(Prefetch("service_fields", queryset=PartnerField.objects.order_by("field")))
        .order_by("name", "pk")
    )


def filter_regencies(user):
    """Regencies to filter the partner list by: the office's working area, or the service areas of the
    partners a user without an office sees (never the 514 regencies of the country)."""
    if user.office_id:
        area = Office.working_area.through.objects.filter(office_id=user.office_id).values("regency_id")
        return Regency.objects.filter(pk__in=area).order_by("name")
    partners = Partner.objects.visible_to(user).values("pk")
    area = Partner.service_area.through.objects.filter(partner_id__in=partners).values("regency_id")
    return Regency.objects.filter(pk__in=area).order_by("name")
