"""The allocation engine on plain data: hard rules never broken, the optimum matched by brute force, reasons given."""

from __future__ import annotations

import itertools
from unittest import TestCase

from hypothesis import given, settings
from hypothesis import strategies as st

from allocation import engine
from allocation.engine import Client, Need, Officer, Partner, Reason, Tier, Weights

W = Weights()
VILLAGES = ["32.09.01.2001", "32.09.01.2002", "32.09.02.2001", "32.10.01.2001"]
AREAS = ["32.09", "32.09.01", "32.09.01.2001", "32.10", "32.10.01"]


def brute_force_clients(clients, officers, weights=W):
    """The best assignment by trying every one: fewest clients left out first, then the lowest cost."""
    options = [[o.id for o in officers if engine.eligible(c, o)] + [None] for c in clients]
    best = None
    for combo in itertools.product(*options):
        added: dict[int, float] = {}
        for client, officer_id in zip(clients, combo, strict=True):
            if officer_id is not None:
                added[officer_id] = added.get(officer_id, 0) + client.points
        if any(o.id in added and o.load + added[o.id] > o.capacity + 1e-9 for o in officers):
            continue
        assignment = {c.id: o for c, o in zip(clients, combo, strict=True) if o is not None}
        key = (len(clients) - len(assignment), engine.total_cost(assignment, clients, officers, weights))
        best = key if best is None or key < best else best
    return best


def brute_force_needs(needs, partners, weights=W):
    options = [[p.id for p in partners if engine.partner_eligible(n, p)] + [None] for n in needs]
    by_id = {p.id: p for p in partners}
    best = None
    for combo in itertools.product(*options):
        taken: dict[int, int] = {}
        for partner_id in combo:
            if partner_id is not None:
                taken[partner_id] = taken.get(partner_id, 0) + 1
        if any(by_id[p].open_referrals + k > by_id[p].capacity for p, k in taken.items()):
            continue
        cost = sum(
            sum(engine.partner_parts(n, by_id[p], weights).values())
            for n, p in zip(needs, combo, strict=True)
            if p is not None
        )
        key = (sum(p is None for p in combo), cost)
        best = key if best is None or key < best else best
    return best


def assert_rules_kept(test, clients, officers, result):
    by_id = {o.id: o for o in officers}
    points = {c.id: c for c in clients}
    placed = [p.row for p in result.proposals] + [i.row for i in result.infeasible]
    test.assertEqual(sorted(placed), sorted(points))  # every client once: proposed or listed with a reason
    added: dict[int, float] = {}
    for proposal in result.proposals:
        client, officer = points[proposal.row], by_id[proposal.to]
        test.assertEqual(client.pool, officer.pool)
        test.assertNotIn(officer.id, client.excluded)
        added[officer.id] = added.get(officer.id, 0) + client.points
    for officer_id, points_added in added.items():
        test.assertLessEqual(by_id[officer_id].load + points_added, by_id[officer_id].capacity + 1e-9)


class DistanceTierTestCase(TestCase):
    def test_tiers_follow_the_region_hierarchy(self):
        home = "32.09.01.2001"
        self.assertEqual(engine.distance_tier(home, ["32.09.01.2001"]), Tier.VILLAGE)
        self.assertEqual(engine.distance_tier(home, ["32.09.01.2002"]), Tier.DISTRICT)
        self.assertEqual(engine.distance_tier(home, ["32.09.01"]), Tier.DISTRICT)
        self.assertEqual(engine.distance_tier(home, ["32.09.05.2001", "32.09"]), Tier.REGENCY)
        self.assertEqual(engine.distance_tier(home, ["32.10", "33.01.01.2001"]), Tier.OTHER)
        self.assertEqual(engine.distance_tier(home, ["32.10", "32.09.01.2001"]), Tier.VILLAGE)  # the nearest part

    def test_an_unknown_home_or_area_counts_as_far(self):
        self.assertEqual(engine.distance_tier("", ["32.09"]), Tier.OTHER)
        self.assertEqual(engine.distance_tier("32.09.01.2001", []), Tier.OTHER)


