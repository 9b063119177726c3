"""violations.demo.populate: open violations in every step, two closed ones, one suspension."""

from __future__ import annotations

import random

from accounts.models import Role
from board.models import AgendaItem, Meeting
from board.tests.test_demo import TODAY, DemoOfficeTestCase
from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from organizations.models import Office
from supervision.models import CheckIn, ScheduleChange
from violations import demo, selectors
from violations.models import ResponseType, State, Violation

POPULATE = "violations.demo.populate"


class ViolationsDemoTests(DemoOfficeTestCase):
    populators = ("board.demo.populate", POPULATE)

    def rows(self, office):
        return selectors.open_violations(ProgramEpisode.objects.filter(office=office), today=TODAY)

    def test_counts_and_share_of_clients(self):
        counts = self.counts[(POPULATE, "big")]
        self.assertEqual(counts["violations"], Violation.objects.filter(office=self.big).count())
        rows = self.rows(self.big)
        self.assertEqual(counts["open violations"], len(rows))
        active = ProgramEpisode.objects.filter(office=self.big, status__in=["active", "suspended"]).count()
        # 1-2 % of the clients, at least eight in a mid-sized office (so every step shows)
        self.assertTrue(0.01 * active - 1 <= len(rows) <= max(0.02 * active + 1, demo.MIN_SPREAD), (len(rows), active))
        self.assertEqual(Violation.objects.filter(office=self.big, closed_at__isnull=False).count(), 2)
        self.assertEqual(
            counts["violation agenda items"], AgendaItem.objects.filter(office=self.big, kind="violation").count()
        )

    def test_open_violations_are_spread_over_the_steps(self):
        rows = self.rows(self.big)
        states = {r.state for r in rows}
        self.assertTrue({State.REPORTED, State.EXAMINED, State.AT_BOARD, State.RESPONDED} <= states, states)
        steps = {r.step for r in rows}
        self.assertTrue({"confirm", "examine", "propose", "board", "respond", "close"} <= steps, steps)
        draft = next(r.violation for r in rows if r.violation.is_draft)
        self.assertEqual(draft.type, "SK_TIDAK_LAPOR_3X")
        misses = list(
            CheckIn.objects.filter(episode=draft.episode).order_by("-due_on").values_list("outcome", "due_on")[:3]
        )
        self.assertEqual([o for o, _d in misses], ["tidak_hadir"] * 3)
        self.assertEqual(min(d for _o, d in misses), draft.missed_from)
        responses = {r.violation.response_type for r in rows if r.state == State.RESPONDED}
        self.assertTrue({ResponseType.WARNING, ResponseType.INTENSIFY} <= responses, responses)
        intensified = next(r.violation for r in rows if r.violation.response_type == ResponseType.INTENSIFY)
        change = ScheduleChange.objects.get(violation_id=intensified.pk)
        self.assertGreater(change.starts_on, TODAY)
        self.assertFalse(Violation.objects.filter(office=self.big, response_type=ResponseType.REVOCATION).exists())

    def test_board_items_agree_with_the_violations(self):
        for violation in Violation.objects.filter(office=self.big).select_related("agenda_item__meeting"):
            violation.full_clean()
            item = violation.agenda_item
            if violation.proposed_at is None:
                self.assertIsNone(item)
                continue
            self.assertEqual(item.subject, violation)
            if violation.board_decision:
                self.assertEqual(item.decision, violation.board_decision)
                self.assertTrue(item.minute_number)
                self.assertLess(item.meeting.held_on, TODAY)
                self.assertNotEqual(item.meeting.status, Meeting.Status.PLANNED)
            else:
                self.assertTrue(item.is_open)
                self.assertTrue(item.meeting is None or item.meeting.status == Meeting.Status.PLANNED)
        minutes = list(
            AgendaItem.objects.filter(office=self.big).exclude(minute_number="").values_list("pk", "minute_number")
        )
        minutes = [m for _pk, m in minutes]
        self.assertEqual(len(minutes), len(set(minutes)))

    def test_at_most_one_suspended_episode_and_it_matches_its_violation(self):
        suspended = ProgramEpisode.objects.filter(office=self.big, status=EpisodeStatus.SUSPENDED)
        self.assertEqual(suspended.count(), 1)
        violation = Violation.objects.get(episode=suspended.get())
        self.assertTrue(violation.is_suspending)
        head = self.user(self.big, Role.HEAD)
        self.assertIn("lift", selectors.allowed_steps(violation))
        self.assertEqual(violation.suspended_by, head)

    def test_small_offices(self):
        big = self.counts[(POPULATE, "big")]
        small = self.counts[(POPULATE, "small")]
        self.assertLessEqual(small["violations"], big["violations"])
        semarang = Office.objects.get(name="Bapas Kelas I Semarang")
        self.assertEqual(demo.populate(semarang, today=TODAY, rng=random.Random(1)), {})

    def test_query_budget_does_not_grow_with_the_clients(self):
        self.assertLessEqual(self.queries[(POPULATE, "big")], 14)
        self.assertLessEqual(self.queries[(POPULATE, "small")], 14)
