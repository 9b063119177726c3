"""When guidance ends, the client's open referrals end with it (clients.signals.episode_ended)."""

import datetime

from django.utils import timezone

from audit.models import AuditEvent
from movements import services as movement_services
from referrals.models import Referral
from referrals.tests.base import ReferralTestCase


class EpisodeEndTestCase(ReferralTestCase):
    def close_as_deceased(self):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        movement_services.closing_report_write(
            episode=self.episode,
            acting_user=self.olivia,
            reason="meninggal",
            ended_on=yesterday,
            date_of_death=yesterday,
            summary="Klien meninggal dunia.",
            conduct="Baik.",
            recommendation="",
        )
        movement_services.episode_close(episode=self.episode, acting_user=self.sam)

    def test_closing_the_episode_withdraws_its_open_referrals_with_the_reason(self):
        open_referral = self.accepted()
        self.close_as_deceased()
        open_referral.refresh_from_db()
        self.assertIsNotNone(open_referral.withdrawn_at)
        self.assertEqual(open_referral.withdrawn_by, self.sam)
        self.assertIn("Deceased", open_referral.withdraw_reason)
        self.assertTrue(
            AuditEvent.objects.filter(action="referral.withdrawn", object_id=str(open_referral.pk)).exists()
        )
        self.assertFalse(Referral.objects.open().filter(episode=self.episode).exists())

    def test_referrals_already_ended_are_left_as_they_were(self):
        referral = self.refer()
        from referrals import services

        services.referral_withdraw(referral=referral, reason="Klien pindah program.", acting_user=self.olivia)
        self.close_as_deceased()
        referral.refresh_from_db()
        self.assertEqual(referral.withdraw_reason, "Klien pindah program.")
        self.assertEqual(referral.withdrawn_by, self.olivia)
