"""litmas.demo.populate: requests in every state the flow reaches, adults' and children's, some late."""

from __future__ import annotations

import random

from django.utils import timezone

from clients.tests.factories import make_client
from litmas import demo, flow
from litmas.codes import State
from litmas.models import LitmasRequest
from litmas.tests.test_views import LitmasViewTestCase


class LitmasDemoTestCase(LitmasViewTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(3):
            make_client(cls.cirebon, name=f"Klien Demo {n}")
        cls.counts = demo.populate(cls.cirebon, today=cls.TODAY, rng=random.Random(7))
        cls.requests = list(LitmasRequest.objects.filter(office=cls.cirebon).prefetch_related("steps"))

    def test_counts_match_the_rows(self):
        self.assertEqual(self.counts["Litmas requests"], len(self.requests))
        self.assertEqual(len(self.requests), demo.SMALL_OFFICE_REQUESTS)

    def test_every_state_the_flow_reaches_and_both_audiences(self):
        reached = {r.state for r in self.requests}
        expected = set(State) if demo.report_sign() else set(State) - demo.SIGNED
        self.assertEqual(reached, expected)
        self.assertEqual({r.is_child for r in self.requests}, {True, False})

    def test_some_are_late(self):
        self.assertTrue(any(r.late and r.is_open for r in self.requests))
        sent = [r for r in self.requests if r.state == State.SENT]
        if sent:
            self.assertTrue(any(r.late for r in sent) or len(sent) < 3)

    def test_the_steps_lead_to_the_state_in_time_order_and_not_in_the_future(self):
        now = timezone.now()
        for req in self.requests:
            steps = list(req.steps.all())
            self.assertEqual(flow.derive_state(s.step for s in steps), req.state)
            times = [s.at for s in steps]
            self.assertEqual(times, sorted(times))
            self.assertEqual(times[0], req.received_at)
            self.assertLessEqual(times[-1], now)
            self.assertLessEqual(req.received_at, now)

    def test_nothing_for_an_office_without_staff(self):
        self.assertEqual(demo.populate(self.semarang, today=self.TODAY, rng=random.Random(1)), {})
