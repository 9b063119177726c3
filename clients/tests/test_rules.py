"""Date rules of program episodes (clients/rules.py) and the choice of rule version (selectors.rule_set_for).

The pure functions are tested on unsaved `RuleSet` instances carrying the values the migration seeds
(properties with hypothesis, then the worked examples of the domain notes §4 and §7); the version
choice is tested against the seeded rows in the database.
"""

import calendar
import datetime
import importlib
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.utils import translation
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from clients import rules
from clients.codes import Program, Severity
from clients.models import RuleSet
from clients.selectors import rule_set_for
from clients.services import CaseInput, EpisodeInput

SEED = importlib.import_module("clients.migrations.0002_seed_rule_sets")
ELIGIBILITY_SEED = importlib.import_module("clients.migrations.0006_ruleset_eligibility_checks")
OLD, NEW_KUHP = SEED.OLD, SEED.NEW_KUHP
D = datetime.date
THIRD, TWO_THIRDS = Decimal("0.3333"), Decimal("0.6667")


def seeded(program: str, valid_from: datetime.date | None = None) -> RuleSet:
    """An unsaved rule set with the values the migration seeds (the latest version unless `valid_from`).

    The phase fractions are given as Decimals, as a row read from the database holds them.
    """
    versions = [row for row in SEED.RULES if row[0] == program and valid_from in (None, row[1])]
    _, start, basis, extra = max(versions, key=lambda row: row[1])
    return RuleSet(
        program=program,
        valid_from=start,
        legal_basis=basis,
        phase_continued_at=THIRD,
        phase_final_at=TWO_THIRDS,
        **extra,
        **ELIGIBILITY_SEED.SEEDS.get(program, {}),
    )


PB = seeded(Program.PB)
PB_OLD = seeded(Program.PB, OLD)
PB_ANAK = seeded(Program.PB_ANAK)
CB = seeded(Program.CB)
CMB = seeded(Program.CMB)
ASIMILASI = seeded(Program.ASIMILASI)
PENGAWASAN = seeded(Program.PIDANA_PENGAWASAN)
KERJA_SOSIAL = seeded(Program.PIDANA_KERJA_SOSIAL)

FAST = settings(max_examples=200, deadline=None)
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2060, 12, 31))
month_counts = st.integers(min_value=-240, max_value=480)
fractions = st.integers(min_value=1, max_value=9999).map(lambda n: Decimal(n).scaleb(-4))
# Reporting intervals a rule version may hold: months and days, never both zero.
intervals = st.tuples(st.integers(0, 3), st.integers(0, 31)).filter(lambda i: i != (0, 0))


def month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def interval_rules(months: int, days: int) -> RuleSet:
    return RuleSet(
        program=Program.PB, valid_from=NEW_KUHP, reporting_interval_months=months, reporting_interval_days=days
    )


class AddMonthsTests(SimpleTestCase):
    @FAST
    @given(dates, month_counts)
    @example(D(2024, 1, 31), 1)
    @example(D(2023, 1, 31), 1)
    @example(D(2024, 2, 29), 12)
    @example(D(2024, 3, 31), -1)
    def test_month_arithmetic_and_clamping(self, day, months):
        result = rules.add_months(day, months)
        self.assertEqual(month_index(result) - month_index(day), months)
        self.assertLessEqual(result.day, day.day)
        last_day = calendar.monthrange(result.year, result.month)[1]
        self.assertEqual(result.day, min(day.day, last_day))

    @FAST
    @given(dates)
    def test_adding_zero_months_changes_nothing(self, day):
        self.assertEqual(rules.add_months(day, 0), day)

    @FAST
    @given(dates, month_counts, month_counts)
    def test_more_months_is_later(self, day, a, b):
        assume(a != b)
        a, b = sorted((a, b))
        self.assertLess(rules.add_months(day, a), rules.add_months(day, b))

    @FAST
    @given(dates.filter(lambda d: d.day <= 28), month_counts)
    def test_days_up_to_28_are_kept_and_the_step_reverses(self, day, months):
        result = rules.add_months(day, months)
        self.assertEqual(result.day, day.day)
        self.assertEqual(rules.add_months(result, -months), day)

    def test_month_ends(self):
        self.assertEqual(rules.add_months(D(2025, 1, 31), 1), D(2025, 2, 28))
        self.assertEqual(rules.add_months(D(2024, 1, 31), 1), D(2024, 2, 29))
        self.assertEqual(rules.add_months(D(2024, 2, 29), 12), D(2025, 2, 28))
        self.assertEqual(rules.add_months(D(2024, 2, 29), 48), D(2028, 2, 29))
        self.assertEqual(rules.add_months(D(2025, 3, 31), -1), D(2025, 2, 28))
        self.assertEqual(rules.add_months(D(2025, 12, 15), 1), D(2026, 1, 15))
        self.assertEqual(rules.add_months(D(2026, 1, 15), -1), D(2025, 12, 15))
        self.assertEqual(rules.add_months(D(2025, 8, 31), 6), D(2026, 2, 28))


