from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only, even for administrators."""

    list_display = ("occurred_at", "actor_label", "action", "object_type", "object_label", "office")
    list_filter = ("action", "office")
    search_fields = ("actor_label", "object_label", "object_id", "action")
    date_hierarchy = "occurred_at"

    def get_queryset(self, request):
        # Events about children's records stay out of the national administrator's view, as in every
        # other admin class and in AuditEvent.visible_to.
        return super().get_queryset(request).filter(restricted=False)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
