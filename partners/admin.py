from django.contrib import admin

from bapas.admin import AuditedModelAdmin
from partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "status", "office")
    list_filter = ("kind", "status", "office")
    search_fields = ("name",)
