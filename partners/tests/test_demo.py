import datetime
import random

from django.utils import timezone

from partners import demo, selectors, services
from partners.codes import ServiceField
from partners.models import Agreement, Partner
from partners.tests.base import PartnersTestCase
from regions.models import Regency


class DemoPopulateTestCase(PartnersTestCase):
    def test_demo_partners_get_fields_areas_and_agreement_chains_with_warnings(self):
        today = timezone.localdate()
        for n in range(8):
            Partner.objects.create(
                office=self.cirebon,
                name=f"Demo {n}",
                kind=Partner.Kind.JOB_TRAINING if n % 2 else Partner.Kind.LEGAL_AID,
                status=Partner.Status.ACTIVE,
                joined_on=today - datetime.timedelta(days=400 * n + 10),
            )
        counts = demo.populate(self.cirebon, today=today, rng=random.Random(5))
        self.assertEqual(counts["partner profiles"], 9)  # and the cast's LBH Uji
        self.assertEqual(demo.populate(self.cirebon, today=today, rng=random.Random(5)), {})
        self.assertTrue(Agreement.objects.filter(renews__isnull=False).exists())
        warnings = selectors.expiry_warnings([self.cirebon.pk], today)
        self.assertEqual((len(warnings.expired), len(warnings.within_30), len(warnings.within_90)), (1, 1, 2))
        # Every other active demo partner can take referrals in its fields.
        partner = Partner.objects.get(name="Demo 1")
        if partner.pk not in {a.partner_id for a in warnings.expired}:
            services.referral_allowed(
                partner=partner, field=ServiceField.INDEPENDENCE, regency=Regency(pk=partner.service_area.first().pk)
            )
