"""Batch intake of clients handed over by a prison (penghadapan) from a CSV or XLSX file.

Two steps, so each can be tested on its own:

1. `parse_upload()` checks the file as a whole (size, type, encoding, columns, row count) and
   returns its rows with their raw cell values. A file it refuses raises `ValidationError`.
2. `import_rows()` reads every row into the inputs of `services.client_register`, puts each through
   the same checks as a single registration without writing (`validate_rows`), and only then writes
   them all in one short transaction (`write_rows`), so the office is locked for seconds, not minutes.
   A batch runs as a background job (`clients.tasks`), never in a web worker.

Policy (also shown on the import page):

- All or nothing: if any row has an error, nothing of the batch is saved, and every error is
  reported with its spreadsheet row number (the header is row 1) and its column.
- A row whose person (NIK) already has an episode for the same program and decree is not an
  error: it is skipped and reported, so importing the same file again changes nothing.
- The same NIK with the same decree twice in one file is an error on the later row.
- A NIK already on the register (or earlier in the file) under a different name is an error:
  the row would otherwise add an episode to someone else's record.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import logging
import re
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast, overload

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from audit import services as audit
from clients import services
from clients.codes import (
    CaseCategory,
    CriminalCode,
    Education,
    Employment,
    MaritalStatus,
    PrisonKind,
    Program,
    Relationship,
    Religion,
    Sex,
)
from clients.models import Case, CaseArticle, Client, Guarantor, ImportJob, ProgramEpisode
from lib.forms import validate_plausible_date
from lib.nik import parse_nik
from organizations.models import Office
from regions.models import Regency, Village

if TYPE_CHECKING:
    from accounts.models import User


logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A background job registers the batch (clients.tasks); the bound keeps one job to a minute or two.
MAX_ROWS = 500
XLSX_MAGIC = b"PK\x03\x04"
# Spreadsheet programs round 16-digit numbers and drop leading zeros, so these must be text cells.
TEXT_ONLY = frozenset({"nik", "phone", "guarantor_phone"})
# Blank rows are skipped, but a sheet of a million formatted empty rows is not read to the end.
MAX_RAW_ROWS = MAX_ROWS * 5


@dataclass(frozen=True)
class Column:
    """One column of the import file, as documented on the import page."""

    name: str
    required: bool
    description: str | Promise
    choices: Sequence[tuple[str, str | Promise]] | None = None


COLUMNS: list[Column] = [
    Column("nik", True, gettext_lazy("16-digit NIK, as text (not a number cell).")),
    Column("name", True, gettext_lazy("Name as on the court decision.")),
    Column("alias", False, gettext_lazy("Alias or nickname.")),
    Column("parent_name", False, gettext_lazy("Father's name (bin/binti).")),
    Column("birth_place", True, gettext_lazy("Place of birth.")),
    Column("birth_date", True, gettext_lazy("Date of birth.")),
    Column("sex", True, gettext_lazy("Sex."), Sex.choices),
    Column("religion", True, gettext_lazy("Religion."), Religion.choices),
    Column("marital_status", True, gettext_lazy("Marital status."), MaritalStatus.choices),
    Column("education", True, gettext_lazy("Highest education."), Education.choices),
    Column("occupation", False, gettext_lazy("Occupation, free text.")),
    Column("employment", True, gettext_lazy("Employment."), Employment.choices),
    Column("domicile_regency", True, gettext_lazy("Code of the regency or city of domicile, e.g. 32.09.")),
    Column("domicile_village", False, gettext_lazy("Code of the village of domicile, e.g. 32.09.01.2008.")),
    Column("address", True, gettext_lazy("Street address, RT/RW.")),
    Column("phone", False, gettext_lazy("Phone number, as text.")),
    Column("guarantor_name", False, gettext_lazy("Guarantor's name; needs guarantor_relationship.")),
    Column("guarantor_relationship", False, gettext_lazy("Guarantor's relationship."), Relationship.choices),
    Column("guarantor_phone", False, gettext_lazy("Guarantor's phone number, as text.")),
    Column("criminal_code", True, gettext_lazy("Criminal code the court applied."), CriminalCode.choices),
    Column("decision_number", True, gettext_lazy("Court decision number.")),
    Column("decision_date", True, gettext_lazy("Court decision date.")),
    Column("court", False, gettext_lazy("Court, e.g. Pengadilan Negeri Sumber.")),
    Column("sentence_years", False, gettext_lazy("Sentence: years (empty = 0).")),
    Column("sentence_months", False, gettext_lazy("Sentence: months, 0–11 (empty = 0).")),
    Column("sentence_days", False, gettext_lazy("Sentence: days, 0–30 (empty = 0).")),
    Column("fine", False, gettext_lazy("Fine in rupiah, digits only or with dots: 800.000.000.")),
    Column("detention_start", False, gettext_lazy("Detained since.")),
    Column("expiry_date", False, gettext_lazy("Sentence expiry date; required for PB.")),
    Column("prison_kind", False, gettext_lazy("Type of origin prison."), PrisonKind.choices),
    Column("origin_prison", False, gettext_lazy("Origin prison (UPT), e.g. Lapas Kelas I Cirebon.")),
    Column("prison_register_number", False, gettext_lazy("Register number at the prison.")),
    Column(
        "articles",
        True,
        gettext_lazy(
            "One or more articles separated by “;”, each written “article(paragraph) law category”, "
            "e.g. “112(1) UU 35/2009 narkotika; 55 KUHP lainnya”. The paragraph is optional."
        ),
        CaseCategory.choices,
    ),
    Column("program", True, gettext_lazy("Program code."), Program.choices),
    Column("decree_number", True, gettext_lazy("Decree (SK) number.")),
    Column("decree_date", True, gettext_lazy("Decree date.")),
    Column("starts_on", True, gettext_lazy("Start of guidance.")),
    Column(
        "ends_on",
        False,
        gettext_lazy("End of guidance stated in the decree; leave empty for PB and court sentences (computed)."),
    ),
    Column("duration_months", False, gettext_lazy("Supervision sentence (pidana pengawasan): length in months.")),
    Column("community_service_hours", False, gettext_lazy("Community-service sentence: number of hours.")),
    Column(
        "confirmation_reason",
        False,
        gettext_lazy(
            "Why the row is registered despite its eligibility warnings (e.g. a remission, or the offence date); "
            "a row with warnings and no reason is refused, naming the warnings."
        ),
    ),
]
COLUMN_NAMES = [c.name for c in COLUMNS]
REQUIRED_COLUMNS = [c.name for c in COLUMNS if c.required]
DATE_FORMATS_LABEL = "YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY"
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")

# A service error names a model field; the import reports the column it came from.
_FIELD_COLUMNS = {name: name for name in COLUMN_NAMES} | {
    "article": "articles",
    "paragraph": "articles",
    "law": "articles",
    "category": "articles",
    "rule_set": "program",
    "nationality": "nik",
}
# Errors the date rules raise without a field, by code.
_CODE_COLUMNS = {
    "expiry_required": "expiry_date",
    "duration_required": "duration_months",
    "end_required": "ends_on",
    "hours_required": "community_service_hours",
    "hours_out_of_range": "community_service_hours",
    "no_rule_set": "program",
}
_ARTICLE = re.compile(
    r"(?:pasal\s+)?(?P<article>[0-9]+[a-z]?(?:\s+(?:bis|ter|quater))?)"
    r"\s*(?:\(\s*(?P<paragraph>[0-9a-z]+)\s*\))?"
    r"\s+(?P<law>\S.*?)\s+(?P<category>[a-z_]+)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Row:
    """One data row of the file: its spreadsheet row number and its cells by column name."""

    number: int
    values: dict[str, Any]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # "" when the error is about the row as a whole
    message: str
    code: str = ""


@dataclass(frozen=True)
class RowOutcome:
    """A row registered (or, for a refused batch, that would have been) or skipped as already registered."""

    row: int
    client_id: int
    register_number: str
    name: str
    new_client: bool = True


@dataclass
class ImportResult:
    rows: int = 0
    registered: list[RowOutcome] = field(default_factory=list)
    skipped: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new_clients(self) -> int:
        return sum(1 for r in self.registered if r.new_client)

    @property
    def new_episodes(self) -> int:
        return sum(1 for r in self.registered if not r.new_client)


# --- Step 1: the file -----------------------------------------------------------------------------


def parse_upload(upload: File) -> list[Row]:
    """The data rows of an uploaded CSV or XLSX file; `ValidationError` if the file is refused.

    Checks, in order: size (before reading anything), type by extension and content, encoding,
    the header (required columns present, no unknown or repeated names), and the row count.
    """
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise _too_large(upload.size)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(len(data))
    if not data.strip():
        raise ValidationError(_("The file is empty."), code="empty")
    extension = _extension(upload)
    if extension == "xlsx":
        if not data.startswith(XLSX_MAGIC):
            raise ValidationError(
                _(
                    "This file is named .xlsx but is not an Excel workbook. Save it again from the spreadsheet "
                    "program as “Excel Workbook (.xlsx)”."
                ),
                code="not_xlsx",
            )
        table = _xlsx_rows(data)
    elif extension == "csv":
        if data.startswith(XLSX_MAGIC):
            raise ValidationError(
                _("This file is named .csv but is an Excel workbook. Rename it to .xlsx or save it as “CSV UTF-8”."),
                code="not_csv",
            )
        table = _csv_rows(data)
    else:
        raise _file_type_error()
    try:
        return _rows_from_table(table)
    finally:
        table.close()  # the workbook is closed even when the header is refused


def _extension(upload: File) -> str:
    name = (upload.name or "").lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""


def _file_type_error() -> ValidationError:
    return ValidationError(
        _(
            "Upload a CSV file (UTF-8) or an Excel workbook (.xlsx). Older .xls files and other formats "
            "cannot be read: save the sheet again as .xlsx or “CSV UTF-8”."
        ),
        code="file_type",
    )


def precheck_upload(upload: UploadedFile) -> None:
    """The checks an upload passes before it is stored for the background job: size and type by name.
    Everything else (content, columns, rows) is checked by the job (`parse_upload`)."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise _too_large(upload.size)
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if _extension(upload) not in ("csv", "xlsx"):
        raise _file_type_error()


