"""Reads about the demo data."""

from __future__ import annotations

from accounts.models import Role, User
from demo.services import DemoAccount


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts present in the database, for the start-up message."""
    users = User.objects.filter(email__endswith="@demo.invalid").select_related("office", "kanwil", "partner")
    return [
        DemoAccount(
            u.username, u.role, f"{u.get_role_display()} · {u.partner or u.office or u.kanwil or 'all offices'}"
        )
        for u in users.order_by("pk")
    ]


def other_demo_accounts() -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """The generated demo accounts (staff of every office, further partner users), for the start-up
    message: per office, (role or partner, usernames) in the order of the roles."""
    users = (
        User.objects.filter(email__endswith="@sintetis.demo.invalid")
        .select_related("office", "partner")
        .order_by("office__pk", "username")
    )
    rank = {role: i for i, role in enumerate(Role.values)}
    offices: dict[str, dict[tuple[int, str], list[str]]] = {}
    for u in users:
        label = f"{u.get_role_display()} · {u.partner}" if u.partner_id else u.get_role_display()
        groups = offices.setdefault(str(u.office or "—"), {})
        groups.setdefault((rank.get(u.role, len(rank)), label), []).append(u.username)
    return [
        (office, [(label, names) for (_rank, label), names in sorted(groups.items())])
        for office, groups in offices.items()
    ]
