"""The demo's assessments: a good share of the clients under guidance, final ones in every category, and one
raised risk (medium or high) per PK at most, so the extra workload points stay few."""

import random
from collections import Counter

from accounts.models import Jenjang, Role, Section
from assessment import demo
from assessment.codes import Status
from assessment.models import Answer, Assessment
from assessment.tests.base import AssessmentTestCase
from bapas.test import make_user
from clients.tests.factories import make_client


class DemoTestCase(AssessmentTestCase):
    def test_it_assesses_a_good_share_of_the_clients_with_every_category(self):
        officers = [self.olivia] + [
            make_user(f"pk{n}", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_MUDA)
            for n in range(7)
        ]
        for n in range(64):
            make_client(self.cirebon, officer=officers[n % len(officers)], name=f"Klien Demo {n}")
        counts = demo.populate(self.cirebon, today=self.TODAY, rng=random.Random(7))
        finals = Assessment.objects.filter(status=Status.FINAL)
        self.assertEqual(counts["assessments"], finals.count())
        self.assertGreaterEqual(finals.count(), 20)
        self.assertEqual(set(finals.values_list("category", flat=True)), {"low", "medium", "high"})
        raised = Counter(finals.exclude(category="low").values_list("assessor_id", flat=True))
        self.assertLessEqual(max(raised.values()), 1)
        self.assertTrue(all(a.assessed_on <= self.TODAY for a in finals))
        self.assertFalse(Answer.objects.exclude(office=self.cirebon).exists())
        self.assertEqual(set(finals.values_list("assessor_id", flat=True)) - {o.pk for o in officers}, set())
