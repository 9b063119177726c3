"""Mark reports missed once their grace period has passed; list episodes with three misses in a row.

Run daily from cron. Safe to run twice: a date that already has a check-in is skipped (and the unique
constraint refuses a second row should two runs overlap). One transaction per episode.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from supervision import selectors, services
from supervision.models import CheckIn


def overdue_dates(episode: ProgramEpisode, checkins: list[CheckIn], *, today: datetime.date) -> list[datetime.date]:
    """Due dates with no check-in whose grace period (the rule set's `grace_days`) ended before `today`."""
    last = today - datetime.timedelta(days=episode.rule_set.grace_days + 1)
    return selectors.unrecorded_dates(episode, checkins, until=last)


class Command(BaseCommand):
    help = (
        "Record a 'missed' check-in for every reporting date of an active episode that is past its grace "
        "period without one, and list the episodes whose latest three reports were missed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be marked; write nothing.")
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = self._today(options["today"])
        dry_run = options["dry_run"]
        episodes = (
            ProgramEpisode.objects.filter(status=EpisodeStatus.ACTIVE, starts_on__lt=today)
            .select_related("rule_set", "client")
            .order_by("pk")
        )
        checked = marked = 0
        runs = []
        for episode in episodes.iterator(chunk_size=500):
            checked += 1
            dates, run = self.handle_one(episode, today=today, dry_run=dry_run)
            marked += len(dates)
            if dates and run >= selectors.MISSED_IN_A_ROW_LIMIT:
                runs.append((episode, run))
        verb = "would be marked" if dry_run else "marked"
        self.stdout.write(f"{checked} active episode(s) checked; {marked} missed report(s) {verb}.")
        if runs:
            self.stdout.write(
                f"{len(runs)} episode(s) now have {selectors.MISSED_IN_A_ROW_LIMIT} or more missed reports in a row "
                "(a violation draft is due; this command does not create it):"
            )
            for episode, run in runs:
                client = episode.client
                self.stdout.write(f"  episode {episode.pk}: {client.name} ({client.register_number}), {run} in a row")

    def handle_one(
        self, episode: ProgramEpisode, *, today: datetime.date, dry_run: bool = False
    ) -> tuple[list[datetime.date], int]:
        """Mark the overdue dates of one episode missed, in one transaction.

        Returns the dates marked (or that would be) and the length of the run of misses that ends the
        episode's reports afterwards.
        """
        with transaction.atomic():
            # The lock serialises with a desk recording a check-in for the same episode right now.
            ProgramEpisode.objects.select_for_update().filter(pk=episode.pk).first()
            checkins = list(CheckIn.objects.filter(episode=episode))
            dates = overdue_dates(episode, checkins, today=today)
            if not dry_run:
                for day in dates:
                    services.checkin_mark_missed(episode=episode, due_on=day)
        after = checkins + [CheckIn(due_on=day, outcome=CheckIn.Outcome.MISSED) for day in dates]
        return dates, selectors.missed_in_a_row(after)

    @staticmethod
    def _today(value: str | None) -> datetime.date:
        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--today must be a date written YYYY-MM-DD, not {value!r}.") from exc
