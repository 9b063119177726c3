"""guidance.demo.populate: approved plans for most clients under guidance, partly done; a few before the board."""

from __future__ import annotations

from board.models import AgendaItem
from board.tests.test_demo import DemoOfficeTestCase
from clients.models import ProgramEpisode
from guidance import selectors
from guidance.models import GuidancePlan, PlanItem, Status

POPULATE = "guidance.demo.populate"


class GuidanceDemoTests(DemoOfficeTestCase):
    populators = ("board.demo.populate", POPULATE)

    def test_counts_match_the_rows(self):
        counts = self.counts[(POPULATE, "big")]
        self.assertEqual(counts["guidance_plans"], GuidancePlan.objects.filter(office=self.big).count())
        self.assertEqual(counts["guidance_plan_items"], PlanItem.objects.filter(office=self.big).count())
        proposed = GuidancePlan.objects.filter(office=self.big, status=Status.PROPOSED)
        self.assertEqual(proposed.count(), counts["guidance_plans_proposed"])
        self.assertGreaterEqual(proposed.count(), 3)
        # Those wait for a meeting on the board's agenda.
        for plan in proposed:
            self.assertTrue(plan.agenda_item.is_open)
            self.assertIsNone(plan.agenda_item.meeting_id)
        approved = AgendaItem.objects.filter(office=self.big, kind="plan", decision="approved")
        self.assertTrue(all(item.minute_number for item in approved))
        self.assertLess(self.queries[(POPULATE, "big")], 40)  # bulk reads and writes, not a query per client

    def test_a_good_share_of_plans_show_partly_done(self):
        approved = list(
            GuidancePlan.objects.filter(office=self.big, status=Status.APPROVED).select_related("episode__rule_set")
        )
        active = ProgramEpisode.objects.filter(office=self.big, status="active").count()
        self.assertGreater(len(approved), active // 3)
        partly = 0
        for plan in approved[:40]:
            progress = selectors.progress(plan.episode, plan)
            if 0 < progress.done < progress.target:
                partly += 1
        self.assertGreater(partly, 10)
