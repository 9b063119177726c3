from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "allocation"
    label = "allocation"
    verbose_name = _("Workload and allocation")

    def ready(self) -> None:
        from allocation import panels  # noqa: F401  (registers the home-page card)
