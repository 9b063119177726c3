"""The Django admin shows group activities read-only, without those a child took part in."""

import datetime
import zoneinfo

import time_machine

from clients.tests.factories import make_client
from partners.codes import ServiceField
from referrals import services
from referrals.tests.base import ReferralTestCase

NOW = datetime.datetime(2025, 9, 10, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Jakarta"))


@time_machine.travel(NOW, tick=False)
class GroupActivityAdminTestCase(ReferralTestCase):
    def activity(self, title, episodes):
        return services.activity_record(
            partner=self.lbh,
            held_on=NOW.date(),
            title=title,
            field=ServiceField.LEGAL_AID,
            hours=2,
            outcome="Peserta memahami hak dan kewajibannya",
            participants=[(e, "attended") for e in episodes],
            acting_user=self.paula,
        )

    def test_the_national_administrator_does_not_see_activities_with_a_child(self):
        adult = self.accepted()
        child = make_client(self.cirebon, program="PB_ANAK")
        child_referral = self.accepted(episode=child.current_episode, acting_user=self.hana)
        adults_only = self.activity("Penyuluhan dewasa", [adult.episode])
        with_child = self.activity("Penyuluhan campuran", [adult.episode, child_referral.episode])
        self.client.force_login(self.nadia)
        response = self.client.get("/admin/referrals/groupactivity/")
        self.assertEqual(response.status_code, 200)
        shown = set(response.context["cl"].queryset.values_list("pk", flat=True))
        self.assertEqual(shown, {adults_only.pk})
        self.assertEqual(self.client.get(f"/admin/referrals/groupactivity/{with_child.pk}/change/").status_code, 302)
        self.assertEqual(self.client.get(f"/admin/referrals/groupactivity/{adults_only.pk}/change/").status_code, 200)
