from django.contrib import admin

from clients.admin import ReadOnlyAdmin
from guidance.models import GuidancePlan, PlanItem


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    can_delete = False
    fields = ("phase", "guidance_type", "referral_field", "partner", "target", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GuidancePlan)
class GuidancePlanAdmin(ReadOnlyAdmin):
    """Plans change only through their services (rules, versions and audit rows), never here."""

    list_display = ("episode", "number", "status", "approved_at", "office")
    list_filter = ("status",)
    raw_id_fields = ("episode", "litmas_request", "agenda_item")
    inlines = [PlanItemInline]

    def get_queryset(self, request):
        # Children's records stay out of the national administrator's view (clients.access).
        return super().get_queryset(request).filter(episode__is_child=False)
