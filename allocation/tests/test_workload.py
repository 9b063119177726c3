"""The workload arithmetic, without a database."""

import datetime
from decimal import Decimal as D

from django.test import SimpleTestCase

from allocation import workload
from allocation.workload import Case, Scale

SCALE = Scale(
    full_time_hours=D("37.5"),
    full_time_points=D("120"),
    program_points={"PB": D("3"), "CMB": D("2")},
    default_program_points=D("2"),
    child=D("1"),
    phase={"awal": D("1"), "lanjutan": D("0"), "akhir": D("0.5")},
    risk={"low": D("0"), "medium": D("1"), "high": D("3")},
    violation=D("2"),
    transfer=D("1"),
    report_due=D("1"),
    referral=D("0.5"),
)


class ClientPointsTests(SimpleTestCase):
    def test_program_and_phase(self):
        self.assertEqual(workload.client_points(Case("PB", "lanjutan", False), SCALE), D("3"))
        self.assertEqual(workload.client_points(Case("PB", "awal", False), SCALE), D("4"))
        self.assertEqual(workload.client_points(Case("CMB", "akhir", False), SCALE), D("2.5"))

    def test_a_program_without_its_own_line_takes_the_default(self):
        self.assertEqual(workload.client_points(Case("CMK", "lanjutan", False), SCALE), D("2"))

    def test_child_and_open_work_add_up(self):
        case = Case("PB", "lanjutan", True, violations=2, transfers=1, reports_due=1, referrals=3)
        # 3 + child 1 + 2 violations × 2 + transfer 1 + report 1 + 3 referrals × 0.5
        self.assertEqual(workload.client_points(case, SCALE), D("11.5"))

    def test_risk_counts_only_when_known(self):
        self.assertEqual(workload.client_points(Case("PB", "lanjutan", False, risk=None), SCALE), D("3"))
        self.assertEqual(workload.client_points(Case("PB", "lanjutan", False, risk="high"), SCALE), D("6"))

    def test_report_due_within_30_days_unless_written(self):
        today = datetime.date(2026, 12, 2)
        self.assertTrue(workload.report_due(datetime.date(2027, 1, 1), has_report=False, today=today))
        self.assertFalse(workload.report_due(datetime.date(2027, 1, 2), has_report=False, today=today))
        self.assertFalse(workload.report_due(datetime.date(2026, 12, 10), has_report=True, today=today))


class CapacityTests(SimpleTestCase):
    def test_full_time_officer_carries_the_full_time_points(self):
        self.assertEqual(workload.capacity_points(D("37.5"), SCALE), D("120"))

    def test_part_time_and_reductions_lower_the_capacity(self):
        hours = workload.available_hours(D("30"), [D("7.5")])
        self.assertEqual(hours, D("22.5"))
        self.assertEqual(workload.capacity_points(hours, SCALE), D("72"))

    def test_reductions_never_make_hours_negative(self):
        self.assertEqual(workload.available_hours(D("20"), [D("15"), D("10")]), D("0"))

    def test_load_and_percent(self):
        cases = [Case("PB", "lanjutan", False)] * 30 + [Case("PB", "awal", False, violations=1)] * 5
        load = workload.officer_load(cases, contracted_hours=D("37.5"), reductions=[D("7.5")], scale=SCALE)
        # 30 × 3 + 5 × (3 + 1 + 2) = 120 points against 96 available
        self.assertEqual((load.clients, load.points, load.capacity), (35, D("120"), D("96")))
        self.assertEqual(load.percent, D("125.0"))
        self.assertTrue(load.over_capacity)

    def test_no_capacity_has_no_percentage(self):
        load = workload.officer_load(
            [Case("PB", "awal", False)], contracted_hours=D("10"), reductions=[D("10")], scale=SCALE
        )
        self.assertIsNone(load.percent)
        self.assertTrue(load.over_capacity)
        empty = workload.officer_load([], contracted_hours=D("10"), reductions=[D("10")], scale=SCALE)
        self.assertFalse(empty.over_capacity)

    def test_totals_add_loads(self):
        total = workload.Load()
        total.add(workload.Load(clients=2, points=D("6"), hours=D("37.5"), capacity=D("120")))
        total.add(workload.Load(clients=1, points=D("3"), hours=D("18.75"), capacity=D("60")))
        self.assertEqual((total.clients, total.points, total.capacity, total.percent), (3, D("9"), D("180"), D("5.0")))
