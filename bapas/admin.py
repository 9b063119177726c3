from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class BapasAdminSite(admin.AdminSite):
    """Django admin, open only to national administrators (office admins use the app's own pages)."""

    site_header = _("Bapas administration")
    site_title = _("Bapas administration")

    def has_permission(self, request):
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and getattr(user, "role", None) == "administrator"
            and user.office_id is None
        )


class BapasAdminConfig(AdminConfig):
    default_site = "bapas.admin.BapasAdminSite"
