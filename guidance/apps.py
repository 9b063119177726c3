from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    """Guidance plans (rencana pembimbingan): from the Litmas recommendation, what guidance and which partner
    referrals each phase should bring, approved by the case board and compared with what was recorded
    (domain notes §5.7, §6.2)."""

    name = "guidance"
    verbose_name = _("Guidance plans")

    def ready(self) -> None:
        # Register the client-page card and the board's decision handler.
        from guidance import panels, services  # noqa: F401
