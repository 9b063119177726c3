"""The demo's field work: plausible rows that the log can show."""

import random

from clients import log
from clients.tests.factories import make_client
from fieldwork import demo
from fieldwork.models import CaseNote, GuidanceActivity, GuidanceParticipant, HomeVisit
from fieldwork.tests.base import D, FieldworkTestCase


class DemoTestCase(FieldworkTestCase):
    def test_it_writes_visits_sessions_and_notes_within_each_episode(self):
        for _ in range(3):
            make_client(self.cirebon, officer=self.olivia)
        counts = demo.populate(self.cirebon, today=D(2025, 9, 10), rng=random.Random(7))
        self.assertEqual(counts["home_visits"], HomeVisit.objects.count())
        self.assertGreater(counts["home_visits"], 0)
        self.assertEqual(counts["case_notes"], CaseNote.objects.count())
        self.assertEqual(counts["guidance_participants"], GuidanceParticipant.objects.count())
        self.assertTrue(GuidanceActivity.objects.filter(kind="kelompok").exists())
        for visit in HomeVisit.objects.select_related("episode"):
            self.assertTrue(visit.episode.starts_on <= visit.visited_on < D(2025, 9, 10))
        for p in GuidanceParticipant.objects.select_related("activity", "episode"):
            self.assertTrue(p.episode.starts_on <= p.activity.held_on < D(2025, 9, 10))
        kinds = {e.kind for e in log.entries(self.budi, self.olivia)}
        self.assertTrue({"home_visit", "guidance"} <= kinds)
