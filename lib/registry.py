"""Ordered registries through which one app contributes to a page that another app owns.

The client page, the client's log, the home page and the work queue are owned by `clients` and `dashboard`,
but supervision, field work, the case board, violations, movements and partners each add a part. They
register a function (or a `QueuePart`) in their AppConfig.ready(); the owner calls every registered entry
in order. This keeps the owner free of imports of the apps that build on it, and it is the one way an app
extends another: no lists of dotted paths.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django_stubs_ext import StrOrPromise


class Registry:
    """Entries (functions, or descriptions such as a QueuePart) registered under a key, taken in ascending `order`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, tuple[int, Any]] = {}

    def add(self, key: str, entry: Any, *, order: int = 100) -> None:
        """Register `entry` under `key` (registering a key twice replaces it, so reloads are safe)."""
        self._entries[key] = (order, entry)

    def register(self, key: str, *, order: int = 100) -> Callable[[Callable], Callable]:
        """Decorator: register `func` under `key`."""

        def decorator(func: Callable) -> Callable:
            self.add(key, func, order=order)
            return func

        return decorator

    def entries(self) -> list[Any]:
        """The registered entries in order."""
        return [entry for _key, entry in self.items()]

    def items(self) -> Iterator[tuple[str, Any]]:
        for key, (_order, func) in sorted(self._entries.items(), key=lambda kv: (kv[1][0], kv[0])):
            yield key, func

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str) -> Any | None:
        entry = self._entries.get(key)
        return entry[1] if entry else None


# The home page's parts. Its owner, `dashboard`, sits above every app (it shows what they all contribute), so
# the registry lives here, below them: apps register into it without importing the dashboard.
home_page = Registry("home page")


@dataclass(frozen=True)
class QueuePart:
    """A part of the officer's work queue that another app computes: `selector(episodes_qs, *, today) -> rows`,
    shown with `template` (which receives `rows`). Each row is about one episode (`row.episode` or
    `row["episode"]`). `counter(episodes_qs, *, today) -> {episode_id: count}` gives the same counts from SQL
    aggregates for the section head's table (without one, the rows are counted)."""

    key: str
    label: StrOrPromise
    selector: Callable[..., Any]
    template: str
    counter: Callable[..., Mapping[int, int]] | None = None


# The officer's work queue (dashboard.queues) beyond reporting and ending guidance: apps add a QueuePart with
# `work_queue.add(part.key, part, order=...)`.
work_queue = Registry("work queue")
