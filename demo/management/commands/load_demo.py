from django.core.management.base import BaseCommand, CommandError

from demo import services
from organizations.models import Office


class Command(BaseCommand):
    help = "Load the synthetic demo offices and accounts (never run this on a production database)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any office exists.")

    def handle(self, *args, **options):
        if Office.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Database already has data; demo not loaded.")
                return
            raise CommandError("The database already has offices; the demo loads only into an empty database.")
        try:
            accounts = services.build_demo()
        except services.DemoError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Demo loaded: {len(accounts)} accounts, password {services.DEMO_PASSWORD!r}.")
