"""Reads of the assessment: an instrument as plain scoring values, a client's assessments, the latest risk."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from assessment import scoring
from assessment.codes import Kind, Status
from assessment.models import Assessment, Instrument, InstrumentDomain, Item, Option


def instrument_structure(instrument: Instrument) -> list[InstrumentDomain]:
    """The domains of an instrument with their items and options prefetched (three queries)."""
    return list(
        InstrumentDomain.objects.filter(instrument=instrument).prefetch_related(
            Prefetch(
                "items",
                queryset=Item.objects.order_by("order", "pk").prefetch_related(
                    Prefetch("options", queryset=Option.objects.order_by("order", "pk"))
                ),
            )
        )
    )


def scoring_instrument(instrument: Instrument, domains: Iterable[InstrumentDomain]) -> scoring.Instrument:
    """The instrument as `scoring` values, from the domains of `instrument_structure`."""
    items = tuple(
        scoring.Item(
            id=item.pk,
            domain=domain.code,
            options=tuple(scoring.Option(id=o.pk, score=o.score) for o in item.options.all()),
            required=item.required,
            label=f"{domain.order}.{item.order} {item.text}",
        )
        for domain in domains
        for item in domain.items.all()
    )
    return scoring.Instrument(items=items, low_max=instrument.low_max, medium_max=instrument.medium_max)


def instruments_offered(*, on=None) -> QuerySet[Instrument]:
    """The instrument versions offered for a new assessment: active and valid on the day."""
    on = on or timezone.localdate()
    return Instrument.objects.filter(active=True, valid_from__lte=on).order_by("name", "-version")


def client_assessments(client, user) -> QuerySet[Assessment]:
    """The client's assessments the user sees, newest first."""
    return (
        Assessment.objects.visible_to(user)
        .filter(client=client)
        .select_related("instrument", "assessor")
        .order_by("-assessed_on", "-pk")
    )


def latest_risk_by_client(client_ids: Iterable[int]) -> dict[int, str]:
    """The category of each client's latest final risk assessment ("low" / "medium" / "high"), by client id;
    clients without one are left out. One query.

    Latest: the latest assessment date, then the latest finalised. No user scope: the workload counts every
    client an officer guides, whoever looks at it.
    """
    ids = sorted(set(client_ids))
    if not ids:
        return {}
    rows = (
        Assessment.objects.filter(client_id__in=ids, status=Status.FINAL, instrument__kind=Kind.RISK)
        .order_by("client_id", "-assessed_on", "-finalised_at", "-pk")
        .values_list("client_id", "category")
    )
    latest: dict[int, str] = {}
    for client_id, category in rows:
        latest.setdefault(client_id, category)
    return latest


def latest_final(client, user) -> Assessment | None:
    """The client's latest final risk assessment that the user sees (one query)."""
    return (
        Assessment.objects.visible_to(user)
        .filter(client=client, status=Status.FINAL, instrument__kind=Kind.RISK)
        .select_related("instrument")
        .order_by("-assessed_on", "-finalised_at", "-pk")
        .first()
    )
