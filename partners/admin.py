from django.contrib import admin

from audit.admin_base import AuditedModelAdmin
from partners.models import Agreement, Partner


@admin.register(Partner)
class PartnerAdmin(AuditedModelAdmin):
    list_display = ("name", "kind", "group", "status", "capacity", "joined_on", "office")
    list_filter = ("kind", "group", "status", "office")
    search_fields = ("name",)
    filter_horizontal = ("service_area",)


@admin.register(Agreement)
class AgreementAdmin(AuditedModelAdmin):
    list_display = ("number_office", "partner", "signed_on", "starts_on", "ends_on", "office")
    list_filter = ("office",)
    search_fields = ("number_office", "number_partner", "partner__name")
    raw_id_fields = ("partner", "renews")
    exclude = ("document",)
