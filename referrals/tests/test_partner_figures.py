"""Figures for the partners' scorecards, from the referral facts, in a fixed number of queries."""

import datetime

from django.utils import timezone

from clients.tests.factories import make_client
from partners.codes import ServiceField
from referrals import selectors, services
from referrals.models import Referral
from referrals.tests.base import ReferralTestCase


class PartnerFiguresTestCase(ReferralTestCase):
    def test_figures_count_each_fact_in_the_period(self):
        today = timezone.localdate()
        reported = self.accepted()
        self.held(reported)
        self.held(reported, attendance="absent", absence_reason="Sakit", summary="")
        services.referral_report(
            referral=reported,
            ratings={o.pk: (a, "") for o, a in zip(reported.outcomes.all(), ["achieved", "partly"], strict=True)},
            summary="Selesai",
            acting_user=self.paula,
        )
        late = self.refer(episode=make_client(self.cirebon, officer=self.olivia).current_episode)
        Referral.objects.filter(pk=late.pk).update(respond_by=today - datetime.timedelta(days=2))
        services.referral_decline(referral=late, reason="Penuh", acting_user=self.paula)
        services.activity_record(
            partner=self.lbh,
            held_on=today,
            title="Penyuluhan",
            field=ServiceField.LEGAL_AID,
            hours=3,
            outcome="Baik",
            participants=[(reported.episode, "attended")],
            acting_user=self.paula,
        )
        with self.assertNumQueries(6):
            figures = selectors.partner_figures([self.lbh.pk, self.lpk.pk], today - datetime.timedelta(days=30), today)
        lbh = figures[self.lbh.pk]
        self.assertEqual((lbh.received, lbh.accepted, lbh.declined, lbh.answered_late), (2, 1, 1, 1))
        self.assertEqual((lbh.sessions_held, lbh.sessions_attended, lbh.sessions_absent), (2, 1, 1))
        self.assertEqual((lbh.reports, lbh.outcomes_rated, lbh.achievement_score), (1, 2, 0.75))
        self.assertEqual((lbh.activities, lbh.activity_hours, lbh.activity_participants), (1, 3.0, 1))
        self.assertEqual(lbh.current, 1)
        self.assertEqual(figures[self.lpk.pk], selectors.PartnerFigures())
        earlier = selectors.partner_figures(
            [self.lbh.pk], today - datetime.timedelta(days=60), today - datetime.timedelta(1)
        )
        self.assertEqual(earlier[self.lbh.pk].received, 0)
