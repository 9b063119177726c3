from django.contrib import admin

from audit.admin_base import AuditedModelAdmin
from clients.models import Client, ProgramEpisode, RuleSet


@admin.register(RuleSet)
class RuleSetAdmin(AuditedModelAdmin):
    """New rule versions are added here, without code: the newest version in force applies."""

    list_display = (
        "program",
        "valid_from",
        "legal_basis",
        "reporting_interval_months",
        "probation_extra_months",
        "max_duration_months",
    )
    list_filter = ("program",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records whose writes must go through the services (search text, children's flag, assignment history)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Client)
class ClientAdmin(ReadOnlyAdmin):
    list_display = ("name", "register_number", "office", "is_child")
    list_filter = ("office", "is_child")
    search_fields = ("search_text", "nik", "register_number")

    def get_queryset(self, request):
        # Children's records stay out of the national administrator's view (clients.access).
        return super().get_queryset(request).filter(is_child=False)


@admin.register(ProgramEpisode)
class ProgramEpisodeAdmin(ReadOnlyAdmin):
    list_display = ("client", "program", "status", "phase", "starts_on", "ends_on", "office")
    list_filter = ("program", "status", "office")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(is_child=False)
