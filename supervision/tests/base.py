"""A client of olivia's under PB from 10 June 2025 (monthly reports on the 10th), seen on 10 September 2025."""

import datetime
import zoneinfo

import time_machine

from bapas.test import BaseTestCase
from clients.tests.factories import make_client

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2025, 9, 10, 10, 0, tzinfo=JAKARTA)
D = datetime.date


@time_machine.travel(NOW, tick=False)
class SupervisionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        cls.episode = cls.budi.current_episode

    def at(self, day: int, hour: int = 9, month: int = 9) -> datetime.datetime:
        return datetime.datetime(2025, month, day, hour, 0, tzinfo=JAKARTA)


class EnglishTestCase(SupervisionTestCase):
    """Messages read in English (the msgids), whatever the catalogue says, in services and in pages."""

    def setUp(self):
        super().setUp()
        from django.utils import translation

        self.enterContext(translation.override("en"))
        self.speak_english()

    def allow_remote(self, **overrides):
        from supervision import services

        fields = {
            "episode": self.episode,
            "acting_user": self.sam,
            "reason": "Dirawat di rumah sakit",
            "valid_from": D(2025, 9, 1),
            "valid_until": None,
        }
        fields.update(overrides)
        return services.remote_reporting_allow(**fields)

    def answers(self, **overrides):
        from supervision import services

        fields = {"condition": "Sehat", "activity": "Bekerja di bengkel", "obstacles": "Tidak ada"}
        fields.update(overrides)
        return services.RemoteDetails(**fields)


def jpeg(name: str = "foto.jpg", size=(8, 8)):
    """A small real JPEG upload."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
