"""The demo's assessments: a good share of the clients under guidance, final ones in every category."""

import random

from assessment import demo
from assessment.codes import Status
from assessment.models import Answer, Assessment
from assessment.tests.base import AssessmentTestCase
from clients.tests.factories import make_client


class DemoTestCase(AssessmentTestCase):
    def test_it_assesses_most_clients_with_every_category(self):
        for n in range(40):
            make_client(self.cirebon, officer=self.olivia, name=f"Klien Demo {n}")
        counts = demo.populate(self.cirebon, today=self.TODAY, rng=random.Random(7))
        finals = Assessment.objects.filter(status=Status.FINAL)
        self.assertEqual(counts["assessments"], finals.count())
        self.assertGreaterEqual(finals.count(), 20)
        self.assertEqual(set(finals.values_list("category", flat=True)), {"low", "medium", "high"})
        self.assertTrue(all(a.assessed_on <= self.TODAY for a in finals))
        self.assertFalse(Answer.objects.exclude(office=self.cirebon).exists())
        self.assertFalse(Assessment.objects.exclude(assessor=self.olivia).exists())
