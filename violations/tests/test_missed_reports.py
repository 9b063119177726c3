"""The daily job `mark_missed_checkins`: at the third missed report in a row it opens one draft violation."""

import datetime
import io

import time_machine
from django.core.management import call_command

from audit.models import AuditEvent
from supervision import selectors
from supervision.models import CheckIn
from violations import services
from violations.models import Violation
from violations.tests.base import JAKARTA, D, ViolationTestCase

# After every date used here, so the job's --today is never in the future.
LATER = datetime.datetime(2026, 2, 2, 10, 0, tzinfo=JAKARTA)


class MissedReportsJobTestCase(ViolationTestCase):
    def setUp(self):
        super().setUp()
        traveller = time_machine.travel(LATER, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)

    def run_job(self, today: str, *args) -> str:
        out = io.StringIO()
        call_command("mark_missed_checkins", "--today", today, *args, stdout=out)
        return out.getvalue()

    def missed(self) -> list[datetime.date]:
        return list(
            CheckIn.objects.filter(episode=self.episode, outcome="tidak_hadir").values_list("due_on", flat=True)
        )

    def test_two_misses_open_nothing(self):
        output = self.run_job("2025-09-12")  # July and August are past their grace period; 10 September not yet
        self.assertEqual(len(self.missed()), 2)
        self.assertFalse(Violation.objects.exists())
        self.assertIn("0 draft violation(s) opened", output)

    def test_the_third_miss_in_a_row_opens_a_draft_for_the_pk(self):
        output = self.run_job("2025-10-12")
        missed = self.missed()
        self.assertEqual(len(missed), 3)
        draft = Violation.objects.get()
        self.assertEqual(
            (draft.type, draft.is_draft, draft.source, draft.reported_by, draft.missed_from, draft.occurred_on),
            ("SK_TIDAK_LAPOR_3X", True, "sistem", None, missed[0], missed[2]),
        )
        self.assertEqual(
            (draft.episode, draft.office, draft.reported_on), (self.episode, self.cirebon, D(2025, 10, 12))
        )
        event = AuditEvent.objects.get(action="violation.draft_opened")
        self.assertEqual((event.actor, event.actor_label, event.object_id), (None, "system", str(draft.pk)))
        self.assertIn("1 draft violation(s) opened", output)
        self.assertIn(f"episode {self.episode.pk}: Budi Santoso", output)

    def test_running_twice_opens_no_second_draft(self):
        self.run_job("2025-10-12")
        before = (CheckIn.objects.count(), Violation.objects.count(), AuditEvent.objects.count())
        output = self.run_job("2025-10-12")
        self.assertEqual((CheckIn.objects.count(), Violation.objects.count(), AuditEvent.objects.count()), before)
        self.assertIn("0 draft violation(s) opened", output)

    def test_a_longer_run_keeps_its_one_draft_even_when_dismissed(self):
        self.run_job("2025-10-12")
        draft = Violation.objects.get()
        services.violation_dismiss(violation=draft, acting_user=self.olivia, reason="Was in hospital.")
        self.run_job("2025-11-12")  # a fourth miss in the same run
        self.assertEqual(len(self.missed()), 4)
        self.assertEqual(Violation.objects.count(), 1)

    def test_four_misses_at_once_open_one_draft(self):
        self.run_job("2025-11-12")
        self.assertEqual(len(self.missed()), 4)
        self.assertEqual(Violation.objects.get().missed_from, self.missed()[0])

    def test_an_attended_report_starts_a_new_run(self):
        self.run_job("2025-10-12")
        first_run = self.missed()
        # The next due date after the run is attended.
        next_date = selectors.next_due(self.episode, list(CheckIn.objects.filter(episode=self.episode)))
        CheckIn.objects.create(
            episode=self.episode,
            office=self.cirebon,
            due_on=next_date,
            outcome="hadir",
            occurred_at=datetime.datetime.combine(next_date, datetime.time(9), tzinfo=JAKARTA),
            location=self.cirebon_location,
        )
        self.run_job("2025-12-20")  # two more misses: no new draft yet
        self.assertEqual(Violation.objects.count(), 1)
        self.run_job("2026-01-20")  # the third of the new run
        self.assertEqual(Violation.objects.count(), 2)
        newest = Violation.objects.order_by("-pk").first()
        second_run = [d for d in self.missed() if d > next_date]
        self.assertEqual(len(second_run), 3)
        self.assertEqual(newest.missed_from, second_run[0])
        self.assertNotEqual(newest.missed_from, first_run[0])

    def test_a_violation_reported_by_the_pk_for_the_run_is_not_doubled(self):
        self.run_job("2025-09-12")
        services.violation_report(
            episode=self.episode,
            acting_user=self.olivia,
            type="SK_TIDAK_LAPOR_3X",
            occurred_on=D(2025, 9, 15),
            source="pk",
            description="Not reachable since July.",
        )
        self.run_job("2025-10-12")
        self.assertEqual(Violation.objects.count(), 1)

    def test_dry_run_lists_the_draft_and_writes_nothing(self):
        output = self.run_job("2025-10-12", "--dry-run")
        self.assertFalse(CheckIn.objects.exists())
        self.assertFalse(Violation.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action__in=["checkin.recorded", "violation.draft_opened"]).exists())
        self.assertIn("3 missed report(s) would be marked", output)
        self.assertIn("1 draft violation(s) would be opened", output)
        self.assertIn(f"episode {self.episode.pk}: Budi Santoso ({self.budi.register_number}), misses from", output)
