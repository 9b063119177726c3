"""Propose a PK for every client without one, office by office (issue 12, point 4).

Each office is solved on its own (its own clients, PKs, loads and capacities), so a national run is a loop of
independent office runs and its time grows with the number of offices, not their square. Nothing is written:
a section head accepts proposals on `/beban-kerja/usulan/`; this command shows, for the person who runs the
installation or for a nightly report, how many clients wait, how many the engine can place, which it cannot and
why, and how long each office took.

    manage.py allocation_propose --all-offices
    manage.py allocation_propose --office 12 --details
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from allocation import proposals
from organizations.models import Office


class Command(BaseCommand):
    help = "Propose a PK for every client without one, each office on its own; writes nothing."

    def add_arguments(self, parser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all-offices", action="store_true", help="Every office, one after another.")
        which.add_argument("--office", type=int, help="One office, by its id.")
        parser.add_argument("--details", action="store_true", help="List each proposal and each client not placed.")

    def handle(self, *args, **options) -> None:
        offices = Office.objects.order_by("name")
        if options["office"] is not None:
            offices = offices.filter(pk=options["office"])
            if not offices.exists():
                raise CommandError(f"No office with id {options['office']}.")
        today = timezone.localdate()
        started = time.perf_counter()
        waiting = placed = unplaced = 0
        for office in offices:
            office_started = time.perf_counter()
            clients, officers = proposals.office_batch(office)
            answer = proposals.propose_for(clients, officers, on=today)
            seconds = time.perf_counter() - office_started
            waiting += len(clients)
            placed += len(answer.rows)
            unplaced += len(answer.infeasible)
            self.stdout.write(
                f"{office.name}: {len(clients)} without a PK, {len(answer.rows)} proposed, "
                f"{len(answer.infeasible)} not placed ({seconds * 1000:.0f} ms)"
            )
            if options["details"]:
                for row in answer.rows:
                    self.stdout.write(f"  {row.client.name} -> {row.officer.full_name} (cost {row.cost:.1f})")
                for unplaced_row in answer.infeasible:
                    self.stdout.write(f"  not placed: {unplaced_row.message}")
        self.stdout.write(
            f"{offices.count()} office(s): {waiting} without a PK, {placed} proposed, {unplaced} not placed "
            f"in {time.perf_counter() - started:.1f} s."
        )