class PhaseReviewTests(SimpleTestCase):
    @FAST
    @given(dates, st.integers(min_value=0, max_value=3650), fractions, fractions)
    def test_the_review_dates_lie_in_the_period_in_the_order_of_the_fractions(self, start, days, a, b):
        assume(a != b)
        continued_at, final_at = sorted((a, b))
        rule = RuleSet(
            program=Program.PB, valid_from=NEW_KUHP, phase_continued_at=continued_at, phase_final_at=final_at
        )
        end = start + datetime.timedelta(days=days)
        phases = rules.phase_review_dates(rule, starts_on=start, ends_on=end)
        self.assertLessEqual(start, phases.continued_from)
        self.assertLessEqual(phases.continued_from, phases.final_from)
        self.assertLessEqual(phases.final_from, end)
        # Each date is the fraction of the period, rounded to the nearest day.
        self.assertLessEqual(abs((phases.continued_from - start).days - days * continued_at), Decimal("0.5"))
        self.assertLessEqual(abs((phases.final_from - start).days - days * final_at), Decimal("0.5"))

    @FAST
    @given(dates, st.integers(min_value=1, max_value=3650))
    @example(D(2026, 1, 1), 300)
    def test_the_seeded_fractions_give_the_thirds_of_the_period(self, start, days):
        phases = rules.phase_review_dates(PB, starts_on=start, ends_on=start + datetime.timedelta(days=days))
        continued, final = (phases.continued_from - start).days, (phases.final_from - start).days
        # 0.3333 and 0.6667 stand for 1/3 and 2/3 (domain notes §7.5): never a whole day off.
        self.assertLess(abs(continued - days / 3), 1)
        self.assertLess(abs(final - 2 * days / 3), 1)
        if days % 3 == 0:
            self.assertEqual((continued, final), (days // 3, 2 * days // 3))

    def test_a_300_day_episode_is_reviewed_on_days_100_and_200(self):
        start = D(2026, 1, 1)
        end = start + datetime.timedelta(days=300)
        self.assertEqual(end, D(2026, 10, 28))
        phases = rules.phase_review_dates(PB, starts_on=start, ends_on=end)
        self.assertEqual(phases, rules.PhaseDates(D(2026, 4, 11), D(2026, 7, 20)))
        self.assertEqual(((phases.continued_from - start).days, (phases.final_from - start).days), (100, 200))

    def test_a_one_year_pb_after_the_expiry(self):
        # PB released 2026-02-15, sentence expiry 2026-08-15, probation until 2027-08-15 (546 days).
        phases = rules.phase_review_dates(PB, starts_on=D(2026, 2, 15), ends_on=D(2027, 8, 15))
        self.assertEqual(phases, rules.PhaseDates(D(2026, 8, 16), D(2027, 2, 14)))

    def test_fractions_not_yet_read_back_from_the_database(self):
        # A new RuleSet holds its defaults as the strings "0.3333" / "0.6667" until it is reloaded.
        fresh = RuleSet(program=Program.PB, valid_from=NEW_KUHP)
        self.assertIsInstance(fresh.phase_continued_at, str)
        start, end = D(2026, 1, 1), D(2026, 10, 28)
        self.assertEqual(
            rules.phase_review_dates(fresh, starts_on=start, ends_on=end),
            rules.phase_review_dates(PB, starts_on=start, ends_on=end),
        )

    def test_a_one_day_period(self):
        phases = rules.phase_review_dates(PB, starts_on=D(2026, 1, 1), ends_on=D(2026, 1, 2))
        self.assertEqual(phases, rules.PhaseDates(D(2026, 1, 1), D(2026, 1, 2)))


class ReportingTests(SimpleTestCase):
    @FAST
    @given(dates, intervals, st.integers(min_value=1, max_value=120))
    def test_reporting_dates_increase_and_are_counted_from_the_start(self, start, interval, number):
        rule = interval_rules(*interval)
        this = rules.reporting_date(rule, starts_on=start, number=number)
        previous = rules.reporting_date(rule, starts_on=start, number=number - 1) if number > 1 else start
        self.assertLess(previous, this)
        self.assertLess(this, rules.reporting_date(rule, starts_on=start, number=number + 1))
        months, days = interval
        expected = rules.add_months(start, months * number) + datetime.timedelta(days=days * number)
        self.assertEqual(this, expected)

    @FAST
    @given(dates, st.integers(min_value=1, max_value=120))
    def test_monthly_reports_keep_the_start_day_where_the_month_has_it(self, start, number):
        day = rules.reporting_date(PB, starts_on=start, number=number)
        self.assertEqual(day, rules.add_months(start, number))
        self.assertEqual(day.day, min(start.day, calendar.monthrange(day.year, day.month)[1]))

    def test_no_drift_after_a_short_month(self):
        schedule = [rules.reporting_date(PB, starts_on=D(2025, 1, 31), number=n) for n in range(1, 5)]
        self.assertEqual(schedule, [D(2025, 2, 28), D(2025, 3, 31), D(2025, 4, 30), D(2025, 5, 31)])
        schedule = [rules.reporting_date(PB, starts_on=D(2024, 1, 31), number=n) for n in range(1, 3)]
        self.assertEqual(schedule, [D(2024, 2, 29), D(2024, 3, 31)])

    def test_fortnightly_reports(self):
        rule = interval_rules(0, 14)
        schedule = [rules.reporting_date(rule, starts_on=D(2026, 1, 1), number=n) for n in range(1, 4)]
        self.assertEqual(schedule, [D(2026, 1, 15), D(2026, 1, 29), D(2026, 2, 12)])

    @FAST
    @given(dates, st.integers(min_value=-400, max_value=3000), intervals)
    @example(D(2025, 1, 31), 28, (1, 0))
    @example(D(2025, 1, 31), 27, (1, 0))
    @example(D(2025, 1, 31), 0, (1, 0))
    @example(D(2025, 1, 31), -1, (1, 0))
    def test_the_next_reporting_date_is_the_first_scheduled_one_after(self, start, offset, interval):
        rule = interval_rules(*interval)
        after = start + datetime.timedelta(days=offset)
        result = rules.next_reporting_date(rule, starts_on=start, after=after)
        self.assertGreater(result, after)
        # Find the report number giving `result`: it must be on the schedule ...
        low, high = 1, 1
        while rules.reporting_date(rule, starts_on=start, number=high) < result:
            low, high = high, high * 2
        while low < high:
            middle = (low + high) // 2
            if rules.reporting_date(rule, starts_on=start, number=middle) < result:
                low = middle + 1
            else:
                high = middle
        self.assertEqual(rules.reporting_date(rule, starts_on=start, number=low), result)
        # ... and the report before it (if any) is not after `after`: none lies strictly between.
        if low > 1:
            self.assertLessEqual(rules.reporting_date(rule, starts_on=start, number=low - 1), after)
        if after < start:
            self.assertEqual(result, rules.reporting_date(rule, starts_on=start, number=1))

    def test_next_reporting_date_examples(self):
        start = D(2025, 1, 31)
        self.assertEqual(rules.next_reporting_date(PB, starts_on=start, after=D(2024, 12, 1)), D(2025, 2, 28))
        self.assertEqual(rules.next_reporting_date(PB, starts_on=start, after=start), D(2025, 2, 28))
        self.assertEqual(rules.next_reporting_date(PB, starts_on=start, after=D(2025, 2, 27)), D(2025, 2, 28))
        self.assertEqual(rules.next_reporting_date(PB, starts_on=start, after=D(2025, 2, 28)), D(2025, 3, 31))
        self.assertEqual(rules.next_reporting_date(PB, starts_on=start, after=D(2025, 3, 31)), D(2025, 4, 30))
        self.assertEqual(rules.next_reporting_date(PB, starts_on=start, after=D(2027, 2, 1)), D(2027, 2, 28))


class EndOfGuidanceTests(SimpleTestCase):
    def assertRefused(self, code, rule, **kwargs):
        with self.assertRaises(ValidationError) as ctx:
            rules.end_of_guidance(rule, **kwargs)
        self.assertEqual(ctx.exception.code, code)
        return ctx.exception

    @FAST
    @given(dates, dates)
    def test_pb_probation_is_the_expiry_plus_twelve_months(self, start, expiry):
        for rule in (PB, PB_OLD, PB_ANAK):
            end = rules.end_of_guidance(rule, starts_on=start, expiry_date=expiry)
            self.assertEqual(end, rules.add_months(expiry, 12))
            self.assertEqual(rules.revocation_window_end(rule, probation_ends_on=end), rules.add_months(end, 3))

    def test_pb_needs_the_expiry(self):
        for rule in (PB, PB_OLD, PB_ANAK):
            self.assertRefused("expiry_required", rule, starts_on=D(2026, 2, 1))
            # A decided end does not replace the expiry: probation is computed, not typed in.
            self.assertRefused("expiry_required", rule, starts_on=D(2026, 2, 1), decided_end=D(2026, 9, 1))

    @FAST
    @given(dates, st.integers(min_value=1, max_value=36))
    def test_a_supervision_sentence_runs_its_months_from_the_start(self, start, months):
        self.assertEqual(
            rules.end_of_guidance(PENGAWASAN, starts_on=start, duration_months=months), rules.add_months(start, months)
        )

    @FAST
    @given(dates, st.integers(min_value=37, max_value=600))
    def test_a_supervision_sentence_over_three_years_is_refused(self, start, months):
        error = self.assertRefused("too_long", PENGAWASAN, starts_on=start, duration_months=months)
        self.assertEqual(error.params, {"max": 36})

    def test_a_supervision_sentence_needs_a_positive_length(self):
        for months in (None, 0, -1, -12):
            self.assertRefused("duration_required", PENGAWASAN, starts_on=D(2026, 3, 1), duration_months=months)

    @FAST
    @given(dates, st.one_of(st.none(), dates))
    def test_community_service_must_be_done_within_six_months(self, start, decided_end):
        self.assertEqual(
            rules.end_of_guidance(KERJA_SOSIAL, starts_on=start, decided_end=decided_end), rules.add_months(start, 6)
        )

    @FAST
    @given(dates, st.integers(min_value=1, max_value=400))
    def test_cb_and_cmb_last_at_most_six_months(self, start, days):
        end = start + datetime.timedelta(days=days)
        limit = rules.add_months(start, 6)
        for rule in (CB, CMB):
            if end <= limit:
                self.assertEqual(rules.end_of_guidance(rule, starts_on=start, decided_end=end), end)
                self.assertEqual(rules.end_of_guidance(rule, starts_on=start, expiry_date=end), end)
            else:
                error = self.assertRefused("too_long", rule, starts_on=start, decided_end=end)
                self.assertEqual(error.params["max"], 6)

    def test_cb_limit_on_a_month_end(self):
        start = D(2025, 8, 31)
        self.assertEqual(rules.end_of_guidance(CB, starts_on=start, decided_end=D(2026, 2, 28)), D(2026, 2, 28))
        self.assertRefused("too_long", CB, starts_on=start, decided_end=D(2026, 3, 1))

    def test_the_decided_end_wins_over_the_expiry(self):
        end = rules.end_of_guidance(CB, starts_on=D(2026, 1, 1), decided_end=D(2026, 4, 1), expiry_date=D(2026, 6, 1))
        self.assertEqual(end, D(2026, 4, 1))

    def test_programs_without_a_maximum_take_the_decree_end(self):
        end = rules.end_of_guidance(ASIMILASI, starts_on=D(2026, 1, 1), decided_end=D(2030, 1, 1))
        self.assertEqual(end, D(2030, 1, 1))

    def test_programs_ending_per_decree_need_an_end(self):
        for rule in (CB, CMB, ASIMILASI, seeded(Program.DIVERSI), seeded(Program.PIDANA_BERSYARAT)):
            self.assertRefused("end_required", rule, starts_on=D(2026, 1, 1))


class RevocationWindowTests(SimpleTestCase):
    @FAST
    @given(dates)
    def test_three_months_after_probation(self, end):
        self.assertEqual(rules.revocation_window_end(PB, probation_ends_on=end), rules.add_months(end, 3))

    def test_month_ends(self):
        self.assertEqual(rules.revocation_window_end(PB, probation_ends_on=D(2027, 11, 30)), D(2028, 2, 29))
        self.assertEqual(rules.revocation_window_end(PB, probation_ends_on=D(2026, 11, 30)), D(2027, 2, 28))


class CommunityServiceHoursTests(SimpleTestCase):
    def assertRefused(self, code, hours):
        with self.assertRaises(ValidationError) as ctx:
            rules.check_community_service_hours(KERJA_SOSIAL, hours)
        self.assertEqual(ctx.exception.code, code)
        return ctx.exception

    @FAST
    @given(st.integers(min_value=8, max_value=240))
    def test_8_to_240_hours_are_accepted(self, hours):
        self.assertIsNone(rules.check_community_service_hours(KERJA_SOSIAL, hours))

    @FAST
    @given(st.one_of(st.integers(min_value=-10, max_value=7), st.integers(min_value=241, max_value=10_000)))
    @example(7)
    @example(241)
    def test_fewer_or_more_hours_are_refused(self, hours):
        error = self.assertRefused("hours_out_of_range", hours)
        self.assertEqual(error.params, {"min": 8, "max": 240})

    def test_the_hours_are_required(self):
        self.assertRefused("hours_required", None)

    def test_programs_without_hours_ignore_them(self):
        for rule in (PB, CB, PENGAWASAN):
            self.assertIsNone(rules.check_community_service_hours(rule, None))
            self.assertIsNone(rules.check_community_service_hours(rule, 1000))

    @FAST
    @given(st.integers(min_value=1, max_value=240))
    def test_fewest_days_at_eight_hours_a_day(self, hours):
        days = rules.min_days_for_hours(KERJA_SOSIAL, hours)
        self.assertGreaterEqual(days * 8, hours)
        self.assertLess((days - 1) * 8, hours)

    def test_fewest_days_examples(self):
        self.assertEqual(
            [rules.min_days_for_hours(KERJA_SOSIAL, h) for h in (0, 1, 8, 9, 16, 240)], [0, 1, 1, 2, 2, 30]
        )
        # Without a daily maximum, any number of hours fits in one day.
        self.assertEqual([rules.min_days_for_hours(PB, h) for h in (0, 1, 240)], [0, 1, 1])
        # 240 hours fit in the six-month window with room to spare (domain notes §7.7).
        start = D(2026, 3, 1)
        window = (rules.end_of_guidance(KERJA_SOSIAL, starts_on=start) - start).days
        self.assertLess(rules.min_days_for_hours(KERJA_SOSIAL, 240), window)


class WorkedExamplesTests(SimpleTestCase):
    """The formulas of the domain notes §7, with concrete dates."""

    def test_pb_probation_and_revocation_window(self):
        end = rules.end_of_guidance(PB, starts_on=D(2026, 2, 15), expiry_date=D(2026, 8, 15))
        self.assertEqual(end, D(2027, 8, 15))
        self.assertEqual(rules.revocation_window_end(PB, probation_ends_on=end), D(2027, 11, 15))

    def test_pb_expiring_on_29_february(self):
        end = rules.end_of_guidance(PB, starts_on=D(2023, 9, 1), expiry_date=D(2024, 2, 29))
        self.assertEqual(end, D(2025, 2, 28))
        self.assertEqual(rules.revocation_window_end(PB, probation_ends_on=end), D(2025, 5, 28))

    def test_pb_expiring_at_a_month_end(self):
        end = rules.end_of_guidance(PB_OLD, starts_on=D(2025, 6, 1), expiry_date=D(2025, 8, 31))
        self.assertEqual(end, D(2026, 8, 31))
        self.assertEqual(rules.revocation_window_end(PB_OLD, probation_ends_on=end), D(2026, 11, 30))

    def test_supervision_sentence(self):
        self.assertEqual(
            rules.end_of_guidance(PENGAWASAN, starts_on=D(2026, 2, 10), duration_months=36), D(2029, 2, 10)
        )
        self.assertEqual(rules.end_of_guidance(PENGAWASAN, starts_on=D(2026, 1, 31), duration_months=1), D(2026, 2, 28))

    def test_community_service(self):
        self.assertEqual(rules.end_of_guidance(KERJA_SOSIAL, starts_on=D(2026, 3, 31)), D(2026, 9, 30))
        self.assertEqual(rules.end_of_guidance(KERJA_SOSIAL, starts_on=D(2026, 8, 31)), D(2027, 2, 28))


def case(**fields) -> CaseInput:
    """Detained 10 January 2024 for 3 years, expiring 10 January 2027, unless told otherwise."""
    values = {
        "criminal_code": "lama",
        "decision_number": "1/Pid.B/2024/PN Sbr",
        "decision_date": D(2024, 5, 2),
        "sentence_years": 3,
        "detention_start": D(2024, 1, 10),
        "expiry_date": D(2027, 1, 10),
    }
    return CaseInput(**(values | fields))


def order(program: str, starts_on: datetime.date, decree_date: datetime.date | None = None) -> EpisodeInput:
    return EpisodeInput(program=program, decree_number="SK", decree_date=decree_date or starts_on, starts_on=starts_on)


ADULT = D(1985, 3, 12)


def findings(rule, the_case, the_order, birth_date=ADULT) -> dict[str, rules.Finding]:
    with translation.override("en"):
        found = rules.eligibility_findings(rule, case=the_case, episode=the_order, birth_date=birth_date)
    return {f.code: f for f in found}


class EligibilityTests(SimpleTestCase):
    """One test per rule, each on both sides of its threshold, with the seeded figures (domain notes §4, §7)."""

    def test_pb_before_two_thirds_served_is_a_warning_naming_the_day(self):
        # 2/3 of 3 years from 10 January 2024 falls on 10 January 2026.
        self.assertEqual(findings(PB, case(), order(Program.PB, D(2026, 1, 10))), {})
        found = findings(PB, case(), order(Program.PB, D(2026, 1, 9)))
        self.assertEqual(list(found), ["served_fraction"])
        self.assertEqual(found["served_fraction"].severity, Severity.WARN)
        self.assertEqual(found["served_fraction"].field, "starts_on")
        self.assertIn(
            "before 2/3 of the sentence is served (2/3 falls on 10 January 2026)", found["served_fraction"].message
        )

    def test_a_fraction_of_a_month_counts_as_thirty_days(self):
        # 2/3 of 1 year 4 months = 10 months 20 days: 10 November 2024 + 20 days.
        sentence = case(sentence_years=1, sentence_months=4, expiry_date=D(2025, 5, 10))
        self.assertEqual(rules.served_point(sentence, PB.min_served_fraction), D(2024, 11, 30))
        self.assertNotIn("served_fraction", findings(PB, sentence, order(Program.PB, D(2024, 11, 30))))
        self.assertIn("served_fraction", findings(PB, sentence, order(Program.PB, D(2024, 11, 29))))

    def test_pb_needs_two_thirds_of_the_sentence_to_be_at_least_nine_months(self):
        # 2/3 of 1 year 1 month 15 days is exactly 9 months; a day less is not.
        enough = case(sentence_years=1, sentence_months=1, sentence_days=15, expiry_date=D(2025, 2, 25))
        self.assertEqual(findings(PB, enough, order(Program.PB, D(2024, 12, 1))), {})
        short = case(sentence_years=1, sentence_months=1, sentence_days=14, expiry_date=D(2025, 2, 24))
        found = findings(PB, short, order(Program.PB, D(2024, 12, 1)))
        self.assertEqual(list(found), ["served_months"])
        self.assertIn("2/3 of the sentence to be at least 9 months; the sentence is", found["served_months"].message)
        self.assertEqual(found["served_months"].field, "sentence_years")

    def test_asimilasi_before_half_served(self):
        sentence = case(sentence_years=2, expiry_date=D(2026, 1, 10))
        self.assertEqual(findings(ASIMILASI, sentence, order(Program.ASIMILASI, D(2025, 1, 10))), {})
        found = findings(ASIMILASI, sentence, order(Program.ASIMILASI, D(2025, 1, 9)))
        self.assertIn("1/2 falls on 10 January 2025", found["served_fraction"].message)

    def test_cb_only_for_sentences_up_to_one_year_six_months(self):
        limit = case(sentence_years=1, sentence_months=6, expiry_date=D(2025, 7, 10))
        self.assertEqual(findings(CB, limit, order(Program.CB, D(2025, 3, 1))), {})
        longer = case(sentence_years=1, sentence_months=6, sentence_days=1, expiry_date=D(2025, 7, 11))
        found = findings(CB, longer, order(Program.CB, D(2025, 3, 1)))
        self.assertEqual(list(found), ["sentence_too_long"])
        self.assertIn("at most 18 months; the sentence is", found["sentence_too_long"].message)

    def test_pb_child_before_half_served(self):
        sentence = case(sentence_years=2, expiry_date=D(2026, 1, 10))
        child = D(2008, 1, 1)
        self.assertEqual(findings(PB_ANAK, sentence, order(Program.PB_ANAK, D(2025, 1, 10)), child), {})
        self.assertIn("served_fraction", findings(PB_ANAK, sentence, order(Program.PB_ANAK, D(2025, 1, 9)), child))

    def test_pb_child_for_a_person_who_was_18_when_detained(self):
        sentence = case(sentence_years=2, expiry_date=D(2026, 1, 10))
        start = order(Program.PB_ANAK, D(2025, 2, 1))
        # The offence was on or before the detention start (10 January 2024).
        self.assertEqual(findings(PB_ANAK, sentence, start, D(2006, 1, 11)), {})  # 17 that day
        found = findings(PB_ANAK, sentence, start, D(2006, 1, 10))  # 18 that day
        self.assertEqual(list(found), ["child_age"])
        self.assertEqual((found["child_age"].severity, found["child_age"].field), (Severity.WARN, "birth_date"))
        self.assertIn("was already 18 when detained (10 January 2024)", found["child_age"].message)

    def test_without_a_detention_start_the_child_age_is_taken_at_the_decision(self):
        sentence = case(sentence_years=2, detention_start=None, expiry_date=None, decision_date=D(2024, 5, 2))
        start = order(Program.PB_ANAK, D(2025, 2, 1))
        self.assertEqual(findings(PB_ANAK, sentence, start, D(2006, 5, 3)), {})
        self.assertIn(
            "at the court decision (2 May 2024)", findings(PB_ANAK, sentence, start, D(2006, 5, 2))["child_age"].message
        )

    def test_guidance_starting_before_its_decree_is_refused_for_every_program(self):
        for program in Program.values:
            rule = seeded(program)
            with self.subTest(program):
                self.assertNotIn(
                    "start_before_decree", findings(rule, case(), order(program, D(2026, 2, 1), D(2026, 2, 1)))
                )
                found = findings(rule, case(), order(program, D(2026, 1, 31), D(2026, 2, 1)))
                self.assertEqual(found["start_before_decree"].severity, Severity.REFUSE)
                self.assertIn(
                    "31 January 2026, before the decree date (1 February 2026)", found["start_before_decree"].message
                )

    def test_an_expiry_later_than_detention_plus_sentence_is_a_warning(self):
        start = order(Program.PB, D(2026, 2, 1))
        self.assertEqual(findings(PB, case(expiry_date=D(2027, 1, 10)), start), {})
        found = findings(PB, case(expiry_date=D(2027, 1, 11)), start)
        self.assertEqual(list(found), ["expiry_beyond_sentence"])
        self.assertIn("(11 January 2027) is later than", found["expiry_beyond_sentence"].message)
        self.assertIn("(10 January 2027); remission only shortens", found["expiry_beyond_sentence"].message)

    def test_subsidiary_detention_for_an_unpaid_fine_may_lengthen_the_expiry(self):
        start = order(Program.PB, D(2026, 2, 1))
        unpaid = {"subsidiary_months": 2, "subsidiary_days": 5}  # up to 15 March 2027
        self.assertEqual(findings(PB, case(**unpaid, expiry_date=D(2027, 3, 15)), start), {})
        self.assertIn("expiry_beyond_sentence", findings(PB, case(**unpaid, expiry_date=D(2027, 3, 16)), start))

    def test_pb_starting_after_the_sentence_expired_is_refused(self):
        self.assertNotIn("start_after_expiry", findings(PB, case(), order(Program.PB, D(2027, 1, 10))))
        found = findings(PB, case(), order(Program.PB, D(2027, 1, 11)))
        self.assertEqual(list(found), ["start_after_expiry"])
        self.assertEqual(found["start_after_expiry"].severity, Severity.REFUSE)
        self.assertIn(
            "starts on 11 January 2027, after the sentence expired (10 January 2027)",
            found["start_after_expiry"].message,
        )
        self.assertIn(
            "start_after_expiry", findings(PB_ANAK, case(), order(Program.PB_ANAK, D(2027, 1, 11)), D(2008, 1, 1))
        )

    def test_each_check_follows_the_severity_and_thresholds_of_the_rule_version(self):
        early = order(Program.PB, D(2025, 6, 1))
        strict = seeded(Program.PB)
        strict.served_fraction_severity = Severity.REFUSE
        self.assertEqual(findings(strict, case(), early)["served_fraction"].severity, Severity.REFUSE)
        strict.served_fraction_severity = Severity.OFF
        self.assertEqual(findings(strict, case(), early), {})
        lenient = seeded(Program.PB)
        lenient.min_served_fraction = Decimal("0.5000")  # 1/2 of 3 years: 10 July 2025
        self.assertEqual(findings(lenient, case(), order(Program.PB, D(2025, 7, 10))), {})
        self.assertIn("1/2 falls on 10 July 2025", findings(lenient, case(), early)["served_fraction"].message)

    def test_programs_without_thresholds_check_only_the_dates(self):
        for rule in (CMB, PENGAWASAN, KERJA_SOSIAL, seeded(Program.DIVERSI)):
            with self.subTest(rule.program):
                self.assertEqual(findings(rule, case(), order(rule.program, D(2024, 2, 1))), {})


sentences = st.tuples(st.integers(0, 20), st.integers(0, 11), st.integers(0, 30)).filter(lambda s: any(s))
served_fractions = st.sampled_from([Decimal("0.3333"), Decimal("0.5000"), Decimal("0.6667"), Decimal("0.7500")])


class EligibilityPropertyTests(SimpleTestCase):
    @FAST
    @given(dates, sentences, served_fractions)
    def test_the_served_point_is_the_first_day_without_a_warning(self, detained, sentence, fraction):
        years, months, days = sentence
        the_case = case(
            sentence_years=years, sentence_months=months, sentence_days=days, detention_start=detained, expiry_date=None
        )
        rule = seeded(Program.PB)
        rule.min_served_fraction, rule.min_served_fraction_months = fraction, None
        point = rules.served_point(the_case, fraction)
        self.assertTrue(detained <= point <= rules.sentence_end(the_case))
        self.assertNotIn("served_fraction", findings(rule, the_case, order(Program.PB, point)))
        self.assertIn(
            "served_fraction", findings(rule, the_case, order(Program.PB, point - datetime.timedelta(days=1)))
        )

    @FAST
    @given(dates, sentences, st.integers(-400, 400))
    def test_only_an_expiry_after_detention_plus_sentence_is_flagged(self, detained, sentence, shift):
        years, months, days = sentence
        the_case = case(sentence_years=years, sentence_months=months, sentence_days=days, detention_start=detained)
        expiry = rules.sentence_end(the_case) + datetime.timedelta(days=shift)
        assume(expiry > detained)
        found = findings(ASIMILASI, case(**(the_case.__dict__ | {"expiry_date": expiry})), order(Program.CMK, expiry))
        self.assertEqual("expiry_beyond_sentence" in found, shift > 0)

    @FAST
    @given(dates, dates, st.sampled_from(Program.values))
    def test_every_finding_has_a_severity_and_a_message(self, start, decree, program):
        for finding in findings(seeded(program), case(), order(program, start, decree), ADULT).values():
            self.assertIn(finding.severity, (Severity.WARN, Severity.REFUSE))
            self.assertTrue(finding.message)


class RuleSetForTests(TestCase):
    def assertNoRuleSet(self, program, *, decision_date, decree_date):
        with self.assertRaises(ValidationError) as ctx:
            rule_set_for(program, decision_date=decision_date, decree_date=decree_date)
        self.assertEqual(ctx.exception.code, "no_rule_set")

    def test_the_seeded_rows_are_the_ones_the_unit_tests_use(self):
        self.assertEqual(RuleSet.objects.count(), len(SEED.RULES))
        fields = [
            "probation_extra_months",
            "max_duration_months",
            "min_hours",
            "max_hours",
            "max_hours_per_day",
            "completion_months",
            "revocation_window_months",
            "reporting_interval_months",
            "reporting_interval_days",
            "min_served_fraction",
            "served_fraction_severity",
            "min_served_fraction_months",
            "served_months_severity",
            "max_sentence_months",
            "max_sentence_severity",
            "child_age_limit_years",
            "child_age_severity",
            "start_before_decree_severity",
            "expiry_beyond_sentence_severity",
            "start_after_expiry_severity",
        ]
        for program, valid_from, _, _ in SEED.RULES:
            row = RuleSet.objects.get(program=program, valid_from=valid_from)
            unsaved = seeded(program, valid_from)
            for field in fields:
                self.assertEqual(getattr(row, field), getattr(unsaved, field), (program, field))
            self.assertEqual((row.phase_continued_at, row.phase_final_at), (THIRD, TWO_THIRDS))

    def test_pb_follows_the_code_in_force_on_the_decision_date(self):
        for decided, version in [
            (D(2025, 12, 31), OLD),
            (D(2026, 1, 1), OLD),
            (D(2026, 1, 2), NEW_KUHP),
            (D(2030, 6, 1), NEW_KUHP),
            (D(1999, 1, 1), OLD),
        ]:
            rule = rule_set_for(Program.PB, decision_date=decided, decree_date=D(2026, 3, 1))
            self.assertEqual((rule.program, rule.valid_from), (Program.PB, version), decided)

    def test_pb_without_a_decision_date_falls_back_to_the_decree_date(self):
        rule = rule_set_for(Program.PB, decision_date=None, decree_date=D(2026, 3, 1))
        self.assertEqual(rule.valid_from, NEW_KUHP)

    def test_no_version_in_force(self):
        self.assertNoRuleSet(Program.PIDANA_PENGAWASAN, decision_date=D(2025, 12, 31), decree_date=D(2026, 3, 1))
        self.assertNoRuleSet(Program.PIDANA_KERJA_SOSIAL, decision_date=D(2026, 1, 1), decree_date=D(2026, 3, 1))
        self.assertNoRuleSet(Program.PB, decision_date=D(1998, 12, 31), decree_date=D(2026, 3, 1))
        self.assertNoRuleSet(Program.CB, decision_date=D(2020, 1, 1), decree_date=D(1998, 12, 31))
        rule = rule_set_for(Program.PIDANA_PENGAWASAN, decision_date=D(2026, 1, 2), decree_date=D(2026, 3, 1))
        self.assertEqual(rule.max_duration_months, 36)

    def test_cb_follows_the_decree_date_not_the_decision_date(self):
        newer = RuleSet.objects.create(
            program=Program.CB, valid_from=D(2025, 1, 1), legal_basis="test: at most 4", max_duration_months=4
        )
        # Decided long after the new version, decreed before it: the old version.
        rule = rule_set_for(Program.CB, decision_date=D(2026, 6, 1), decree_date=D(2024, 12, 31))
        self.assertEqual((rule.valid_from, rule.max_duration_months), (OLD, 6))
        # Decided before any version, decreed under the new one: the new version.
        rule = rule_set_for(Program.CB, decision_date=D(1990, 1, 1), decree_date=D(2025, 1, 1))
        self.assertEqual(rule, newer)
        with self.assertRaises(ValidationError) as ctx:
            rules.end_of_guidance(rule, starts_on=D(2025, 1, 1), decided_end=D(2025, 6, 1))
        self.assertEqual(ctx.exception.code, "too_long")

    def test_the_rule_read_from_the_database_computes_like_the_unsaved_one(self):
        rule = rule_set_for(Program.PB, decision_date=D(2026, 2, 1), decree_date=D(2026, 3, 1))
        start, end = D(2026, 1, 1), D(2026, 10, 28)
        self.assertEqual(
            rules.phase_review_dates(rule, starts_on=start, ends_on=end),
            rules.phase_review_dates(PB, starts_on=start, ends_on=end),
        )
        self.assertEqual(rules.end_of_guidance(rule, starts_on=start, expiry_date=D(2026, 8, 15)), D(2027, 8, 15))
