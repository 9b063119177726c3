import time

from django.core.management.base import BaseCommand, CommandError

from demo import services
from organizations.models import Office


class Command(BaseCommand):
    help = (
        "Load the synthetic demo (never run this on a production database): Bapas Kelas I Cirebon with "
        "--clients-per-office clients, 40 staff and 21 partners, two small offices (Bandung, Semarang), and "
        "--offices minus one synthetic 'Bapas Kelas II' offices of the same size. The generated rows are a "
        "system load written in bulk: no audit rows are recorded for them (the named demo accounts are audited)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any office exists.")
        parser.add_argument(
            "--offices", type=int, default=1, help="Offices of full size, Cirebon first (default 1; e.g. 100)."
        )
        parser.add_argument(
            "--clients-per-office", type=int, default=1000, help="Active clients in each such office (default 1000)."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Seed of the generator: dates count back from today, so the same "
            "seed on the same day gives the same data.",
        )

    def handle(self, *args, **options):
        if Office.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Database already has data; demo not loaded.")
                return
            raise CommandError("The database already has offices; the demo loads only into an empty database.")
        verbosity = options["verbosity"]
        started = time.perf_counter()

        def log(message: str) -> None:
            if verbosity >= 2 or (verbosity >= 1 and options["offices"] > 1):
                self.stdout.write(message)

        try:
            accounts = services.build_demo(
                seed=options["seed"],
                offices=options["offices"],
                clients_per_office=options["clients_per_office"],
                log=log,
            )
        except services.DemoError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Demo loaded in {time.perf_counter() - started:.1f} s: {len(accounts)} demo accounts, "
            f"password {services.DEMO_PASSWORD!r}."
        )
