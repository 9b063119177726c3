import datetime

from django.urls import reverse
from django.utils import timezone

from partners import selectors
from partners.codes import ServiceField
from partners.models import Partner
from partners.tests.base import PartnersTestCase
from partners.tests.factories import make_agreement, make_partner


class ExpiryWarningsTestCase(PartnersTestCase):
    def setUp(self):
        super().setUp()
        self.today = timezone.localdate()

    def _ending_in(self, days: int, **kwargs):
        partner = make_partner(self.cirebon, name=f"Mitra {days}", **kwargs)
        return make_agreement(partner, ends_on=self.today + datetime.timedelta(days=days))

    def test_agreements_are_warned_90_and_30_days_ahead(self):
        in_89, in_31, in_30, in_29, in_91 = (self._ending_in(d) for d in (89, 31, 30, 29, 91))
        in_0 = self._ending_in(0)
        ended = self._ending_in(-1)
        # The cast's LBH Uji is identified, not active: only active partners are listed as lacking one.
        without = make_partner(self.cirebon, name="Zeta tanpa PKS")
        with self.assertNumQueries(2):
            warnings = selectors.expiry_warnings([self.cirebon.pk], self.today)
        self.assertEqual(warnings.within_90, [in_31, in_89])
        self.assertEqual(warnings.within_30, [in_0, in_29, in_30])
        self.assertNotIn(in_91, warnings.within_90)
        self.assertEqual(warnings.expired, [ended])
        self.assertEqual(warnings.without_agreement, [ended.partner, without])

    def test_a_renewed_or_superseded_agreement_is_not_warned(self):
        renewed = self._ending_in(20)
        make_agreement(renewed.partner, starts_on=self.today + datetime.timedelta(days=21), renews=renewed)
        superseded = self._ending_in(-5)
        make_agreement(superseded.partner, starts_on=self.today - datetime.timedelta(days=4))
        warnings = selectors.expiry_warnings([self.cirebon.pk], self.today)
        self.assertEqual((warnings.within_30, warnings.within_90, warnings.expired), ([], [], []))

    def test_ended_partners_and_other_offices_are_left_out(self):
        self._ending_in(10, status=Partner.Status.ENDED)
        bandung = make_partner(self.bandung, name="Mitra Bandung", area=["32.73"])
        make_agreement(bandung, ends_on=self.today + datetime.timedelta(days=10))
        warnings = selectors.expiry_warnings([self.cirebon.pk], self.today)
        self.assertTrue(warnings.is_empty)


class HomePanelTestCase(PartnersTestCase):
    def setUp(self):
        super().setUp()
        today = timezone.localdate()
        partner = make_partner(self.cirebon, name="LPK Segera Habis", fields=[ServiceField.INDEPENDENCE])
        self.soon = make_agreement(partner, fields=[ServiceField.INDEPENDENCE], ends_on=today + datetime.timedelta(29))

    def test_the_head_and_the_administrator_see_the_warnings(self):
        for user in (self.hana, self.ada):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(reverse("dashboard:home"))
                self.assertContains(response, 'id="partner-agreements"')
                self.assertContains(
                    response,
                    f'<li data-warning="30"><a href="/partners/{self.soon.partner_id}/">LPK Segera Habis</a>',
                )

    def test_other_roles_do_not(self):
        for user in (self.olivia, self.sam, self.reggie, self.paula, self.nadia, self.joko):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertNotContains(self.client.get(reverse("dashboard:home")), "LPK Segera Habis")
