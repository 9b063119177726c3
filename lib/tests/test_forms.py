import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import translation

from lib import forms as lib_forms


class _Form(forms.Form):
    on = lib_forms.DateField()
    at = lib_forms.DateTimeField(required=False)


class PlausibleDatesTestCase(SimpleTestCase):
    def test_years_outside_1900_to_2100_are_refused_with_a_message(self):
        for value in ["9999-12-31", "0001-01-01", "1899-12-31", "2101-01-01"]:
            with self.subTest(value=value), translation.override("en"):
                form = _Form({"on": value, "at": value})
                self.assertEqual(form.errors["on"], ["Enter a date between the years 1900 and 2100."])
                self.assertIn("at", form.errors)

    def test_the_bounds_are_accepted(self):
        self.assertTrue(_Form({"on": "1900-01-01", "at": "2100-12-31 23:59"}).is_valid())
        lib_forms.validate_plausible_date(None)

    def test_the_validator_takes_datetimes(self):
        with self.assertRaises(ValidationError):
            lib_forms.validate_plausible_date(datetime.datetime(9999, 12, 31))

    def test_a_nul_byte_is_refused_by_the_date_field(self):
        self.assertIn("on", _Form({"on": "\x00"}).errors)
