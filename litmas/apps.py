from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LitmasConfig(AppConfig):
    """Litmas (penelitian kemasyarakatan): the research reports a Bapas writes on request, from the request
    letter to the report sent back (domain notes §5.6, §6.1, §8.2)."""

    name = "litmas"
    verbose_name = _("Litmas")

    def ready(self) -> None:
        from litmas import panels  # noqa: F401  (the home page's queues and the client page's panel)
