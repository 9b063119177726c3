"""The NIK (16-digit population number): parse_nik errors and nik_warnings.

Errors are asserted by their code; warning texts under English, because the Indonesian translations
of these strings are not in locale/id yet.
"""

import datetime

import time_machine
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.utils import timezone, translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bapas.testclock import JAKARTA, FrozenClockMixin
from lib.nik import Nik, parse_nik, validate_nik
from regions.nik import nik_warnings

TODAY = datetime.date(2026, 11, 28)
D = datetime.date


def make_nik(birth: datetime.date, sex: str = "L", *, district: str = "320901", serial: int = 1) -> str:
    day = birth.day + (40 if sex == "P" else 0)
    return f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


class ParseNikTests(SimpleTestCase):
    def assertRejected(self, value, code, today=TODAY):
        with self.assertRaises(ValidationError) as ctx:
            parse_nik(value, today=today)
        self.assertEqual(ctx.exception.code, code, value)

    def test_a_male_nik(self):
        self.assertEqual(parse_nik("3209011508900001", today=TODAY), Nik("32.09.01", D(1990, 8, 15), "L", 1))

    def test_a_female_nik_has_40_added_to_the_day(self):
        self.assertEqual(parse_nik("3209015508904321", today=TODAY), Nik("32.09.01", D(1990, 8, 15), "P", 4321))
        self.assertEqual(parse_nik("3209014101900001", today=TODAY).birth_date, D(1990, 1, 1))
        self.assertEqual(parse_nik("3209017101900001", today=TODAY).birth_date, D(1990, 1, 31))
        self.assertEqual(parse_nik("3209016902240001", today=TODAY), Nik("32.09.01", D(2024, 2, 29), "P", 1))

    def test_wrong_length_and_non_digits(self):
        for value in [
            "",
            None,
            "320901150890000",
            "32090115089000011",
            "32.09.01.150890.0001",
            "3209011508 900001",
            " 3209011508900001",
            "3209011508900001\n",
            "32090115089O0001",
            "abcdefghijklmnop",
            "-320901150890001",
        ]:
            self.assertRejected(value, "nik_format")

    def test_only_ascii_digits(self):
        # Arabic-Indic and fullwidth digits are "digits" to \d and to int(), but not a NIK.
        self.assertRejected("٣٢٠٩٠١١٥٠٨٩٠٠٠٠١", "nik_format")
        self.assertRejected("３２０９０１１５０８９００００１", "nik_format")

    def test_impossible_birth_dates(self):
        for value in [
            "3209013208900001",  # day 32
            "3209017208900001",  # day 72, a woman's day 32
            "3209010008900001",  # day 0
            "3209014008900001",  # day 40: neither a man's nor a woman's day
            "3209011513900001",  # month 13
            "3209011500900001",  # month 0
            "3209013002900001",  # 30 February
            "3209012902230001",  # 29 February 2023
            "3209016902230001",  # a woman born 29 February 2023
            "3209013104900001",  # 31 April
        ]:
            self.assertRejected(value, "nik_birth_date")

    def test_serial_0000(self):
        self.assertRejected("3209011508900000", "nik_serial")
        self.assertEqual(parse_nik("3209011508909999", today=TODAY).serial, 9999)

    def test_the_century(self):
        def year(yy, day_month="1508", today=TODAY):
            return parse_nik(f"320901{day_month}{yy}0001", today=today).birth_date.year

        self.assertEqual(year("00"), 2000)
        self.assertEqual(year("25"), 2025)
        self.assertEqual(year("26", "2811"), 2026)  # born today
        self.assertEqual(year("26", "2911"), 1926)  # "tomorrow" this year is a century ago
        self.assertEqual(year("27"), 1927)  # a year greater than this year's two digits
        self.assertEqual(year("90"), 1990)
        self.assertEqual(year("99"), 1999)
        self.assertEqual(year("99", today=D(1999, 12, 31)), 1999)
        self.assertEqual(year("00", today=D(1999, 12, 31)), 1900)

    @settings(max_examples=200, deadline=None)
    @given(
        st.dates(min_value=TODAY.replace(year=TODAY.year - 100) + datetime.timedelta(days=1), max_value=TODAY),
        st.sampled_from("LP"),
        st.integers(min_value=1, max_value=9999),
    )
    @example(D(2024, 2, 29), "P", 1)
    @example(TODAY, "L", 1)
    def test_any_birth_in_the_last_hundred_years_reads_back(self, birth, sex, serial):
        nik = parse_nik(make_nik(birth, sex, serial=serial), today=TODAY)
        self.assertEqual(nik, Nik("32.09.01", birth, sex, serial))

    @time_machine.travel(datetime.datetime(2026, 11, 28, 10, 0, tzinfo=JAKARTA), tick=False)
    def test_today_defaults_to_the_local_date(self):
        today = timezone.localdate()
        self.assertEqual(parse_nik(make_nik(today)).birth_date, today)
        tomorrow = today + datetime.timedelta(days=1)
        self.assertEqual(parse_nik(make_nik(tomorrow)).birth_date.year, tomorrow.year - 100)

    def test_the_model_validator(self):
        self.assertIsNone(validate_nik("3209011508900001"))
        with self.assertRaises(ValidationError) as ctx:
            validate_nik("3209011508900000")
        self.assertEqual(ctx.exception.code, "nik_serial")