class AllocateClientsTestCase(TestCase):
    def officer(self, id, **fields):
        values = {"pool": "BKD", "capacity": 30.0, "load": 10.0, "area": frozenset({"32.09"})} | fields
        return Officer(id, **values)

    def test_children_go_only_to_bka_officers_and_exclusions_hold(self):
        officers = [self.officer(1), self.officer(2, pool="BKA"), self.officer(3, pool="BKA")]
        child = Client(10, 2.0, "BKA", "32.09.01.2001", excluded=frozenset({2}))
        result = engine.allocate_clients([child], officers)
        self.assertEqual(result.assignment(), {10: 3})
        (proposal,) = result.proposals
        self.assertIsNone(proposal.alternative)  # the only other BKA officer is excluded

    def test_the_emptier_officer_nearby_wins_and_the_reasons_are_its_cost_parts(self):
        officers = [
            self.officer(1, load=25.0, area=frozenset({"32.09.01.2001"})),
            self.officer(2, load=5.0, area=frozenset({"32.09.01"})),
            self.officer(3, load=0.0, area=frozenset({"32.10"})),
        ]
        client = Client(10, 1.0, "BKD", "32.09.01.2001")
        (proposal,) = engine.allocate_clients([client], officers).proposals
        self.assertEqual(proposal.to, 2)
        self.assertEqual(proposal.parts["distance"], W.distance[Tier.DISTRICT])
        self.assertAlmostEqual(proposal.parts["load"], W.load * (2 * 5 + 1) / 30)
        self.assertEqual((proposal.parts["continuity"], proposal.parts["seniority"]), (0.0, 0.0))
        self.assertEqual(proposal.alternative, 1)
        village_but_full = W.load * (2 * 25 + 1) / 30 + W.distance[Tier.VILLAGE]
        self.assertAlmostEqual(proposal.difference, village_but_full - proposal.cost)

    def test_a_client_keeps_their_pk_unless_the_gain_passes_the_threshold(self):
        officers = [self.officer(1, load=20.0), self.officer(2, load=18.0)]
        client = Client(10, 1.0, "BKD", "32.09.01.2001", current_officer=1)
        self.assertEqual(engine.allocate_clients([client], officers).assignment(), {10: 1})
        low_threshold = Weights(continuity=0.5)
        self.assertEqual(engine.allocate_clients([client], officers, low_threshold).assignment(), {10: 2})

    def test_high_risk_clients_go_to_senior_officers(self):
        officers = [self.officer(1, load=0.0), self.officer(2, load=8.0, senior=True)]
        risky = Client(10, 2.0, "BKD", "32.09.01.2001", high_risk=True)
        plain = Client(11, 2.0, "BKD", "32.09.01.2001")
        self.assertEqual(engine.allocate_clients([risky, plain], officers).assignment(), {10: 2, 11: 1})

    def test_capacity_is_never_exceeded_and_the_rest_are_listed_as_having_no_room(self):
        officers = [self.officer(1, capacity=12.0, load=10.0), self.officer(2, capacity=0.0, load=0.0)]
        clients = [Client(10 + i, 1.0, "BKD", "32.09.01.2001") for i in range(4)]
        result = engine.allocate_clients(clients, officers)
        self.assertEqual(len(result.proposals), 2)
        self.assertEqual([i.reason for i in result.infeasible], [Reason.NO_ROOM, Reason.NO_ROOM])
        assert_rules_kept(self, clients, officers, result)

    def test_each_impossible_client_gets_its_reason(self):
        officers = [self.officer(1, capacity=11.0, load=10.0), self.officer(2, pool="BKA", capacity=0.0)]
        clients = [
            Client(10, 1.0, "BKA", "32.09.01.2001"),  # the only BKA officer has no capacity
            Client(11, 1.0, "BKD", "32.09.01.2001", excluded=frozenset({1})),
            Client(12, 3.0, "BKD", "32.09.01.2001"),  # heavier than the room left
        ]
        result = engine.allocate_clients(clients, officers)
        self.assertEqual(result.proposals, [])
        self.assertEqual(
            {(i.row, i.reason) for i in result.infeasible},
            {(10, Reason.NO_OFFICER_IN_POOL), (11, Reason.ALL_EXCLUDED), (12, Reason.NO_ROOM)},
        )

    def test_the_engine_spreads_load_where_the_greedy_rule_piles_it_on_the_nearest(self):
        officers = [
            self.officer(1, load=0.0, area=frozenset({"32.09.01.2001"})),
            self.officer(2, load=0.0, area=frozenset({"32.09.01"})),
        ]
        clients = [Client(10 + i, 2.0, "BKD", "32.09.01.2001") for i in range(10)]
        greedy = engine.greedy_nearest_with_room(clients, officers)
        engine_result = engine.allocate_clients(clients, officers)
        self.assertEqual(set(greedy.values()), {1})
        self.assertEqual(set(engine_result.assignment().values()), {1, 2})
        self.assertLess(engine_result.cost, engine.total_cost(greedy, clients, officers, W))


