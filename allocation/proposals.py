"""Explained proposals of a PK for each client without one (issue 12 point 3): the engine's inputs from the
database, and its answer in the page's terms.

Who is in the batch: the clients `clients.access.unassigned_visible_to(user)` lists (a section head's section,
the head's office) and the officers whose load the user sees (`allocation.access.officers_visible_to`) who may
guide. The engine (`allocation.engine`, Django-free) gets plain values:

- pools: a client goes to the section that guides it (`accounts.scopes.section_guiding`: children to BKA, adults
  to BKD), an officer is in their own section's pool (`scopes.section_of_officer`);
- capacity and load in points, from `allocation.selectors.officer_loads`; a client's points from
  `allocation.workload.client_points` (program, phase, child, open work on the episode);
- home: the client's domicile village code; working area: the regencies and districts recorded for the officer
  (`OfficerWorkingArea`), or, for an officer without one, the district codes of the domiciles of the clients they
  guide now;
- exclusions (conflict of interest, same family, other): the officers recorded as `AllocationExclusion`s of the
  client, never proposed for them; a client every PK of whose pool is excluded is listed with the reasons;
- high risk: the client's latest final risk assessment is high (`assessment.selectors.latest_risk_by_client`,
  issue 13); its category also adds the scale's risk points to the client's points.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from accounts.models import Section, User
from allocation import access, engine, selectors, workload
from allocation.models import AllocationExclusion, OfficerWorkingArea
from assessment.selectors import latest_risk_by_client
from clients import access as client_access
from clients.codes import OPEN_STATUSES
from clients.models import Client, ProgramEpisode
from movements.models import ClosingReport, Transfer
from referrals.models import Referral
from violations.models import Violation

# The cost parts in the page's order, with their column labels.
PARTS = [
    ("load", gettext_lazy("Load")),
    ("distance", gettext_lazy("Distance")),
    ("continuity", gettext_lazy("Continuity")),
    ("seniority", gettext_lazy("Seniority")),
]


@dataclass
class Row:
    """One proposed assignment: the client, the PK, the cost by part, the next-best PK and how much more it costs."""

    client: Client
    officer: User
    parts: list[float]  # in PARTS order
    cost: float
    alternative: User | None = None
    difference: float | None = None

    @property
    def pair(self) -> str:
        """The value the form posts back: "client_id:officer_id"."""
        return f"{self.client.pk}:{self.officer.pk}"


@dataclass
class Unplaced:
    client: Client
    reason: engine.Reason
    message: str


@dataclass
class Proposals:
    on: datetime.date
    rows: list[Row] = field(default_factory=list)
    infeasible: list[Unplaced] = field(default_factory=list)


def unassigned_clients(user) -> list[Client]:
    """The clients without a PK whom `user` may give one, with their current episode (one query)."""
    qs = client_access.unassigned_visible_to(Client.objects.all(), user)
    return list(qs.select_related("current_episode").order_by("name", "pk"))


def eligible_officers(user) -> list[User]:
    """The active PKs of the user's section (a section head) or office (the head) who may guide a client."""
    return list(access.officers_visible_to(user).guides().filter(is_active=True).order_by("full_name", "pk"))


def _open_by_episode(qs, ids: Sequence[int]) -> dict[int, int]:
    rows = qs.filter(episode_id__in=ids).order_by().values("episode_id").annotate(n=Count("pk"))
    return dict(rows.values_list("episode_id", "n"))


