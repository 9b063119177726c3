from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """Risk and needs assessment (asesmen risiko dan kebutuhan, issue 13 point 4): instruments defined as data,
    filled by the PK, scored into a category (rendah / sedang / tinggi) that feeds the workload."""

    name = "assessment"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from assessment import panels  # noqa: F401  (registers the client-page panel)
