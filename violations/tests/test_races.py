"""Two runs of the missed-reports job opening the same draft at the same moment, each on its own connection.

The job locks the episodes it works on, which already keeps two runs of it apart; the services' `except
IntegrityError` fallbacks are for a writer that does not (the calls below take no episode lock). On PostgreSQL the
two calls meet right before the insert (bapas.test.Race), so both pass the "already covered" check and the unique
constraint decides; on SQLite they take turns and the check answers. Either way one draft and one audit event.
"""

import datetime

import time_machine
from django.db import transaction

from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase
from clients.tests.factories import make_client
from violations import services
from violations.models import Violation
from violations.tests.base import NOW

D = datetime.date
MISSED = [D(2025, 7, 10), D(2025, 8, 10), D(2025, 9, 10)]
TODAY = D(2025, 10, 12)


@time_machine.travel(NOW, tick=False)
class MissedReportsRaceTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso").current_episode
        self.sari = make_client(self.cirebon, officer=self.olivia, name="Sari Dewi").current_episode

    def assert_one_insert_refused_on_postgresql(self, race):
        expected = ["IntegrityError", "NoneType"] if race.concurrent else ["NoneType", "NoneType"]
        self.assertEqual(sorted(type(e).__name__ for e in race.raised), expected)

    def test_the_same_run_opened_twice_at_once_gives_one_draft(self):
        @transaction.atomic
        def open_draft():
            return services.open_missed_reports_draft(episode=self.budi, missed=MISSED, today=TODAY)

        race = Race(meet_at="violations.models.Violation.save")
        outcomes = race.run(open_draft, open_draft)

        draft = Violation.objects.get()
        self.assertEqual(sorted(outcomes, key=bool), [None, draft])  # the loser is told nothing was opened
        self.assertEqual((draft.episode_id, draft.missed_from, draft.is_draft), (self.budi.pk, MISSED[0], True))
        if race.concurrent:
            self.assert_one_insert_refused_on_postgresql(race)
        else:  # the second call's check found the first's draft: it never tried to insert
            self.assertEqual(race.raised, [None])
        self.assertEqual(AuditEvent.objects.filter(action="violation.draft_opened").count(), 1)

    def test_overlapping_batches_at_once_give_one_draft_per_episode(self):
        @transaction.atomic
        def open_drafts(*episodes):
            return services.open_missed_reports_drafts(runs=[(e, MISSED) for e in episodes], today=TODAY)

        race = Race(meet_at="django.db.models.query.QuerySet.bulk_create")
        outcomes = race.run(lambda: open_drafts(self.budi, self.sari), lambda: open_drafts(self.sari))

        drafts = Violation.objects.order_by("episode_id")
        self.assertEqual([d.episode_id for d in drafts], sorted([self.budi.pk, self.sari.pk]))
        # Between them the two calls report each draft once, as the one that opened it.
        opened = sorted((episode_id, d.pk) for result in outcomes for episode_id, d in result.items())
        self.assertEqual(opened, sorted((d.episode_id, d.pk) for d in drafts))
        if race.concurrent:  # the loser's batch was refused whole, then opened one at a time what was left
            self.assert_one_insert_refused_on_postgresql(race)
        else:  # SQLite: the second batch's check skipped Sari, whose draft the first had opened
            self.assertEqual(set(race.raised), {None})
        self.assertEqual(AuditEvent.objects.filter(action="violation.draft_opened").count(), 2)
