"""The allocation engine: minimum-cost proposals for who guides each client and which partner serves each need.

Django-free on purpose: plain data classes in, plain data classes out, so the page, the command and the benchmark
call it the same way and its tests need no database. Reasons are codes (`Reason`); the caller words them.

**Solver.** SciPy's `linear_sum_assignment` (an exact shortest-augmenting-path solver of the Jonker–Volgenant
family) on a matrix whose rows are the clients (or needs) and whose columns are the free *places* of the officers
(or partners), plus one "leave unassigned" column per row at a prohibitive cost, so that a row nobody can take is
reported instead of making the problem infeasible. An officer's k-th new client costs more than the (k-1)-th
because the load cost is convex, so the solver fills places in order and its optimum is the optimum of the model
below. Chosen over OR-Tools' min-cost flow (the same optimum, but a 30 MB wheel that brings pandas and protobuf)
and over HiGHS's MILP through `scipy.optimize.milp` (exact for a capacity in points too, but 7–23 s at the scale
of an office against 15 ms here).

**The model, clients → officers.** Hard: the client's section (children only to BKA staff), the exclusions
(conflict of interest, same family), the officer's capacity in points. Costs, in points of cost:
- `load`: an officer's load costs `weights.load × load² / capacity`, so adding a client costs more the fuller the
  officer already is and the optimum spreads the load in proportion to capacity. A place's level is the officer's
  load plus the mean points of the batch for each place filled before it; capacity is checked on the level too;
- `distance`: from the client's home village to the nearest part of the officer's working area, by tier of the
  region hierarchy (same village < district < regency < other);
- `continuity`: moving a client away from the PK they have costs the office's threshold, so a client keeps their
  PK unless the gain is larger;
- `seniority`: a high-risk client with a junior officer.
The cost of an assignment is thus exact and the solver's optimum is the optimum. Places also model a capacity in
points exactly when the batch's clients weigh the same; when they differ, a solution that overfills an officer is
solved again with one place fewer there, so capacity is never exceeded, at a cost the tests compare with the exact
optimum on small instances.

**Needs → partners.** Hard: the field offered, the regency served, an agreement in force, capacity (open
referrals ≤ capacity). Costs: distance (tiers as above) and, as a small preference, the partner's scorecard
(acceptance and completion rates). Every place of a partner costs the same: this part is exact.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

FORBIDDEN = np.inf
UNASSIGNED = 1e9  # the cost of leaving a row without a column: larger than any sum of real costs


class Tier(enum.IntEnum):
    """How far a home lies from an area, by the region hierarchy (codes "32.09", "32.09.01", "32.09.01.2008")."""

    VILLAGE = 0
    DISTRICT = 1
    REGENCY = 2
    OTHER = 3


def distance_tier(home: str, area: Iterable[str]) -> Tier:
    """The nearest tier between a home village code and any code of an area (villages, districts or regencies).

    An area code that contains the home counts at its own level: a district in the area puts its villages at
    DISTRICT. Without a home or an area the distance is unknown and counts as OTHER.
    """
    if not home:
        return Tier.OTHER
    parts = home.split(".")
    best = Tier.OTHER
    for code in area:
        other = code.split(".")
        shared = 0
        for a, b in zip(parts, other, strict=False):
            if a != b:
                break
            shared += 1
        if shared >= 4:
            return Tier.VILLAGE
        if shared == 3:
            best = min(best, Tier.DISTRICT)
        elif shared == 2:
            best = min(best, Tier.REGENCY)
    return best


class Reason(enum.StrEnum):
    """Why a row got no proposal."""

    NO_OFFICER_IN_SECTION = "no_officer_in_section"
    ALL_EXCLUDED = "all_excluded"
    NO_ROOM = "no_room"
    NO_PARTNER_FOR_FIELD = "no_partner_for_field"
    NO_PARTNER_IN_REGENCY = "no_partner_in_regency"
    NO_AGREEMENT_IN_FORCE = "no_agreement_in_force"


@dataclass(frozen=True)
class Officer:
    id: int
    section: str
    capacity: float  # points this period (contracted hours less leave, training and structural duties)
    load: float  # points of the clients the officer keeps (not those being allocated)
    area: frozenset[str] = frozenset()  # region codes of the working area
    senior: bool = False  # jenjang Ahli Muda or above


@dataclass(frozen=True)
class Client:
    id: int
    points: float
    section: str
    home: str = ""  # village code of the domicile
    high_risk: bool = False
    current_officer: int | None = None  # the PK they have, if that PK stays
    excluded: frozenset[int] = frozenset()  # officers who may not guide them (conflict of interest, family)


@dataclass(frozen=True)
class Weights:
    """What the office trades against what; the defaults put a client one regency away on a par with an officer
    some 40 points fuller."""

    load: float = 10.0
    distance: tuple[float, float, float, float] = (0.0, 3.0, 8.0, 20.0)
    continuity: float = 10.0  # the gain a move must bring before a client changes PK
    seniority: float = 15.0
    scorecard: float = 2.0  # per rate point missing (1 - rate), for partners


@dataclass(frozen=True)
class Proposal:
    """One row assigned, what it costs part by part, and the best other choice with the cost difference."""

    row: int  # client id (officers) or need id (partners)
    to: int  # officer id or partner id
    parts: Mapping[str, float]
    alternative: int | None = None
    difference: float | None = None  # cost of the alternative less this proposal's cost (>= 0 at the optimum)

    @property
    def cost(self) -> float:
        return sum(self.parts.values())


@dataclass(frozen=True)
class Infeasible:
    row: int
    reason: Reason


@dataclass
class Result:
    proposals: list[Proposal] = field(default_factory=list)
    infeasible: list[Infeasible] = field(default_factory=list)

    @property
    def cost(self) -> float:
        return sum(p.cost for p in self.proposals)

    def assignment(self) -> dict[int, int]:
        return {p.row: p.to for p in self.proposals}


# --- clients → officers ---------------------------------------------------------------------------------------


def load_cost(officer: Officer, level: float, points: float, weights: Weights) -> float:
    """What adding `points` to an officer already at `level` adds to `weights.load × load² / capacity`."""
    return weights.load * (2 * level * points + points * points) / officer.capacity


def client_parts(client: Client, officer: Officer, level: float, weights: Weights) -> dict[str, float]:
    continuity = client.current_officer is not None and client.current_officer != officer.id
    return {
        "load": load_cost(officer, level, client.points, weights),
        "distance": weights.distance[distance_tier(client.home, officer.area)],
        "continuity": weights.continuity if continuity else 0.0,
        "seniority": weights.seniority if client.high_risk and not officer.senior else 0.0,
    }


def eligible(client: Client, officer: Officer) -> bool:
    return officer.section == client.section and officer.id not in client.excluded and officer.capacity > 0


def _unplaceable(client: Client, officers: Sequence[Officer]) -> Reason | None:
    same_section = [o for o in officers if o.section == client.section and o.capacity > 0]
    if not same_section:
        return Reason.NO_OFFICER_IN_SECTION
    allowed = [o for o in same_section if o.id not in client.excluded]
    if not allowed:
        return Reason.ALL_EXCLUDED
    if not any(o.load + client.points <= o.capacity for o in allowed):
        return Reason.NO_ROOM
    return None


def allocate_clients(clients: Sequence[Client], officers: Sequence[Officer], weights: Weights | None = None) -> Result:
    """The minimum-cost assignment of `clients` to `officers` under the hard rules (see the module's docstring)."""
    weights = weights or Weights()
    result = Result()
    if not clients:
        return result
    step = sum(c.points for c in clients) / len(clients)  # a place holds the batch's mean weight
    placeable = []
    for client in clients:
        reason = _unplaceable(client, officers)
        if reason is None:
            placeable.append(client)
        else:
            result.infeasible.append(Infeasible(client.id, reason))
    if not placeable:
        return result
    smallest = min(c.points for c in placeable)
    limits = {o.id: _places(o, step, smallest, len(placeable)) for o in officers}
    while True:
        assignment, unplaced = _solve_clients(placeable, officers, limits, step, weights)
        over = _overfilled(assignment, placeable, officers)
        if not over:
            break
        for officer_id in over:  # one place fewer where the batch's heavier clients overfilled an officer
            limits[officer_id] = sum(1 for o in assignment.values() if o == officer_id) - 1
    _fill_in(assignment, unplaced, placeable, officers, weights)
    by_id = {o.id: o for o in officers}
    levels = _levels(assignment, placeable, by_id, step)
    for client in placeable:
        if client.id in unplaced:
            result.infeasible.append(Infeasible(client.id, Reason.NO_ROOM))
            continue
        officer = by_id[assignment[client.id]]
        parts = client_parts(client, officer, levels[client.id], weights)
        alternative, difference = _next_best(client, officer, parts, assignment, placeable, officers, weights, step)
        result.proposals.append(Proposal(client.id, officer.id, parts, alternative, difference))
    return result


def _fill_in(
    assignment: dict[int, int],
    unplaced: set[int],
    clients: Sequence[Client],
    officers: Sequence[Officer],
    weights: Weights,
) -> None:
    """Place what the places left out where real room remains (possible only in a batch of mixed weights, whose
    places count the mean weight): the cheapest officer with room, heaviest clients first."""
    added: dict[int, float] = defaultdict(float)
    points = {c.id: c.points for c in clients}
    for client_id, officer_id in assignment.items():
        added[officer_id] += points[client_id]
    for client in sorted((c for c in clients if c.id in unplaced), key=_heaviest_first):
        choices = [
            (sum(client_parts(client, o, o.load + added[o.id], weights).values()), o.id)
            for o in officers
            if eligible(client, o) and o.load + added[o.id] + client.points <= o.capacity + 1e-9
        ]
        if choices:
            officer_id = min(choices)[1]
            assignment[client.id] = officer_id
            added[officer_id] += client.points
            unplaced.discard(client.id)


def _places(officer: Officer, step: float, smallest: float, most: int) -> int:
    """How many of the batch's clients could fit: places at levels load, load+step, … while the smallest fits."""
    if officer.capacity <= 0:
        return 0
    count = 0
    while count < most and officer.load + count * step + smallest <= officer.capacity + 1e-9:
        count += 1
    return count


def _solve_clients(
    clients: Sequence[Client],
    officers: Sequence[Officer],
    limits: Mapping[int, int],
    step: float,
    weights: Weights,
) -> tuple[dict[int, int], set[int]]:
    columns: list[tuple[Officer, float]] = [
        (officer, officer.load + k * step) for officer in officers for k in range(limits[officer.id])
    ]
    n = len(clients)
    matrix = np.full((n, len(columns) + n), FORBIDDEN)
    for i, client in enumerate(clients):
        matrix[i, len(columns) + i] = UNASSIGNED
        for c, (officer, level) in enumerate(columns):
            if eligible(client, officer) and level + client.points <= officer.capacity + 1e-9:
                matrix[i, c] = sum(client_parts(client, officer, level, weights).values())
    rows, cols = linear_sum_assignment(matrix)
    assignment: dict[int, int] = {}
    unplaced: set[int] = set()
    for i, c in zip(rows, cols, strict=True):
        if c >= len(columns):
            unplaced.add(clients[i].id)
        else:
            assignment[clients[i].id] = columns[c][0].id
    return assignment, unplaced


def _overfilled(assignment: Mapping[int, int], clients: Sequence[Client], officers: Sequence[Officer]) -> list[int]:
    added: dict[int, float] = defaultdict(float)
    points = {c.id: c.points for c in clients}
    for client_id, officer_id in assignment.items():
        added[officer_id] += points[client_id]
    return [o.id for o in officers if added[o.id] and o.load + added[o.id] > o.capacity + 1e-9]


def _levels(
    assignment: Mapping[int, int], clients: Sequence[Client], by_id: Mapping[int, Officer], step: float
) -> dict[int, float]:
    """Each assigned client's place level: the officer's load plus `step` per place before it, the heaviest
    clients in the lowest places (the arrangement that costs least, which the solver picks too)."""
    levels: dict[int, float] = {}
    filled: dict[int, int] = defaultdict(int)
    for client in sorted(clients, key=lambda c: (-c.points, c.id)):
        officer_id = assignment.get(client.id)
        if officer_id is None:
            continue
        levels[client.id] = by_id[officer_id].load + filled[officer_id] * step
        filled[officer_id] += 1
    return levels


def _next_best(
    client: Client,
    chosen: Officer,
    parts: Mapping[str, float],
    assignment: Mapping[int, int],
    clients: Sequence[Client],
    officers: Sequence[Officer],
    weights: Weights,
    step: float,
) -> tuple[int | None, float | None]:
    """The other officer with room whose taking the client instead raises the total cost least, and by how much.

    Officers' clients sit heaviest first, so a client put in (or taken out of) a place pushes the lighter ones
    after it one place up (or down): the difference counts that too, and is never negative at the optimum.
    """
    queues: dict[int, list[Client]] = defaultdict(list)
    for other in sorted(clients, key=_heaviest_first):
        if other.id in assignment:
            queues[assignment[other.id]].append(other)
    saved = sum(parts.values()) + _shift(chosen, queues[chosen.id], client, step, weights)
    best: tuple[float, int] | None = None
    for officer in officers:
        if officer.id == chosen.id or not eligible(client, officer):
            continue
        queue = queues[officer.id]
        if officer.load + sum(c.points for c in queue) + client.points > officer.capacity + 1e-9:
            continue
        position = sum(1 for c in queue if _heaviest_first(c) < _heaviest_first(client))
        level = officer.load + position * step
        added = sum(client_parts(client, officer, level, weights).values())
        added += _shift(officer, queue, client, step, weights)
        if best is None or (added, officer.id) < best:
            best = (added, officer.id)
    if best is None:
        return None, None
    return best[1], best[0] - saved


def _heaviest_first(client: Client) -> tuple[float, int]:
    return (-client.points, client.id)


def _shift(officer: Officer, queue: Sequence[Client], client: Client, step: float, weights: Weights) -> float:
    """What the clients lighter than `client` in an officer's queue gain in load cost when it joins (or save when it
    leaves): each moves one place, `step` points, up (or down)."""
    lighter = sum(c.points for c in queue if c.id != client.id and _heaviest_first(c) > _heaviest_first(client))
    return weights.load * 2 * step * lighter / officer.capacity


def total_cost(
    assignment: Mapping[int, int], clients: Sequence[Client], officers: Sequence[Officer], weights: Weights
) -> float:
    """The model's cost of any assignment of the batch `clients`, for comparisons."""
    by_id = {o.id: o for o in officers}
    step = sum(c.points for c in clients) / len(clients) if clients else 0.0
    levels = _levels(assignment, clients, by_id, step)
    return sum(
        sum(client_parts(c, by_id[assignment[c.id]], levels[c.id], weights).values())
        for c in clients
        if c.id in assignment
    )


def greedy_nearest_with_room(clients: Sequence[Client], officers: Sequence[Officer]) -> dict[int, int]:
    """The rule a section head follows by hand: each client in turn to the nearest eligible officer with room,
    the emptiest one first among equals. Only for comparison with the engine."""
    added: dict[int, float] = defaultdict(float)
    assignment: dict[int, int] = {}
    for client in clients:
        choices = [
            o for o in officers if eligible(client, o) and o.load + added[o.id] + client.points <= o.capacity + 1e-9
        ]
        if not choices:
            continue
        chosen = min(
            choices, key=lambda o: (distance_tier(client.home, o.area), (o.load + added[o.id]) / o.capacity, o.id)
        )
        assignment[client.id] = chosen.id
        added[chosen.id] += client.points
    return assignment


def rebalance(
    clients: Sequence[Client], officers: Sequence[Officer], *, max_moves: int, weights: Weights | None = None
) -> Result:
    """At most `max_moves` of `clients` (each with a `current_officer`) move, to lower the cost (chiefly the spread
    of load), each move paying the continuity cost. `officers[].load` counts only what is not in `clients`.

    The moves allowed are bounded by raising the price of a move until the optimum makes no more than
    `max_moves` of them (bisection on that price); the proposals list the moves only.
    """
    weights = weights or Weights()
    if max_moves <= 0 or not clients:
        return Result()
    low, high = 0.0, 1.0
    result = _solve_moves(clients, officers, weights, 0.0)
    if len(result.proposals) <= max_moves:
        return result
    while len(_solve_moves(clients, officers, weights, high).proposals) > max_moves:
        low, high = high, high * 2
    best = _solve_moves(clients, officers, weights, high)
    for _ in range(12):
        middle = (low + high) / 2
        attempt = _solve_moves(clients, officers, weights, middle)
        if len(attempt.proposals) <= max_moves:
            high, best = middle, attempt
        else:
            low = middle
    return best


def _solve_moves(clients: Sequence[Client], officers: Sequence[Officer], weights: Weights, price: float) -> Result:
    """Every client placed again, staying always allowed (even with an officer over capacity), moving only where
    the officer has room; a move costs the continuity weight plus `price`. Returns the moves."""
    priced = Weights(
        load=weights.load,
        distance=weights.distance,
        continuity=weights.continuity + price,
        seniority=weights.seniority,
        scorecard=weights.scorecard,
    )
    by_id = {o.id: o for o in officers}
    step = sum(c.points for c in clients) / len(clients)
    columns: list[tuple[Officer, float]] = []
    for officer in officers:
        keeping = sum(1 for c in clients if c.current_officer == officer.id)
        count = max(keeping, _places(officer, step, min(c.points for c in clients), len(clients)))
        columns += [(officer, officer.load + k * step) for k in range(count)]
    matrix = np.full((len(clients), len(columns)), FORBIDDEN)
    for i, client in enumerate(clients):
        for c, (officer, level) in enumerate(columns):
            staying = officer.id == client.current_officer
            fits = level + client.points <= officer.capacity + 1e-9
            if staying or (eligible(client, officer) and fits):
                matrix[i, c] = sum(client_parts(client, officer, level, priced).values())
    rows, cols = linear_sum_assignment(matrix)
    assignment = {clients[i].id: columns[c][0].id for i, c in zip(rows, cols, strict=True)}
    levels = _levels(assignment, clients, by_id, step)
    result = Result()
    for client in clients:
        officer_id = assignment[client.id]
        if officer_id != client.current_officer:
            parts = client_parts(client, by_id[officer_id], levels[client.id], weights)
            result.proposals.append(Proposal(client.id, officer_id, parts, client.current_officer, None))
    return result


# --- needs → partners -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Partner:
    id: int
    fields: frozenset[str]
    regencies: frozenset[str]  # regency codes served
    agreement_in_force: bool
    capacity: int  # referrals at a time
    open_referrals: int
    places: frozenset[str] = frozenset()  # region codes of its premises
    acceptance_rate: float | None = None  # 0..1, from the scorecard; None when it has no history
    completion_rate: float | None = None


@dataclass(frozen=True)
class Need:
    id: int
    field: str
    home: str  # village code of the client's domicile
    excluded: frozenset[int] = frozenset()  # partners already tried (declined)

    @property
    def regency(self) -> str:
        return ".".join(self.home.split(".")[:2])


def partner_parts(need: Need, partner: Partner, weights: Weights) -> dict[str, float]:
    missing = sum(1 - rate for rate in (partner.acceptance_rate, partner.completion_rate) if rate is not None)
    return {
        "distance": weights.distance[distance_tier(need.home, partner.places)],
        "scorecard": weights.scorecard * missing,
    }


def partner_eligible(need: Need, partner: Partner) -> bool:
    return (
        partner.agreement_in_force
        and need.field in partner.fields
        and need.regency in partner.regencies
        and partner.id not in need.excluded
        and partner.capacity > partner.open_referrals
    )


def _unservable(need: Need, partners: Sequence[Partner]) -> Reason | None:
    offering = [p for p in partners if need.field in p.fields and p.id not in need.excluded]
    if not offering:
        return Reason.NO_PARTNER_FOR_FIELD
    serving = [p for p in offering if need.regency in p.regencies]
    if not serving:
        return Reason.NO_PARTNER_IN_REGENCY
    in_force = [p for p in serving if p.agreement_in_force]
    if not in_force:
        return Reason.NO_AGREEMENT_IN_FORCE
    if not any(p.capacity > p.open_referrals for p in in_force):
        return Reason.NO_ROOM
    return None


def allocate_needs(needs: Sequence[Need], partners: Sequence[Partner], weights: Weights | None = None) -> Result:
    """The minimum-cost assignment of open needs to partners (see the module's docstring)."""
    weights = weights or Weights()
    result = Result()
    servable = []
    for need in needs:
        reason = _unservable(need, partners)
        if reason is None:
            servable.append(need)
        else:
            result.infeasible.append(Infeasible(need.id, reason))
    if not servable:
        return result
    columns = [p for p in partners for _ in range(min(p.capacity - p.open_referrals, len(servable)))]
    n = len(servable)
    matrix = np.full((n, len(columns) + n), FORBIDDEN)
    costs = {(need.id, p.id): sum(partner_parts(need, p, weights).values()) for need in servable for p in partners}
    for i, need in enumerate(servable):
        matrix[i, len(columns) + i] = UNASSIGNED
        for c, partner in enumerate(columns):
            if partner_eligible(need, partner):
                matrix[i, c] = costs[(need.id, partner.id)]
    rows, cols = linear_sum_assignment(matrix)
    taken: dict[int, int] = defaultdict(int)
    chosen: dict[int, Partner] = {}
    for i, c in zip(rows, cols, strict=True):
        if c < len(columns):
            chosen[servable[i].id] = columns[c]
            taken[columns[c].id] += 1
    for need in servable:
        served_by = chosen.get(need.id)
        if served_by is None:
            result.infeasible.append(Infeasible(need.id, Reason.NO_ROOM))
            continue
        own = costs[(need.id, served_by.id)]
        others = sorted(
            (costs[(need.id, p.id)], p.id)
            for p in partners
            if p.id != served_by.id and partner_eligible(need, p) and p.open_referrals + taken[p.id] < p.capacity
        )
        alternative, difference = (others[0][1], others[0][0] - own) if others else (None, None)
        result.proposals.append(
            Proposal(need.id, served_by.id, partner_parts(need, served_by, weights), alternative, difference)
        )
    return result
