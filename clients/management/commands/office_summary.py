"""Per office: clients by program and by episode status, staff by role, partners by type.

The figures an administrator checks after an import or a demo load. Five queries whatever the number
of offices: the offices, then one grouped count each of clients, episodes, accounts and partners.
"""

import json
from collections import Counter, defaultdict

from django.core.management.base import BaseCommand
from django.db.models import Count

from accounts import scopes
from accounts.models import Role, User
from clients.codes import EpisodeStatus, Program
from clients.models import Client, ProgramEpisode
from organizations.models import Office
from partners.models import Partner

NONE = "none"  # a client without a current episode

# Counts of codes per office id.
PerOffice = defaultdict[int, Counter[str]]


def _ordered(counter: Counter, order: list[str]) -> dict[str, int]:
    """The non-zero counts, in the order of the code list (unknown codes last, then "none")."""
    keys = [k for k in order if counter.get(k)] + sorted(k for k in counter if k not in order and k != NONE)
    if counter.get(NONE):
        keys.append(NONE)
    return {key: counter[key] for key in keys}


def office_summary() -> dict:
    """The summary as plain data (what --json prints)."""
    offices = list(Office.objects.order_by("name").values("pk", "name", "grade", "kanwil__name"))
    programs, statuses, children, clients = (PerOffice(Counter) for _ in range(4))
    rows = (
        Client.objects.order_by()
        .values("office_id", "current_episode__program", "current_episode__status", "is_child")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        office, n = row["office_id"], row["n"]
        programs[office][row["current_episode__program"] or NONE] += n
        statuses[office][row["current_episode__status"] or NONE] += n
        children[office]["children"] += n if row["is_child"] else 0
        clients[office]["total"] += n

    episodes = PerOffice(Counter)
    for row in ProgramEpisode.objects.order_by().values("office_id", "status").annotate(n=Count("pk")):
        episodes[row["office_id"]][row["status"]] += row["n"]

    roles, partner_users, inactive = PerOffice(Counter), Counter[int](), Counter[int]()
    without_office = Counter[str]()
    for row in User.objects.order_by().values("office_id", "role", "is_active").annotate(n=Count("pk")):
        office, n = row["office_id"], row["n"]
        if office is None:
            without_office[row["role"]] += n
        elif not row["is_active"]:
            inactive[office] += n
        elif scopes.is_partner_role(row["role"]):
            partner_users[office] += n
        else:
            roles[office][row["role"]] += n

    kinds, partner_statuses = PerOffice(Counter), PerOffice(Counter)
    for row in Partner.objects.order_by().values("office_id", "kind", "status").annotate(n=Count("pk")):
        kinds[row["office_id"]][row["kind"]] += row["n"]
        partner_statuses[row["office_id"]][row["status"]] += row["n"]

    result = []
    for office in offices:
        pk = office["pk"]
        result.append(
            {
                "id": pk,
                "name": office["name"],
                "grade": office["grade"],
                "kanwil": office["kanwil__name"],
                "clients": {
                    "total": clients[pk]["total"],
                    "children": children[pk]["children"],
                    "by_program": _ordered(programs[pk], Program.values),
                    "by_status": _ordered(statuses[pk], EpisodeStatus.values),
                },
                "episodes": {
                    "total": sum(episodes[pk].values()),
                    "by_status": _ordered(episodes[pk], EpisodeStatus.values),
                },
                "staff": {
                    "total": sum(roles[pk].values()),
                    "by_role": _ordered(roles[pk], Role.values),
                    "inactive": inactive[pk],
                    "partner_users": partner_users[pk],
                },
                "partners": {
                    "total": sum(kinds[pk].values()),
                    "by_type": _ordered(kinds[pk], Partner.Kind.values),
                    "by_status": _ordered(partner_statuses[pk], Partner.Status.values),
                },
            }
        )
    totals = {
        "offices": len(result),
        "clients": sum(o["clients"]["total"] for o in result),
        "staff": sum(o["staff"]["total"] for o in result),
        "partners": sum(o["partners"]["total"] for o in result),
    }
    return {"offices": result, "totals": totals, "accounts_without_office": _ordered(without_office, Role.values)}


def _line(counts: dict[str, int]) -> str:
    return " · ".join(f"{key} {value}" for key, value in counts.items()) or "—"


class Command(BaseCommand):
    help = (
        "Per office: clients by program and by status of their current episode, all episodes by status, staff by "
        "role, partners by type (the figures to check after an import). --json prints the same as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON instead of text.")

    def handle(self, *args, **options):
        summary = office_summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False))
            return
        for office in summary["offices"]:
            clients, staff, partners = office["clients"], office["staff"], office["partners"]
            self.stdout.write(f"{office['name']} · {office['kanwil']}")
            self.stdout.write(f"  Clients   {clients['total']} (children {clients['children']})")
            self.stdout.write(f"    by program  {_line(clients['by_program'])}")
            self.stdout.write(f"    by status   {_line(clients['by_status'])}")
            episodes = office["episodes"]
            self.stdout.write(f"  Episodes  {episodes['total']} (all, past ones included)")
            self.stdout.write(f"    by status   {_line(episodes['by_status'])}")
            extra = f", {staff['inactive']} inactive" if staff["inactive"] else ""
            self.stdout.write(f"  Staff     {staff['total']} (+ {staff['partner_users']} partner users{extra})")
            self.stdout.write(f"    by role     {_line(staff['by_role'])}")
            self.stdout.write(f"  Partners  {partners['total']}")
            self.stdout.write(f"    by type     {_line(partners['by_type'])}")
            self.stdout.write(f"    by status   {_line(partners['by_status'])}")
        totals = summary["totals"]
        self.stdout.write(
            f"Total: {totals['offices']} offices, {totals['clients']} clients, {totals['staff']} staff, "
            f"{totals['partners']} partners."
        )
        if summary["accounts_without_office"]:
            self.stdout.write(f"Accounts without an office: {_line(summary['accounts_without_office'])}")
