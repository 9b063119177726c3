"""movements.access: who sees which transfer, who oversees the office's requests and the receiving desk."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import Jenjang, Role, Section
from bapas.test import make_user
from clients.models import ProgramEpisode
from clients.tests.factories import make_client
from movements import access
from movements.models import Transfer
from movements.tests.base import MovementsTestCase


class TransferAccessTest(MovementsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bka = make_user("bka", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bandung_bka = make_user("bbka", Role.SECTION_HEAD, office=cls.bandung, section=Section.BKA)
        cls.other_pk = make_user("opk", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        cls.child = make_client(cls.cirebon, program="PB_ANAK")

    def visible(self, user) -> set[int]:
        return set(Transfer.objects.visible_to(user).values_list("pk", flat=True))

    def test_sending_office(self):
        transfer = self.request_transfer()
        for user in (self.hana, self.sam, self.olivia):
            with self.subTest(user=user.username):
                self.assertEqual(self.visible(user), {transfer.pk})
                self.assertEqual(access.get_transfer_for_user(user, transfer.pk), transfer)
        # Another PK, an APK, the BKA section head (an adult's transfer), the registration desk: 404.
        for user in (self.other_pk, self.alan, self.bka, self.rita, self.ada, self.reggie):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_transfer_for_user(user, transfer.pk)

    def test_receiving_office_does_not_see_a_request(self):
        self.request_transfer()
        for user in (self.bima, self.beni, self.pat, self.bert):
            self.assertEqual(self.visible(user), set(), user.username)

    def test_receiving_office_sees_it_once_approved(self):
        transfer = self.approved_transfer()
        self.assertEqual(self.visible(self.bima), {transfer.pk})
        self.assertEqual(self.visible(self.beni), {transfer.pk})
        # Bandung's BKA section head does not see an adult's transfer; nor does the PK or the administrator.
        for user in (self.bandung_bka, self.pat, self.bert, self.joko):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access.get_transfer_for_user(user, transfer.pk)

    def test_acting_for_the_other_side_is_403(self):
        transfer = self.approved_transfer()
        self.assertEqual(access.get_transfer_for_user(self.hana, transfer.pk, acting_as="sending"), transfer)
        self.assertEqual(access.get_transfer_for_user(self.bima, transfer.pk, acting_as="receiving"), transfer)
        with self.assertRaises(PermissionDenied):
            access.get_transfer_for_user(self.hana, transfer.pk, acting_as="receiving")
        with self.assertRaises(PermissionDenied):
            access.get_transfer_for_user(self.bima, transfer.pk, acting_as="sending")

    def test_receiving_desk_by_section(self):
        self.approved_transfer()
        self.assertEqual(access.incoming_transfers(self.beni).count(), 1)
        self.assertEqual(access.receiving_desk_transfers(self.bima).count(), 1)
        self.assertEqual(access.receiving_desk_transfers(self.bandung_bka).count(), 0)
        for user in (self.pat, self.bert, self.hana):
            with self.subTest(user=user.username):
                self.assertFalse(access.incoming_transfers(user).exists())
                self.assertFalse(access.receiving_desk_transfers(user).exists())

    def test_overseen_episodes(self):
        adults = set(ProgramEpisode.objects.filter(office=self.cirebon, is_child=False).values_list("pk", flat=True))
        everyone = adults | {self.child.current_episode_id}
        self.assertEqual(set(access.overseen_episodes(self.hana).values_list("pk", flat=True)), everyone)
        self.assertEqual(set(access.overseen_episodes(self.sam).values_list("pk", flat=True)), adults)
        self.assertEqual(
            set(access.overseen_episodes(self.bka).values_list("pk", flat=True)), {self.child.current_episode_id}
        )
        for user in (self.olivia, self.rita, self.ada, self.reggie, self.kim):
            with self.subTest(user=user.username):
                self.assertFalse(access.overseen_episodes(user).exists())
                self.assertFalse(access.oversees_movements(user))
        self.assertTrue(access.oversees_movements(self.sam))
