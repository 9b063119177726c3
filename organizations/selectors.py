from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from organizations.models import Office, ServiceLocation


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
            staff_count=Coalesce(_count(User.objects.get_queryset().staff().filter(is_active=True)), 0),
            location_count=Coalesce(_count(ServiceLocation.objects.filter(is_active=True)), 0),
            partner_count=Coalesce(_count(partner_model.objects.all()), 0),
        )
        .order_by("name")
    )