def _too_large(size: int) -> ValidationError:
    return ValidationError(
        _(
            "The file is %(size)s MB; files of at most %(limit)s MB (%(rows)s rows) can be imported. "
            "Split the batch into smaller files."
        )
        % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_UPLOAD_BYTES // 1024 // 1024, "rows": f"{MAX_ROWS:,}"},
        code="too_large",
    )


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The CSV file is not UTF-8 text. In Excel choose Save As → “CSV UTF-8 (Comma delimited)”."),
            code="encoding",
        ) from None
    if "\x00" in text:
        raise ValidationError(_("This is not a CSV text file."), code="file_type")
    first_line = text.split("\n", 1)[0]
    # Excel with Indonesian regional settings separates CSV fields with semicolons.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ValidationError(
            _("The CSV file could not be read near row %(row)s: %(error)s") % {"row": reader.line_num, "error": exc},
            code="csv_error",
        ) from None


# An XLSX is a zip: 5 MB of upload can unpack to gigabytes ("zip bomb"), and openpyxl reads every
# shared string before the first row can be checked (95 MB of tiny strings held a worker for two
# minutes). So the workbook is measured before openpyxl opens it, against what MAX_ROWS rows of
# COLUMNS can need: at most one shared string per cell, and per cell a few hundred bytes of XML
# (the cell's markup plus a long address). A real 500-row batch unpacks to about 1 MB.
MAX_XLSX_CELLS = (MAX_ROWS + 1) * len(COLUMNS)
_XLSX_BYTES_PER_CELL = 256
# One part (a sheet, the shared strings) may hold every cell; the whole adds styles, theme, etc.
MAX_XLSX_PART_BYTES = MAX_XLSX_CELLS * _XLSX_BYTES_PER_CELL
MAX_XLSX_UNPACKED_BYTES = 2 * MAX_XLSX_PART_BYTES + 2 * 1024 * 1024
# A shared string is an <si> element, written with or without a namespace prefix.
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook bigger unpacked than MAX_ROWS rows can need, before openpyxl reads any of it.

    Checks the sizes the zip declares (total and per part), then counts the shared strings by
    scanning their (now bounded) XML, without building them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            largest = max((member.file_size for member in members), default=0)
            if unpacked > MAX_XLSX_UNPACKED_BYTES or largest > MAX_XLSX_PART_BYTES:
                raise _workbook_too_large()
            strings = next((m for m in members if m.filename.lower() == "xl/sharedstrings.xml"), None)
            if strings is not None:
                # The declared size can lie: read at most one byte more than the limit.
                with archive.open(strings) as part:
                    xml = part.read(MAX_XLSX_PART_BYTES + 1)
                if len(xml) > MAX_XLSX_PART_BYTES:
                    raise _workbook_too_large()
                if len(_SHARED_STRING.findall(xml)) > MAX_XLSX_CELLS:
                    raise ValidationError(
                        _(
                            "The workbook holds more texts than %(rows)s rows of clients can need; save the sheet "
                            "again as .xlsx or CSV UTF-8, with only the clients' rows."
                        )
                        % {"rows": f"{MAX_ROWS:,}"},
                        code="xlsx_too_many_strings",
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, RuntimeError, NotImplementedError):
        raise _unreadable_workbook() from None


