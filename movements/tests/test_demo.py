"""movements.demo.populate: transfers, travel permits and a closing report draft."""

from __future__ import annotations

import datetime
import random

from accounts.models import Role
from board.tests.test_demo import TODAY, DemoOfficeTestCase
from clients.models import ProgramEpisode
from movements import demo, selectors
from movements.models import ClosingReport, Transfer, TravelPermit
from organizations.models import Office
from violations.models import Violation

POPULATE = "movements.demo.populate"


class MovementsDemoTests(DemoOfficeTestCase):
    populators = ("board.demo.populate", "violations.demo.populate", POPULATE)

    def test_counts_match_the_rows(self):
        counts = self.counts[(POPULATE, "big")]
        self.assertEqual(counts["transfers"], Transfer.objects.filter(from_office=self.big).count())
        self.assertEqual(counts["travel permits"], TravelPermit.objects.filter(office=self.big).count())
        self.assertEqual(counts["closing reports"], ClosingReport.objects.filter(office=self.big).count())
        self.assertEqual(counts["transfers"], 2)
        self.assertGreaterEqual(counts["travel permits"], 3)
        self.assertEqual(counts["closing reports"], 1)

    def test_open_requests_with_deadlines(self):
        rows = selectors.open_requests(ProgramEpisode.objects.filter(office=self.big), today=TODAY)
        kinds = sorted(r.kind for r in rows)
        self.assertEqual(kinds, ["permit", "transfer"])
        transfer = next(r for r in rows if r.kind == "transfer")
        self.assertEqual(transfer.obj.state, Transfer.State.REQUESTED)
        self.assertFalse(transfer.overdue)
        self.assertGreater(transfer.deadline, TODAY)
        permit = next(r for r in rows if r.kind == "permit")
        self.assertGreater(permit.obj.starts_on, TODAY)
        self.assertFalse(permit.overdue)

    def test_the_approved_transfer_waits_for_the_receiving_office(self):
        sent = Transfer.objects.get(from_office=self.big, approved=True)
        self.assertEqual(sent.state, Transfer.State.SENT)
        self.assertLess(sent.files_sent_on, TODAY)
        self.assertIn(sent.new_regency, sent.to_office.working_area.all())
        self.assertEqual(sent.to_office.kanwil_id, self.big.kanwil_id)
        head = self.user(sent.to_office, Role.HEAD)
        if head is not None:
            self.assertIn(sent, selectors.receiving_desk(head))
        for transfer in Transfer.objects.filter(from_office=self.big):
            transfer.full_clean()
            self.assertEqual(transfer.episode.status, "active")
            self.assertFalse(Violation.objects.filter(episode=transfer.episode).exists())

    def test_permits_fit_their_episodes(self):
        permits = TravelPermit.objects.filter(office=self.big).select_related("episode")
        states = {p.state for p in permits}
        self.assertTrue({"requested", "approved"} <= states, states)
        for permit in permits:
            permit.full_clean()
            self.assertLessEqual(permit.ends_on, permit.episode.ends_on)
            self.assertLessEqual(permit.requested_on, permit.starts_on)
            if permit.kind == TravelPermit.Kind.ABROAD:
                self.assertEqual(permit.episode.program, "PB")
            if permit.decided_at:
                self.assertLessEqual(permit.decided_at.date(), TODAY)
                self.assertGreaterEqual(permit.decided_at.date(), permit.requested_on)
        self.assertEqual(len({p.episode_id for p in permits}), len(permits))

    def test_closing_report_draft_for_an_episode_ending_soon(self):
        report = ClosingReport.objects.select_related("episode").get(office=self.big)
        report.full_clean()
        self.assertIsNone(report.closed_at)
        self.assertEqual(report.episode.status, "active")
        self.assertEqual(report.ended_on, report.episode.ends_on)
        self.assertTrue(TODAY < report.episode.ends_on <= TODAY + datetime.timedelta(days=30))

    def test_small_offices(self):
        small = self.counts[(POPULATE, "small")]
        self.assertLessEqual(small["travel permits"], self.counts[(POPULATE, "big")]["travel permits"])
        semarang = Office.objects.get(name="Bapas Kelas I Semarang")
        self.assertEqual(demo.populate(semarang, today=TODAY, rng=random.Random(1)), {})

    def test_query_budget_does_not_grow_with_the_clients(self):
        self.assertLessEqual(self.queries[(POPULATE, "big")], 8)
        self.assertLessEqual(self.queries[(POPULATE, "small")], 8)
