from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class BapasAdminSite(admin.AdminSite):
    """Django admin, open only to national administrators (office admins use the app's own pages)."""

    site_header = _("Bapas administration")
    site_title = _("Bapas administration")

    def has_permission(self, request):
        # Imported here: this module is loaded with the app registry (BapasAdminConfig), before any model.
        from accounts import scopes

        return scopes.may_use_django_admin(request.user)


class BapasAdminConfig(AdminConfig):
    default_site = "bapas.admin.BapasAdminSite"
