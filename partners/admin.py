from django.contrib import admin

from partners.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "status", "office")
    list_filter = ("kind", "status", "office")
    search_fields = ("name",)
