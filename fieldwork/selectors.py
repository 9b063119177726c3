"""Reads of field work for pages."""

from __future__ import annotations

from clients import log


def log_rows(entries: list[log.LogEntry]) -> list[tuple[log.LogEntry, str]]:
    """Entries with the (translated) label of their kind, for the templates."""
    return [(entry, log.labels.get(entry.kind, entry.kind)) for entry in entries]
