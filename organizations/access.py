"""Who sees and changes which office and service location (STYLE C4): the one place that decides it.

Offices and their service locations are seen by office scope (`accounts.scopes.filter_by_office`: an
office's staff their office, a Kanwil viewer the offices of their Kanwil, a national administrator all);
out of scope gives 404. Changing an office is `office.manage`, a service location `location.manage`;
anyone else gets 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import scopes


def offices_visible_to(qs: QuerySet, user) -> QuerySet:
    return scopes.filter_by_office(qs, user, field="pk")


def locations_visible_to(qs: QuerySet, user) -> QuerySet:
    return scopes.filter_by_office(qs, user, field="office")


def get_office_for_user(user, office_id: int, *, write: bool = False):
    """The office if `user` sees it (404 otherwise); 403 when `write` and the user may not manage offices."""
    from organizations.models import Office

    office = get_object_or_404(Office.objects.visible_to(user).select_related("kanwil", "regency"), pk=office_id)
    if write and not scopes.can(user, "office.manage"):
        raise PermissionDenied
    return office


def get_service_location_for_user(user, location_id: int, *, write: bool = False):
    """The service location if `user` sees its office (404 otherwise); 403 when `write` and the user may not
    manage locations."""
    from organizations.models import ServiceLocation

    location = get_object_or_404(
        ServiceLocation.objects.visible_to(user).select_related("office", "district", "partner"), pk=location_id
    )
    if write and not scopes.can(user, "location.manage"):
        raise PermissionDenied
    return location
