"""Writing audit rows. Services call `record()` inside their own transaction."""

from __future__ import annotations

import datetime
import decimal
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from audit.models import AuditEvent
from lib.models import VersionedModel
from lib.transactions import in_callers_transaction

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


_Versioned = TypeVar("_Versioned", bound=VersionedModel)


# What concerns_a_child() and office_of() read of a row once they have found the field or property on it.
class _AboutAClient(Protocol):
    is_child: bool  # a field of clients and episodes


class _ConcernsAChild(Protocol):
    concerns_a_child: bool  # a property of rows about several clients


class _InAnOffice(Protocol):
    office_id: int | None


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
        elif isinstance(field, models.Field) and field.is_relation:  # a foreign key of the row itself
            values[name] = getattr(obj, field.attname)
        else:
            values[name] = _plain(getattr(obj, name))
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


# The foreign keys, tried in this order, that lead from a row to the record it is about: a client or a
# programme episode, which carry `office` and `is_child`. A row about several clients (a group activity,
# its documents) answers itself with a `concerns_a_child` property. audit/tests/test_scope.py checks that
# every model holding a client's data reaches one of them.
SUBJECT_LINKS = ("episode", "client", "referral", "permission", "checkin", "violation", "case", "outcome", "activity")
MAX_HOPS = 4


@functools.cache
def _fields_of(model: type[models.Model]) -> dict[str, Any]:
    """A model's concrete fields by name, read once per model: every audit row walks them (bulk jobs write
    thousands of rows in one statement)."""
    return {f.name: f for f in model._meta.concrete_fields}


def _field_names(obj: models.Model) -> dict[str, Any]:
    return _fields_of(obj._meta.model)  # not type(obj): request.user is a lazy proxy


def _parent(obj: models.Model) -> models.Model | None:
    fields = _fields_of(obj._meta.model)
    for link in SUBJECT_LINKS:
        if link in fields and getattr(obj, fields[link].attname) is not None:
            return getattr(obj, link)
    return None


def concerns_a_child(obj: models.Model) -> bool:
    """Whether `obj` is about a child's record: the client's or episode's `is_child`, found through its links.

    Events about a child are restricted: only staff who may see children read them (AuditEvent.visible_to).
    """
    node: models.Model | None = obj
    for _hop in range(MAX_HOPS):
        if node is None:
            return False
        if "is_child" in _field_names(node):
            return bool(cast(_AboutAClient, node).is_child)
        if hasattr(type(node), "concerns_a_child"):
            return bool(cast(_ConcernsAChild, node).concerns_a_child)
        node = _parent(node)
    return False


def office_of(obj: models.Model) -> int | None:
    """The office whose trail holds events about `obj`: its own `office`, else that of the record it is about."""
    node: models.Model | None = obj
    for _hop in range(MAX_HOPS):
        if node is None:
            return None
        if "office" in _field_names(node):
            return cast(_InAnOffice, node).office_id
        node = _parent(node)
    return None


def event(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    office=None,
    office_id: int | None = None,
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """One audit row, not yet saved: `record()` saves one, `record_many()` saves many in one statement.

    The row's office and whether it is restricted come from `obj` (`office_of`, `concerns_a_child`), so no
    caller can forget a child. `office` (or `office_id`, when only the id is at hand) is given only for an
    event another office must see: a transfer's, recorded for the sending and the receiving office.
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    if office is not None:
        office_id = office.pk
    elif office_id is None:
        office_id = office_of(obj)
    return AuditEvent(
        actor=actor,
        actor_label=(actor.get_full_name() or actor.get_username()) if actor else "system",
        office_id=office_id,
        action=action,
        object_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        changes={k: [_plain(a), _plain(b)] for k, (a, b) in (changes or {}).items()},
        data={k: _plain(v) for k, v in (data or {}).items()},
        ip_address=ip_address,
        restricted=concerns_a_child(obj),
    )


@in_callers_transaction
def record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model,
    office=None,
    changes: dict[str, list[Any]] | None = None,
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one audit row (see `event`). Must run inside the caller's transaction."""
    row = event(
        actor=actor,
        action=action,
        obj=obj,
        office=office,
        changes=changes,
        data=data,
        ip_address=ip_address,
    )
    row.save()
    return row


@in_callers_transaction
def record_many(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """Append many rows built with `event()` in one statement (batch jobs). Inside the caller's transaction."""
    return AuditEvent.objects.bulk_create(list(events), batch_size=1000)


@transaction.atomic
def record_view(
    *, actor: User | AnonymousUser | None, obj: models.Model, office=None, ip_address: str | None = None
) -> AuditEvent:
    """Log that `actor` opened the record of `obj` (for client records and other personal data)."""
    return record(actor=actor, action=f"{obj._meta.model_name}.viewed", obj=obj, office=office, ip_address=ip_address)


@in_callers_transaction
def update_versioned(
    *,
    obj: _Versioned,
    acting_user: User,
    expected_version: int | None,
    fields: dict[str, Any],
    audited: list[str],
    action: str,
    prepare=None,
    exclude: Iterable[str] = (),
) -> _Versioned:
    """The edit path shared by the services: lock the row, refuse a stale form, apply and validate `fields`,
    then save and audit only when an audited value changed. Must run inside the caller's transaction.

    `prepare(locked)` may derive more values before validation and returns the names it set.
    """
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
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
        changes=changes,
    )
    return locked
