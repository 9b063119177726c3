"""The "rebalance" proposal (issue 12 point 3): at most N clients, N chosen by the user, move to another PK to
reduce the spread of load, each move paying the continuity cost.

Who is in the batch: the PKs whose load the user sees and who may guide (`proposals.eligible_officers`: a section
head's section, the head's office) and the clients they guide now that the user may see
(`clients.access.clients_visible_to`). The engine (`engine.rebalance`, steepest descent) gets the same plain values
as the proposals for clients without a PK (`proposals.engine_inputs`), except that an officer's load counts only
what is *not* in the batch (the engine adds the batch's clients back where they are) and each client's PK is its
`current_officer`, so every move pays the continuity cost.

Each proposed move shows the client, the PK they leave and the PK they go to, the load in per cent of both before
and after that move (moves are made in the order shown, each from the state the previous ones left), and the cost
parts of the client with the new PK; the spread of load of the PKs (the fullest less the emptiest, and the
standard deviation, in percentage points) is shown before and after all the moves.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from accounts.models import User
from allocation import engine, proposals, selectors
from clients import access as client_access
from clients.codes import OPEN_STATUSES
from clients.models import Client

MAX_MOVES = 50  # the most moves a user may ask for at once: a section head reviews each of them


@dataclass
class Move:
    """One proposed move: the client, the PK they leave, the PK they go to, the loads and the cost parts."""

    client: Client
    from_officer: User
    to_officer: User
    parts: list[float]  # in proposals.PARTS order: the client's cost with the new PK
    cost: float
    gain: float  # how much the move lowers the total cost, its continuity cost paid
    from_before: float | None  # per cent of capacity, None without capacity
    from_after: float | None
    to_before: float | None
    to_after: float | None

    @property
    def value(self) -> str:
        """The value the form posts back: "client_id:from_officer_id:to_officer_id"."""
        return f"{self.client.pk}:{self.from_officer.pk}:{self.to_officer.pk}"


@dataclass
class Spread:
    """How unevenly the PKs with capacity are loaded: the fullest less the emptiest, and the standard deviation,
    in percentage points."""

    range: float | None = None
    deviation: float | None = None

    @classmethod
    def of(cls, percents: Sequence[float]) -> Spread:
        if not percents:
            return cls()
        mean = sum(percents) / len(percents)
        deviation = math.sqrt(sum((p - mean) ** 2 for p in percents) / len(percents))
        return cls(range=max(percents) - min(percents), deviation=deviation)


@dataclass
class Rebalance:
    on: datetime.date
    max_moves: int
    moves: list[Move] = field(default_factory=list)
    before: Spread = field(default_factory=Spread)
    after: Spread = field(default_factory=Spread)
    officers: int = 0  # PKs in the batch
    clients: int = 0  # clients in the batch


def guided_clients(user, officers: Sequence[User]) -> list[Client]:
    """The clients `officers` guide now that `user` may see, with their current episode (one query)."""
    qs = client_access.clients_visible_to(Client.objects.all(), user).filter(
        current_episode__officer__in=[o.pk for o in officers], current_episode__status__in=sorted(OPEN_STATUSES)
    )
    return list(qs.select_related("current_episode").order_by("name", "pk"))


def _percent(points: float, capacity: float) -> float | None:
    return points / capacity * 100 if capacity > 0 else None


def rebalance_inputs(
    clients: Sequence[Client], officers: Sequence[User], *, on: datetime.date
) -> tuple[list[engine.Client], list[engine.Officer], dict[int, float]]:
    """The engine's clients (each with its PK) and officers (with the load of what is not in the batch), and each
    officer's whole load in points, for the page's figures."""
    engine_clients, engine_officers = proposals.engine_inputs(clients, officers, on=on)
    pk_of: dict[int, int] = {}
    for c in clients:
        if c.current_episode is not None and c.current_episode.officer_id is not None:
            pk_of[c.pk] = c.current_episode.officer_id
    in_batch: dict[int, float] = {}
    for client in engine_clients:
        officer_id = pk_of[client.id]
        in_batch[officer_id] = in_batch.get(officer_id, 0.0) + client.points
    whole = {o.id: o.load for o in engine_officers}
    # The selectors round an officer's points; the batch's share never makes the rest negative.
    officers_out = [
        engine.Officer(
            id=o.id,
            pool=o.pool,
            capacity=o.capacity,
            load=max(0.0, o.load - in_batch.get(o.id, 0.0)),
            area=o.area,
            senior=o.senior,
        )
        for o in engine_officers
    ]
    clients_out = [
        engine.Client(
            id=c.id,
            points=c.points,
            pool=c.pool,
            home=c.home,
            high_risk=c.high_risk,
            current_officer=pk_of[c.id],
            excluded=c.excluded,
        )
        for c in engine_clients
    ]
    return clients_out, officers_out, whole


def propose(user, *, on: datetime.date, max_moves: int) -> Rebalance:
    """At most `max_moves` moves among the PKs of the user's section (office, for the head), explained."""
    officers = proposals.eligible_officers(user)
    clients = guided_clients(user, officers)
    return propose_for(clients, officers, on=on, max_moves=max_moves)


def propose_for(clients: Sequence[Client], officers: Sequence[User], *, on: datetime.date, max_moves: int) -> Rebalance:
    result = Rebalance(on=on, max_moves=max_moves, officers=len(officers), clients=len(clients))
    if not clients or not officers:
        return result
    engine_clients, engine_officers, whole = rebalance_inputs(clients, officers, on=on)
    capacity = {o.id: o.capacity for o in engine_officers}
    load = dict(whole)
    result.before = _spread(load, capacity)
    weights = selectors.weights_for(clients[0].office_id)
    answer = engine.rebalance(engine_clients, engine_officers, max_moves=max_moves, weights=weights)
    by_client = {c.pk: c for c in clients}
    by_officer = {o.pk: o for o in officers}
    points = {c.id: c.points for c in engine_clients}
    for proposal in answer.proposals:
        source = proposal.alternative  # the engine names the PK the client has as the move's alternative
        assert source is not None  # noqa: S101 (every client of the batch has a PK)
        target = proposal.to
        from_before, to_before = load[source], load[target]
        load[source] -= points[proposal.row]
        load[target] += points[proposal.row]
        result.moves.append(
            Move(
                client=by_client[proposal.row],
                from_officer=by_officer[source],
                to_officer=by_officer[target],
                parts=[proposal.parts[key] for key, _label in proposals.PARTS],
                cost=proposal.cost,
                gain=proposal.difference or 0.0,
                from_before=_percent(from_before, capacity[source]),
                from_after=_percent(load[source], capacity[source]),
                to_before=_percent(to_before, capacity[target]),
                to_after=_percent(load[target], capacity[target]),
            )
        )
    result.after = _spread(load, capacity)
    return result


def _spread(load: Mapping[int, float], capacity: Mapping[int, float]) -> Spread:
    return Spread.of([load[k] / capacity[k] * 100 for k in load if capacity[k] > 0])
