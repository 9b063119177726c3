import textwrap

from django.core.management.base import BaseCommand

from demo import selectors, services


class Command(BaseCommand):
    help = "Print where Bapas is served and how to sign in."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, **options):
        line = "-" * 72
        self.stdout.write(line)
        self.stdout.write(f"Bapas is starting at {options['url']}")
        accounts = selectors.demo_accounts()
        if accounts:
            self.stdout.write(f"Demo accounts (password for all: {services.DEMO_PASSWORD}):")
            for account in accounts:
                self.stdout.write(f"  {account.username:<18} {account.description}")
            others = selectors.other_demo_accounts()
            if others:
                self.stdout.write("More demo accounts, same password, by office:")
            for office, groups in others:
                self.stdout.write(f"  {office}")
                for label, usernames in groups:
                    text = f"{label}: {', '.join(usernames)}"
                    for row in textwrap.wrap(text, width=96, initial_indent="    ", subsequent_indent="      "):
                        self.stdout.write(row)
        else:
            self.stdout.write(
                "No demo accounts. Create an administrator with: .venv/bin/python manage.py createsuperuser"
            )
        self.stdout.write("Stop the server with Ctrl+C. Data is kept in var/ between runs.")
        self.stdout.write(line)
