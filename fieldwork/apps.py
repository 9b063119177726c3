from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    """Home visits, guidance activities and case notes: the officer's record of work with a client."""

    name = "fieldwork"
    verbose_name = _("Field work")

    def ready(self) -> None:
        # Register the client log's sources and the client page's log card.
        from fieldwork import log_sources, panels  # noqa: F401
