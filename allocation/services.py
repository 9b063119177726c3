"""Writes of the allocation app: the monthly workload snapshots."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from allocation import selectors
from allocation.models import WorkloadSnapshot


@transaction.atomic
def snapshots_write(*, on: datetime.date, officers: Iterable[User] | None = None) -> int:
    """Compute every office's PKs' loads on `on` (or the given officers') and keep them as the snapshot of `on`'s
    month (an upsert: running it again the same month replaces that month's figures, so it is safe to run daily
    or twice).

    A fixed number of queries whatever the number of offices and officers: the loads of all PKs at once
    (`selectors.officer_loads`) and one insert-or-update. Returns the number of snapshots written.
    """
    officers = list(
        User.objects.get_queryset().guides().filter(is_active=True, office__isnull=False).only("pk", "office_id")
    )
    loads = selectors.officer_loads(officers, on=on)
    month = on.replace(day=1)
    now = timezone.now()
    rows = [
        WorkloadSnapshot(
            officer_id=officer.pk,
            office_id=officer.office_id,
            month=month,
            points=loads[officer.pk].points,
            capacity_points=loads[officer.pk].capacity,
            clients=loads[officer.pk].clients,
            computed_at=now,
        )
        for officer in officers
        if officer.office_id is not None
    ]
    WorkloadSnapshot.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["officer", "month"],
        update_fields=["office", "points", "capacity_points", "clients", "computed_at"],
    )
    return len(rows)
