from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the installation: backups and restores (management commands only, no models)."""

    name = "ops"
    verbose_name = "Operations"
