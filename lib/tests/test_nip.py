import datetime

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import translation

from lib.nip import parse_nip

TODAY = datetime.date(2026, 11, 28)


class NipTestCase(SimpleTestCase):
    def assertRejected(self, value: str, code: str, fragment: str):
        with translation.override("id"), self.assertRaises(ValidationError) as ctx:
            parse_nip(value, today=TODAY)
        self.assertEqual(ctx.exception.code, code)
        self.assertIn(fragment, " ".join(ctx.exception.messages))

    def test_it_reads_a_valid_nip(self):
        nip = parse_nip("198503122010012001", today=TODAY)
        self.assertEqual(nip.birth_date, datetime.date(1985, 3, 12))
        self.assertEqual((nip.appointed_year, nip.appointed_month), (2010, 1))
        self.assertEqual(nip.sex, "P")
        self.assertEqual(nip.serial, 1)

    def test_it_reads_the_male_sex_digit(self):
        self.assertEqual(parse_nip("199001012015031002", today=TODAY).sex, "L")

    def test_it_rejects_wrong_length_and_non_digits(self):
        for value in ["", "19850312201001200", "1985031220100120011", "19850312 2010012001", "1985031220100120O1"]:
            self.assertRejected(value, "nip_format", "18 angka")

    def test_it_rejects_an_impossible_birth_date(self):
        self.assertRejected("198502302010012001", "nip_birth_date", "tanggal lahir")
        self.assertRejected("198513012010012001", "nip_birth_date", "tanggal lahir")

    def test_it_rejects_a_birth_date_in_the_future(self):
        self.assertRejected("202701012045012001", "nip_birth_date", "masa depan")

    def test_it_rejects_an_appointment_month_out_of_range(self):
        self.assertRejected("198503122010132001", "nip_appointment_month", "01–12")
        self.assertRejected("198503122010002001", "nip_appointment_month", "01–12")

    def test_it_rejects_an_appointment_in_the_future(self):
        self.assertRejected("198503122027012001", "nip_appointment_year", "masa depan")

    def test_it_rejects_an_appointment_before_age_18(self):
        self.assertRejected("198503122000012001", "nip_appointment_year", "14")  # 14 on 1 Jan 2000

    def test_the_age_at_appointment_counts_full_dates_not_years(self):
        # Born 31 Dec 1990, appointed (TMT) 1 Jan 2008: 2008 - 1990 = 18, but the person was 17.
        self.assertRejected("199012312008011001", "nip_appointment_year", "17")

    def test_exactly_18_on_the_first_day_of_the_appointment_month_is_accepted(self):
        nip = parse_nip("199003012008031001", today=TODAY)  # born 1 Mar 1990, TMT 1 Mar 2008
        self.assertEqual((nip.appointed_year, nip.appointed_month), (2008, 3))

    def test_one_day_short_of_18_at_the_appointment_is_refused(self):
        self.assertRejected("199003022008031001", "nip_appointment_year", "17")  # born 2 Mar 1990

    def test_the_upper_age_bound_counts_full_dates_too(self):
        parse_nip("194704022008041001", today=TODAY)  # born 2 Apr 1947: still 60 on 1 Apr 2008
        self.assertRejected("194704012008041001", "nip_appointment_year", "61")  # 61 on 1 Apr 2008

    def test_it_rejects_a_wrong_sex_digit(self):
        for digit in "03456789":
            self.assertRejected(f"19850312201001{digit}001", "nip_sex", "jenis kelamin")

    def test_it_rejects_serial_zero(self):
        self.assertRejected("198503122010011000", "nip_serial", "000")


class NipDigitsTestCase(SimpleTestCase):
    def test_non_ascii_digits_are_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            parse_nip("١٩٨٥٠٣١٢٢٠١٠٠١٢٠٠١", today=TODAY)
        self.assertEqual(ctx.exception.code, "nip_format")
