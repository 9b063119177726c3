"""The point scale, working hours and capacity reductions are data an administrator edits (audited, like the
rule sets): a new scale is a new version from a date, never an edit of the figures behind past months."""

from django.contrib import admin

from allocation.models import (
    AllocationExclusion,
    CapacityReduction,
    OfficerWorkingArea,
    PointScale,
    ProgramPoints,
    WorkingHours,
    WorkloadSnapshot,
)
from audit.admin_base import AuditedModelAdmin


class ProgramPointsInline(admin.TabularInline):
    model = ProgramPoints
    extra = 0


@admin.register(PointScale)
class PointScaleAdmin(AuditedModelAdmin):
    list_display = ("valid_from", "full_time_hours", "full_time_points", "note")
    inlines = [ProgramPointsInline]
    fieldsets = [
        (None, {"fields": ["valid_from", "note", "full_time_hours", "full_time_points", "default_program_points"]}),
        (None, {"fields": ["child_points", "phase_initial_points", "phase_continued_points", "phase_final_points"]}),
        (None, {"fields": ["risk_low_points", "risk_medium_points", "risk_high_points"]}),
        (None, {"fields": ["violation_points", "transfer_points", "report_due_points", "referral_points"]}),
    ]


class OfficerRowAdmin(AuditedModelAdmin):
    """Rows about one officer: their audit rows belong to the officer's office."""

    list_select_related = ("officer", "officer__office")
    search_fields = ("officer__full_name", "officer__username", "officer__nip")
    autocomplete_fields = ("officer",)

    @staticmethod
    def office_of(obj):
        return obj.officer.office


@admin.register(WorkingHours)
class WorkingHoursAdmin(OfficerRowAdmin):
    list_display = ("officer", "valid_from", "hours_per_week", "note")
    list_filter = ("officer__office",)


@admin.register(CapacityReduction)
class CapacityReductionAdmin(OfficerRowAdmin):
    list_display = ("officer", "kind", "starts_on", "ends_on", "hours_per_week")
    list_filter = ("kind", "officer__office")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(OfficerWorkingArea)
class OfficerWorkingAreaAdmin(OfficerRowAdmin):
    """Also edited by section heads and the head on /beban-kerja/wilayah-kerja/."""

    list_display = ("officer", "note", "updated_at")
    list_filter = ("officer__office",)
    filter_horizontal = ("regencies", "districts")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AllocationExclusion)
class AllocationExclusionAdmin(OfficerRowAdmin):
    """Also edited by section heads and the head on /beban-kerja/pengecualian/."""

    list_display = ("client", "officer", "reason", "created_at")
    list_filter = ("reason", "officer__office")
    raw_id_fields = ("client",)

    @staticmethod
    def office_of(obj):
        return obj.client.office

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WorkloadSnapshot)
class WorkloadSnapshotAdmin(admin.ModelAdmin):
    """Written by the daily `workload_snapshot` command only."""

    list_display = ("officer", "office", "month", "points", "capacity_points", "clients")
    list_filter = ("office", "month")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
