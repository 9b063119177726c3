from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ViolationsConfig(AppConfig):
    """Violations of the conditions of guidance (pelanggaran), their responses, suspension and revocation."""

    name = "violations"
    verbose_name = _("Violations")
