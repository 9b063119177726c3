import tempfile
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase

from regions.models import District, Province, Regency, Village


class RegionLoadTestCase(TestCase):
    """The test session loads the real idn-area-data files once (conftest.py); these tests check the result."""

    def test_the_whole_hierarchy_is_loaded(self):
        self.assertEqual(Province.objects.count(), 38)
        self.assertEqual(Regency.objects.count(), 514)
        self.assertEqual(District.objects.count(), 7285)
        self.assertEqual(Village.objects.count(), 83762)

    def test_codes_and_parents_are_official(self):
        self.assertEqual(Regency.objects.get(code="32.09").name, "Kabupaten Cirebon")
        self.assertEqual(Regency.objects.get(code="32.74").name, "Kota Cirebon")
        self.assertEqual(Regency.objects.get(code="32.74").province.name, "Jawa Barat")
        village = Village.objects.select_related("district__regency").filter(district__regency_id="32.12").first()
        self.assertTrue(village.code.startswith(village.district.code + "."))

    def test_loading_again_changes_nothing(self):
        before = (Province.objects.count(), Regency.objects.count(), District.objects.count(), Village.objects.count())
        out = StringIO()
        call_command("load_regions", stdout=out)
        after = (Province.objects.count(), Regency.objects.count(), District.objects.count(), Village.objects.count())
        self.assertEqual(before, after)
        self.assertIn("Open Database License", out.getvalue())

    def test_a_renamed_area_is_updated_on_reload(self):
        Regency.objects.filter(code="32.08").update(name="Kuningan (old name)")
        call_command("load_regions", stdout=StringIO())
        self.assertEqual(Regency.objects.get(code="32.08").name, "Kabupaten Kuningan")

    def test_if_empty_skips_a_loaded_database(self):
        out = StringIO()
        call_command("load_regions", "--if-empty", stdout=out)
        self.assertIn("skipped", out.getvalue())

    def test_a_missing_data_folder_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "not found"):
            call_command("load_regions", "--data-dir", "/nonexistent", stdout=StringIO())

    def test_a_file_without_the_expected_columns_is_refused_and_nothing_is_written(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            (data / "provinces.csv").write_text("code,name\n99,Provinsi Uji\n")
            (data / "regencies.csv").write_text("kode,nama\n99.01,Kabupaten Uji\n")
            with self.assertRaisesMessage(CommandError, "regencies.csv lacks column(s)"):
                call_command("load_regions", "--data-dir", tmp, stdout=StringIO())
        self.assertFalse(Province.objects.filter(code="99").exists())

    def test_data_comes_from_the_installed_package(self):
        self.assertTrue((settings.REGION_DATA_DIR / "villages.csv").is_file())
        self.assertIn("idn-area-data", str(settings.REGION_DATA_DIR))
