"""The import refuses implausible years with the forms' message instead of overflowing (issue #9, point 11)."""

from __future__ import annotations

import datetime

from django.utils import translation

from bapas.test import BaseTestCase
from clients import importing
from clients.models import Client
from clients.tests.test_import import csv_file, person, xlsx_file
from lib import forms as lib_forms


class ImportDatesTestCase(BaseTestCase):
    def run_import(self, upload) -> importing.ImportResult:
        rows = importing.parse_upload(upload)
        return importing.import_rows(rows, office=self.rita.office, acting_user=self.rita, filename=upload.name)

    def errors(self, result) -> set[tuple[int, str, str]]:
        return {(e.row, e.column, e.code) for e in result.errors}

    def test_years_outside_1900_to_2100_are_refused_per_column(self):
        rows = [
            person(1, expiry_date="9999-12-31"),
            person(2, birth_date="0001-01-01"),
            person(3, decree_date="2101-01-01"),
        ]
        with translation.override("en"):
            result = self.run_import(csv_file(rows))
        self.assertEqual(
            self.errors(result),
            {
                (2, "expiry_date", "implausible_date"),
                (3, "birth_date", "implausible_date"),
                (4, "decree_date", "implausible_date"),
            },
        )
        self.assertIn("between the years 1900 and 2100", result.errors[0].message)
        self.assertEqual(Client.objects.count(), 0)

    def test_a_spreadsheet_date_cell_in_year_9999_is_refused(self):
        header = list(person(1))
        row = [datetime.date(9999, 12, 31) if c == "expiry_date" else v for c, v in person(1).items()]
        result = self.run_import(xlsx_file([row], header))
        self.assertEqual(self.errors(result), {(2, "expiry_date", "implausible_date")})

    def test_the_bounds_themselves_are_accepted(self):
        lib_forms.validate_plausible_date(datetime.date(1900, 1, 1))
        lib_forms.validate_plausible_date(datetime.date(2100, 12, 31))