def _workbook_too_large() -> ValidationError:
    return ValidationError(
        _(
            "The workbook unpacks to more than %(limit)s MB, far more than a handover batch needs; "
            "save the sheet again as .xlsx or CSV UTF-8."
        )
        % {"limit": MAX_XLSX_UNPACKED_BYTES // 1024 // 1024},
        code="xlsx_too_large",
    )


def _xlsx_rows(data: bytes):
    import openpyxl

    _check_unpacked_size(data)
    # openpyxl raises many kinds of errors for a damaged or foreign file, on opening or later
    # while streaming the sheet; each becomes the same refusal instead of a server error.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise _unreadable_workbook() from None
    try:
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # some programs write wrong dimensions; read what is there
            rows = sheet.iter_rows(values_only=True)
        except Exception:
            raise _unreadable_workbook() from None
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception:
                raise _unreadable_workbook() from None
            yield row
    finally:
        workbook.close()


def _unreadable_workbook() -> ValidationError:
    return ValidationError(
        _("The workbook could not be read. Open it in the spreadsheet program and save it again as .xlsx."),
        code="not_xlsx",
    )


def _header_name(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", str(value if value is not None else "").strip().lower())


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_from_table(table) -> list[Row]:
    table = iter(table)
    header = next(table, None)
    if header is None or all(_blank(v) for v in header):
        raise ValidationError(
            _("The file is empty, or its first row is blank. Row 1 must hold the column names."), code="empty"
        )
    names = [_header_name(v) for v in header]
    unknown = sorted({n for n in names if n and n not in COLUMN_NAMES})
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    missing = [n for n in REQUIRED_COLUMNS if n not in names]
    errors = []
    if missing:
        errors.append(
            ValidationError(
                _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)},
                code="missing_columns",
            )
        )
    if unknown:
        errors.append(
            ValidationError(
                _("Unknown columns: %(columns)s. Rename or remove them; the columns are listed on this page.")
                % {"columns": ", ".join(unknown)},
                code="unknown_columns",
            )
        )
    if repeated:
        errors.append(
            ValidationError(
                _("Columns appear more than once: %(columns)s.") % {"columns": ", ".join(repeated)},
                code="repeated_columns",
            )
        )
    if errors:
        raise ValidationError(errors)

    rows: list[Row] = []
    for number, cells in enumerate(table, start=2):
        if number > MAX_RAW_ROWS or (len(rows) >= MAX_ROWS and not all(_blank(v) for v in cells)):
            raise ValidationError(
                _("The file has more than %(max)s rows of clients. Split the batch into smaller files.")
                % {"max": f"{MAX_ROWS:,}"},
                code="too_many_rows",
            )
        if all(_blank(v) for v in cells):
            continue
        values = {name: cells[i] if i < len(cells) else None for i, name in enumerate(names) if name}
        rows.append(Row(number, values))
    if not rows:
        raise ValidationError(_("The file has column names but no rows of clients."), code="no_rows")
    return rows


