"""Marking the service steps that run inside their caller's transaction."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")


def in_callers_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """For a public step of a services module that must share the caller's transaction instead of opening
    its own (an audit row, a register number taken under the office lock): it refuses to run outside one,
    so a caller that forgot `@transaction.atomic` fails in every test, not only under a second connection.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"{func.__module__}.{func.__name__}() must run inside its caller's transaction.")
        return func(*args, **kwargs)

    return wrapper
