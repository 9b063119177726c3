from django.contrib import admin

from clients.admin import ReadOnlyAdmin
from fieldwork.models import CaseNote, GuidanceActivity, GuidanceParticipant, HomeVisit


class _AdultsOnly(ReadOnlyAdmin):
    """Recorded through the services (validation and audit row), never edited here; children's records
    stay out of the national administrator's view (clients.access)."""

    child_path = "episode__is_child"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**{self.child_path: False})


@admin.register(HomeVisit)
class HomeVisitAdmin(_AdultsOnly):
    list_display = ("episode", "visited_on", "purpose", "officer")
    list_filter = ("purpose",)
    date_hierarchy = "visited_on"
    exclude = ("photo",)


class ParticipantInline(admin.TabularInline):
    model = GuidanceParticipant
    fields = ("episode", "attendance", "progress")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(GuidanceActivity)
class GuidanceActivityAdmin(ReadOnlyAdmin):
    list_display = ("held_on", "kind", "guidance_type", "topic", "office", "officer")
    list_filter = ("kind", "guidance_type")
    date_hierarchy = "held_on"
    inlines = [ParticipantInline]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(participants__episode__is_child=True)


@admin.register(CaseNote)
class CaseNoteAdmin(_AdultsOnly):
    list_display = ("episode", "created_at", "category", "written_by", "corrects")
    list_filter = ("category",)
