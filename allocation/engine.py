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

**The model, clients → officers.** Hard: the client's pool, i.e. the officers who may guide them at all (the
caller builds pools from `accounts.scopes`: children only to BKA staff), the exclusions
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

import bisect
import enum
import functools
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
    prefixes = _prefixes(area if isinstance(area, frozenset) else frozenset(area))
    parts = home.split(".")
    for level, tier in _LEVELS:
        if len(parts) >= level and ".".join(parts[:level]) in prefixes:
            return tier
    return Tier.OTHER


_LEVELS = ((4, Tier.VILLAGE), (3, Tier.DISTRICT), (2, Tier.REGENCY))


@functools.lru_cache(maxsize=4096)
def _prefixes(area: frozenset[str]) -> frozenset[str]:
    """Every regency, district and village prefix of an area's codes: a home shares its first k parts with some
    code of the area exactly when its k-part prefix is among them (one set lookup per level instead of a scan of
    the area for every client and officer)."""
    found = set()
    for code in area:
        parts = code.split(".")
        for level in range(2, min(len(parts), 4) + 1):
            found.add(".".join(parts[:level]))
    return frozenset(found)


class Reason(enum.StrEnum):
    """Why a row got no proposal."""

    NO_OFFICER_IN_POOL = "no_officer_in_pool"
    ALL_EXCLUDED = "all_excluded"
    NO_ROOM = "no_room"
    NO_PARTNER_FOR_FIELD = "no_partner_for_field"
    NO_PARTNER_IN_REGENCY = "no_partner_in_regency"
    NO_AGREEMENT_IN_FORCE = "no_agreement_in_force"


@dataclass(frozen=True)
class Officer:
    id: int
    pool: str  # clients go only to officers of their own pool (a section: the caller decides who is in which)
    capacity: float  # points this period (contracted hours less leave, training and structural duties)
    load: float  # points of the clients the officer keeps (not those being allocated)
    area: frozenset[str] = frozenset()  # region codes of the working area
    senior: bool = False  # jenjang Ahli Muda or above


@dataclass(frozen=True)
class Client:
    id: int
    points: float
    pool: str
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
    return officer.pool == client.pool and officer.id not in client.excluded and officer.capacity > 0


def _unplaceable(client: Client, officers: Sequence[Officer]) -> Reason | None:
    same_pool = [o for o in officers if o.pool == client.pool and o.capacity > 0]
    if not same_pool:
        return Reason.NO_OFFICER_IN_POOL
    allowed = [o for o in same_pool if o.id not in client.excluded]
    if not allowed:
        return Reason.ALL_EXCLUDED
    if not any(o.load + client.points <= o.capacity for o in allowed):
        return Reason.NO_ROOM
    return None


class _Table:
    """The parts of the cost that do not depend on load, for every client × officer, as arrays.

    `moved[i, j]`: officer j is not the PK client i has (the continuity cost applies); `allowed[i, j]`: the hard
    rules of pool and exclusion (capacity is checked per place).
    """

    def __init__(self, clients: Sequence[Client], officers: Sequence[Officer], weights: Weights):
        self.clients, self.officers, self.weights = clients, officers, weights
        self.index = {o.id: j for j, o in enumerate(officers)}
        n, m = len(clients), len(officers)
        self.points = np.array([c.points for c in clients], dtype=float)
        self.capacity = np.array([o.capacity for o in officers], dtype=float)
        self.load = np.array([o.load for o in officers], dtype=float)
        self.distance = np.zeros((n, m))
        self.allowed = np.zeros((n, m), dtype=bool)
        senior = np.array([o.senior for o in officers], dtype=bool)
        high_risk = np.array([c.high_risk for c in clients], dtype=bool)
        self.seniority = np.outer(high_risk, ~senior).astype(float) * weights.seniority
        current = np.array([self.index.get(c.current_officer, -1) for c in clients])  # type: ignore[arg-type]
        has_pk = np.array([c.current_officer is not None for c in clients], dtype=bool)
        self.moved = has_pk[:, None] & (np.arange(m)[None, :] != current[:, None])
        self.current = current
        tiers: dict[tuple[str, frozenset[str]], float] = {}
        for i, client in enumerate(clients):
            for j, officer in enumerate(officers):
                self.allowed[i, j] = eligible(client, officer)
                key = (client.home, officer.area)
                if key not in tiers:
                    tiers[key] = weights.distance[distance_tier(client.home, officer.area)]
                self.distance[i, j] = tiers[key]

    def fixed(self, continuity: float) -> np.ndarray:
        return self.distance + self.seniority + self.moved * continuity

    def matrix(self, columns: tuple[np.ndarray, np.ndarray], continuity: float, *, may_stay: bool = False):
        """Cost of each client in each place (`columns`: officer index and level of each place); inf if not allowed."""
        officer, level = columns
        p = self.points[:, None]
        capacity = self.capacity[officer][None, :]
        cost = self.fixed(continuity)[:, officer] + self.weights.load * (2 * p * level[None, :] + p * p) / capacity
        fits = self.allowed[:, officer] & (level[None, :] + p <= capacity + 1e-9)
        if may_stay:
            fits |= officer[None, :] == self.current[:, None]
        return np.where(fits, cost, FORBIDDEN)

    def parts(self, i: int, j: int, level: float) -> dict[str, float]:
        client, officer = self.clients[i], self.officers[j]
        return {
            "load": load_cost(officer, level, client.points, self.weights),
            "distance": float(self.distance[i, j]),
            "continuity": self.weights.continuity if self.moved[i, j] else 0.0,
            "seniority": float(self.seniority[i, j]),
        }


