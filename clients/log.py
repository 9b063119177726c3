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

from django.utils import timezone
from django_stubs_ext import StrOrPromise

from lib.registry import Registry

sources = Registry("client log")
labels: dict[str, StrOrPromise] = {}  # lazy translations, read when a page renders


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
        """The aware instant the entry sorts by, whichever time zone its source gave it in.

        Sources give database times in UTC or in local time; comparing them as aware datetimes puts them in
        the order they happened. An entry with only a date stands at the end of that day in the current
        (the office's) time zone, above everything else that happened that day.
        """
        if isinstance(self.when, datetime.datetime):
            if timezone.is_naive(self.when):  # never given by the sources; read as local wall-clock time
                return timezone.make_aware(self.when)
            return self.when
        return timezone.make_aware(datetime.datetime.combine(self.when, datetime.time.max))


def entries(client, user, *, kinds: Iterable[str] | None = None) -> list[LogEntry]:
    """Every entry of every source (or of `kinds`), newest first."""
    wanted = set(kinds) if kinds else None
    result: list[LogEntry] = []
    for _key, func in sources.items():
        for entry in func(client, user):
            if wanted is None or entry.kind in wanted:
                result.append(entry)
    return sorted(result, key=lambda e: e.sort_key, reverse=True)
