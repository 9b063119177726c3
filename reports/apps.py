from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Reports that read several apps: the partners' scorecards and the evaluation meeting's pack."""

    name = "reports"
    verbose_name = _("Reports")