# --- Step 2: the rows ------------------------------------------------------------------------------


@dataclass
class _Prepared:
    row: Row
    person: dict[str, Any]
    case: services.CaseInput
    episode: services.EpisodeInput
    guarantors: list[dict[str, Any]]


class _RowReader:
    """Reads the cells of one row into typed values, collecting every error instead of stopping."""

    def __init__(self, row: Row):
        self.row = row
        self.errors: list[RowError] = []

    def error(self, column: str, message: str, code: str) -> None:
        self.errors.append(RowError(self.row.number, column, str(message), code))

    def has_error(self, column: str) -> bool:
        return any(e.column == column for e in self.errors)

    def raw(self, column: str) -> Any:
        value = self.row.values.get(column)
        if isinstance(value, str):
            value = value.strip()
        return None if value in ("", None) else value

    def _missing(self, column: str, required: bool) -> None:
        if required:
            self.error(column, _("This column needs a value."), "required")

    def text(self, column: str, max_length: int | None, *, required: bool = False) -> str:
        value = self.raw(column)
        if value is None:
            self._missing(column, required)
            return ""
        # A number cell, or a CSV saved by Excel after it turned the cell into 3.20901E+15.
        if column in TEXT_ONLY and (
            isinstance(value, (int, float)) or re.fullmatch(r"[0-9](,|\.)?[0-9]*E\+[0-9]+", str(value), re.I)
        ):
            self.error(
                column,
                _(
                    "This cell is a number: spreadsheet programs round long numbers and drop a "
                    "leading 0. Format the column as text and type the value again."
                ),
                "number_cell",
            )
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        elif isinstance(value, datetime.datetime):
            value = value.date()
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.error(
                column,
                _("At most %(max)s characters (this has %(length)s).") % {"max": max_length, "length": len(text)},
                "too_long",
            )
            return ""
        return text

    def choice(self, column: str, choices: Sequence[tuple[str, str | Promise]], *, required: bool = False) -> str:
        value = self.raw(column)
        if value is None:
            self._missing(column, required)
            return ""
        allowed = {code.casefold(): code for code, _label in choices}
        code = allowed.get(str(value).strip().casefold())
        if code is None:
            self.error(
                column,
                _("Unknown value “%(value)s”; use one of: %(codes)s.")
                % {"value": value, "codes": ", ".join(allowed.values())},
                "invalid_choice",
            )
            return ""
        return code

    def date(self, column: str, *, required: bool = False) -> datetime.date | None:
        value = self.raw(column)
        if value is None:
            self._missing(column, required)
            return None
        day = value.date() if isinstance(value, datetime.datetime) else value
        if not isinstance(day, datetime.date):
            day = None
            for fmt in _DATE_FORMATS:
                try:
                    day = datetime.datetime.strptime(str(value), fmt).date()
                except ValueError:
                    continue
                break
        if day is not None:
            try:
                validate_plausible_date(day)  # the same range as every form's date fields
            except ValidationError as exc:
                self.error(column, exc.messages[0], "implausible_date")
                return None
            return day
        self.error(
            column,
            _("“%(value)s” is not a date; write %(formats)s.") % {"value": value, "formats": DATE_FORMATS_LABEL},
            "invalid_date",
        )
        return None

    @overload
    def integer(self, column: str, *, maximum: int | None = None, default: int = 0) -> int: ...
    @overload
    def integer(self, column: str, *, maximum: int | None = None, default: None) -> int | None: ...
    def integer(self, column: str, *, maximum: int | None = None, default: int | None = 0) -> int | None:
        value = self.raw(column)
        if value is None:
            return default
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.error(
                column, _("“%(value)s” is not a whole number of zero or more.") % {"value": value}, "invalid_number"
            )
            return default
        if maximum is not None and value > maximum:
            self.error(column, _("At most %(max)s.") % {"max": maximum}, "out_of_range")
            return default
        return value

    def money(self, column: str) -> int:
        value = self.raw(column)
        if isinstance(value, str):
            digits = re.sub(r"^rp\.?\s*", "", value, flags=re.IGNORECASE)
            if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", digits):
                digits = digits.replace(".", "")
            if not re.fullmatch(r"[0-9]+", digits):
                self.error(
                    column, _("Write the fine in whole rupiah, e.g. 800000000 or 800.000.000."), "invalid_number"
                )
                return 0
            return int(digits)
        return self.integer(column) or 0

    def articles(self, column: str) -> list[dict[str, str]]:
        value = self.raw(column)
        if value is None:
            self._missing(column, required=True)
            return []
        # Both are CharFields, whose max_length is always set.
        max_article = cast(int, CaseArticle._meta.get_field("article").max_length)
        max_law = cast(int, CaseArticle._meta.get_field("law").max_length)
        articles = []
        for part in filter(None, (p.strip() for p in str(value).split(";"))):
            match = _ARTICLE.fullmatch(part)
            if match is None:
                self.error(
                    column,
                    _(
                        "“%(text)s” does not read as “article(paragraph) law category”, "
                        "e.g. “112(1) UU 35/2009 narkotika”."
                    )
                    % {"text": part},
                    "invalid_article",
                )
                continue
            category = match["category"].lower()
            if category not in CaseCategory.values:
                self.error(
                    column,
                    _("Unknown category “%(value)s” in “%(text)s”; use one of: %(codes)s.")
                    % {"value": match["category"], "text": part, "codes": ", ".join(CaseCategory.values)},
                    "invalid_choice",
                )
                continue
            article, law = " ".join(match["article"].split()), match["law"].strip()
            if len(article) > max_article or len(law) > max_law:
                self.error(
                    column, _("“%(text)s” is too long for an article and a law name.") % {"text": part}, "too_long"
                )
                continue
            articles.append(
                {"article": article, "paragraph": match["paragraph"] or "", "law": law, "category": category}
            )
        if not articles and not self.has_error(column):
            self._missing(column, required=True)
        return articles