def client_points(
    clients: Sequence[Client], *, on: datetime.date, scale: workload.Scale, risks: dict[int, str] | None = None
) -> dict[int, float]:
    """The points each client would weigh with a PK, by client id (four queries; five without `risks`, the
    latest risk category by client id)."""
    if risks is None:
        risks = latest_risk_by_client(c.pk for c in clients)
    episodes = {c.current_episode_id: c for c in clients if c.current_episode_id}
    ids = sorted(episodes)
    reported = set(ClosingReport.objects.filter(episode_id__in=ids).values_list("episode_id", flat=True))
    violations = _open_by_episode(Violation.objects.open(), ids)
    transfers = _open_by_episode(Transfer.objects.open(), ids)
    referrals = _open_by_episode(Referral.objects.open(), ids)
    points = {}
    for episode_id, client in episodes.items():
        episode = client.current_episode
        assert episode is not None  # noqa: S101 (selected with the client)
        case = workload.Case(
            program=episode.program,
            phase=episode.phase,
            is_child=episode.is_child,
            risk=risks.get(client.pk),
            violations=violations.get(episode_id, 0),
            transfers=transfers.get(episode_id, 0),
            reports_due=int(workload.report_due(episode.ends_on, has_report=episode_id in reported, today=on)),
            referrals=referrals.get(episode_id, 0),
        )
        points[client.pk] = float(workload.client_points(case, scale))
    return points


def working_areas(officers: Iterable[User]) -> dict[int, frozenset[str]]:
    """Each officer's working area (three queries): the regencies and districts recorded for them, or where none
    are, the district codes of the domiciles of the clients they guide now."""
    ids = [o.pk for o in officers]
    recorded: dict[int, set[str]] = defaultdict(set)
    regencies = OfficerWorkingArea.regencies.through.objects.filter(officerworkingarea__officer_id__in=ids)
    districts = OfficerWorkingArea.districts.through.objects.filter(officerworkingarea__officer_id__in=ids)
    for officer_id, code in regencies.values_list("officerworkingarea__officer_id", "regency_id"):
        recorded[officer_id].add(code)
    for officer_id, code in districts.values_list("officerworkingarea__officer_id", "district_id"):
        recorded[officer_id].add(code)
    rows = (
        ProgramEpisode.objects.filter(officer_id__in=[pk for pk in ids if pk not in recorded])
        .filter(status__in=sorted(OPEN_STATUSES))
        .exclude(client__domicile_village__isnull=True)
        .order_by()
        .values_list("officer_id", "client__domicile_village__district_id")
        .distinct()
    )
    areas: dict[int, set[str]] = defaultdict(set, recorded)
    for officer_id, district in rows:
        areas[officer_id].add(district)
    return {pk: frozenset(areas.get(pk, ())) for pk in ids}


def exclusions(clients: Iterable[Client]) -> dict[int, frozenset[int]]:
    """The officers recorded as excluded for each client, by client id (one query)."""
    excluded: dict[int, set[int]] = defaultdict(set)
    rows = AllocationExclusion.objects.filter(client__in=[c.pk for c in clients]).values_list("client_id", "officer_id")
    for client_id, officer_id in rows:
        excluded[client_id].add(officer_id)
    return {pk: frozenset(officers) for pk, officers in excluded.items()}


def engine_inputs(
    clients: Sequence[Client], officers: Sequence[User], *, on: datetime.date
) -> tuple[list[engine.Client], list[engine.Officer]]:
    """The engine's clients and officers for these rows (see the module's docstring for each value)."""
    scale, _version = selectors.scale_in_force(on)
    loads = selectors.officer_loads(officers, on=on, scale=scale)
    risks = latest_risk_by_client(c.pk for c in clients)
    points = client_points(clients, on=on, scale=scale, risks=risks)
    areas = working_areas(officers)
    excluded = exclusions(clients)
    engine_officers = [
        engine.Officer(
            id=o.pk,
            pool=scopes.section_of_officer(o),
            capacity=float(loads[o.pk].capacity),
            load=float(loads[o.pk].points),
            area=areas[o.pk],
        )
        for o in officers
    ]
    engine_clients = [
        engine.Client(
            id=c.pk,
            points=points[c.pk],
            pool=scopes.section_guiding(c.is_child),
            home=c.domicile_village_id or "",
            excluded=excluded.get(c.pk, frozenset()),
            high_risk=risks.get(c.pk) == "high",
        )
        for c in clients
        if c.pk in points
    ]
    return engine_clients, engine_officers


