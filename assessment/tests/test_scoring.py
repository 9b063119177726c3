"""Scoring from plain values (hypothesis): the total stays within the instrument's bounds, the category never
goes down when the total goes up, and the cut-offs are valid exactly when every category can be reached."""

from django.test import SimpleTestCase
from hypothesis import given
from hypothesis import strategies as st

from assessment import scoring

RANK = {scoring.LOW: 0, scoring.MEDIUM: 1, scoring.HIGH: 2}


@st.composite
def instruments(draw):
    n_items = draw(st.integers(min_value=1, max_value=12))
    items = []
    option_id = 0
    for item_id in range(1, n_items + 1):
        scores = draw(st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=4))
        options = []
        for score in scores:
            option_id += 1
            options.append(scoring.Option(id=option_id, score=score))
        items.append(
            scoring.Item(
                id=item_id,
                domain=draw(st.sampled_from(["a", "b", "c"])),
                options=tuple(options),
                required=draw(st.booleans()),
            )
        )
    low_max = draw(st.integers(min_value=0, max_value=30))
    medium_max = draw(st.integers(min_value=low_max + 1, max_value=60))
    return scoring.Instrument(items=tuple(items), low_max=low_max, medium_max=medium_max)


@st.composite
def answer_sheets(draw):
    """An instrument and a complete answer sheet: every required item answered, optional ones perhaps."""
    instrument = draw(instruments())
    answers = {}
    for item in instrument.items:
        if item.required or draw(st.booleans()):
            answers[item.id] = draw(st.sampled_from(item.options)).id
    return instrument, answers


class ScoringPropertiesTestCase(SimpleTestCase):
    @given(answer_sheets())
    def test_the_score_lies_within_the_instruments_bounds(self, sheet):
        instrument, answers = sheet
        result = scoring.score(instrument, answers)
        low, high = scoring.bounds(instrument.items)
        self.assertLessEqual(low, result.total)
        self.assertLessEqual(result.total, high)
        self.assertEqual(sum(result.domains.values()), result.total)
        self.assertEqual(scoring.missing(instrument, answers), [])

    @given(answer_sheets())
    def test_the_category_follows_the_cutoffs(self, sheet):
        instrument, answers = sheet
        result = scoring.score(instrument, answers)
        expected = (
            scoring.LOW
            if result.total <= instrument.low_max
            else scoring.MEDIUM
            if result.total <= instrument.medium_max
            else scoring.HIGH
        )
        self.assertEqual(result.category, expected)

    @given(
        st.integers(min_value=0, max_value=200),
        st.integers(min_value=0, max_value=200),
        st.integers(min_value=0, max_value=50),
        st.integers(min_value=1, max_value=50),
    )
    def test_the_category_is_monotonic_in_the_score(self, a, b, low_max, gap):
        medium_max = low_max + gap
        first = scoring.category(min(a, b), low_max=low_max, medium_max=medium_max)
        second = scoring.category(max(a, b), low_max=low_max, medium_max=medium_max)
        self.assertLessEqual(RANK[first], RANK[second])

    @given(
        st.integers(min_value=-3, max_value=40),
        st.integers(min_value=-3, max_value=40),
        st.integers(min_value=0, max_value=40),
    )
    def test_cutoffs_are_valid_exactly_when_every_category_is_reachable(self, low_max, medium_max, max_score):
        valid = not scoring.cutoff_problems(low_max, medium_max, max_score=max_score)
        self.assertEqual(valid, 0 <= low_max < medium_max < max_score)
        if valid:
            reached = {scoring.category(t, low_max=low_max, medium_max=medium_max) for t in range(max_score + 1)}
            self.assertEqual(reached, set(scoring.CATEGORIES))

    def test_cutoffs_that_do_not_increase_are_refused(self):
        self.assertEqual(scoring.cutoff_problems(10, 10), ["order"])
        self.assertEqual(scoring.cutoff_problems(12, 5), ["order"])
        self.assertEqual(scoring.cutoff_problems(None, 5), ["order"])
        self.assertEqual(scoring.cutoff_problems(5, 40, max_score=40), ["unreachable"])
        self.assertEqual(scoring.cutoff_problems(5, 39, max_score=40), [])

    def test_an_answer_of_another_item_is_refused(self):
        instrument = scoring.Instrument(
            items=(
                scoring.Item(id=1, domain="a", options=(scoring.Option(1, 0), scoring.Option(2, 1))),
                scoring.Item(id=2, domain="a", options=(scoring.Option(3, 0),)),
            ),
            low_max=0,
            medium_max=1,
        )
        with self.assertRaises(ValueError):
            scoring.score(instrument, {1: 3})
        with self.assertRaises(ValueError):
            scoring.score(instrument, {9: 1})
        self.assertEqual([i.id for i in scoring.missing(instrument, {1: 2})], [2])
