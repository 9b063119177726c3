"""Typed readers for settings that come from the environment.

Each helper refuses a malformed value with ImproperlyConfigured naming the
variable, so a typo in deployment stops the start instead of running with a
silently different configuration.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str) -> str:
    """Read a secret from NAME, or from the file named by NAME_FILE (container secrets)."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value and path:
        raise ImproperlyConfigured(f"Set only one of {name} and {name}_FILE.")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE points to {path!r}, which cannot be read: {exc.strerror}."
            ) from None
    return value or ""


def envdatabase(name: str, default: str) -> dict:
    """Parse a database URL (postgres://…, sqlite:///…) into a Django DATABASES entry."""
    import dj_database_url

    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=0)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL ({exc}).") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name} names an unsupported database scheme: {raw.split(':', 1)[0]!r}.")
    return dict(config)  # a plain dict (dj_database_url types it as a TypedDict), as with_timeouts() expects


def with_timeouts(config: dict, *, connect_seconds: int, statement_ms: int) -> dict:
    """Bound how long a PostgreSQL connection waits: to connect, and for one statement.

    Without them a frozen or overloaded server holds every worker until the clients give up. Other
    engines are returned unchanged (SQLite has its own busy timeout). Options already given in the
    database URL are kept; a statement timeout there wins over the default.
    """
    if config.get("ENGINE") != "django.db.backends.postgresql":
        return config
    options = dict(config.get("OPTIONS") or {})
    options.setdefault("connect_timeout", connect_seconds)
    server_options = options.get("options", "")
    if "statement_timeout" not in server_options:
        options["options"] = f"{server_options} -c statement_timeout={statement_ms}".strip()
    return {**config, "OPTIONS": options}
