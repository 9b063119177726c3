"""What each role's home page shows. Each returns plain data in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count

from accounts.models import Role, User
from clients import selectors as client_selectors
from organizations import selectors as org_selectors
from organizations.models import ServiceLocation
from partners.models import Partner


def office_overview(office) -> dict:
    """Headline counts of one office for the head's and administrator's home."""
    staff_by_role = dict(
        User.objects.filter(office=office, is_active=True).staff().values_list("role").annotate(n=Count("pk"))
    )
    return {
        "office": office,
        "staff_by_role": [
            (label, staff_by_role.get(value, 0)) for value, label in Role.choices if staff_by_role.get(value)
        ],
        "staff_total": sum(staff_by_role.values()),
        "locations": ServiceLocation.objects.filter(office=office, is_active=True).count(),
        "partners": Partner.objects.filter(office=office).count(),
    }


def kanwil_overview(user) -> list:
    """Aggregates per office for a Kanwil viewer or national administrator: counts, never names."""
    return list(org_selectors.offices_with_counts(user))


def client_count(user) -> int:
    """How many clients the user can see: their caseload, section, office or every office."""

    return client_selectors.client_count(user)
