"""The latest risk category feeds the workload: a final risk assessment adds the scale's risk points to the
client's points, and a high one marks the client high-risk for the allocation engine."""

from decimal import Decimal

from allocation import proposals, selectors
from assessment import services
from assessment.tests.base import AssessmentTestCase, final_assessment
from clients.tests.factories import make_client


class WorkloadRiskTestCase(AssessmentTestCase):
    def load(self):
        return selectors.officer_loads([self.olivia], on=self.TODAY)[self.olivia.pk].points

    def test_the_workload_points_include_the_risk_extra_once_a_final_assessment_exists(self):
        scale, _version = selectors.scale_in_force(self.TODAY)
        before = self.load()
        final_assessment(self.budi, self.olivia, level=2)  # high
        self.assertEqual(self.load() - before, scale.risk["high"])
        self.assertGreater(scale.risk["high"], Decimal("0"))
        final_assessment(self.budi, self.olivia, level=1)  # the latest is medium
        self.assertEqual(self.load() - before, scale.risk["medium"])

    def test_a_draft_adds_nothing(self):
        before = self.load()
        services.assessment_start(client=self.budi, instrument=self.instrument, acting_user=self.olivia)
        self.assertEqual(self.load(), before)

    def test_the_engine_knows_high_risk_clients(self):
        waiting = make_client(self.cirebon, name="Dedi")
        low = make_client(self.cirebon, name="Eka")
        final_assessment(waiting, self.hana, level=2)
        final_assessment(low, self.hana, level=0)
        clients, _officers = proposals.engine_inputs([waiting, low], [self.olivia], on=self.TODAY)
        by_id = {c.id: c for c in clients}
        self.assertTrue(by_id[waiting.pk].high_risk)
        self.assertFalse(by_id[low.pk].high_risk)
        scale, _version = selectors.scale_in_force(self.TODAY)
        self.assertEqual(
            Decimal(str(by_id[waiting.pk].points)) - Decimal(str(by_id[low.pk].points)),
            scale.risk["high"] - scale.risk["low"],
        )
