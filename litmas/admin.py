from django.contrib import admin

from litmas.models import LitmasType, ReportTemplate


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    """Report templates: the sections of each kind of report, edited by the national administrator."""

    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(LitmasType)
class LitmasTypeAdmin(admin.ModelAdmin):
    """Litmas types with their deadline rule and template (domain notes §8.2)."""

    list_display = ["name", "code", "audience", "deadline_amount", "deadline_unit", "template", "active"]
    list_filter = ["audience", "deadline_unit", "active"]
    search_fields = ["name", "code"]