def _max_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _regency_code(value: Any) -> str:
    """'32.09' as typed; a number cell 32.1 stands for 32.10; '3209' is accepted too."""
    if isinstance(value, float):
        return f"{value:.2f}"
    text = str(value).strip()
    if re.fullmatch(r"[0-9]{4}", text):
        return f"{text[:2]}.{text[2:]}"
    return text


def _village_code(value: Any) -> str:
    text = str(value).strip()
    if re.fullmatch(r"[0-9]{10}", text):
        return f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    return text


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class _Context:
    """What reading the rows looks up in the database, fetched once for the whole batch."""

    def __init__(self, rows: list[Row], office: Office):
        regency_codes = {
            _regency_code(r.values["domicile_regency"]) for r in rows if not _blank(r.values.get("domicile_regency"))
        }
        village_codes = {
            _village_code(r.values["domicile_village"]) for r in rows if not _blank(r.values.get("domicile_village"))
        }
        niks = {str(r.values["nik"]).strip() for r in rows if not _blank(r.values.get("nik"))}
        self.area = {r.code: r for r in office.working_area.all()}
        self.regencies = Regency.objects.in_bulk(regency_codes - set(self.area)) | self.area
        self.villages = Village.objects.in_bulk(village_codes)
        # Only this office's clients: a NIK registered elsewhere is refused by the service, which
        # names no one, and this import must not show another office's records either.
        mine = Client.objects.filter(office=office, nik__in=niks)
        self.clients = {c.nik: c for c in mine.only("nik", "name", "register_number")}
        self.episodes = set(
            ProgramEpisode.objects.filter(client__in=mine).values_list("client__nik", "program", "decree_number")
        )


