import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from partners import selectors, services
from partners.codes import ServiceField
from partners.models import Partner
from partners.tests.base import PartnersTestCase
from partners.tests.factories import make_agreement, make_partner
from regions.models import Regency


class ReferralAllowedTestCase(PartnersTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.today = timezone.localdate()
        cls.partner = make_partner(cls.cirebon, fields=[ServiceField.LEGAL_AID, ServiceField.SOCIAL])
        cls.agreement = make_agreement(cls.partner, fields=[ServiceField.LEGAL_AID])
        cls.kab_cirebon = Regency.objects.get(pk="32.09")
        cls.indramayu = Regency.objects.get(pk="32.12")

    def _refusal(self, **kwargs) -> str:
        args = {"partner": self.partner, "field": ServiceField.LEGAL_AID, "regency": self.kab_cirebon}
        args.update(kwargs)
        with self.assertRaises(ValidationError) as caught:
            services.referral_allowed(**args)
        return " ".join(caught.exception.message_dict["partner"])

    def test_it_returns_the_covering_agreement(self):
        with self.assertNumQueries(3):
            agreement = services.referral_allowed(
                partner=self.partner, field=ServiceField.LEGAL_AID, regency=self.kab_cirebon, office=self.cirebon
            )
        self.assertEqual(agreement, self.agreement)

    def test_it_refuses_an_inactive_partner(self):
        for status in (Partner.Status.IDENTIFIED, Partner.Status.VERIFIED, Partner.Status.INACTIVE):
            self.partner.status = status
            self.assertIn("clients can be referred only to an active partner", self._refusal())

    def test_it_refuses_a_field_the_partner_does_not_offer(self):
        self.assertEqual(
            self._refusal(field=ServiceField.EMPOWERMENT),
            f"{self.partner} does not offer Empowerment and economic.",
        )

    def test_it_refuses_a_regency_outside_the_service_area(self):
        self.assertEqual(
            self._refusal(regency=self.indramayu), f"{self.partner} does not serve clients in {self.indramayu}."
        )

    def test_it_refuses_a_field_no_agreement_covers(self):
        self.assertIn("has no cooperation agreement in force", self._refusal(field=ServiceField.SOCIAL))

    def test_it_refuses_after_the_agreement_ended_and_before_it_started(self):
        self.assertIn("no cooperation agreement", self._refusal(on=self.agreement.ends_on + datetime.timedelta(1)))
        self.assertIn("no cooperation agreement", self._refusal(on=self.agreement.starts_on - datetime.timedelta(1)))
        services.referral_allowed(partner=self.partner, field=ServiceField.LEGAL_AID, on=self.agreement.ends_on)

    def test_it_refuses_another_office(self):
        self.assertEqual(self._refusal(office=self.bandung), f"{self.partner} works with another office.")


class CurrentAgreementTestCase(PartnersTestCase):
    def test_the_longest_running_agreement_covering_the_field_wins(self):
        today = timezone.localdate()
        partner = make_partner(self.cirebon)
        old = make_agreement(partner, ends_on=today + datetime.timedelta(days=10))
        new = make_agreement(partner, starts_on=today - datetime.timedelta(days=5), renews=old)
        make_agreement(partner, fields=[ServiceField.SOCIAL], ends_on=today + datetime.timedelta(days=900))
        with self.assertNumQueries(1):
            self.assertEqual(selectors.current_agreement(partner, ServiceField.LEGAL_AID, today), new)
        self.assertEqual(selectors.current_agreement(partner, ServiceField.LEGAL_AID, today.replace(year=2000)), None)
        self.assertEqual(selectors.current_agreement(partner, ServiceField.EMPOWERMENT), None)
