"""Scoring of an instrument from plain values: no database, so the tests check it directly (hypothesis).

An instrument is a list of items, each in a domain, with answer options that carry a score (never negative).
The total is the sum of the chosen options' scores; an optional item left unanswered counts 0. The category
follows the instrument's cut-offs:

    total <= low_max             → low    (rendah)
    low_max < total <= medium_max → medium (sedang)
    total > medium_max           → high   (tinggi)

The cut-offs are valid when 0 <= low_max < medium_max < the highest total the instrument can reach, so that
every category can be reached.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

LOW, MEDIUM, HIGH = "low", "medium", "high"
CATEGORIES = (LOW, MEDIUM, HIGH)


@dataclass(frozen=True)
class Option:
    id: int
    score: int


@dataclass(frozen=True)
class Item:
    id: int
    domain: str
    options: tuple[Option, ...]
    required: bool = True
    label: str = ""


@dataclass(frozen=True)
class Instrument:
    items: tuple[Item, ...]
    low_max: int
    medium_max: int


@dataclass(frozen=True)
class Result:
    total: int
    category: str
    domains: dict[str, int] = field(default_factory=dict)


def bounds(items: Sequence[Item]) -> tuple[int, int]:
    """The lowest and highest totals of a complete answer sheet (required items answered, optional ones free)."""
    low = sum(min((o.score for o in item.options), default=0) for item in items if item.required)
    high = sum(max((o.score for o in item.options), default=0) for item in items)
    return low, high


def category(total: int, *, low_max: int, medium_max: int) -> str:
    """The category of a total under the cut-offs."""
    if total <= low_max:
        return LOW
    if total <= medium_max:
        return MEDIUM
    return HIGH


def cutoff_problems(low_max: int | None, medium_max: int | None, *, max_score: int | None = None) -> list[str]:
    """What is wrong with a pair of cut-offs, as codes: `order` (not 0 <= low < medium), `unreachable` (medium
    reaches the highest total, so no answer sheet is high). Empty when they are valid."""
    problems = []
    if low_max is None or medium_max is None or low_max < 0 or medium_max <= low_max:
        problems.append("order")
    elif max_score is not None and medium_max >= max_score:
        problems.append("unreachable")
    return problems


def missing(instrument: Instrument, answers: Mapping[int, int]) -> list[Item]:
    """The required items without an answer, in the instrument's order."""
    return [item for item in instrument.items if item.required and item.id not in answers]


def score(instrument: Instrument, answers: Mapping[int, int]) -> Result:
    """The total, the category and the score of each domain for `answers` ({item id: option id}).

    An answer to an unknown item, or an option of another item, raises ValueError: the caller checked them.
    """
    by_item = {item.id: item for item in instrument.items}
    domains: dict[str, int] = {}
    for item in instrument.items:
        domains.setdefault(item.domain, 0)
    total = 0
    for item_id, option_id in answers.items():
        answered = by_item.get(item_id)
        if answered is None:
            raise ValueError(f"item {item_id} is not in the instrument")
        option = next((o for o in answered.options if o.id == option_id), None)
        if option is None:
            raise ValueError(f"option {option_id} is not an answer to item {item_id}")
        total += option.score
        domains[answered.domain] += option.score
    return Result(
        total=total,
        category=category(total, low_max=instrument.low_max, medium_max=instrument.medium_max),
        domains=domains,
    )
