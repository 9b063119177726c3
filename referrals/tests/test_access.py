"""referrals.access: the staff door (through the client) and the partner portal's door, never mixed."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Jenjang, Role, Section
from bapas.test import make_user
from clients.tests.factories import make_client
from partners.codes import ServiceField
from referrals import access, services
from referrals.models import Need, Referral
from referrals.tests.base import ReferralTestCase


class StaffAccessTest(ReferralTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_pk = make_user("opk", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        cls.bka = make_user("bka", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)

    def test_referral_follows_the_client(self):
        referral = self.refer()
        for user in (self.olivia, self.sam, self.hana, self.reggie):
            with self.subTest(user=user.username):
                self.assertEqual(access.get_referral_for_user(user, referral.pk), referral)
                self.assertEqual(list(Referral.objects.visible_to(user)), [referral])
        # Outside the caseload, another section, another office, a partner's user: 404.
        for user in (self.other_pk, self.alan, self.bka, self.pat, self.joko, self.kim, self.paula):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_referral_for_user(user, referral.pk)

    def test_a_childs_referral_is_for_bka_and_the_head(self):
        bka_pk = make_user("bpk", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        child = make_client(self.cirebon, program="PB_ANAK", officer=bka_pk)
        referral = self.refer(episode=child.current_episode, acting_user=bka_pk)
        for user in (bka_pk, self.bka, self.hana):
            with self.subTest(user=user.username):
                self.assertEqual(access.get_referral_for_user(user, referral.pk), referral)
        for user in (self.sam, self.olivia, self.rita, self.reggie):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_referral_for_user(user, referral.pk)

    def test_write_is_403_for_who_may_not_refer(self):
        referral = self.refer()
        need = services.need_record(
            episode=self.episode, field=ServiceField.SOCIAL, description="Kontrol rutin.", acting_user=self.olivia
        )
        for user in (self.olivia, self.sam):
            with self.subTest(user=user.username):
                self.assertEqual(access.get_referral_for_user(user, referral.pk, write=True), referral)
                self.assertEqual(access.get_need_for_user(user, need.pk, write=True), need)
        for user in (self.hana, self.reggie, self.rita):
            with self.subTest(user=user.username):
                self.assertEqual(access.get_need_for_user(user, need.pk), need)
                with self.assertRaises(PermissionDenied):
                    access.get_need_for_user(user, need.pk, write=True)
                with self.assertRaises(PermissionDenied):
                    access.get_referral_for_user(user, referral.pk, write=True)
        with self.assertRaises(Http404):
            access.get_need_for_user(self.pat, need.pk, write=True)
        self.assertEqual(list(Need.objects.visible_to(self.other_pk)), [])

    def test_may_refer(self):
        referrers = {u.username for u in self.cast.values() if access.may_refer(u)}
        self.assertEqual(referrers, {"sam", "olivia", "pat"})

    def test_concern_of_another_caseload_is_404(self):
        referral = self.accepted()
        session = self.held(referral, concern=True, concern_note="Klien tidak datang dua kali.")
        self.assertEqual(access.get_concern_for_user(self.olivia, session.pk), session)
        for user in (self.other_pk, self.pat, self.paula):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_concern_for_user(user, session.pk)


class PortalAccessTest(ReferralTestCase):
    def test_partner_sees_only_current_referrals_of_its_own(self):
        mine, theirs = self.refer(), self.refer(partner=self.lpk, field=ServiceField.INDEPENDENCE)
        self.assertEqual(access.get_portal_referral(self.paula, mine.pk).pk, mine.pk)
        with self.assertRaises(Http404):
            access.get_portal_referral(self.paula, theirs.pk)
        with self.assertRaises(Http404):
            access.get_portal_referral(self.olivia, mine.pk)
        self.assertFalse(access.portal_referrals(self.hana).exists())

    def test_acts_for_partner(self):
        self.assertTrue(access.acts_for_partner(self.paula, self.lbh.pk))
        self.assertFalse(access.acts_for_partner(self.lena, self.lbh.pk))
        self.assertFalse(access.acts_for_partner(self.olivia, None))

    def test_case_articles_for_legal_aid_only(self):
        self.assertTrue(access.partner_sees_articles(self.refer()))
        self.assertFalse(access.partner_sees_articles(self.refer(partner=self.lpk, field=ServiceField.INDEPENDENCE)))
