"""Writing audit rows. Services call `record()` inside their own transaction."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from audit.models import AuditEvent
from lib.transactions import in_callers_transaction


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


def event(
    *,
    actor,
    action: str,
    obj: models.Model,
    office=None,
    office_id: int | None = None,
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
    restricted: bool = False,
) -> AuditEvent:
    """One audit row, not yet saved: `record()` saves one, `record_many()` saves many in one statement.

    `office_id` may stand in for `office` when only the id is at hand (no query to fetch the office).
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent(
        actor=actor,
        actor_label=(actor.get_full_name() or actor.get_username()) if actor else "system",
        office_id=office.pk if office is not None else office_id,
        action=action,
        object_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        data={k: _plain(v) for k, v in (data or {}).items()},
        ip_address=ip_address,
        restricted=restricted,
    )


@in_callers_transaction
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
    row = event(
        actor=actor,
        action=action,
        obj=obj,
        office=office,
        changes=changes,
        data=data,
        ip_address=ip_address,
        restricted=restricted,
    )
    row.save()
    return row


@in_callers_transaction
def record_many(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Append many rows built with `event()` in one statement (batch jobs). Inside the caller's transaction."""
    return AuditEvent.objects.bulk_create(list(events), batch_size=1000)


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


@in_callers_transaction
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
