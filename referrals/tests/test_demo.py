"""The demo shows the partnership at work: referrals in every state, sessions, a concern, end-of-service
reports, group activities and partner documents, and remote reports awaiting review and reviewed.

The checks run in `demo.tests.test_demo.DemoTests`, which builds the full demo once per test run.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from referrals.models import (
    Document,
    GroupActivity,
    GroupParticipant,
    OutcomeRating,
    Referral,
    ReferralSession,
    State,
)
from reports import scorecards
from supervision import selectors as supervision_selectors
from supervision.models import RemoteCheckIn


class ReferralDemoChecks(TestCase if TYPE_CHECKING else object):
    """Run by `demo.tests.test_demo.DemoTests` on the one full demo build of the test run, which provides
    `today` and `partner_user` (the demo's LBH partner account)."""

    today: datetime.date
    partner_user: User

    def test_every_referral_state_is_in_the_demo(self):
        states = set(Referral.objects.with_state().values_list("state_code", flat=True))
        self.assertEqual(states, set(State.values))
        # Every demo partner account's partner has one referral in each state.
        for user in User.objects.filter(partner__isnull=False):
            with self.subTest(user=user.username):
                mine = Referral.objects.filter(partner=user.partner).with_state()
                self.assertEqual(set(mine.values_list("state_code", flat=True)), set(State.values))
        self.assertTrue(ReferralSession.objects.filter(concern=True, concern_seen_at=None).exists())
        self.assertTrue(ReferralSession.objects.filter(held_on=None, scheduled_for__gt=self.NOW).exists())
        self.assertTrue(OutcomeRating.objects.exists())
        self.assertTrue(GroupParticipant.objects.exists())
        self.assertTrue(Document.objects.filter(referral__isnull=False).exists())
        self.assertTrue(Document.objects.filter(activity__isnull=False).exists())

    def test_the_facts_are_consistent_with_the_dates(self):
        """Nothing happens in the future or before the client was referred, as the services guarantee."""
        for referral in Referral.objects.prefetch_related("sessions"):
            steps = [
                t
                for t in (
                    referral.approved_at,
                    referral.accepted_at,
                    referral.declined_at,
                    referral.report_submitted_at,
                    referral.withdrawn_at,
                    referral.closed_at,
                )
                if t
            ]
            for moment in steps:
                self.assertLessEqual(referral.created_at, moment)
                self.assertLessEqual(timezone.localdate(moment), self.today)
            for session in referral.sessions.all():
                if session.held_on:
                    self.assertLessEqual(session.held_on, self.today)
                    self.assertGreaterEqual(session.held_on, timezone.localdate(referral.accepted_at))
            self.assertLessEqual(referral.episode.starts_on, timezone.localdate(referral.created_at))
        for activity in GroupActivity.objects.all():
            self.assertLessEqual(activity.held_on, self.today)

    def test_the_partner_user_sees_its_referrals_and_activities_in_the_portal(self):
        self.client.force_login(self.partner_user)
        current = list(Referral.objects.filter(partner=self.partner_user.partner).current())
        self.assertGreaterEqual(len(current), 4)
        home = self.client.get(reverse("referrals:portal_home"))
        self.assertEqual(home.status_code, 200)
        for referral in current:
            self.assertContains(home, reverse("referrals:portal_detail", args=[referral.pk]))
        detail = self.client.get(reverse("referrals:portal_detail", args=[current[0].pk]))
        self.assertEqual(detail.status_code, 200)
        activity = GroupActivity.objects.get(partner=self.partner_user.partner)
        self.assertContains(
            self.client.get(reverse("referrals:portal_activities")),
            reverse("referrals:portal_activity", args=[activity.pk]),
        )

    def test_a_demo_partners_scorecard_of_this_year_has_figures(self):
        start = datetime.date(self.today.year, 1, 1)
        (card,) = scorecards.scorecards([self.partner_user.partner], start, self.today)
        self.assertGreater(card.received, 0)
        self.assertGreater(card.accepted, 0)
        self.assertGreater(card.declined, 0)
        self.assertGreater(card.sessions_held, 0)
        self.assertGreater(card.outcomes_rated, 0)
        self.assertGreater(card.current, 0)
        self.assertGreater(card.activities, 0)
        self.assertIsNotNone(card.days_to_accept)
        head = User.objects.get(username="kabapas")
        self.client.force_login(head)
        period = {"start": start.isoformat(), "end": self.today.isoformat()}
        page = self.client.get(reverse("reports:scorecards"), period)
        self.assertContains(page, self.partner_user.partner.name)
        for name in ("reports:pack_pdf", "reports:pack_xlsx"):
            self.assertEqual(self.client.get(reverse(name), period).status_code, 200)

    def test_the_pk_has_remote_reports_awaiting_review_and_reviewed(self):
        pk = User.objects.get(username="pk")
        self.assertTrue(supervision_selectors.remote_checkins_awaiting_review(pk))
        reviewed = RemoteCheckIn.objects.filter(checkin__episode__officer=pk).values_list("review", flat=True)
        self.assertIn(RemoteCheckIn.Review.CONFIRMED, reviewed)
        self.assertIn(RemoteCheckIn.Review.FLAGGED, reviewed)