officers_strategy = st.lists(
    st.builds(
        Officer,
        id=st.integers(0, 1000),
        pool=st.sampled_from(["BKD", "BKA"]),
        capacity=st.sampled_from([0.0, 3.0, 5.0, 8.0, 12.0]),
        load=st.sampled_from([0.0, 1.0, 2.0, 4.0, 9.0]),
        area=st.frozensets(st.sampled_from(AREAS), max_size=2),
        senior=st.booleans(),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda o: o.id,
)


@st.composite
def clients_for(draw, officers, *, same_points: bool):
    ids = [o.id for o in officers]
    points = draw(st.sampled_from([1.0, 1.5, 2.0]))
    count = draw(st.integers(1, 6))
    return [
        Client(
            2000 + i,
            points if same_points else draw(st.sampled_from([1.0, 1.5, 2.0, 3.0])),
            draw(st.sampled_from(["BKD", "BKA"])),
            draw(st.sampled_from(["", *VILLAGES])),
            draw(st.booleans()),
            draw(st.one_of(st.none(), st.sampled_from(ids))),
            draw(st.frozensets(st.sampled_from(ids), max_size=1)),
        )
        for i in range(count)
    ]


class AllocateClientsPropertiesTestCase(TestCase):
    @settings(max_examples=150, deadline=None)
    @given(data=st.data(), officers=officers_strategy)
    def test_equal_weights_the_engine_matches_brute_force(self, data, officers):
        clients = data.draw(clients_for(officers, same_points=True))
        result = engine.allocate_clients(clients, officers)
        assert_rules_kept(self, clients, officers, result)
        left_out, cost = brute_force_clients(clients, officers)
        self.assertEqual(len(result.infeasible), left_out)
        self.assertAlmostEqual(result.cost, cost, places=6)
        for proposal in result.proposals:  # at the optimum no single change is cheaper
            if proposal.difference is not None:
                self.assertGreaterEqual(proposal.difference, -1e-6)

    @settings(max_examples=150, deadline=None)
    @given(data=st.data(), officers=officers_strategy)
    def test_mixed_weights_never_break_a_rule(self, data, officers):
        clients = data.draw(clients_for(officers, same_points=False))
        result = engine.allocate_clients(clients, officers)
        assert_rules_kept(self, clients, officers, result)
        self.assertAlmostEqual(result.cost, engine.total_cost(result.assignment(), clients, officers, W))


class RebalanceTestCase(TestCase):
    def test_at_most_n_clients_move_and_the_spread_shrinks(self):
        officers = [Officer(1, "BKD", 20.0, 0.0), Officer(2, "BKD", 20.0, 0.0), Officer(3, "BKD", 20.0, 0.0)]
        clients = [Client(10 + i, 1.0, "BKD", current_officer=1) for i in range(18)]
        clients += [Client(40 + i, 1.0, "BKD", current_officer=2) for i in range(3)]
        for moves in (0, 1, 4, 50):
            result = engine.rebalance(clients, officers, max_moves=moves)
            self.assertLessEqual(len(result.proposals), moves)
            if moves:
                self.assertTrue(result.proposals)
            for proposal in result.proposals:
                self.assertEqual(proposal.alternative, 1)  # the PK they have now
                self.assertEqual(proposal.parts["continuity"], W.continuity)
        cheap_moves = Weights(continuity=1.0)
        moved = engine.rebalance(clients, officers, max_moves=50, weights=cheap_moves).assignment()
        loads = {1: 0, 2: 0, 3: 0}
        for client in clients:
            loads[moved.get(client.id, client.current_officer)] += 1
        self.assertLessEqual(max(loads.values()) - min(loads.values()), 2)  # from 18 - 0; one more move gains nothing
        self.assertEqual(sum(loads.values()), len(clients))

    def test_a_client_with_an_officer_over_capacity_may_stay(self):
        officers = [Officer(1, "BKD", 2.0, 0.0), Officer(2, "BKD", 2.0, 2.0)]
        clients = [Client(10 + i, 1.0, "BKD", current_officer=1) for i in range(4)]
        self.assertEqual(engine.rebalance(clients, officers, max_moves=5).proposals, [])


class AllocateNeedsTestCase(TestCase):
    def partner(self, id, **fields):
        values = {
            "fields": frozenset({"hukum"}),
            "regencies": frozenset({"32.09"}),
            "agreement_in_force": True,
            "capacity": 5,
            "open_referrals": 0,
            "places": frozenset({"32.09.01"}),
        } | fields
        return Partner(id, **values)

    def test_the_nearest_partner_in_force_with_the_field_and_room_serves_the_need(self):
        partners = [
            self.partner(1, places=frozenset({"32.09.02"})),
            self.partner(2),
            self.partner(3, agreement_in_force=False, places=frozenset({"32.09.01.2001"})),
            self.partner(4, fields=frozenset({"kerja"}), places=frozenset({"32.09.01.2001"})),
        ]
        (proposal,) = engine.allocate_needs([Need(10, "hukum", "32.09.01.2001")], partners).proposals
        self.assertEqual((proposal.to, proposal.alternative), (2, 1))
        self.assertEqual(proposal.difference, W.distance[Tier.REGENCY] - W.distance[Tier.DISTRICT])

    def test_the_scorecard_is_a_small_preference(self):
        partners = [
            self.partner(1, acceptance_rate=0.5, completion_rate=0.5),
            self.partner(2, acceptance_rate=1.0, completion_rate=0.9),
        ]
        (proposal,) = engine.allocate_needs([Need(10, "hukum", "32.09.01.2001")], partners).proposals
        self.assertEqual(proposal.to, 2)
        self.assertAlmostEqual(proposal.parts["scorecard"], W.scorecard * 0.1)
        far_but_good = [self.partner(1), self.partner(2, places=frozenset({"32.10"}), acceptance_rate=1.0)]
        (proposal,) = engine.allocate_needs([Need(10, "hukum", "32.09.01.2001")], far_but_good).proposals
        self.assertEqual(proposal.to, 1)  # distance outweighs a better record

    def test_each_unservable_need_gets_its_reason(self):
        partners = [
            self.partner(1, capacity=2, open_referrals=2),
            self.partner(2, fields=frozenset({"kerja"}), agreement_in_force=False),
            self.partner(3, fields=frozenset({"agama"}), regencies=frozenset({"32.10"})),
        ]
        needs = [
            Need(10, "hukum", "32.09.01.2001"),
            Need(11, "kerja", "32.09.01.2001"),
            Need(12, "agama", "32.09.01.2001"),
            Need(13, "psikologi", "32.09.01.2001"),
        ]
        result = engine.allocate_needs(needs, partners)
        self.assertEqual(
            {(i.row, i.reason) for i in result.infeasible},
            {
                (10, Reason.NO_ROOM),
                (11, Reason.NO_AGREEMENT_IN_FORCE),
                (12, Reason.NO_PARTNER_IN_REGENCY),
                (13, Reason.NO_PARTNER_FOR_FIELD),
            },
        )

    @settings(max_examples=150, deadline=None)
    @given(data=st.data())
    def test_the_engine_matches_brute_force_and_keeps_capacity(self, data):
        partners = [
            Partner(
                id=j,
                fields=data.draw(st.frozensets(st.sampled_from(["hukum", "kerja", "agama"]), min_size=1)),
                regencies=data.draw(st.frozensets(st.sampled_from(["32.09", "32.10"]), min_size=1)),
                agreement_in_force=data.draw(st.booleans()),
                capacity=data.draw(st.integers(0, 3)),
                open_referrals=data.draw(st.integers(0, 2)),
                places=data.draw(st.frozensets(st.sampled_from(AREAS), max_size=2)),
                acceptance_rate=data.draw(st.one_of(st.none(), st.floats(0, 1))),
                completion_rate=data.draw(st.one_of(st.none(), st.floats(0, 1))),
            )
            for j in range(data.draw(st.integers(1, 4)))
        ]
        needs = [
            Need(100 + i, data.draw(st.sampled_from(["hukum", "kerja", "agama"])), data.draw(st.sampled_from(VILLAGES)))
            for i in range(data.draw(st.integers(1, 5)))
        ]
        result = engine.allocate_needs(needs, partners)
        by_id = {p.id: p for p in partners}
        taken: dict[int, int] = {}
        for proposal in result.proposals:
            self.assertTrue(engine.partner_eligible(next(n for n in needs if n.id == proposal.row), by_id[proposal.to]))
            taken[proposal.to] = taken.get(proposal.to, 0) + 1
        for partner_id, count in taken.items():
            self.assertLessEqual(by_id[partner_id].open_referrals + count, by_id[partner_id].capacity)
        left_out, cost = brute_force_needs(needs, partners)
        self.assertEqual(len(result.infeasible), left_out)
        self.assertAlmostEqual(result.cost, cost, places=6)
