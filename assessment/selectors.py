"""Reads of the assessment: an instrument as plain scoring values, a client's assessments, the latest risk."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment import scoring
from assessment.codes import Kind, Status
from assessment.models import Answer, Assessment, Instrument, InstrumentDomain, Item, Option


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


def instrument_problems(instrument: Instrument, domains: Iterable[InstrumentDomain] | None = None) -> list[str]:
    """What keeps an instrument version from being used, as messages: no items, an item without options, cut-offs
    that are not increasing or leave the high category unreachable. Empty when it is usable."""
    if domains is None:
        domains = instrument_structure(instrument)
    scored = scoring_instrument(instrument, domains)
    problems = []
    if not scored.items:
        problems.append(_("The instrument has no questions."))
    if any(not item.options for item in scored.items):
        problems.append(_("Every question needs at least one answer option."))
    _low, high = scoring.bounds(scored.items)
    for code in scoring.cutoff_problems(instrument.low_max, instrument.medium_max, max_score=high):
        if code == "order":
            problems.append(_("The cut-offs must increase: the medium cut-off above the low one."))
        else:
            problems.append(
                _("The medium cut-off (%(medium)s) must be below the highest possible score (%(max)s).")
                % {"medium": instrument.medium_max, "max": high}
            )
    return problems


def instrument_in_use(instrument: Instrument) -> bool:
    return Assessment.objects.filter(instrument=instrument).exists()


def instrument_check_editable(instrument: Instrument) -> None:
    """An instrument version some assessment used is never edited: its results must keep their meaning."""
    if instrument.pk and instrument_in_use(instrument):
        raise ValidationError(
            _("This instrument version is already used by assessments and cannot be changed; make a new version."),
            code="in_use",
        )


def answers_of(assessment: Assessment) -> dict[int, int]:
    """The saved answers of an assessment, {item id: option id} (one query)."""
    return dict(Answer.objects.filter(assessment=assessment).values_list("item_id", "option_id"))


def latest_final_of(client_id: int) -> Assessment | None:
    """The client's latest final risk assessment, whoever asks: for a Litmas about the client, whose assigned PK
    may not be the client's own (one query)."""
    return (
        Assessment.objects.filter(client_id=client_id, status=Status.FINAL, instrument__kind=Kind.RISK)
        .select_related("instrument")
        .order_by("-assessed_on", "-finalised_at", "-pk")
        .first()
    )
