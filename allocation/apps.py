from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "allocation"
    label = "allocation"
    verbose_name = _("Workload and allocation")

    def ready(self) -> None:
        from allocation import litmas_suggest, panels  # noqa: F401  (registers the home-page card)
        from litmas.registry import officer_suggesters

        officer_suggesters.add("allocation.lowest_load", litmas_suggest.lowest_load)