def _read_row(row: Row, context: _Context, today: datetime.date) -> tuple[_Prepared | None, list[RowError]]:
    r = _RowReader(row)
    nik = r.text("nik", None, required=True)  # parse_nik explains a wrong length
    if nik:
        try:
            parse_nik(nik)
        except ValidationError as exc:
            r.error("nik", exc.messages[0], exc.code or "invalid_nik")
    person: dict[str, Any] = {
        "nik": nik,
        "name": r.text("name", _max_length(Client, "name"), required=True),
        "alias": r.text("alias", _max_length(Client, "alias")),
        "parent_name": r.text("parent_name", _max_length(Client, "parent_name")),
        "birth_place": r.text("birth_place", _max_length(Client, "birth_place"), required=True),
        "birth_date": r.date("birth_date", required=True),
        "sex": r.choice("sex", Sex.choices, required=True),
        "religion": r.choice("religion", Religion.choices, required=True),
        "marital_status": r.choice("marital_status", MaritalStatus.choices, required=True),
        "education": r.choice("education", Education.choices, required=True),
        "occupation": r.text("occupation", _max_length(Client, "occupation")),
        "employment": r.choice("employment", Employment.choices, required=True),
        "address": r.text("address", None, required=True),
        "phone": r.text("phone", _max_length(Client, "phone")),
    }
    if person["birth_date"] and person["birth_date"] >= today:
        r.error("birth_date", _("The date of birth must be in the past."), "future_date")

    regency = village = None
    raw_regency = r.raw("domicile_regency")
    if raw_regency is None:
        r.error("domicile_regency", _("This column needs a value."), "required")
    else:
        code = _regency_code(raw_regency)
        regency = context.regencies.get(code)
        if regency is None:
            r.error(
                "domicile_regency",
                _("No regency or city has the code “%(code)s”.") % {"code": raw_regency},
                "unknown_regency",
            )
        elif code not in context.area:
            r.error(
                "domicile_regency",
                _(
                    "%(name)s (%(code)s) is outside this office's working area; hand the "
                    "client over to the Bapas responsible for it."
                )
                % {"name": regency.name, "code": code},
                "outside_area",
            )
            regency = None
    raw_village = r.raw("domicile_village")
    if raw_village is not None:
        village = context.villages.get(_village_code(raw_village))
        if village is None:
            r.error(
                "domicile_village", _("No village has the code “%(code)s”.") % {"code": raw_village}, "unknown_village"
            )
        elif regency is not None and not village.code.startswith(f"{regency.code}."):
            r.error(
                "domicile_village",
                _("Village %(code)s is not in %(regency)s.") % {"code": village.code, "regency": regency.name},
                "village_outside_regency",
            )
    person["domicile_regency"], person["domicile_village"] = regency, village

    guarantor = {
        "name": r.text("guarantor_name", _max_length(Guarantor, "name")),
        "relationship": r.choice("guarantor_relationship", Relationship.choices),
        "phone": r.text("guarantor_phone", _max_length(Guarantor, "phone")),
    }
    if (guarantor["relationship"] or guarantor["phone"]) and not guarantor["name"]:
        r.error("guarantor_name", _("Give the guarantor's name, or leave all guarantor columns empty."), "required")
    if guarantor["name"] and not guarantor["relationship"] and not r.has_error("guarantor_relationship"):
        r.error("guarantor_relationship", _("Give the guarantor's relationship to the client."), "required")

    # A required date that is missing or wrong is None, with its error recorded; the inputs are then
    # discarded (`if r.errors` below), so they are built as if every date were there.
    case = services.CaseInput(
        criminal_code=r.choice("criminal_code", CriminalCode.choices, required=True),
        decision_number=r.text("decision_number", _max_length(Case, "decision_number"), required=True),
        decision_date=cast(datetime.date, r.date("decision_date", required=True)),
        court=r.text("court", _max_length(Case, "court")),
        sentence_years=r.integer("sentence_years", maximum=99),
        sentence_months=r.integer("sentence_months", maximum=11),
        sentence_days=r.integer("sentence_days", maximum=30),
        fine=r.money("fine"),
        detention_start=r.date("detention_start"),
        expiry_date=r.date("expiry_date"),
        prison_kind=r.choice("prison_kind", PrisonKind.choices),
        origin_prison=r.text("origin_prison", _max_length(Case, "origin_prison")),
        prison_register_number=r.text("prison_register_number", _max_length(Case, "prison_register_number")),
        articles=r.articles("articles"),
    )
    if case.detention_start and case.expiry_date and case.expiry_date <= case.detention_start:
        r.error("expiry_date", _("The sentence expiry date must be after the detention start."), "expiry_order")

    episode = services.EpisodeInput(
        program=r.choice("program", Program.choices, required=True),
        decree_number=r.text("decree_number", _max_length(ProgramEpisode, "decree_number"), required=True),
        decree_date=cast(datetime.date, r.date("decree_date", required=True)),
        starts_on=cast(datetime.date, r.date("starts_on", required=True)),
        ends_on=r.date("ends_on"),
        duration_months=r.integer("duration_months", maximum=999, default=None),
        community_service_hours=r.integer("community_service_hours", maximum=9999, default=None),
        confirmation_reason=r.text("confirmation_reason", services.MAX_CONFIRMATION_REASON),
    )
    if r.errors:
        return None, r.errors
    return _Prepared(row, person, case, episode, [guarantor] if guarantor["name"] else []), []


def _service_errors(exc: ValidationError, number: int, program: str) -> list[RowError]:
    """A service's ValidationError as row errors, each under the column its field came from."""
    items = exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc.error_list)]
    errors: list[RowError] = []
    for name, field_errors in items:
        for error in field_errors:
            column = _FIELD_COLUMNS.get(name or "") or _CODE_COLUMNS.get(error.code or "", "")
            if error.code == "too_long" and not name:
                column = "duration_months" if program == Program.PIDANA_PENGAWASAN else "ends_on"
            # The messages of one error (as iterating it gives them), with their params filled in.
            errors.extend(RowError(number, column, message, error.code or "") for message in error.messages)
    return errors


