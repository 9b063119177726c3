"""Writes to accounts: each validates, saves and records an audit row in one transaction."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit import services as audit

# Fields whose before/after values the audit trail keeps.
AUDITED_FIELDS = [
    "username",
    "full_name",
    "nip",
    "email",
    "phone",
    "role",
    "jenjang",
    "section",
    "office",
    "kanwil",
    "partner",
    "is_active",
]


@transaction.atomic
def staff_create(*, acting_user: User | None, password: str | None = None, **fields) -> User:
    """Create an account. Without a password the account cannot sign in until one is set."""
    user = User(**fields)
    user.password = make_password(password)  # None gives an unusable password
    user.full_clean()
    user.save()
    audit.record(
        actor=acting_user,
        action="account.created",
        obj=user,
        office=user.office,
        changes=audit.diff({}, audit.snapshot(user, AUDITED_FIELDS)),
    )
    return user


@transaction.atomic
def staff_update(*, user: User, acting_user: User, expected_version: int | None, **fields) -> User:
    """Change an account's details; refuses a stale form (someone else saved first)."""
    return audit.update_versioned(
        obj=user,
        acting_user=acting_user,
        expected_version=expected_version,
        fields=fields,
        audited=AUDITED_FIELDS,
        action="account.updated",
    )


@transaction.atomic
def totp_start(*, user: User) -> TOTPDevice:
    """Create (or reuse) the unconfirmed TOTP device whose secret the user scans."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Turn the second factor on once the user proves the app shows the right code."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record(actor=user, action="account.totp_enabled", obj=user, office=user.office)
    return True


@transaction.atomic
def totp_disable(*, user: User, acting_user: User) -> None:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit.record(actor=acting_user, action="account.totp_disabled", obj=user, office=user.office)


@transaction.atomic
def language_choose(*, user: User, language: str) -> None:
    """Saves the interface language a user chose with the switch.

    A preference, not personal data, so no audit row; written with UPDATE so the account's version (which
    guards the administrator's edit form) does not change under an administrator editing the account.
    """
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"unknown language {language!r}")
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