def exclusion_reasons(clients: Iterable[Client]) -> dict[int, str]:
    """For each client, their exclusions in words ("Dewi Lestari: Same family; …"), by client id (one query)."""
    words: dict[int, list[str]] = defaultdict(list)
    rows = AllocationExclusion.objects.filter(client__in=[c.pk for c in clients]).select_related("officer")
    for row in rows.order_by("officer__full_name", "pk"):
        words[row.client_id].append(f"{row.officer.full_name}: {row.get_reason_display()}")
    return {pk: "; ".join(items) for pk, items in words.items()}


def reason_message(client: Client, reason: engine.Reason, *, excluded: str = "") -> str:
    """Why `client` got no proposal, in the user's language, naming the client and the section (and, when every
    PK is excluded, the exclusions)."""
    values = {
        "client": client.full_name,
        "section": Section(scopes.section_guiding(client.is_child)).label,
        "exclusions": excluded,
    }
    if reason == engine.Reason.NO_OFFICER_IN_POOL:
        return _("%(client)s: no PK of %(section)s has any capacity this period.") % values
    if reason == engine.Reason.ALL_EXCLUDED:
        return (
            _("%(client)s: every PK of %(section)s with capacity is excluded for this client (%(exclusions)s).")
            % values
        )
    if reason == engine.Reason.NO_ROOM:
        return _("%(client)s: every PK of %(section)s is full; none has room for this client.") % values
    return _("%(client)s: no PK can take this client.") % values


def propose(user, *, on: datetime.date) -> Proposals:
    """The proposal for the clients without a PK whom `user` may assign, explained row by row."""
    clients = unassigned_clients(user)
    if not clients:
        return Proposals(on=on)
    return propose_for(clients, eligible_officers(user), on=on)


def office_batch(office) -> tuple[list[Client], list[User]]:
    """An office's clients without a PK and the PKs who may guide them, whatever the section: what
    `manage.py allocation_propose` solves for each office (each section's pool stays apart in the engine)."""
    clients = list(
        Client.objects.filter(
            office=office, current_episode__officer__isnull=True, current_episode__status__in=sorted(OPEN_STATUSES)
        )
        .select_related("current_episode")
        .order_by("name", "pk")
    )
    officers = list(
        User.objects.get_queryset().guides().filter(office=office, is_active=True).order_by("full_name", "pk")
    )
    return clients, officers


def propose_for(clients: Sequence[Client], officers: Sequence[User], *, on: datetime.date) -> Proposals:
    """The proposal for `clients` among `officers`, explained row by row."""
    result = Proposals(on=on)
    if not clients:
        return result
    engine_clients, engine_officers = engine_inputs(clients, officers, on=on)
    answer = engine.allocate_clients(engine_clients, engine_officers, selectors.weights_for(clients[0].office_id))
    by_client = {c.pk: c for c in clients}
    by_officer = {o.pk: o for o in officers}
    for proposal in answer.proposals:
        result.rows.append(
            Row(
                client=by_client[proposal.row],
                officer=by_officer[proposal.to],
                parts=[proposal.parts[key] for key, _label in PARTS],
                cost=proposal.cost,
                alternative=by_officer.get(proposal.alternative) if proposal.alternative is not None else None,
                difference=proposal.difference,
            )
        )
    all_excluded = [by_client[u.row] for u in answer.infeasible if u.reason == engine.Reason.ALL_EXCLUDED]
    excluded = exclusion_reasons(all_excluded) if all_excluded else {}
    for unplaced in answer.infeasible:
        client = by_client[unplaced.row]
        message = reason_message(client, unplaced.reason, excluded=excluded.get(client.pk, ""))
        result.infeasible.append(Unplaced(client, unplaced.reason, message))
    result.rows.sort(key=lambda row: (row.client.name, row.client.pk))
    result.infeasible.sort(key=lambda row: (row.client.name, row.client.pk))
    return result
