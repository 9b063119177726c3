"""Explained proposals of a partner for each open client need without one (issue 12 point 3, the partner side):
the engine's inputs from the database, its answer in the page's terms, and accepting the ticked pairs.

Who is in the batch: the open needs `user` sees with no open referral in their field (`Need.objects.visible_to(
user).unmet()`), of clients under guidance (a referral is made only then), for a user who may refer or is
proposed PKs (`allocation.access.may_propose_partners`: PKs, section heads, the head); and the active partners
of the user's office (`Partner.objects.visible_to`).
The engine (`allocation.engine.allocate_needs`, Django-free) gets plain values:

- fields: the partner's service fields; regencies: its service area;
- agreement in force: per field, an agreement in force today whose scope covers the need's field (the same rule
  as `partners.selectors.current_agreement`, read for all partners at once); the needs are therefore solved field
  by field, each field's proposals taking up the partners' room before the next field is solved;
- capacity: `Partner.capacity`; a partner without one (not agreed) is treated as unlimited: no cap;
- open referrals: the partner's referrals not yet ended (`Referral.objects.open()`), as the referral service
  counts them;
- places: the partner's village code, or its regency's code when no village is recorded;
- scorecard: acceptance (accepted / received) and completion (completed / accepted) over the referrals sent in the
  last 12 months, computed here from the referrals' rows (`reports` is a sibling layer allocation may not
  import); None without history, which costs nothing;
- excluded: partners of another office than the client's, and partners that declined this client's referral in
  the same field before;
- home: the client's domicile village code, or the domicile regency's code when no village is recorded.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from allocation import access, engine, selectors
from clients.codes import EpisodeStatus
from partners.codes import ServiceField
from partners.models import Agreement, AgreementField, Partner
from referrals.models import Need, Referral

# The cost parts in the page's order, with their column labels.
PARTS = [
    ("distance", gettext_lazy("Distance")),
    ("scorecard", gettext_lazy("Scorecard")),
]

# A partner without an agreed capacity takes any number of referrals (the engine caps places at the batch size).
UNLIMITED = 1_000_000

SCORECARD_DAYS = 365


@dataclass
class Row:
    """One proposed referral: the need, the partner, the cost by part, the next-best partner and the difference."""

    need: Need
    partner: Partner
    parts: list[float]  # in PARTS order
    cost: float
    alternative: Partner | None = None
    difference: float | None = None

    @property
    def client(self):
        return self.need.episode.client

    @property
    def pair(self) -> str:
        """The value the form posts back: "need_id:partner_id"."""
        return f"{self.need.pk}:{self.partner.pk}"


@dataclass
class Unserved:
    need: Need
    reason: engine.Reason
    message: str

    @property
    def client(self):
        return self.need.episode.client


@dataclass
class Proposals:
    on: datetime.date
    rows: list[Row] = field(default_factory=list)
    infeasible: list[Unserved] = field(default_factory=list)


def open_needs(user, *, ids: Sequence[int] | None = None) -> list[Need]:
    """The open unmet needs `user` may refer, of clients under guidance (one query); none if they may not refer."""
    if not access.may_propose_partners(user):
        return []
    qs = (
        Need.objects.visible_to(user)
        .unmet()
        .filter(episode__status=EpisodeStatus.ACTIVE, episode__client__current_episode=F("episode"))
    )
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return list(qs.select_related("episode__client__domicile_regency").order_by("episode__client__name", "field", "pk"))


def office_partners(user) -> list[Partner]:
    """The active partners of the user's office, with their fields and service area (three queries)."""
    return list(
        Partner.objects.visible_to(user)
        .filter(status=Partner.Status.ACTIVE)
        .prefetch_related("service_fields", "service_area")
        .order_by("name", "pk")
    )


def fields_in_force(partner_ids: Sequence[int], *, on: datetime.date) -> set[tuple[int, str]]:
    """(partner id, field) for every field an agreement in force on `on` covers (one query)."""
    current = Agreement.objects.filter(partner_id__in=partner_ids).current(on)
    rows = AgreementField.objects.filter(agreement__in=current.values("pk")).values_list(
        "agreement__partner_id", "field"
    )
    return set(rows)


def open_referrals(partner_ids: Sequence[int]) -> dict[int, int]:
    """Referrals not yet ended, by partner (one query)."""
    rows = Referral.objects.open().filter(partner_id__in=partner_ids).order_by().values("partner_id")
    return dict(rows.annotate(n=Count("pk")).values_list("partner_id", "n"))


def scorecard_rates(partner_ids: Sequence[int], *, on: datetime.date) -> dict[int, tuple[float | None, float | None]]:
    """(acceptance, completion) by partner over the referrals sent in the last 12 months (one query): accepted
    of those received, completed of those accepted; None where there is nothing to divide by."""
    since = on - datetime.timedelta(days=SCORECARD_DAYS)
    rows = (
        Referral.objects.filter(partner_id__in=partner_ids, sent_at__date__gt=since, sent_at__date__lte=on)
        .order_by()
        .values("partner_id")
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
            completed=Count("pk", filter=Q(accepted_at__isnull=False, closed_at__isnull=False)),
        )
    )
    rates = {}
    for row in rows:
        acceptance = row["accepted"] / row["received"] if row["received"] else None
        completion = row["completed"] / row["accepted"] if row["accepted"] else None
        rates[row["partner_id"]] = (acceptance, completion)
    return rates