class RegisterChanged(Exception):
    """A client of the batch changed between the check of the rows and their writing."""


Progress = Callable[[int, int], None]


def check_row(
    item: _Prepared, *, office: Office, acting_user: User, earlier: services.Registration | None = None
) -> tuple[services.Registration | None, list[RowError], RowOutcome | None]:
    """One read row through every check of single registration (`services.registration_check`), reading only.

    `earlier` is the checked registration of an earlier row with the same NIK: this row adds its episode
    to that person. Returns the checked registration, or the row's errors, or the outcome of a row
    already registered.
    """
    try:
        registration = services.registration_check(
            office=office,
            acting_user=acting_user,
            person=item.person,
            case=item.case,
            episode=item.episode,
            guarantors=item.guarantors,
            known=earlier.client if earlier else None,
            known_episode=earlier.plan.episode if earlier else None,
        )
    except services.AlreadyRegistered as exc:
        found = exc.client
        return None, [], RowOutcome(item.row.number, found.pk, found.register_number, found.name, False)
    except ValidationError as exc:
        return None, _service_errors(exc, item.row.number, item.episode.program), None
    return registration, [], None


def validate_rows(
    rows: list[Row], *, office: Office, acting_user: User, progress: Progress | None = None
) -> tuple[ImportResult, list[tuple[Row, services.Registration]]]:
    """Check every row, writing nothing and holding no lock (see `import_rows`)."""
    today = timezone.localdate()
    result = ImportResult(rows=len(rows))
    context = _Context(rows, office)
    checked: list[tuple[Row, services.Registration]] = []
    seen_decrees: dict[tuple[str, str], int] = {}
    seen_names: dict[str, tuple[int, str]] = {}
    # The last checked row of each NIK: a later row of the same person adds its episode to theirs.
    people: dict[str, services.Registration] = {}
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % 25 == 0:
            progress(done, len(rows))
        item, errors = _read_row(row, context, today)
        result.errors.extend(errors)
        if item is None:
            continue
        nik, name = item.person["nik"], item.person["name"]
        decree = (nik, " ".join(item.episode.decree_number.split()).casefold())
        if decree in seen_decrees:
            result.errors.append(
                RowError(
                    row.number,
                    "decree_number",
                    _("Row %(row)s already has this NIK with this decree.") % {"row": seen_decrees[decree]},
                    "duplicate_in_file",
                )
            )
            continue
        seen_decrees[decree] = row.number
        known = context.clients.get(nik)
        registered_episode = (nik, item.episode.program, item.episode.decree_number.strip()) in context.episodes
        if known is not None and not registered_episode and not _same_name(known.name, name):
            result.errors.append(
                RowError(
                    row.number,
                    "name",
                    _(
                        "This NIK is already registered under another name (register number %(number)s); check the NIK "
                        "and the name."
                    )
                    % {"number": known.register_number},
                    "nik_name_mismatch",
                )
            )
            continue
        if nik in seen_names and not _same_name(seen_names[nik][1], name):
            result.errors.append(
                RowError(
                    row.number,
                    "name",
                    _("Row %(row)s has this NIK with another name (%(name)s).")
                    % {"row": seen_names[nik][0], "name": seen_names[nik][1]},
                    "nik_name_mismatch",
                )
            )
            continue
        seen_names.setdefault(nik, (row.number, name))
        registration, errors, skipped = check_row(item, office=office, acting_user=acting_user, earlier=people.get(nik))
        result.errors.extend(errors)
        if skipped is not None:
            result.skipped.append(skipped)
        if registration is not None:
            people[nik] = registration
            checked.append((row, registration))
    order = {name: i for i, name in enumerate(["", *COLUMN_NAMES])}
    result.errors.sort(key=lambda e: (e.row, order.get(e.column, len(order))))
    return result, checked


def write_rows(
    result: ImportResult,
    checked: list[tuple[Row, services.Registration]],
    *,
    office: Office,
    acting_user: User,
    filename: str,
) -> None:
    """Save the checked rows in one short transaction; raises RegisterChanged (saving nothing) if a client
    of the batch changed since it was checked."""
    today = timezone.localdate()
    # Clients already registered that the batch adds episodes to, as they were when checked.
    versions = {r.client.pk: r.client.version for _row, r in checked if r.client.pk is not None}
    with transaction.atomic():
        current = dict(Client.objects.select_for_update().filter(pk__in=list(versions)).values_list("pk", "version"))
        if current != versions:
            raise RegisterChanged
        services.registrations_save([r for _row, r in checked], acting_user=acting_user, today=today)
        for row, registration in checked:
            client = registration.client
            result.registered.append(
                RowOutcome(row.number, client.pk, client.register_number, client.name, registration.new_client)
            )
        audit.record(
            actor=acting_user,
            action="client.import",
            obj=office,
            office=office,
            data={
                "file": filename,
                "rows": result.rows,
                "new_clients": result.new_clients,
                "new_episodes": result.new_episodes,
                "skipped": len(result.skipped),
            },
        )