class NikWarningsTests(FrozenClockMixin, TestCase):
    NOW = datetime.datetime.combine(TODAY, datetime.time(10, 0), tzinfo=JAKARTA)
    MALE = "3209011508900001"  # Waled, Kabupaten Cirebon; 15-08-1990
    FEMALE = "3209015508900002"

    def warnings(self, value, **kwargs):
        with translation.override("en"):
            return nik_warnings(value, **kwargs)

    def test_a_nik_matching_the_entries_gives_no_warning(self):
        self.assertEqual(self.warnings(self.MALE), [])
        self.assertEqual(self.warnings(self.MALE, birth_date=D(1990, 8, 15), sex="L"), [])
        self.assertEqual(self.warnings(self.FEMALE, birth_date=D(1990, 8, 15), sex="P"), [])
        self.assertEqual(nik_warnings(self.MALE, birth_date=D(1990, 8, 15), sex="L"), [])

    def test_a_district_missing_from_the_region_table(self):
        self.assertEqual(
            self.warnings("9999991508900001"), ["The district code 99.99.99 in the NIK is not in the region table."]
        )
        self.assertEqual(len(self.warnings("3209991508900001")), 1)

    def test_a_different_birth_date(self):
        self.assertEqual(
            self.warnings(self.MALE, birth_date=D(1990, 8, 16)),
            ["The NIK says born on 15-08-90, but the date of birth entered is 16-08-90."],
        )
        self.assertEqual(len(self.warnings(self.MALE, birth_date=D(1991, 8, 15))), 1)
        self.assertEqual(len(self.warnings(self.FEMALE, birth_date=D(1990, 9, 15))), 1)

    def test_a_different_sex(self):
        self.assertEqual(
            self.warnings(self.MALE, sex="P"),
            ["The NIK's birth day marks the holder as male, but the sex entered differs."],
        )
        self.assertEqual(
            self.warnings(self.FEMALE, sex="L"),
            ["The NIK's birth day marks the holder as female, but the sex entered differs."],
        )

    def test_every_warning_at_once(self):
        warnings = self.warnings("9999995508900002", birth_date=D(1990, 8, 14), sex="L")
        self.assertEqual(len(warnings), 3)
        self.assertIn("99.99.99", warnings[0])
        self.assertIn("14-08-90", warnings[1])
        self.assertIn("female", warnings[2])
        # The default language gives as many warnings, whatever their wording.
        self.assertEqual(len(nik_warnings("9999995508900002", birth_date=D(1990, 8, 14), sex="L")), 3)

    def test_an_invalid_nik_gives_no_warning(self):
        # Errors are the validator's job; warnings are only for a NIK that parses.
        for value in ["", "12345", "3209013208900001", "3209011508900000"]:
            self.assertEqual(self.warnings(value, birth_date=D(1990, 8, 15), sex="P"), [])