def declined_before(needs: Sequence[Need]) -> dict[tuple[int, str], set[int]]:
    """Partners that declined a referral of the need's episode in its field, by (episode id, field) (one query)."""
    rows = Referral.objects.filter(episode_id__in={n.episode_id for n in needs}, declined_at__isnull=False).values_list(
        "episode_id", "field", "partner_id"
    )
    declined: dict[tuple[int, str], set[int]] = defaultdict(set)
    for episode_id, need_field, partner_id in rows:
        declined[(episode_id, need_field)].add(partner_id)
    return declined


def home_of(need: Need) -> str:
    client = need.episode.client
    return client.domicile_village_id or client.domicile_regency_id or ""


def field_label(value: str) -> str:
    return str(ServiceField(value).label) if value in ServiceField.values else value


def reason_message(need: Need, reason: engine.Reason) -> str:
    """Why `need` got no proposal, in the user's language, naming the client and the field."""
    client = need.episode.client
    values = {
        "client": client.full_name,
        "field": field_label(need.field),
        "regency": str(client.domicile_regency) if client.domicile_regency_id else "–",
    }
    if reason == engine.Reason.NO_PARTNER_FOR_FIELD:
        return _("%(client)s (%(field)s): no active partner of the office offers this field.") % values
    if reason == engine.Reason.NO_PARTNER_IN_REGENCY:
        return _("%(client)s (%(field)s): no partner offering this field serves %(regency)s.") % values
    if reason == engine.Reason.NO_AGREEMENT_IN_FORCE:
        return _("%(client)s (%(field)s): no partner serving %(regency)s has an agreement in force for this field.") % (
            values
        )
    if reason == engine.Reason.NO_ROOM:
        return _("%(client)s (%(field)s): every partner that could take this need is full.") % values
    return _("%(client)s (%(field)s): no partner can take this need.") % values


def propose(user, *, on: datetime.date) -> Proposals:
    """The proposal of a partner for each open need `user` may refer, explained row by row."""
    needs = open_needs(user)
    if not needs:
        return Proposals(on=on)
    return propose_for(needs, office_partners(user), on=on)


def propose_for(needs: Sequence[Need], partners: Sequence[Partner], *, on: datetime.date) -> Proposals:
    """The proposal for `needs` among `partners`, field by field (a fixed number of queries), explained."""
    result = Proposals(on=on)
    if not needs:
        return result
    ids = [p.pk for p in partners]
    in_force = fields_in_force(ids, on=on)
    taken = open_referrals(ids)
    rates = scorecard_rates(ids, on=on)
    declined = declined_before(needs)
    offered = {p.pk: frozenset(f.field for f in p.service_fields.all()) for p in partners}
    served = {p.pk: frozenset(r.pk for r in p.service_area.all()) for p in partners}
    by_partner = {p.pk: p for p in partners}
    by_need = {n.pk: n for n in needs}
    weights = selectors.weights_for(needs[0].office_id)
    by_field: dict[str, list[Need]] = defaultdict(list)
    for need in needs:
        by_field[need.field].append(need)
    for need_field in sorted(by_field):
        batch = by_field[need_field]
        engine_partners = [
            engine.Partner(
                id=p.pk,
                fields=offered[p.pk],
                regencies=served[p.pk],
                agreement_in_force=(p.pk, need_field) in in_force,
                capacity=p.capacity if p.capacity is not None else UNLIMITED,
                open_referrals=taken.get(p.pk, 0),
                places=frozenset(code for code in (p.village_id or p.regency_id,) if code),
                acceptance_rate=rates.get(p.pk, (None, None))[0],
                completion_rate=rates.get(p.pk, (None, None))[1],
            )
            for p in partners
        ]
        engine_needs = [
            engine.Need(
                id=n.pk,
                field=n.field,
                home=home_of(n),
                excluded=frozenset(
                    {p.pk for p in partners if p.office_id != n.office_id}
                    | declined.get((n.episode_id, n.field), set())
                ),
            )
            for n in batch
        ]
        answer = engine.allocate_needs(engine_needs, engine_partners, weights)
        for proposal in answer.proposals:
            taken[proposal.to] = taken.get(proposal.to, 0) + 1
            result.rows.append(
                Row(
                    need=by_need[proposal.row],
                    partner=by_partner[proposal.to],
                    parts=[proposal.parts[key] for key, _label in PARTS],
                    cost=proposal.cost,
                    alternative=by_partner.get(proposal.alternative) if proposal.alternative is not None else None,
                    difference=proposal.difference,
                )
            )
        for unserved in answer.infeasible:
            need = by_need[unserved.row]
            result.infeasible.append(Unserved(need, unserved.reason, reason_message(need, unserved.reason)))
    key = lambda row: (row.client.name, row.need.field, row.need.pk)  # noqa: E731
    result.rows.sort(key=key)
    result.infeasible.sort(key=key)
    return result


# --- accepting proposals ---------------------------------------------------------------------------------


def desired_outcome(need_field: str) -> str:
    """The desired outcome a proposed referral carries: record data in the office's language, from the field."""
    with translation.override("id"):
        label = field_label(need_field)
    return f"Kebutuhan bidang {label} terpenuhi"