def import_rows(
    rows: list[Row], *, office: Office, acting_user: User, filename: str = "", progress: Progress | None = None
) -> ImportResult:
    """Register every valid row, or nothing if any row has an error (see the module docstring).

    1. Read each row into the service's inputs, collecting every error of every row.
    2. Check the rows against each other and the register: a repeated NIK and decree, or a NIK
       whose name differs from the one already known.
    3. Put each row through every check of single registration, reading only: no lock is held, so
       the office goes on working while a large batch is checked.
    4. Only if no row has an error: write all rows in one short transaction (the office's register
       numbers are locked only for it). A client of the batch changed meanwhile refuses the batch.
    """
    result, checked = validate_rows(rows, office=office, acting_user=acting_user, progress=progress)
    if result.errors:
        return result
    try:
        write_rows(result, checked, office=office, acting_user=acting_user, filename=filename)
    except (RegisterChanged, IntegrityError):
        # Someone registered one of these people while the batch was checked; the transaction saved nothing.
        result.registered.clear()
        result.errors.append(
            RowError(
                0,
                "",
                _(
                    "The register changed while this file was being imported (someone registered one of its clients "
                    "meanwhile). Nothing was saved; import the file again."
                ),
                "register_changed",
            )
        )
    return result


def summary(result: ImportResult) -> str:
    """What a successful import did, in one or two sentences for the message after the redirect."""
    parts = [
        ngettext("%(count)s new client was registered.", "%(count)s new clients were registered.", result.new_clients)
        % {"count": result.new_clients}
    ]
    if result.new_episodes:
        parts.append(
            ngettext(
                "%(count)s client already on the register got a new episode.",
                "%(count)s clients already on the register got a new episode.",
                result.new_episodes,
            )
            % {"count": result.new_episodes}
        )
    if result.skipped:
        numbers = [str(s.row) for s in result.skipped]
        listed = ", ".join(numbers[:20]) + (", …" if len(numbers) > 20 else "")
        parts.append(
            ngettext(
                "%(count)s row was already registered and was skipped (row %(rows)s).",
                "%(count)s rows were already registered and were skipped (rows %(rows)s).",
                len(numbers),
            )
            % {"count": len(numbers), "rows": listed}
        )
    return " ".join(parts)


# --- The background job -----------------------------------------------------------------------------


def result_as_json(result: ImportResult) -> dict[str, Any]:
    return dataclasses.asdict(result)


def result_from_json(data: dict[str, Any]) -> ImportResult:
    return ImportResult(
        rows=data.get("rows", 0),
        registered=[RowOutcome(**r) for r in data.get("registered", [])],
        skipped=[RowOutcome(**r) for r in data.get("skipped", [])],
        errors=[RowError(**e) for e in data.get("errors", [])],
    )


@transaction.atomic
def import_job_create(*, office: Office, upload: UploadedFile, language: str, acting_user: User) -> ImportJob:
    """Store an uploaded batch privately and queue it for the worker; `ValidationError` for a file refused at once.

    The caller enqueues `clients.tasks.import_batch` with the job's id once this has committed.
    """
    precheck_upload(upload)
    job = ImportJob(office=office, uploaded_by=acting_user, filename=(upload.name or "")[:255], language=language)
    job.file.save(f"{uuid.uuid4().hex}.{_extension(upload)}", upload, save=False)
    job.full_clean()
    job.save()
    return job


def _finish(job: ImportJob, state: str, result: dict[str, Any]) -> None:
    job.state, job.result, job.finished_at = state, result, timezone.now()
    job.save(update_fields=["state", "result", "finished_at"])
    if job.file:
        job.file.delete(save=False)
        job.save(update_fields=["file"])


def import_job_run(job_id: int) -> None:
    """Run a queued import: parse the stored file, check every row, write the batch (see `import_rows`).

    Runs in the worker. A job already claimed (a task delivered twice) is left alone. Messages are
    written in the language of the page the file was uploaded from.
    """
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("office", "uploaded_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            with job.file.open("rb") as handle:
                rows = parse_upload(File(handle, name=job.filename))
        except ValidationError as exc:
            codes = [e.code for e in exc.error_list]
            _finish(job, ImportJob.State.FAILED, {"file_errors": exc.messages, "codes": codes})
            return
        ImportJob.objects.filter(pk=job.pk).update(rows_total=len(rows))

        def progress(done: int, total: int) -> None:
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done)

        try:
            result = import_rows(
                rows, office=job.office, acting_user=job.uploaded_by, filename=job.filename, progress=progress
            )
        except Exception:
            logger.exception("Import job %s stopped", job.pk)
            message = _("The import stopped because of an unexpected error; nothing was saved. Try again later.")
            _finish(job, ImportJob.State.FAILED, {"file_errors": [message], "codes": ["crashed"]})
            raise
        job.rows_total = job.rows_done = len(rows)
        job.save(update_fields=["rows_total", "rows_done"])
        _finish(job, ImportJob.State.DONE if result.ok else ImportJob.State.FAILED, result_as_json(result))
