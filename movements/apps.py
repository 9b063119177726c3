from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    """Transfers to another Bapas (pelimpahan), travel permits and the termination of guidance."""

    name = "movements"
    verbose_name = _("Transfers, permits and termination")

    def ready(self) -> None:
        from movements import board_handlers, panels  # noqa: F401
