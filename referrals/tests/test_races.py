"""Two PKs referring the same client to the same partner for the same field at the same moment, each on its own
connection (bapas.test.Race).

`referral_create` locks the episode and the partner (FOR UPDATE) before it checks for an open referral, so two
calls take turns on PostgreSQL as on SQLite: the second finds the first's referral and is refused by the check.

Its `except IntegrityError` fallback ("a concurrent duplicate") cannot be reached by two connections. Tried on
PostgreSQL with a writer that inserts a referral without the lock and commits while `referral_create` is between
its check and its insert: the service's insert waits for that writer on the unique index, and the writer's commit
runs the deferred foreign-key checks, which wait (FOR KEY SHARE) for the service's lock on the episode row: a
deadlock that PostgreSQL breaks after deadlock_timeout by aborting one of them, not an IntegrityError. Every
writer of referrals goes through this service, so that cannot happen; the fallback is a net only.
"""

import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase
from clients.tests.factories import make_client
from movements.tests.base import NOW
from partners.codes import ServiceField
from partners.models import Partner, PartnerField
from partners.tests.factories import make_agreement
from referrals import services
from referrals.models import Referral

DUPLICATE = "This client already has an open referral to this partner for this field."


@time_machine.travel(NOW, tick=False)
class ReferralRaceTestCase(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        Partner.objects.filter(pk=self.lbh.pk).update(status=Partner.Status.ACTIVE, capacity=5)
        PartnerField.objects.create(partner=self.lbh, field=ServiceField.LEGAL_AID)
        self.lbh.service_area.set(["32.09", "32.74"])
        self.agreement = make_agreement(self.lbh, fields=[ServiceField.LEGAL_AID])
        self.budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso", regency="32.09")
        self.episode = self.budi.current_episode

    def refer(self):
        return services.referral_create(
            episode=self.episode,
            partner=self.lbh,
            field=ServiceField.LEGAL_AID,
            needs="Pendampingan hukum",
            outcomes=["Memahami haknya"],
            acting_user=self.olivia,
        )

    def test_two_referrals_at_once_give_one_and_a_clear_refusal(self):
        # A spy only: meeting inside the episode lock would deadlock, the second call waits at the lock.
        race = Race(meet_at="referrals.models.Referral.save", meet=False)
        outcomes = race.run(self.refer, self.refer)

        saved = [o for o in outcomes if isinstance(o, Referral)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(saved), len(refused)), (1, 1), outcomes)
        self.assertEqual(refused[0].message_dict, {"partner": [DUPLICATE]})
        self.assertIsNone(refused[0].__cause__)  # the check refused it ...
        self.assertEqual(race.raised, [None])  # ... before it tried to insert
        self.assertEqual(list(Referral.objects.values_list("pk", flat=True)), [saved[0].pk])
        self.assertEqual(saved[0].outcomes.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="referral.created").count(), 1)
