"""Values read straight from a query string or a posted list, outside any form.

Prefer a form; these are for the few reads a form does not fit (a dependent select's htmx request, a
search box). A value nobody can type (a NUL byte, which PostgreSQL refuses; control characters; an
overlong string) is dropped rather than sent to the database. Ids: `lib.ids.parse_id`.
"""

from __future__ import annotations

from collections.abc import Iterable

SEARCH_MAX_LENGTH = 100


def text(value: str | None, *, max_length: int = SEARCH_MAX_LENGTH) -> str:
    """A short, stripped text, or "" when it is missing, too long or holds a control character."""
    value = (value or "").strip()
    if len(value) > max_length or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return ""
    return value


def choice(value: str | None, choices: Iterable[str], default: str = "") -> str:
    """`value` when it is one of `choices`, else `default`."""
    return value if value is not None and value in set(choices) else default
