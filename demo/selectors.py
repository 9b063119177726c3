"""Reads about the demo data."""

from __future__ import annotations

from accounts.models import User
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
