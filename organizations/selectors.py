from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from accounts import scopes
from organizations.models import Office, ServiceLocation


def get_office_for_user(user, office_id: int, *, write: bool = False) -> Office:
    office = get_object_or_404(Office.objects.visible_to(user).select_related("kanwil", "regency"), pk=office_id)
    if write and not scopes.can(user, "office.manage"):
        raise PermissionDenied
    return office


def get_service_location_for_user(user, location_id: int, *, write: bool = False) -> ServiceLocation:
    location = get_object_or_404(
        ServiceLocation.objects.visible_to(user).select_related("office", "district", "partner"), pk=location_id
    )
    if write and not scopes.can(user, "location.manage"):
        raise PermissionDenied
    return location


def offices_with_counts(user):
    """Offices in the user's scope with headline counts, for lists and the Kanwil home page."""
    return (
        Office.objects.visible_to(user)
        .select_related("kanwil", "regency")
        .annotate(
            staff_count=Count("staff", filter=Q(staff__is_active=True) & ~Q(staff__role="mitra"), distinct=True),
            location_count=Count("service_locations", filter=Q(service_locations__is_active=True), distinct=True),
            partner_count=Count("partners", distinct=True),
        )
        .order_by("name")
    )
