"""The state is derived from facts: the Python property and the SQL annotation agree for every state."""

from django.utils import timezone

from clients.codes import EpisodeStatus
from clients.tests.factories import make_client
from referrals import services
from referrals.models import Referral, ReferralSettings, State
from referrals.tests.base import ReferralTestCase


class DerivedStateTestCase(ReferralTestCase):
    def client_episode(self):
        return make_client(self.cirebon, officer=self.olivia, regency="32.74").current_episode

    def test_every_state_from_its_facts(self):
        made = {}
        made[State.AWAITING_PARTNER] = self.refer(episode=self.client_episode())
        made[State.ACCEPTED] = self.accepted(episode=self.client_episode())
        in_progress = self.accepted(episode=self.client_episode())
        self.held(in_progress)
        made[State.IN_PROGRESS] = in_progress
        reported = self.accepted(episode=self.client_episode())
        self.held(reported)
        services.referral_report(
            referral=reported,
            ratings={o.pk: ("achieved", "") for o in reported.outcomes.all()},
            summary="Selesai",
            acting_user=self.paula,
        )
        made[State.REPORTED] = reported
        made[State.COMPLETED] = services.referral_close(
            referral=self.accepted(episode=self.client_episode()), acting_user=self.olivia
        )
        made[State.DECLINED] = services.referral_decline(
            referral=self.refer(episode=self.client_episode()), reason="Penuh", acting_user=self.paula
        )
        made[State.WITHDRAWN] = services.referral_withdraw(
            referral=self.refer(episode=self.client_episode()), reason="Pindah", acting_user=self.olivia
        )
        ReferralSettings.objects.create(office=self.cirebon, requires_approval=True)
        made[State.AWAITING_APPROVAL] = self.refer(episode=self.client_episode())

        annotated = {r.pk: r.state for r in Referral.objects.with_state()}
        for state, referral in made.items():
            with self.subTest(state=state):
                fresh = Referral.objects.get(pk=referral.pk)
                self.assertEqual(fresh.state, state)
                self.assertEqual(annotated[referral.pk], state)
        self.assertEqual(len(State), len(made))

    def test_current_means_sent_not_ended_and_supervision_under_way(self):
        current = self.accepted()
        self.assertEqual(list(Referral.objects.current()), [current])
        self.episode.status = EpisodeStatus.REVOKED
        self.episode.save(update_fields=["status"])
        self.assertFalse(Referral.objects.current().exists())
        self.assertTrue(Referral.objects.open().exists())

    def test_overdue_when_unanswered_past_the_day(self):
        referral = self.refer()
        self.assertFalse(referral.is_overdue())
        later = referral.respond_by + timezone.timedelta(days=1)
        self.assertTrue(referral.is_overdue(later))
        self.assertEqual(list(Referral.objects.awaiting_partner_past(later)), [referral])
        self.assertFalse(Referral.objects.awaiting_partner_past(referral.respond_by).exists())
