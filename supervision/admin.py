from django.contrib import admin

from audit.admin_base import AuditedModelAdmin
from clients.admin import ReadOnlyAdmin
from supervision.models import CheckIn, RemoteCheckIn, RemoteReportingPermission, ReportingSettings, ScheduleChange


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


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(AuditedModelAdmin):
    """The date from which each office's reporting is tracked (set when an office's old records are migrated)."""

    list_display = ("office", "tracked_from", "updated_at")
    fields = ("office", "tracked_from")


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(ReadOnlyAdmin):
    list_display = ("episode", "interval_days", "starts_on", "ends_on", "violation_id", "set_by")
    raw_id_fields = ("episode",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(episode__is_child=False)


@admin.register(RemoteReportingPermission)
class RemoteReportingPermissionAdmin(ReadOnlyAdmin):
    list_display = ("episode", "valid_from", "valid_until", "allowed_by", "revoked_at")
    exclude = ("token_hash",)
    raw_id_fields = ("episode",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(episode__is_child=False)


@admin.register(RemoteCheckIn)
class RemoteCheckInAdmin(ReadOnlyAdmin):
    list_display = ("checkin", "via", "review", "reviewed_by")
    list_filter = ("review", "via")
    exclude = ("photo",)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(checkin__episode__is_child=False)
