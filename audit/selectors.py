import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from audit.models import AuditEvent


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def search_events(
    user,
    *,
    person: str = "",
    object_type=None,
    object_id: str = "",
    object_label: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit events in the user's scope that match every given filter, newest first."""
    qs = AuditEvent.objects.visible_to(user).select_related("object_type")
    if person:
        qs = qs.filter(Q(actor_label__icontains=person) | Q(actor__username__iexact=person) | Q(actor__nip=person))
    if object_type is not None:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if object_label:
        qs = qs.filter(object_label__icontains=object_label)
    if action:
        qs = qs.filter(action__startswith=action)
    if date_from:
        qs = qs.filter(occurred_at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(occurred_at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return qs.order_by("-occurred_at", "-id")
