from django.contrib import admin

from bapas.admin import AuditedModelAdmin
from partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "group", "status", "joined_on", "office")
    list_filter = ("kind", "group", "status", "office")
    search_fields = ("name",)
