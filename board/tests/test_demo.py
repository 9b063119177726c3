"""board.demo.populate: the demo office's case board (meetings, agenda items, phase proposals).

`DemoOfficeTestCase` builds two demo offices of different sizes once per test class (without the board,
violations and movements populators) and then runs the populators the class names, recording their counts
and query counts; the violations and movements demo tests reuse it.
"""

from __future__ import annotations

import datetime
import random
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import import_string

from accounts.models import Role, User
from bapas.testclock import JAKARTA, FrozenClockMixin
from board import demo, selectors
from board.models import AgendaItem, Meeting, PhaseProposal
from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from organizations.models import Office

TODAY = datetime.date(2026, 6, 10)
CLIENTS = 250
# The populators that write the board's rows (the Litmas demo opens a meeting when the office has none open).
OWN = (
    "board.demo.populate",
    "violations.demo.populate",
    "movements.demo.populate",
    "guidance.demo.populate",
    "litmas.demo.populate",
)


class DemoOfficeTestCase(FrozenClockMixin, TestCase):
    """Cirebon with CLIENTS clients and a synthetic office with about a third as many under guidance, built on
    TODAY with the clock stopped that morning."""

    NOW = datetime.datetime.combine(TODAY, datetime.time(9, 0), tzinfo=JAKARTA)

    populators: tuple[str, ...] = ()

    @classmethod
    def setUpTestData(cls):
        from demo import population, services

        others = [p for p in population.APP_POPULATORS if f"{p.__module__}.{p.__name__}" not in OWN]
        with mock.patch.object(population, "APP_POPULATORS", others):
            services.build_demo(offices=2, clients_per_office=CLIENTS, today=TODAY)
        cls.big = Office.objects.get(name="Bapas Kelas I Cirebon")
        cls.small = Office.objects.exclude(
            name__in=["Bapas Kelas I Cirebon", "Bapas Kelas I Bandung", "Bapas Kelas I Semarang"]
        ).get()
        active = ProgramEpisode.objects.filter(office=cls.small, status=EpisodeStatus.ACTIVE).order_by("pk")
        keep = list(active.values_list("pk", flat=True)[: CLIENTS // 3])
        active.exclude(pk__in=keep).update(status=EpisodeStatus.COMPLETED)
        cls.counts: dict[tuple[str, str], dict] = {}
        cls.queries: dict[tuple[str, str], int] = {}
        for path in cls.populators:
            for key, office in (("big", cls.big), ("small", cls.small)):
                with CaptureQueriesContext(connection) as ctx:
                    cls.counts[(path, key)] = import_string(path)(office, today=TODAY, rng=random.Random(f"{key}/7"))
                cls.queries[(path, key)] = len(ctx.captured_queries)

    def user(self, office, role):
        return User.objects.filter(office=office, role=role).order_by("pk").first()


class BoardDemoTests(DemoOfficeTestCase):
    populators = ("board.demo.populate",)

    def test_counts_match_the_rows(self):
        counts = self.counts[("board.demo.populate", "big")]
        self.assertEqual(counts["board meetings"], Meeting.objects.filter(office=self.big).count())
        self.assertEqual(counts["agenda items"], AgendaItem.objects.filter(office=self.big).count())
        self.assertEqual(counts["phase proposals"], PhaseProposal.objects.filter(office=self.big).count())
        self.assertGreater(counts["phase proposals"], 3)

    def test_two_past_meetings_with_decisions_and_one_planned(self):
        head = self.user(self.big, Role.HEAD)
        past = list(selectors.meetings_for_list(head, past=True, today=TODAY))
        self.assertEqual(len(past), 1)  # the older one is closed
        upcoming = list(selectors.meetings_for_list(head, past=False, today=TODAY))
        self.assertEqual([m.status for m in upcoming], [Meeting.Status.HELD, Meeting.Status.PLANNED])
        held, planned = upcoming
        self.assertLess(held.held_on, TODAY)
        self.assertTrue(TODAY < planned.held_on <= TODAY + datetime.timedelta(days=14))
        self.assertEqual(selectors.next_meeting(head, today=TODAY), planned)
        for meeting in (past[0], held):
            items = selectors.meeting_items(head, meeting)
            self.assertTrue(items)
            for item in items:
                self.assertFalse(item.is_open)
                self.assertTrue(item.minute_number)
                self.assertLessEqual(item.proposed_at.date(), meeting.held_on)
        planned_items = selectors.meeting_items(head, planned)
        self.assertTrue(planned_items)
        self.assertTrue(all(i.decision == AgendaItem.Decision.PENDING for i in planned_items))
        self.assertTrue(selectors.awaiting_items(head).exists())

    def test_phase_proposals_agree_with_the_episodes(self):
        proposals = PhaseProposal.objects.filter(office=self.big).select_related("episode", "agenda_item")
        statuses = {p.status for p in proposals}
        self.assertTrue({"applied", "head", "board"} <= statuses)
        for p in proposals:
            self.assertEqual(p.agenda_item.subject, p)
            self.assertEqual(p.agenda_item.episode_id, p.episode_id)
            if p.status == PhaseProposal.Status.APPLIED:
                self.assertEqual(p.episode.phase, p.to_phase)
                self.assertEqual(p.agenda_item.decision, AgendaItem.Decision.APPROVED)
                self.assertTrue(p.head_approved)
                self.assertIsNotNone(p.applied_at)
            else:
                self.assertEqual(p.episode.phase, p.from_phase)
            if p.status == PhaseProposal.Status.BEFORE_BOARD:
                self.assertTrue(p.agenda_item.is_open)
        head = self.user(self.big, Role.HEAD)
        self.assertEqual(selectors.approvals_waiting(head).count(), 1)
        for item in AgendaItem.objects.filter(office=self.big):
            item.full_clean()

    def test_the_smaller_office_gets_fewer_rows_and_tiny_ones_nothing(self):
        big = self.counts[("board.demo.populate", "big")]
        small = self.counts[("board.demo.populate", "small")]
        self.assertLessEqual(small["agenda items"], big["agenda items"])
        semarang = Office.objects.get(name="Bapas Kelas I Semarang")
        self.assertEqual(demo.populate(semarang, today=TODAY, rng=random.Random(1)), {})

    def test_query_budget_does_not_grow_with_the_clients(self):
        self.assertLessEqual(self.queries[("board.demo.populate", "big")], 10)
        self.assertLessEqual(self.queries[("board.demo.populate", "small")], 10)

    def test_deterministic_from_the_rng(self):
        first = list(
            PhaseProposal.objects.filter(office=self.big).order_by("pk").values_list("episode_id", "status", "reason")
        )
        AgendaItem.objects.filter(office=self.big).update(meeting=None)
        PhaseProposal.objects.filter(office=self.big).delete()
        AgendaItem.objects.filter(office=self.big).delete()
        Meeting.objects.filter(office=self.big).delete()
        demo.populate(self.big, today=TODAY, rng=random.Random("big/7"))
        again = list(
            PhaseProposal.objects.filter(office=self.big).order_by("pk").values_list("episode_id", "status", "reason")
        )
        self.assertEqual(first, again)
