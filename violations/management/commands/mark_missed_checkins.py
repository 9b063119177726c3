"""Mark reports missed once their grace period has passed; open a draft violation at the third miss in a row.

Run daily from cron. Safe to run twice: a date that already has a check-in is skipped (and the unique
constraint refuses a second row should two runs overlap), and a run of misses gets one draft violation
(`violations.services.open_missed_reports_draft`; a unique constraint again guards overlapping runs).
One transaction and a fixed number of statements per chunk of 500 episodes: the episodes are locked,
their check-ins read, the missed check-ins and their audit rows inserted, and the drafts opened, each
in one statement for the whole chunk.

It lives in `violations` because it acts on both: it marks supervision's check-ins missed and opens
violations, and violations sits above supervision (an app calls only the apps below it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from supervision import selectors, services
from supervision.models import CheckIn
from violations import services as violation_services
from violations.models import Violation

CHUNK = 500


def overdue_dates(
    episode: ProgramEpisode, checkins: list[CheckIn], *, today: datetime.date, context=None
) -> list[datetime.date]:
    """Due dates with no check-in whose grace period (the rule set's `grace_days`) ended before `today`."""
    last = today - datetime.timedelta(days=episode.rule_set.grace_days + 1)
    return selectors.unrecorded_dates(episode, checkins, until=last, context=context)


def missed_run(checkins: list[CheckIn]) -> list[datetime.date]:
    """The due dates of the latest run of missed reports, oldest first (empty when the latest was not missed)."""
    run = selectors.missed_in_a_row(checkins)
    if not run:
        return []
    latest = sorted(checkins, key=lambda c: c.due_on)[-run:]
    return [c.due_on for c in latest]


@dataclass(frozen=True)
class Outcome:
    """What the job did (or would do) for one episode."""

    marked: list[datetime.date]
    run: int  # missed reports in a row afterwards
    draft: Violation | None  # the draft violation opened (unsaved in a dry run)


class Command(BaseCommand):
    help = (
        "Record a 'missed' check-in for every reporting date of an active episode that is past its grace "
        "period without one, and open a draft violation (three missed reports in a row) for the PK when "
        "a run of misses reaches three."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be marked and opened; write nothing."
        )
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
        drafts = []
        chunk: list[ProgramEpisode] = []
        for episode in episodes.iterator(chunk_size=CHUNK):
            chunk.append(episode)
            if len(chunk) == CHUNK:
                marked += self._handle_chunk(chunk, today=today, dry_run=dry_run, runs=runs, drafts=drafts)
                checked += len(chunk)
                chunk = []
        if chunk:
            marked += self._handle_chunk(chunk, today=today, dry_run=dry_run, runs=runs, drafts=drafts)
            checked += len(chunk)
        verb = "would be marked" if dry_run else "marked"
        self.stdout.write(f"{checked} active episode(s) checked; {marked} missed report(s) {verb}.")
        if runs:
            self.stdout.write(
                f"{len(runs)} episode(s) now have {selectors.MISSED_IN_A_ROW_LIMIT} or more missed reports in a row:"
            )
            for episode, run in runs:
                client = episode.client
                self.stdout.write(f"  episode {episode.pk}: {client.name} ({client.register_number}), {run} in a row")
        opened = "would be opened" if dry_run else "opened"
        self.stdout.write(f"{len(drafts)} draft violation(s) {opened}.")
        for episode, draft in drafts:
            client = episode.client
            self.stdout.write(
                f"  episode {episode.pk}: {client.name} ({client.register_number}), "
                f"misses from {draft.missed_from.isoformat()}"
            )

    def _handle_chunk(self, chunk, *, today, dry_run, runs, drafts) -> int:
        """Handle a chunk of episodes in one transaction and a fixed number of statements, whatever its size;
        returns the number of dates marked (or that would be)."""
        try:
            with transaction.atomic():
                outcomes = self._plan_and_write(chunk, today=today, dry_run=dry_run)
        except IntegrityError:
            # Another run (or a desk on SQLite, which has no row locks) recorded one of these dates meanwhile:
            # nothing of the chunk was written; go through it one episode at a time, as the unique constraints
            # let each episode skip what is already there.
            selectors.prefetch_schedule(chunk)
            outcomes = [(episode, self.handle_one(episode, today=today, dry_run=dry_run)) for episode in chunk]
        marked = 0
        for episode, outcome in outcomes:
            marked += len(outcome.marked)
            if (outcome.marked or outcome.draft) and outcome.run >= selectors.MISSED_IN_A_ROW_LIMIT:
                runs.append((episode, outcome.run))
            if outcome.draft is not None:
                drafts.append((episode, outcome.draft))
        return marked

    def _plan_and_write(self, chunk, *, today, dry_run) -> list[tuple[ProgramEpisode, Outcome]]:
        """Lock the chunk's episodes, read their schedules and check-ins, bulk-insert the missed check-ins and
        open the drafts: about ten statements for up to CHUNK episodes. Runs inside the chunk's transaction."""
        ids = [episode.pk for episode in chunk]
        # The locks serialise with a desk recording a check-in for one of these episodes right now.
        list(ProgramEpisode.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        selectors.prefetch_schedule(chunk)  # schedule contexts of the chunk in a fixed number of queries
        checkins = selectors.checkins_by_episode(ids)
        planned = []
        for episode in chunk:
            recorded = checkins.get(episode.pk, [])
            dates = overdue_dates(episode, recorded, today=today, context=selectors.schedule_context(episode))
            after = recorded + [CheckIn(due_on=day, outcome=CheckIn.Outcome.MISSED) for day in dates]
            planned.append((episode, dates, missed_run(after)))
        if not dry_run:
            missed = [(episode, day) for episode, dates, _run in planned for day in dates]
            services.checkin_mark_missed_many(missed=missed)
        opened = violation_services.open_missed_reports_drafts(
            runs=[(e, run) for e, _dates, run in planned if len(run) >= selectors.MISSED_IN_A_ROW_LIMIT],
            today=today,
            dry_run=dry_run,
        )
        return [
            (episode, Outcome(marked=dates, run=len(run), draft=opened.get(episode.pk)))
            for episode, dates, run in planned
        ]

    def handle_one(self, episode: ProgramEpisode, *, today: datetime.date, dry_run: bool = False) -> Outcome:
        """Mark the overdue dates of one episode missed and, at three misses in a row, open the run's draft
        violation; in one transaction (a dry run writes nothing). The fallback of a chunk that met a
        concurrent write; the chunk path (`_plan_and_write`) does the same for many episodes at once."""
        with transaction.atomic():
            # The lock serialises with a desk recording a check-in for the same episode right now.
            ProgramEpisode.objects.select_for_update().filter(pk=episode.pk).first()
            checkins = list(CheckIn.objects.filter(episode=episode))
            dates = overdue_dates(episode, checkins, today=today, context=selectors.schedule_context(episode))
            if not dry_run:
                for day in dates:
                    services.checkin_mark_missed(episode=episode, due_on=day)
            after = checkins + [CheckIn(due_on=day, outcome=CheckIn.Outcome.MISSED) for day in dates]
            run = missed_run(after)
            draft = None
            if len(run) >= selectors.MISSED_IN_A_ROW_LIMIT:
                draft = violation_services.open_missed_reports_draft(
                    episode=episode, missed=run, today=today, dry_run=dry_run
                )
        return Outcome(marked=dates, run=len(run), draft=draft)

    @staticmethod
    def _today(value: str | None) -> datetime.date:
        if not value:
            return timezone.localdate()
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--today must be a date written YYYY-MM-DD, not {value!r}.") from exc
