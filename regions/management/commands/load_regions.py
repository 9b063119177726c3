import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from regions import services
from regions.models import Village


class Command(BaseCommand):
    help = "Load or refresh the Kemendagri provinces, regencies/cities, districts and villages (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=None, help="Folder with the idn-area-data CSV files.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when villages are already loaded.")

    def handle(self, *args, **options):
        if options["if_empty"] and Village.objects.exists():
            self.stdout.write("Regions already loaded; skipped.")
            return
        data_dir = options["data_dir"] or settings.REGION_DATA_DIR
        started = time.monotonic()
        try:
            result = services.regions_load(data_dir=data_dir)
        except services.RegionDataError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Loaded {result.provinces} provinces, {result.regencies} regencies and cities, "
            f"{result.districts} districts, {result.villages} villages "
            f"in {time.monotonic() - started:.1f} s."
        )
        self.stdout.write(services.ATTRIBUTION)
