"""Writing audit rows. Services call `record()` inside their own transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from audit.models import AuditEvent


def _plain(value: Any) -> Any:
    """Turn a field value into something JSON can hold and a person can read."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet):
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(_plain(v) for v in value)
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` (foreign keys as ids, many-to-many as sorted id lists)."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(obj.pk and getattr(obj, name).values_list("pk", flat=True) or [])
        elif field.is_relation:
            values[name] = getattr(obj, field.attname)
        else:
            values[name] = _plain(getattr(obj, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def build(
    *,
    actor,
    action: str,
    obj: models.Model,
    office=None,
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
    restricted: bool = False,
) -> AuditEvent:
    """The audit row `record()` writes, not saved: a batch writes many at once with `record_many()`."""
    actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent(
        actor=actor,
        actor_label=(actor.get_full_name() or actor.get_username()) if actor else "system",
        office=office,
        action=action,
        object_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        data={k: _plain(v) for k, v in (data or {}).items()},
        ip_address=ip_address,
        restricted=restricted,
    )


def _check_in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the transaction of the change it records.")


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    office=None,
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
    restricted: bool = False,
) -> AuditEvent:
    """Append one audit row. Must run inside the caller's transaction.

    `restricted` marks events about a child's record, which only BKA staff and the head may read.
    """
    _check_in_transaction()
    event = build(
        actor=actor,
        action=action,
        obj=obj,
        office=office,
        changes=changes,
        data=data,
        ip_address=ip_address,
        restricted=restricted,
    )
    event.save()
    return event


def record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Append rows made with `build()` in one statement, in their order. Must run inside the caller's transaction."""
    _check_in_transaction()
    return AuditEvent.objects.bulk_create(events)


@transaction.atomic
def record_view(
    *, actor, obj: models.Model, office=None, ip_address: str | None = None, restricted: bool = False
) -> AuditEvent:
    """Log that `actor` opened the record of `obj` (for client records and other personal data)."""
    return record(
        actor=actor,
        action=f"{obj._meta.model_name}.viewed",
        obj=obj,
        office=office,
        ip_address=ip_address,
        restricted=restricted,
    )


def update_versioned(
    *,
    obj: models.Model,
    acting_user,
    expected_version: int | None,
    fields: dict[str, Any],
    audited: list[str],
    action: str,
    prepare=None,
    exclude: Iterable[str] = (),
) -> models.Model:
    """The edit path shared by the services: lock the row, refuse a stale form, apply and validate `fields`,
    then save and audit only when an audited value changed. Must run inside the caller's transaction.

    `prepare(locked)` may derive more values before validation and returns the names it set.
    Audit rows about a child's record are restricted (the model's `is_child`).
    """
    locked = type(obj).objects.select_for_update().get(pk=obj.pk)
    locked.check_version(expected_version)
    before = snapshot(locked, audited)
    for name, value in fields.items():
        setattr(locked, name, value)
    derived = list(prepare(locked)) if prepare else []
    locked.full_clean(exclude=list(exclude))
    changes = diff(before, snapshot(locked, audited))
    if not changes:
        return locked
    locked.version += 1
    locked.save(update_fields=[*fields, *derived, "version"])
    record(
        actor=acting_user,
        action=action,
        obj=locked,
        office=getattr(locked, "office", None),
        changes=changes,
        restricted=bool(getattr(locked, "is_child", False)),
    )
    return locked
