from django.contrib import admin

from clients.admin import ReadOnlyAdmin
from violations.models import Revocation, Violation


@admin.register(Violation)
class ViolationAdmin(ReadOnlyAdmin):
    """Violations change only through their services (rules and audit rows), never here."""

    list_display = ("episode", "type", "occurred_on", "reported_on", "source", "is_draft", "response_type", "closed_at")
    list_filter = ("type", "source", "is_draft", "response_type")
    date_hierarchy = "reported_on"
    raw_id_fields = ("episode",)

    def get_queryset(self, request):
        # Children's records stay out of the national administrator's view (clients.access).
        return super().get_queryset(request).filter(episode__is_child=False)


@admin.register(Revocation)
class RevocationAdmin(ReadOnlyAdmin):
    list_display = ("episode", "decree_number", "decree_date", "decided_by", "returned_on", "institution")
    raw_id_fields = ("episode", "violation")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(episode__is_child=False)
