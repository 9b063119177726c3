from django.contrib import admin

from bapas.admin import AuditedModelAdmin
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


@admin.register(Client)
class ClientAdmin(AuditedModelAdmin):
    list_display = ("name", "register_number", "office", "is_child")
    list_filter = ("office", "is_child")
    search_fields = ("search_text", "nik", "register_number")
    raw_id_fields = ("domicile_village", "current_episode")
    readonly_fields = ("search_text",)


@admin.register(ProgramEpisode)
class ProgramEpisodeAdmin(AuditedModelAdmin):
    list_display = ("client", "program", "status", "phase", "starts_on", "ends_on", "office")
    list_filter = ("program", "status", "office")
    raw_id_fields = ("client", "case", "officer", "assistant")
