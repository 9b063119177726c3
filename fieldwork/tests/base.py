"""Olivia's client Budi under PB from 10 June 2025, seen on 10 September 2025; messages in English (msgids)."""

import datetime
import io
import zoneinfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from bapas.test import BaseTestCase
from clients.tests.factories import make_client

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2025, 9, 10, 10, 0, tzinfo=JAKARTA)
D = datetime.date


def errors_of(exc) -> dict[str, list[str]]:
    """A ValidationError's messages by field ("__all__" for one without fields)."""
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def png(name: str = "rumah.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 10, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@time_machine.travel(NOW, tick=False)
class FieldworkTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        cls.episode = cls.budi.current_episode

    def setUp(self):
        super().setUp()
        # Assert the English msgids, so the tests hold whatever the Indonesian translation says.
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.client.cookies["django_language"] = "en"
