"""Compare the per-office client counts (clients.ClientCount, kept by database triggers) with a fresh count.

    manage.py client_counts --check   # report differences; exit status 1 when there are any
    manage.py client_counts           # rewrite the counts from the clients table

The triggers update the counts in the transaction of every insert, delete and change of office or of
`is_child`, so a difference means someone changed the table with the triggers off (a restore without
them, say). Run `--check` from monitoring; run without it after such a repair.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from clients.models import Client, ClientCount


def fresh_counts() -> dict[tuple[int, bool], int]:
    rows = Client.objects.order_by().values_list("office_id", "is_child").annotate(n=Count("pk"))
    return {(office, is_child): n for office, is_child, n in rows}


def kept_counts() -> dict[tuple[int, bool], int]:
    rows = ClientCount.objects.values_list("office_id", "is_child", "count")
    return {(office, is_child): n for office, is_child, n in rows if n}


class Command(BaseCommand):
    help = "Check (--check) or rewrite the per-office client counts shown on the home pages."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only compare; exit 1 when a count differs.")

    def handle(self, *args, check: bool = False, **options):
        with transaction.atomic():
            if not check:
                # Hold the count rows while rewriting: a concurrent change of a client waits for the new figures.
                list(ClientCount.objects.select_for_update().values_list("pk"))
            fresh, kept = fresh_counts(), kept_counts()
            wrong = sorted(key for key in fresh.keys() | kept.keys() if fresh.get(key, 0) != kept.get(key, 0))
            for office, is_child in wrong:
                kind = "children" if is_child else "adults"
                self.stdout.write(
                    f"office {office} {kind}: kept {kept.get((office, is_child), 0)}, "
                    f"counted {fresh.get((office, is_child), 0)}"
                )
            if check:
                if wrong:
                    raise CommandError(f"{len(wrong)} client count(s) differ; run `manage.py client_counts` to fix.")
                self.stdout.write(f"All {len(fresh)} client counts match.")
                return
            ClientCount.objects.all().delete()
            ClientCount.objects.bulk_create(
                ClientCount(office_id=office, is_child=is_child, count=n) for (office, is_child), n in fresh.items()
            )
            self.stdout.write(f"{len(fresh)} client count(s) written; {len(wrong)} had differed.")
