"""Two desks writing the same thing at the same moment, each on its own connection (bapas.test.Race).

On PostgreSQL both calls pass the service's check before either writes, so the unique constraint decides and the
service's `except IntegrityError` fallback answers the loser; on SQLite the writers run one after the other and
the check answers. Either way the user sees the same message, and one row and one audit event are written.
"""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase
from board import services
from board.models import AgendaItem
from board.tests.base import NOW
from clients.tests.factories import make_client


@time_machine.travel(NOW, tick=False)
class BoardRaceTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        self.episode = self.budi.current_episode
        self.meeting = services.meeting_create(
            office=self.cirebon,
            held_on=datetime.date(2025, 9, 15),
            title="Sidang TPP September",
            number="TPP/09/2025",
            chair=self.hana,
            secretary=self.tess,
            acting_user=self.tess,
        )

    def assert_one_saved_and_one_refused(self, race, outcomes, message):
        saved = [o for o in outcomes if isinstance(o, AgendaItem)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(saved), len(refused)), (1, 1), outcomes)
        self.assertIn(message, " ".join(refused[0].messages))
        if race.concurrent:  # both passed the check: the constraint refused the loser, the fallback answered
            self.assertEqual(sorted(type(e).__name__ for e in race.raised), ["IntegrityError", "NoneType"])
            self.assertIsInstance(refused[0].__cause__, IntegrityError)
        else:  # SQLite: the second waited for the first to commit, then its check refused it
            self.assertEqual(race.raised, [None])
            self.assertIsNone(refused[0].__cause__)
        return saved[0]

    def test_the_same_subject_added_twice_at_once_is_on_the_agenda_once(self):
        def add(user):
            return lambda: services.agenda_item_add(
                kind="other", episode=self.episode, subject=self.meeting, summary="Discuss", acting_user=user
            )

        race = Race(meet_at="board.models.AgendaItem.save")
        outcomes = race.run(add(self.olivia), add(self.tess))

        item = self.assert_one_saved_and_one_refused(race, outcomes, "already on the board's agenda")
        self.assertEqual(list(AgendaItem.objects.values_list("pk", flat=True)), [item.pk])
        self.assertEqual(AuditEvent.objects.filter(action="agenda_item.added").count(), 1)

    def test_one_minute_number_recorded_for_two_items_at_once_is_used_once(self):
        items = [
            services.agenda_item_add(
                kind="other",
                episode=self.episode,
                subject=subject,
                summary="Discuss",
                acting_user=self.olivia,
                meeting=self.meeting,
            )
            for subject in (self.meeting, self.olivia)
        ]

        def decide(item):
            return lambda: services.decision_record(
                item=item, decision="approved", minute_number="BA-01/TPP/2025", note="", acting_user=self.tess
            )

        race = Race(meet_at="board.models.AgendaItem.save")
        outcomes = race.run(decide(items[0]), decide(items[1]))

        decided = self.assert_one_saved_and_one_refused(race, outcomes, "minute number is already used")
        rows = AgendaItem.objects.order_by("pk").values_list("pk", "decision", "minute_number")
        minute = "BA-01/TPP/2025"
        expected = [(i.pk, "approved", minute) if i.pk == decided.pk else (i.pk, "pending", "") for i in items]
        self.assertEqual(list(rows), expected)
        self.assertEqual(AuditEvent.objects.filter(action="agenda_item.decided").count(), 1)
