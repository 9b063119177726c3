"""The allocation's suggestion of a PK for a Litmas: the one of the right section with the lowest load."""

from __future__ import annotations

from accounts.models import Jenjang, Role, Section
from bapas.test import BaseTestCase, make_user
from clients.tests.factories import make_client
from litmas import registry
from litmas.tests.factories import make_request


class LitmasSuggestionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.oscar = make_user("oscar", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_MUDA)
        for n in range(3):
            make_client(cls.cirebon, officer=cls.olivia, name=f"Klien {n}")

    def test_the_least_loaded_pk_is_suggested(self):
        req = make_request(self.cirebon, by=self.rita)
        self.assertIn("allocation.lowest_load", registry.officer_suggesters)
        self.assertEqual(registry.suggest_officer(req, [self.olivia, self.oscar]), self.oscar.pk)
        self.assertEqual(registry.suggest_officer(req, [self.olivia]), self.olivia.pk)
        self.assertIsNone(registry.suggest_officer(req, []))
