"""Issue 10, point 2: the legal basis of the seeded rule versions reads in Indonesian."""

import importlib

from django.apps import apps
from django.test import TestCase

from clients.models import RuleSet

migration = importlib.import_module("clients.migrations.0008_rule_set_legal_basis_in_indonesian")
ENGLISH_GLOSSES = ("as amended", "at most", "length per")


class SeededLegalBasisTestCase(TestCase):
    def test_no_seeded_rule_version_keeps_an_english_gloss(self):
        bases = list(RuleSet.objects.values_list("legal_basis", flat=True))
        self.assertTrue(bases)
        for basis in bases:
            for gloss in ENGLISH_GLOSSES:
                self.assertNotIn(gloss, basis)
        cb = RuleSet.objects.get(program="CB", legal_basis__startswith="Permenkumham")
        self.assertEqual(
            cb.legal_basis,
            "Permenkumham 3/2018 sebagaimana telah diubah (lama menurut Ditjenpas 2019: paling lama 6 bulan)",
        )

    def test_only_rows_that_still_hold_the_seeded_text_are_rewritten(self):
        RuleSet.objects.filter(program="CMK").update(legal_basis="Permenkumham 3/2018 as amended")
        RuleSet.objects.filter(program="CMB").update(legal_basis="Permen baru 2027, edited in admin")
        migration.to_indonesian(apps, None)
        self.assertEqual(RuleSet.objects.get(program="CMK").legal_basis, "Permenkumham 3/2018 sebagaimana telah diubah")
        self.assertEqual(RuleSet.objects.get(program="CMB").legal_basis, "Permen baru 2027, edited in admin")
