"""The client's log: one chronological list of everything that happened in a client's guidance.

Each app registers a source for its own records (check-ins, home visits, guidance activities,
notes, violations, board decisions, partner sessions…). A source is
`func(client, user) -> Iterable[LogEntry]`, runs a fixed number of queries and returns only what
`user` may see. The log page filters by `kind`.

    from clients.log import LogEntry, sources

    @sources.register("home_visit", order=20)
    def home_visits(client, user): ...

`labels` maps each kind to its (translated, lazy) filter label, e.g. labels["home_visit"] = _("Home visits").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from lib.registry import Registry

sources = Registry("client log")
labels: dict[str, str] = {}


@dataclass(frozen=True)
class LogEntry:
    """One line of the log. `when` is a date or an aware datetime; `kind` is the filter key."""

    when: datetime.date | datetime.datetime
    kind: str
    title: str
    detail: str = ""
    actor: str = ""
    url: str = ""
    flagged: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def sort_key(self) -> datetime.datetime:
        if isinstance(self.when, datetime.datetime):
            return self.when.replace(tzinfo=None)
        return datetime.datetime.combine(self.when, datetime.time.max)


def entries(client, user, *, kinds: Iterable[str] | None = None) -> list[LogEntry]:
    """Every entry of every source (or of `kinds`), newest first."""
    wanted = set(kinds) if kinds else None
    result: list[LogEntry] = []
    for _key, func in sources.items():
        for entry in func(client, user):
            if wanted is None or entry.kind in wanted:
                result.append(entry)
    return sorted(result, key=lambda e: e.sort_key, reverse=True)
