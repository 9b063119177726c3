from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolationsConfig(AppConfig):
    """Violations of the conditions of guidance (pelanggaran), their responses, suspension and revocation."""

    name = "violations"
    verbose_name = _("Violations")

    def ready(self) -> None:
        # Register the client-page card, the log source and the board's decision handler.
        from violations import panels, services  # noqa: F401
