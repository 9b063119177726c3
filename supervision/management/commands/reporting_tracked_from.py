"""Show or set the day from which an office's reporting dates are due (before importing old records)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organizations.models import Office
from supervision import services
from supervision.models import ReportingSettings


class Command(BaseCommand):
    help = (
        "Show each office's reporting tracking start, or set one office's: no reporting date before it is due "
        "or marked missed. Set it before the first run of mark_missed_checkins on migrated records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--office", type=int, help="Office id.")
        parser.add_argument("--date", help="Tracked from this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        if options["office"] is None:
            tracked = dict(ReportingSettings.objects.values_list("office_id", "tracked_from"))
            for office in Office.objects.order_by("name"):
                day = tracked.get(office.pk)
                self.stdout.write(f"{office.pk}\t{office.name}\t{day.isoformat() if day else 'from each start'}")
            return
        if not options["date"]:
            raise CommandError("Give --date YYYY-MM-DD with --office.")
        try:
            day = datetime.date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CommandError(f"--date must be written YYYY-MM-DD, not {options['date']!r}.") from exc
        office = Office.objects.filter(pk=options["office"]).first()
        if office is None:
            raise CommandError(f"No office with id {options['office']}.")
        try:
            services.reporting_tracking_set(office=office, acting_user=None, tracked_from=day)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{office.name}: reporting tracked from {day.isoformat()}.")
