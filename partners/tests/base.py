from django.utils import translation

from bapas.test import BaseTestCase


class PartnersTestCase(BaseTestCase):
    """The shared cast; messages in English (their msgids), so the tests hold after translation."""

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))
        self.speak_english()
