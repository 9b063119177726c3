"""Two writers of the same reporting date at the same moment, each on its own connection (bapas.test.Race).

`checkin_record` locks the episode before it reads the dates already recorded, so on PostgreSQL the second desk
waits for the first to commit and its check then refuses the date; on SQLite the writers take turns. The daily
job (`mark_missed_checkins`) takes the same lock, so a desk recording a late report while the job runs either
comes first (the job skips the date) or is told the date is already recorded. In every order one row is written.
"""

import datetime
import io

import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase
from clients.tests.factories import make_client
from supervision import services
from supervision.models import CheckIn
from supervision.tests.base import JAKARTA, NOW

DUE = datetime.date(2025, 7, 10)
DUPLICATE = "This scheduled date already has a check-in"


@time_machine.travel(NOW, tick=False)
class CheckInRaceTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        self.episode = self.budi.current_episode

    def record(self, user, outcome="hadir"):
        def call():
            return services.checkin_record(
                episode=self.episode,
                acting_user=user,
                outcome=outcome,
                due_on=DUE,
                occurred_at=datetime.datetime(2025, 7, 10, 9, 0, tzinfo=JAKARTA) if outcome == "hadir" else None,
                location=self.cirebon_location if outcome == "hadir" else None,
            )

        return call

    def assert_one_row_for_the_date(self):
        self.assertEqual(CheckIn.objects.filter(episode=self.episode, due_on=DUE).count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="checkin.recorded").count(), 1)

    def test_two_desks_recording_the_same_date_at_once_write_it_once(self):
        outcomes = Race().run(self.record(self.olivia), self.record(self.rita, outcome="tidak_hadir"))

        saved = [o for o in outcomes if isinstance(o, CheckIn)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(saved), len(refused)), (1, 1), outcomes)
        self.assertIn(DUPLICATE, " ".join(refused[0].messages))
        self.assert_one_row_for_the_date()

    def test_a_desk_and_the_daily_job_at_once_write_the_date_once(self):
        def job():
            out = io.StringIO()
            call_command("mark_missed_checkins", "--today", "2025-07-20", stdout=out)
            return out.getvalue()

        desk, printed = Race().run(self.record(self.olivia), job)

        self.assertIn("active episode(s) checked", printed)
        row = CheckIn.objects.get(episode=self.episode, due_on=DUE)
        if isinstance(desk, CheckIn):  # the desk came first: the job skipped the date
            self.assertEqual((row.pk, row.outcome), (desk.pk, "hadir"))
            self.assertIn("0 missed report(s) marked", printed)
        else:  # the job came first: the desk was told
            self.assertIsInstance(desk, ValidationError)
            self.assertIn(DUPLICATE, " ".join(desk.messages))
            self.assertEqual((row.outcome, row.recorded_by), ("tidak_hadir", None))
        self.assert_one_row_for_the_date()
