"""organizations.access: offices and service locations by office scope; changes need the manage abilities."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from bapas.test import BaseTestCase
from organizations import access
from organizations.models import Office


class OfficeAccessTest(BaseTestCase):
    def test_scope(self):
        self.assertEqual(list(Office.objects.visible_to(self.sam)), [self.cirebon])
        self.assertEqual(set(Office.objects.visible_to(self.kim)), {self.cirebon, self.bandung})
        self.assertEqual(Office.objects.visible_to(self.nadia).count(), Office.objects.count())
        with self.assertRaises(Http404):
            access.get_office_for_user(self.hana, self.bandung.pk)
        with self.assertRaises(Http404):
            access.get_service_location_for_user(self.hana, self.bandung_location.pk)

    def test_write_is_403_without_manage(self):
        self.assertEqual(access.get_office_for_user(self.ada, self.cirebon.pk, write=True), self.cirebon)
        with self.assertRaises(PermissionDenied):
            access.get_office_for_user(self.hana, self.cirebon.pk, write=True)
        location = access.get_service_location_for_user(self.hana, self.cirebon_location.pk, write=True)
        self.assertEqual(location, self.cirebon_location)
        for user in (self.sam, self.reggie):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                access.get_service_location_for_user(user, self.cirebon_location.pk, write=True)
