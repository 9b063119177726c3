"""Writes to offices and service locations, audited in the same transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from audit import services as audit
from organizations.models import Office, ServiceLocation

if TYPE_CHECKING:
    from accounts.models import User


LOCATION_FIELDS = ["kind", "name", "address", "district", "partner", "latitude", "longitude", "is_active"]
OFFICE_FIELDS = ["name", "grade", "address", "regency", "phone", "email", "working_area"]


@transaction.atomic
def service_location_create(*, office: Office, acting_user: User, **fields) -> ServiceLocation:
    location = ServiceLocation(office=office, **fields)
    location.full_clean()
    location.save()
    audit.record(
        actor=acting_user,
        action="service_location.created",
        obj=location,
        office=office,
        changes=audit.diff({}, audit.snapshot(location, LOCATION_FIELDS)),
    )
    return location


@transaction.atomic
def service_location_update(
    *, location: ServiceLocation, acting_user: User, expected_version: int | None, **fields
) -> ServiceLocation:
    return audit.update_versioned(
        obj=location,
        acting_user=acting_user,
        expected_version=expected_version,
        fields=fields,
        audited=LOCATION_FIELDS,
        action="service_location.updated",
    )


@transaction.atomic
def office_update(
    *, office: Office, acting_user: User, expected_version: int | None, working_area=None, **fields
) -> Office:
    locked = Office.objects.select_for_update().get(pk=office.pk)
    locked.check_version(expected_version)
    before = audit.snapshot(locked, OFFICE_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.version += 1
    locked.save(update_fields=[*fields.keys(), "version"])
    if working_area is not None:
        locked.working_area.set(working_area)
    changes = audit.diff(before, audit.snapshot(locked, OFFICE_FIELDS))
    if changes:
        audit.record(actor=acting_user, action="office.updated", obj=locked, office=locked, changes=changes)
    return locked
