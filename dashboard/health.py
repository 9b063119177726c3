"""The database probe behind /healthz, which answers within a deadline whatever the database does.

A statement timeout is enforced by the server, so a frozen server (or a network that drops packets)
never enforces it: the probe runs in a thread of its own, on a connection of its own, and the check
stops waiting at the deadline. At most one probe is in flight; while it still waits on the database,
the next checks answer "unreachable" at once instead of piling up threads.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

log = logging.getLogger(__name__)

_slot = threading.Lock()
_thread: threading.Thread | None = None


def probe(timeout_ms: int) -> None:
    """Read the migrations table (the schema is in place); PostgreSQL cancels it after `timeout_ms`."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        # SQLite is a local file and its readers never wait in WAL mode (and a transaction here would
        # take the write lock: transaction_mode IMMEDIATE).
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # Only this transaction: the probe must not wait for locks or a slow plan beyond its deadline.
        cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
        cursor.execute(f"SET LOCAL lock_timeout = {int(timeout_ms)}")
        cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
        cursor.fetchone()


def database_answers(timeout_ms: int | None = None) -> bool:
    """True when the probe succeeded within `timeout_ms` (HEALTHZ_TIMEOUT_MS by default)."""
    global _thread
    timeout_ms = settings.HEALTHZ_TIMEOUT_MS if timeout_ms is None else timeout_ms
    if not _slot.acquire(blocking=False):
        log.warning("healthz: the previous database probe has not returned yet")
        return False
    outcome: dict[str, bool] = {}

    def run() -> None:
        try:
            probe(timeout_ms)
            outcome["ok"] = True
        except Exception:
            log.exception("healthz: the database probe failed")
        finally:
            connections.close_all()  # this thread's connections only
            _slot.release()

    _thread = threading.Thread(target=run, name="healthz-probe", daemon=True)
    _thread.start()
    _thread.join(timeout_ms / 1000)
    if _thread.is_alive():
        log.warning("healthz: the database did not answer within %d ms", timeout_ms)
    return outcome.get("ok", False)


def wait_for_probe(timeout: float | None = None) -> None:
    """Wait for the last probe's thread to end (tests, so no probe outlives its test)."""
    if _thread is not None:
        _thread.join(timeout)
