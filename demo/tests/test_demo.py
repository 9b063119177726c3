from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from accounts.models import Role, User
from organizations.models import Office


class DemoTestCase(TestCase):
    def test_a_migrated_database_has_no_accounts(self):
        """What a production start runs (migrate, load_regions) creates no demo accounts."""
        self.assertFalse(User.objects.exists())
        self.assertFalse(Office.objects.exists())

    def test_load_demo_builds_cirebon_with_its_working_area_and_other_offices(self):
        out = StringIO()
        call_command("load_demo", stdout=out)
        cirebon = Office.objects.get(name="Bapas Kelas I Cirebon")
        self.assertEqual(cirebon.kanwil.name, "Kanwil Ditjenpas Jawa Barat")
        self.assertEqual(
            sorted(cirebon.working_area.values_list("name", flat=True)),
            ["Kabupaten Cirebon", "Kabupaten Indramayu", "Kabupaten Kuningan", "Kabupaten Majalengka", "Kota Cirebon"],
        )
        self.assertGreaterEqual(Office.objects.exclude(pk=cirebon.pk).count(), 1)
        roles = set(User.objects.values_list("role", flat=True))
        self.assertEqual(roles, set(Role.values))
        self.assertTrue(User.objects.get(username="pk").check_password("demo-bapas-2026"))

    def test_demo_loads_only_into_an_empty_database(self):
        call_command("load_demo", stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "already has offices"):
            call_command("load_demo", stdout=StringIO())
        out = StringIO()
        call_command("load_demo", "--if-empty", stdout=out)
        self.assertIn("not loaded", out.getvalue())
        self.assertEqual(Office.objects.filter(name="Bapas Kelas I Cirebon").count(), 1)

    def test_welcome_prints_the_address_and_the_accounts(self):
        call_command("load_demo", stdout=StringIO())
        out = StringIO()
        call_command("welcome", "--url", "http://127.0.0.1:8123/", stdout=out)
        self.assertIn("http://127.0.0.1:8123/", out.getvalue())
        self.assertIn("kabapas", out.getvalue())
        self.assertIn("demo-bapas-2026", out.getvalue())
