from django.contrib import admin

from clients.admin import ReadOnlyAdmin
from supervision.models import CheckIn


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    """Check-ins are recorded through the service (validation and audit row), never edited here."""

    list_display = ("episode", "due_on", "outcome", "occurred_at", "location", "recorded_by")
    list_filter = ("outcome",)
    date_hierarchy = "due_on"
    raw_id_fields = ("episode",)

    def get_queryset(self, request):
        # Children's records stay out of the national administrator's view (clients.access).
        return super().get_queryset(request).filter(episode__is_child=False)
