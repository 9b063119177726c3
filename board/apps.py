from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardConfig(AppConfig):
    """The case board (Tim Pengamat Pemasyarakatan, TPP): meetings, agenda items and their decisions."""

    name = "board"
    verbose_name = _("Case board (TPP)")

    def ready(self) -> None:
        # The decision handler of phase proposals, and the board's parts of the client and home pages.
        from board import panels, services  # noqa: F401