def _columns(officers: Sequence[Officer], counts: Sequence[int], step: float) -> tuple[np.ndarray, np.ndarray]:
    officer = np.repeat(np.arange(len(officers)), counts)
    level = np.concatenate(
        [o.load + step * np.arange(k) for o, k in zip(officers, counts, strict=True)] or [np.zeros(0)]
    )
    return officer, level


def _solve(matrix: np.ndarray, *, allow_unassigned: bool) -> np.ndarray:
    """The column of each row (-1: left unassigned)."""
    n, columns = matrix.shape
    if allow_unassigned:
        dummy = np.full((n, n), FORBIDDEN)
        np.fill_diagonal(dummy, UNASSIGNED)
        matrix = np.hstack([matrix, dummy])
    rows, cols = linear_sum_assignment(matrix)
    chosen = np.full(n, -1)
    chosen[rows] = np.where(cols < columns, cols, -1)
    return chosen


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
    table = _Table(placeable, officers, weights)
    smallest = min(c.points for c in placeable)
    limits = [_places(o, step, smallest, len(placeable)) for o in officers]
    while True:
        columns = _columns(officers, limits, step)
        chosen = _solve(table.matrix(columns, weights.continuity), allow_unassigned=True)
        assignment = {placeable[i].id: officers[columns[0][c]].id for i, c in enumerate(chosen) if c >= 0}
        over = _overfilled(assignment, placeable, officers)
        if not over:
            break
        for officer_id in over:  # one place fewer where the batch's heavier clients overfilled an officer
            limits[table.index[officer_id]] = sum(1 for o in assignment.values() if o == officer_id) - 1
    unplaced = {c.id for c in placeable} - set(assignment)
    _fill_in(assignment, unplaced, placeable, officers, weights)
    levels = _levels(assignment, placeable, {o.id: o for o in officers}, step)
    queues = _Queues(assignment, placeable, officers, step, weights)
    for i, client in enumerate(placeable):
        if client.id in unplaced:
            result.infeasible.append(Infeasible(client.id, Reason.NO_ROOM))
            continue
        j = table.index[assignment[client.id]]
        parts = table.parts(i, j, levels[client.id])
        alternative, difference = queues.next_best(table, i, j, sum(parts.values()))
        result.proposals.append(Proposal(client.id, officers[j].id, parts, alternative, difference))
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
    room = officer.capacity + 1e-9 - officer.load - smallest
    return 0 if room < 0 else min(most, int(room // step) + 1)


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
    for client in sorted(clients, key=_heaviest_first):
        officer_id = assignment.get(client.id)
        if officer_id is None:
            continue
        levels[client.id] = by_id[officer_id].load + filled[officer_id] * step
        filled[officer_id] += 1
    return levels


def _heaviest_first(client: Client) -> tuple[float, int]:
    return (-client.points, client.id)


class _Queues:
    """Each officer's clients of the proposal, heaviest first, to price one client put elsewhere.

    A client put in (or taken out of) a place pushes the lighter ones after it one place up (or down), each
    `step` points: the difference counts that too, and is never negative at the optimum.
    """

    def __init__(
        self,
        assignment: Mapping[int, int],
        clients: Sequence[Client],
        officers: Sequence[Officer],
        step: float,
        weights: Weights,
    ):
        self.step, self.weights, self.officers = step, weights, officers
        queues: dict[int, list[Client]] = defaultdict(list)
        for client in sorted(clients, key=_heaviest_first):
            if client.id in assignment:
                queues[assignment[client.id]].append(client)
        self.keys = {o.id: [_heaviest_first(c) for c in queues[o.id]] for o in officers}
        self.after: dict[int, Sequence[float]] = {}  # points of the clients from each position to the end
        self.points: dict[int, float] = {}
        for officer in officers:
            weights_in_order = [c.points for c in queues[officer.id]]
            suffix = np.cumsum(weights_in_order[::-1])[::-1].tolist() if weights_in_order else []
            self.after[officer.id] = [*suffix, 0.0]
            self.points[officer.id] = float(sum(weights_in_order))

    def _shift(self, officer: Officer, position: int, *, skip: int = 0) -> float:
        lighter = self.after[officer.id][position + skip]
        return self.weights.load * 2 * self.step * lighter / officer.capacity

    def next_best(self, table: _Table, i: int, j: int, own: float) -> tuple[int | None, float | None]:
        client, chosen = table.clients[i], table.officers[j]
        key = _heaviest_first(client)
        saved = own + self._shift(chosen, bisect.bisect_left(self.keys[chosen.id], key), skip=1)
        fixed = table.fixed(table.weights.continuity)[i]
        best: tuple[float, int] | None = None
        for k, officer in enumerate(self.officers):
            if k == j or not table.allowed[i, k]:
                continue
            if officer.load + self.points[officer.id] + client.points > officer.capacity + 1e-9:
                continue
            position = bisect.bisect_left(self.keys[officer.id], key)
            level = officer.load + position * self.step
            added = fixed[k] + load_cost(officer, level, client.points, self.weights) + self._shift(officer, position)
            if best is None or (added, officer.id) < best:
                best = (added, officer.id)
        if best is None:
            return None, None
        return best[1], best[0] - saved


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

    Steepest descent: the move that lowers the total cost most, then the next from there, each client at most once,
    until `max_moves` are made or no move gains more than its continuity cost. A move needs room; staying is always
    allowed, even with an officer over capacity. The load cost is the module's `load² / capacity` on the points
    each officer really carries. (Bounding an exact assignment's moves took 2–4 s at the scale of an office; the
    moves worth proposing to a section head are few and large, which this finds in milliseconds.) The proposals
    list the moves, each with the PK the client has as its alternative.
    """
    weights = weights or Weights()
    result = Result()
    if max_moves <= 0 or not clients:
        return result
    table = _Table(clients, officers, weights)
    p = table.points
    where = table.current.copy()
    load = table.load.copy()
    for i, j in enumerate(where):
        if j >= 0:
            load[j] += p[i]
    fixed = table.fixed(weights.continuity)
    movable = where >= 0
    capacity = np.where(table.capacity > 0, table.capacity, np.inf)
    rows = np.arange(len(clients))
    for _ in range(max_moves):
        here = np.where(movable, where, 0)
        saved = weights.load * (2 * load[here] * p - p * p) / capacity[here] + fixed[rows, here]
        added = weights.load * (2 * load[None, :] * p[:, None] + (p * p)[:, None]) / capacity[None, :] + fixed
        fits = table.allowed & (load[None, :] + p[:, None] <= table.capacity[None, :] + 1e-9)
        fits &= movable[:, None] & (np.arange(len(officers))[None, :] != here[:, None])
        gain = np.where(fits, saved[:, None] - added, -np.inf)
        row, col = (int(n) for n in np.unravel_index(int(np.argmax(gain)), gain.shape))
        if gain[row, col] <= 1e-9:
            break
        parts = table.parts(row, col, float(load[col]))
        load[where[row]] -= p[row]
        load[col] += p[row]
        where[row] = col
        movable[row] = False
        client = clients[row]
        result.proposals.append(
            Proposal(client.id, officers[col].id, parts, client.current_officer, float(gain[row, col]))
        )
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
    places = [max(0, min(p.capacity - p.open_referrals, len(servable))) for p in partners]
    columns = [p for p, count in zip(partners, places, strict=True) for _ in range(count)]
    owner = np.repeat(np.arange(len(partners)), places)
    costs = {(need.id, p.id): sum(partner_parts(need, p, weights).values()) for need in servable for p in partners}
    by_partner = np.array([[costs[(need.id, p.id)] for p in partners] for need in servable])
    allowed = np.array([[partner_eligible(need, p) for p in partners] for need in servable], dtype=bool)
    matrix = np.where(allowed[:, owner], by_partner[:, owner], FORBIDDEN)
    taken: dict[int, int] = defaultdict(int)
    chosen: dict[int, Partner] = {}
    for i, c in enumerate(_solve(matrix, allow_unassigned=True)):
        if c >= 0:
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
