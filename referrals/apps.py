from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Referrals of clients to Pokmas Lipas partners (penyerahan klien), their sessions and reports,
    group activities, and the partner portal through which partners see and report on them."""

    name = "referrals"
    verbose_name = _("Referrals to partners")

    def ready(self) -> None:
        from referrals import registrations  # noqa: F401  (registers panels and the log source)
