from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts import scopes
from accounts.models import Role, User
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


def _count(queryset) -> Subquery:
    """A correlated COUNT(*) of `queryset` rows per office (no join fan-out between the counts)."""
    return Subquery(
        queryset.filter(office=OuterRef("pk")).order_by().values("office").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def offices_with_counts(user):
    """Offices in the user's scope with headline counts, for lists and the Kanwil home page."""
    # Partners sit above organizations: their model is reached through the relation it declares on Office.
    partner_model = Office._meta.get_field("partners").related_model

    return (
        Office.objects.visible_to(user)
        .select_related("kanwil", "regency")
        .annotate(
            staff_count=Coalesce(_count(User.objects.filter(is_active=True).exclude(role=Role.PARTNER)), 0),
            location_count=Coalesce(_count(ServiceLocation.objects.filter(is_active=True)), 0),
            partner_count=Coalesce(_count(partner_model.objects.all()), 0),
        )
        .order_by("name")
    )
