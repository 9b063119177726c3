"""supervision.demo.populate adds remote reporting to an office's demo clients."""

import random

from clients.tests.factories import make_client
from supervision import demo
from supervision.models import RemoteCheckIn, RemoteReportingPermission, ScheduleChange
from supervision.tests.base import D, SupervisionTestCase


class DemoTestCase(SupervisionTestCase):
    def test_it_populates_and_skips_what_does_not_fit(self):
        for n in range(5):
            make_client(self.cirebon, officer=self.olivia, name=f"Demo {n}")
        counts = demo.populate(self.cirebon, today=D(2025, 9, 10), rng=random.Random(1))
        self.assertEqual(
            counts, {"permissions": 4, "remote_checkins": 4, "flagged": 1, "confirmed": 1, "intensified": 1}
        )
        self.assertEqual(RemoteReportingPermission.objects.count(), 4)
        self.assertEqual(RemoteCheckIn.objects.filter(review="ditandai").count(), 1)
        self.assertEqual(RemoteCheckIn.objects.filter(review="dikonfirmasi").count(), 1)
        self.assertEqual(RemoteCheckIn.objects.filter(review="menunggu").count(), 2)
        self.assertEqual(ScheduleChange.objects.count(), 1)
        self.assertEqual(demo.populate(self.bandung, today=D(2025, 9, 10), rng=random.Random(1))["permissions"], 0)
