"""The allocation's word on who writes a Litmas: the PK of the right section with the lowest workload today."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from allocation import selectors


def lowest_load(request, officers) -> int | None:
    """Of `officers` (the active PKs of the request's section), the one with the lowest workload percentage
    (those without capacity on the day count as full); None without officers."""
    if not officers:
        return None
    loads = selectors.officer_loads(officers, on=timezone.localdate())

    def key(officer) -> tuple[Decimal, str]:
        percent = loads[officer.pk].percent
        return (percent if percent is not None else Decimal("Infinity"), officer.full_name)

    return min(officers, key=key).pk
