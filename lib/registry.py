"""Ordered registries through which one app contributes to a page that another app owns.

The client page, the client's log and the home page are owned by `clients` and `dashboard`, but
supervision, field work, the case board, violations, movements and partners each add a part. They
register a function in their AppConfig.ready(); the owner calls every registered function in order.
This keeps the owner free of imports of the apps that build on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator


class Registry:
    """Functions registered under a key, called in ascending `order`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, tuple[int, Callable]] = {}

    def register(self, key: str, *, order: int = 100) -> Callable[[Callable], Callable]:
        """Decorator: register `func` under `key` (registering a key twice replaces it, so reloads are safe)."""

        def decorator(func: Callable) -> Callable:
            self._entries[key] = (order, func)
            return func

        return decorator

    def items(self) -> Iterator[tuple[str, Callable]]:
        for key, (_order, func) in sorted(self._entries.items(), key=lambda kv: (kv[1][0], kv[0])):
            yield key, func

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def get(self, key: str) -> Callable | None:
        entry = self._entries.get(key)
        return entry[1] if entry else None


# The home page's parts. Its owner, `dashboard`, sits above every app (it shows what they all contribute), so
# the registry lives here, below them: apps register into it without importing the dashboard.
home_page = Registry("home page")
