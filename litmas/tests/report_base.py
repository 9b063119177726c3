"""The cast of the report tests: olivia (PK, BKD) writes and signs the Litmas of her client Budi, a PB request
from Lapas Cirebon; sam assigns, hana disposes, tess records the board. Messages in English (msgids)."""

from __future__ import annotations

import io

from django.utils import translation
from pypdf import PdfReader

from accounts.models import Jenjang, Role, Section
from bapas.test import BaseTestCase, make_user
from clients.models import Guarantor
from clients.tests.factories import make_client
from litmas.tests.factories import make_request, to_state


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF as pypdf reads it back, runs of white space (line breaks) as one space."""
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages).split())


class ReportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.oscar = make_user(
            "oscar", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA, full_name="Oscar"
        )
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, name="Budi Santoso")
        Guarantor.objects.create(client=cls.budi, name="Siti Aminah", relationship="ibu", phone="0812-1")

    def setUp(self):
        super().setUp()
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        self.speak_english()

    def flow_to(self, state: str, **kwargs):
        request = make_request(self.cirebon, by=self.rita, client=kwargs.pop("client", self.budi), **kwargs)
        if state == "received":
            return request
        return to_state(request, state, head=self.hana, section_head=self.sam, officer=self.olivia, secretary=self.tess)
