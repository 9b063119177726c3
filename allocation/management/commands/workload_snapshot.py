"""Keep this month's workload of every PK of every office, for the 12-month history of `/beban-kerja/`.

Run daily from cron, after `mark_missed_checkins` (whose draft violations count in the load). Idempotent: the
month's row of each officer is replaced, so the history holds the last computation of each month.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from allocation import services


class Command(BaseCommand):
    help = "Store this month's workload snapshot of every PK (run daily; running it twice changes nothing new)."

    def handle(self, *args, **options) -> None:
        written = services.snapshots_write(on=timezone.localdate())
        self.stdout.write(f"{written} workload snapshots written.")
