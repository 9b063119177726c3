from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import scopes
from accounts.models import User


def get_account_for_user(user: User, account_id: int, *, write: bool = False) -> User:
    """The account if `user` may see it (404 otherwise); 403 when `write` and the user may not manage accounts."""
    account = get_object_or_404(
        User.objects.visible_to(user).select_related("office", "kanwil", "partner"), pk=account_id
    )
    if write and not scopes.can(user, "staff.manage"):
        raise PermissionDenied
    return account


def accounts_for_list(user: User, *, query: str = "", role: str = ""):
    qs = User.objects.visible_to(user).select_related("office", "partner")
    if query:
        from django.db.models import Q

        qs = qs.filter(Q(full_name__icontains=query) | Q(username__icontains=query) | Q(nip__startswith=query))
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("full_name", "pk")


def has_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_totp(user: User) -> TOTPDevice | None:
    """The unconfirmed device made by `totp_start`, whose secret the user is scanning."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def attach_users(*groups: tuple[list, tuple[str, ...]]) -> None:
    """Give rows their people (who reported, decided, recorded…) from one query for every row and field.

    Each group is `(rows, fields)`: the rows' foreign keys to users named in `fields`. A `select_related` of
    eight user fields is eight joins of a wide table: PostgreSQL spends milliseconds planning it and Django
    compiling two hundred columns, for a handful of names. Here the distinct users are read once, as whole
    rows (nothing deferred), and cached on the rows as `select_related` would have. No query without users.
    """
    ids = {getattr(row, f"{name}_id") for rows, fields in groups for row in rows for name in fields} - {None}
    users = User.objects.order_by().in_bulk(ids) if ids else {}
    for rows, fields in groups:
        for row in rows:
            for name in fields:
                user_id = getattr(row, f"{name}_id")
                row._meta.get_field(name).set_cached_value(row, users.get(user_id) if user_id is not None else None)
