from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.admin_base import AuditedModelAdmin


@admin.register(User)
class UserAdmin(AuditedModelAdmin, DjangoUserAdmin):
    list_display = ("username", "full_name", "nip", "role", "office", "is_active")
    list_filter = ("role", "office", "is_active")
    search_fields = ("username", "full_name", "nip", "email")
    ordering = ("full_name",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "nip", "email", "phone")}),
        (_("Role and place"), {"fields": ("role", "jenjang", "section", "office", "kanwil", "partner")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "full_name", "nip", "role", "office", "password1", "password2")}),)
