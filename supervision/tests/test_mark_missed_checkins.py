"""The daily job that marks reports missed after the grace period."""

import io

from django.core.management import call_command

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from supervision.models import CheckIn
from supervision.tests.base import D, SupervisionTestCase


class MarkMissedCheckinsTestCase(SupervisionTestCase):
    def run_job(self, *args) -> str:
        out = io.StringIO()
        call_command("mark_missed_checkins", *args, stdout=out)
        return out.getvalue()

    def test_dates_past_the_grace_period_are_marked_missed_and_audited(self):
        # 10 Sep 2025: 10 Jul and 11 Aug are past; 10 Sep is today.
        output = self.run_job()
        rows = CheckIn.objects.filter(episode=self.episode)
        self.assertEqual(
            [(c.due_on, c.outcome, c.recorded_by) for c in rows],
            [
                (D(2025, 7, 10), "tidak_hadir", None),
                (D(2025, 8, 11), "tidak_hadir", None),  # 10 August 2025 was a Sunday,
            ],
        )
        events = AuditEvent.objects.filter(action="checkin.recorded")
        self.assertEqual(events.count(), 2)
        self.assertEqual({e.actor_label for e in events}, {"system"})
        self.assertIn("2 missed report(s) marked", output)

    def test_dates_within_the_grace_period_are_left_alone(self):
        self.run_job("--today", "2025-07-13")  # 10 Jul + 3 days of grace
        self.assertFalse(CheckIn.objects.exists())
        self.run_job("--today", "2025-07-14")
        self.assertEqual(list(CheckIn.objects.values_list("due_on", flat=True)), [D(2025, 7, 10)])

    def test_the_grace_period_comes_from_the_rule_set(self):
        rule_set = self.episode.rule_set
        rule_set.grace_days = 0
        rule_set.save(update_fields=["grace_days"])
        self.run_job("--today", "2025-07-11")
        self.assertEqual(CheckIn.objects.count(), 1)

    def test_running_twice_adds_nothing(self):
        self.run_job()
        before = (CheckIn.objects.count(), AuditEvent.objects.count())
        output = self.run_job()
        self.assertEqual((CheckIn.objects.count(), AuditEvent.objects.count()), before)
        self.assertIn("0 missed report(s) marked", output)

    def test_recorded_dates_and_closed_episodes_are_skipped(self):
        CheckIn.objects.create(
            episode=self.episode,
            office=self.cirebon,
            due_on=D(2025, 7, 10),
            outcome="hadir",
            occurred_at=self.at(10, 9, 7),
            location=self.cirebon_location,
        )
        self.run_job()
        self.assertEqual(CheckIn.objects.filter(outcome="tidak_hadir").count(), 1)
        self.episode.status = EpisodeStatus.REVOKED
        self.episode.save(update_fields=["status"])
        self.assertIn("0 active episode(s) checked", self.run_job("--today", "2025-12-01"))

    def test_dry_run_writes_nothing(self):
        output = self.run_job("--dry-run", "--today", "2025-11-01")
        self.assertFalse(CheckIn.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action="checkin.recorded").exists())
        self.assertIn("4 missed report(s) would be marked", output)
        self.assertIn("1 episode(s) now have 3 or more missed reports in a row", output)

    def test_it_lists_three_misses_in_a_row_once(self):
        output = self.run_job("--today", "2025-10-13")  # 10 Jul, Aug and Sep past; 10 Oct still in grace
        self.assertIn("1 episode(s) now have 3 or more missed reports in a row", output)
        self.assertIn(f"episode {self.episode.pk}: Budi Santoso ({self.budi.register_number}), 3 in a row", output)
        # Reported once: the next day nothing new is marked, so it is not repeated.
        self.assertNotIn("in a row", self.run_job("--today", "2025-10-13"))

    def test_two_misses_are_not_reported(self):
        self.assertNotIn("in a row", self.run_job("--today", "2025-09-13"))

    def test_a_bad_date_is_refused(self):
        from django.core.management.base import CommandError

        with self.assertRaises(CommandError):
            self.run_job("--today", "14-10-2025")


class MarkMissedCheckinsQueryCountTestCase(SupervisionTestCase):
    """Issue 9, point 16d: the job's statements do not grow with the number of episodes."""

    def add_clients(self, n: int) -> None:
        from clients.tests.factories import make_client

        for i in range(n):
            make_client(self.cirebon, officer=self.olivia, name=f"Klien {i}")

    def run_counted(self, today: str) -> tuple[int, str]:
        """The statements of one run other than INSERTs, and its output. The inserts are bulk: one each for
        check-ins, drafts and their audit rows, split only where SQLite's limit on parameters asks for it."""
        from django.contrib.contenttypes.models import ContentType
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from violations.models import Violation

        ContentType.objects.get_for_models(CheckIn, Violation)  # the (per-process) cache, warm as in production
        out = io.StringIO()
        with CaptureQueriesContext(connection) as ctx:
            call_command("mark_missed_checkins", "--today", today, stdout=out)
        inserts = [q for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
        self.assertLessEqual(len(inserts), 8)  # 120 check-ins, 30 drafts and their audit rows, never one a row
        return len(ctx.captured_queries) - len(inserts), out.getvalue()

    def test_the_same_statements_for_3_and_30_episodes(self):
        from violations.models import Violation

        self.add_clients(2)  # 3 episodes with Budi's
        few, output = self.run_counted("2025-11-01")  # four misses each: marked, and a draft each
        self.assertIn("3 active episode(s) checked; 12 missed report(s) marked", output)
        self.assertEqual(Violation.objects.filter(is_draft=True).count(), 3)
        self.add_clients(27)  # 30 episodes; the first three have nothing new
        many, output = self.run_counted("2025-11-01")
        self.assertIn("30 active episode(s) checked; 108 missed report(s) marked", output)
        self.assertEqual(Violation.objects.filter(is_draft=True).count(), 30)
        self.assertEqual(CheckIn.objects.filter(outcome="tidak_hadir").count(), 120)
        self.assertEqual(AuditEvent.objects.filter(action="checkin.recorded").count(), 120)
        self.assertEqual(AuditEvent.objects.filter(action="violation.draft_opened").count(), 30)
        self.assertEqual(many, few)
        # Idempotent: a third run adds nothing.
        again, output = self.run_counted("2025-11-01")
        self.assertIn("0 missed report(s) marked", output)
        self.assertEqual(CheckIn.objects.count(), 120)
