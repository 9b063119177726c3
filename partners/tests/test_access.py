"""partners.access: partners by office scope (a partner's user: their own), agreements follow their partner."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bapas.test import BaseTestCase
from partners import access
from partners.models import Agreement, Partner
from partners.tests.factories import make_agreement, make_partner


class PartnerAccessTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other = make_partner(cls.cirebon, name="LPK Uji")
        cls.bandung_partner = make_partner(cls.bandung, name="Yayasan Bandung")
        cls.agreement = make_agreement(cls.lbh)

    def test_office_scope_and_own_partner(self):
        self.assertEqual(set(Partner.objects.visible_to(self.sam)), {self.lbh, self.other})
        self.assertEqual(set(Partner.objects.visible_to(self.kim)), {self.lbh, self.other, self.bandung_partner})
        self.assertEqual(list(Partner.objects.visible_to(self.paula)), [self.lbh])
        self.assertEqual(list(Agreement.objects.visible_to(self.paula)), [self.agreement])
        for user in (self.sam, self.hana, self.paula):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_partner_for_user(user, self.bandung_partner.pk)
        with self.assertRaises(Http404):
            access.get_partner_for_user(self.paula, self.other.pk)
        with self.assertRaises(Http404):
            access.get_agreement_for_user(self.pat, self.agreement.pk)

    def test_write_is_403_without_manage(self):
        self.assertEqual(access.get_partner_for_user(self.hana, self.lbh.pk, write=True), self.lbh)
        self.assertEqual(access.get_agreement_for_user(self.ada, self.agreement.pk, write=True), self.agreement)
        for user in (self.sam, self.olivia, self.reggie):
            with self.subTest(user=user.username):
                self.assertEqual(access.get_partner_for_user(user, self.lbh.pk), self.lbh)
                with self.assertRaises(PermissionDenied):
                    access.get_partner_for_user(user, self.lbh.pk, write=True)
                with self.assertRaises(PermissionDenied):
                    access.get_agreement_for_user(user, self.agreement.pk, write=True)
