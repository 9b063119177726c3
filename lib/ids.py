"""Ids taken from query strings and form lists, which users can type anything into."""

from __future__ import annotations

MAX_ID = 2**63 - 1


def parse_id(value: str | None) -> int | None:
    """A positive database id from user input, or None: "12" → 12; "", "x", "²", "-1", "1e3" or a huge number → None.

    `str.isdigit()` alone accepts superscripts and other digits that `int()` refuses, turning a typo into a 500.
    """
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
