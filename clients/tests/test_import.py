"""Batch intake of handed-over clients (penghadapan) from CSV and XLSX files."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from pathlib import Path
from unittest import mock
from xml.sax.saxutils import escape

import openpyxl
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from bapas.test import BaseTestCase
from clients import importing
from clients.models import Case, CaseArticle, Client, Guarantor, ImportJob, ProgramEpisode

EXAMPLE = Path(settings.BASE_DIR) / "static" / "examples" / "penghadapan-contoh.csv"
URL = "/klien/impor/"

# A man born 12-03-1985 in Waled (32.09.01), conditionally released (PB) under the old code.
GOOD = {
    "nik": "3209011203850001",
    "name": "Budi Santoso",
    "alias": "Budi Gondrong",
    "parent_name": "Slamet",
    "birth_place": "Cirebon",
    "birth_date": "1985-03-12",
    "sex": "L",
    "religion": "islam",
    "marital_status": "kawin",
    "education": "sma",
    "occupation": "Buruh harian lepas",
    "employment": "bekerja",
    "domicile_regency": "32.09",
    "domicile_village": "32.09.01.2008",
    "address": "Blok Pahing RT 002/RW 005",
    "phone": "081234567801",
    "guarantor_name": "Siti Aminah",
    "guarantor_relationship": "istri",
    "guarantor_phone": "081234567802",
    "criminal_code": "lama",
    "decision_number": "123/Pid.Sus/2023/PN Sbr",
    "decision_date": "14-08-2023",
    "court": "Pengadilan Negeri Sumber",
    "sentence_years": "4",
    "sentence_months": "0",
    "sentence_days": "0",
    "fine": "800.000.000",
    "detention_start": "20/02/2023",
    "expiry_date": "2027-02-20",
    "prison_kind": "lapas",
    "origin_prison": "Lapas Kelas I Cirebon",
    "prison_register_number": "BI.123/2023",
    "articles": "112(1) UU 35/2009 narkotika",
    "program": "PB",
    "decree_number": "PAS-1234.PK.05.09 Tahun 2025",
    "decree_date": "2025-11-03",
    "starts_on": "2025-11-10",
    "ends_on": "",
    "duration_months": "",
    "community_service_hours": "",
}


def person(serial: int, *, day: int = 12, month: int = 3, year: int = 1985, female: bool = False, **fields) -> dict:
    """A good PB row for another person in 32.09.01: own NIK, name and decree."""
    nik = f"320901{day + (40 if female else 0):02d}{month:02d}{year % 100:02d}{serial:04d}"
    row = GOOD | {
        "nik": nik,
        "name": f"Klien Impor {serial}",
        "birth_date": f"{year}-{month:02d}-{day:02d}",
        "sex": "P" if female else "L",
        "decision_number": f"{serial}/Pid.Sus/2023/PN Sbr",
        "decree_number": f"PAS-{serial}.PK.05.09 Tahun 2025",
    }
    return row | fields


def csv_file(
    rows: list[dict],
    *,
    name: str = "batch.csv",
    columns: list[str] | None = None,
    delimiter: str = ",",
    bom: bool = False,
) -> SimpleUploadedFile:
    columns = columns or list(GOOD)
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=delimiter, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    data = ("\ufeff" if bom else "") + out.getvalue()
    return SimpleUploadedFile(name, data.encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], header: list[str], name: str = "batch.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def example_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("penghadapan-contoh.csv", EXAMPLE.read_bytes(), content_type="text/csv")


def refusal(upload) -> ValidationError:
    try:
        importing.parse_upload(upload)
    except ValidationError as exc:
        return exc
    raise AssertionError("the file was accepted")


class ParseUploadTestCase(BaseTestCase):
    def test_it_reads_the_example_file_with_row_numbers_as_in_the_spreadsheet(self):
        rows = importing.parse_upload(example_file())
        self.assertEqual([r.number for r in rows], [2, 3, 4])
        self.assertEqual(rows[0].values["nik"], "3209011203850001")
        self.assertEqual(set(rows[0].values), set(importing.COLUMN_NAMES))

    def test_the_example_file_documents_every_column(self):
        header = EXAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",")
        self.assertEqual(header, importing.COLUMN_NAMES)

    def test_it_reads_a_semicolon_csv_with_a_byte_order_mark(self):
        # Excel with Indonesian regional settings saves "CSV UTF-8" like this.
        rows = importing.parse_upload(csv_file([GOOD], delimiter=";", bom=True))
        self.assertEqual(rows[0].values["nik"], GOOD["nik"])
        self.assertEqual(rows[0].values["articles"], GOOD["articles"])

    def test_blank_rows_are_skipped_but_keep_the_numbering(self):
        upload = csv_file([GOOD, dict.fromkeys(GOOD, ""), person(2)])
        self.assertEqual([r.number for r in importing.parse_upload(upload)], [2, 4])

    def test_optional_columns_may_be_left_out(self):
        columns = [*importing.REQUIRED_COLUMNS]
        rows = importing.parse_upload(csv_file([GOOD], columns=columns))
        self.assertEqual(set(rows[0].values), set(columns))

    def test_header_names_are_matched_loosely(self):
        data = "\n".join([",".join(c.upper().replace("_", " ") for c in GOOD), ",".join(GOOD.values())])
        rows = importing.parse_upload(SimpleUploadedFile("batch.csv", data.encode()))
        self.assertEqual(rows[0].values["birth_date"], GOOD["birth_date"])

    def test_it_refuses_files_that_are_neither_csv_nor_xlsx(self):
        cases = [
            ("laporan.pdf", b"%PDF-1.7 ...", "file_type"),
            ("batch.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "file_type"),
            ("batch", b"nik,name\n", "file_type"),
            ("batch.xlsx", b"nik,name\n1,2\n", "not_xlsx"),  # text named .xlsx
            ("batch.xlsx", b"PK\x03\x04 not really a workbook", "not_xlsx"),  # a damaged zip
            ("batch.csv", xlsx_file([], ["nik"]).read(), "not_csv"),  # a workbook named .csv
            ("batch.csv", "nik,name\n3209011203850001,Dédé\n".encode("latin-1"), "encoding"),
        ]
        for name, content, code in cases:
            with self.subTest(name=name, code=code):
                self.assertEqual(refusal(SimpleUploadedFile(name, content)).code, code)

    def test_it_lists_missing_and_unknown_columns(self):
        columns = [c for c in GOOD if c not in ("nik", "program")] + ["no", "catatan"]
        with translation.override("en"):
            exc = refusal(csv_file([GOOD], columns=columns))
        self.assertEqual([e.code for e in exc.error_list], ["missing_columns", "unknown_columns"])
        self.assertIn("nik, program", exc.messages[0])
        self.assertIn("catatan, no", exc.messages[1])

    def test_it_refuses_an_empty_file(self):
        self.assertEqual(refusal(SimpleUploadedFile("batch.csv", b"")).code, "empty")
        self.assertEqual(refusal(SimpleUploadedFile("batch.csv", b"\r\n\r\n")).code, "empty")
        self.assertEqual(refusal(csv_file([])).code, "no_rows")
        self.assertEqual(refusal(xlsx_file([], list(GOOD))).code, "no_rows")

    def test_it_refuses_more_rows_than_the_limit(self):
        upload = csv_file([person(n) for n in range(1, importing.MAX_ROWS + 2)])
        self.assertEqual(refusal(upload).code, "too_many_rows")
        self.assertEqual(
            len(importing.parse_upload(csv_file([person(n) for n in range(1, importing.MAX_ROWS + 1)]))),
            importing.MAX_ROWS,
        )

    def test_it_refuses_an_oversized_file_before_reading_it(self):
        upload = mock.Mock(size=50 * 1024 * 1024, read=mock.Mock(side_effect=AssertionError("read")))
        upload.name = "batch.csv"
        with translation.override("en"):
            exc = refusal(upload)
        self.assertEqual(exc.code, "too_large")
        self.assertIn("50.0 MB", exc.message)
        upload.read.assert_not_called()


class ImportRowsTestCase(BaseTestCase):
    def run_import(self, upload, user=None) -> importing.ImportResult:
        user = user or self.rita
        return importing.import_rows(
            importing.parse_upload(upload), office=user.office, acting_user=user, filename=upload.name
        )

    def errors(self, result) -> set[tuple[int, str, str]]:
        return {(e.row, e.column, e.code) for e in result.errors}

    def test_the_example_file_registers_three_clients_with_cases_episodes_and_guarantors(self):
        result = self.run_import(example_file())
        self.assertEqual(result.errors, [])
        self.assertEqual((result.new_clients, result.new_episodes, len(result.skipped)), (3, 0, 0))

        budi = Client.objects.get(nik="3209011203850001")
        self.assertEqual(
            (budi.office, budi.domicile_regency_id, budi.domicile_village_id), (self.cirebon, "32.09", "32.09.01.2008")
        )
        pb = budi.current_episode
        self.assertEqual(
            (pb.program, pb.starts_on, pb.ends_on), ("PB", datetime.date(2025, 11, 10), datetime.date(2028, 2, 20))
        )  # expiry + 12 months
        self.assertEqual((pb.case.sentence_years, pb.case.fine, pb.case.prison_kind), (4, 800_000_000, "lapas"))
        self.assertEqual(
            list(pb.case.articles.values_list("article", "paragraph", "law", "category")),
            [("112", "1", "UU 35/2009", "narkotika")],
        )
        self.assertEqual(list(budi.guarantors.values_list("name", "relationship")), [("Siti Aminah", "istri")])

        rina = Client.objects.get(nik="3274014507900002")
        self.assertEqual((rina.sex, rina.current_episode.program), ("P", "ASIMILASI"))
        self.assertEqual(rina.current_episode.ends_on, datetime.date(2025, 9, 1))
        self.assertEqual(rina.current_episode.case.articles.count(), 2)

        andi = Client.objects.get(nik="3209022311010003")
        self.assertEqual(andi.current_episode.ends_on, datetime.date(2027, 2, 20))  # 12 months of supervision
        self.assertEqual(andi.current_episode.rule_set.valid_from, datetime.date(2026, 1, 2))

        event = AuditEvent.objects.get(action="client.import")
        self.assertEqual((event.actor, event.office, event.object_id), (self.rita, self.cirebon, str(self.cirebon.pk)))
        self.assertEqual(event.data["new_clients"], 3)
        self.assertEqual(AuditEvent.objects.filter(action="client.registered").count(), 3)

    def test_an_xlsx_file_with_date_and_number_cells_works_too(self):
        header = [
            "nik",
            "name",
            "birth_place",
            "birth_date",
            "sex",
            "religion",
            "marital_status",
            "education",
            "employment",
            "domicile_regency",
            "address",
            "criminal_code",
            "decision_number",
            "decision_date",
            "sentence_years",
            "sentence_months",
            "fine",
            "expiry_date",
            "articles",
            "program",
            "decree_number",
            "decree_date",
            "starts_on",
        ]
        row = [
            "3274015507920004",
            "Dewi Lestari",
            "Cirebon",
            datetime.datetime(1992, 7, 15),
            "p",
            "Islam",
            "kawin",
            "smp",
            "bekerja",
            32.74,
            "Jl. Pekalipan No. 3",
            "lama",
            "77/Pid.B/2024/PN Cbn",
            datetime.date(2024, 4, 2),
            2,
            6.0,
            0,
            datetime.datetime(2026, 10, 2),
            "362 KUHP pencurian",
            "pb",
            "PAS-88.PK.05.09 Tahun 2025",
            datetime.datetime(2025, 9, 1),
            datetime.datetime(2025, 9, 8),
        ]
        result = self.run_import(xlsx_file([row], header))
        self.assertEqual(result.errors, [])
        dewi = Client.objects.get(nik="3274015507920004")
        self.assertEqual(
            (dewi.birth_date, dewi.sex, dewi.religion, dewi.domicile_regency_id),
            (datetime.date(1992, 7, 15), "P", "islam", "32.74"),
        )
        episode = dewi.current_episode
        self.assertEqual((episode.program, episode.ends_on), ("PB", datetime.date(2027, 10, 2)))
        self.assertEqual((episode.case.sentence_years, episode.case.sentence_months), (2, 6))

    def test_a_nik_typed_as_a_number_cell_is_refused(self):
        header = list(importing.REQUIRED_COLUMNS)
        row = [int(GOOD["nik"]) if c == "nik" else GOOD[c] for c in header]
        result = self.run_import(xlsx_file([row], header))
        self.assertEqual(self.errors(result), {(2, "nik", "number_cell")})
        excel_csv = person(1, nik="3.20901E+15")
        self.assertEqual(self.errors(self.run_import(csv_file([excel_csv]))), {(2, "nik", "number_cell")})

    def test_one_bad_row_saves_nothing_and_every_error_is_reported_by_row_and_column(self):
        rows = [
            person(1),
            person(2, nik="320901120385002"),  # 15 digits
            person(3, program="PBX"),
            person(4, program="CB", ends_on="2025-11-01"),  # ends before its start (2025-11-10)
            person(5, sentence_years="0"),  # PB needs a sentence
            person(6, name=""),
            person(7, birth_date="31-02-1985", sex="X", domicile_regency="32.73"),
        ]
        result = self.run_import(csv_file(rows))
        self.assertEqual(
            self.errors(result),
            {
                (3, "nik", "nik_format"),
                (4, "program", "invalid_choice"),
                (5, "ends_on", "end_before_start"),
                (6, "sentence_years", "zero_sentence"),
                (7, "name", "required"),
                (8, "birth_date", "invalid_date"),
                (8, "sex", "invalid_choice"),
                (8, "domicile_regency", "outside_area"),  # Kota Bandung: another Bapas
            },
        )
        self.assertEqual([e.row for e in result.errors], sorted(e.row for e in result.errors))
        self.assertFalse(result.ok)
        self.assertEqual(Client.objects.count(), 0)
        self.assertEqual(Case.objects.count() + ProgramEpisode.objects.count() + Guarantor.objects.count(), 0)
        self.assertEqual(CaseArticle.objects.count(), 0)
        self.assertFalse(AuditEvent.objects.filter(action__in=["client.registered", "client.import"]).exists())

    def test_error_messages_name_the_problem(self):
        with translation.override("en"):
            result = self.run_import(csv_file([person(1, program="PBX", expiry_date="")]))
        self.assertEqual(len(result.errors), 1)
        self.assertIn("Unknown value “PBX”", result.errors[0].message)
        self.assertIn("PB_ANAK", result.errors[0].message)
        with translation.override("en"):
            result = self.run_import(csv_file([person(1, expiry_date="")]))
        self.assertEqual(self.errors(result), {(2, "expiry_date", "expiry_required")})
        self.assertIn("sentence expiry date", result.errors[0].message)

    def test_date_rule_errors_are_reported_under_the_column_they_concern(self):
        court = {
            "criminal_code": "baru",
            "decision_date": "2026-02-10",
            "sentence_years": "0",
            "expiry_date": "",
            "detention_start": "",
            "decree_date": "2026-02-16",
            "starts_on": "2026-02-20",
        }
        rows = [
            person(1, program="CB", ends_on="2026-12-01"),  # CB lasts at most 6 months
            person(2, program="PIDANA_PENGAWASAN", duration_months="48", **court),  # at most 36
            person(3, program="PIDANA_PENGAWASAN", **court),  # needs its length
            person(4, program="PIDANA_KERJA_SOSIAL", community_service_hours="300", **court),  # 8–240 hours
            person(5, program="PIDANA_KERJA_SOSIAL", duration_months="", **court),
        ]
        self.assertEqual(
            self.errors(self.run_import(csv_file(rows))),
            {
                (2, "ends_on", "too_long"),
                (3, "duration_months", "too_long"),
                (4, "duration_months", "duration_required"),
                (5, "community_service_hours", "hours_out_of_range"),
                (6, "community_service_hours", "hours_required"),
            },
        )

    def test_importing_the_same_file_again_creates_nothing_and_reports_the_skips(self):
        first = self.run_import(example_file())
        self.assertEqual(first.new_clients, 3)
        episodes = ProgramEpisode.objects.count()
        second = self.run_import(example_file())
        self.assertTrue(second.ok)
        self.assertEqual((second.new_clients, second.new_episodes), (0, 0))
        self.assertEqual([s.row for s in second.skipped], [2, 3, 4])
        self.assertEqual(second.skipped[0].register_number, Client.objects.get(nik=GOOD["nik"]).register_number)
        self.assertEqual(
            (Client.objects.count(), ProgramEpisode.objects.count(), Case.objects.count()), (3, episodes, episodes)
        )
        with translation.override("en"):
            self.assertIn("3 rows were already registered and were skipped (rows 2, 3, 4)", importing.summary(second))

    def test_the_same_nik_and_decree_twice_in_one_file_is_an_error_on_the_later_row(self):
        rows = [person(1), person(2), person(1, decision_number="9/Pid.Sus/2023/PN Sbr")]
        result = self.run_import(csv_file(rows))
        self.assertEqual(self.errors(result), {(4, "decree_number", "duplicate_in_file")})
        self.assertEqual(Client.objects.count(), 0)

    def test_a_registered_nik_with_a_new_decree_gets_a_new_episode(self):
        asimilasi = person(
            1,
            program="ASIMILASI",
            decree_number="PAS-1.PK.05.04 Tahun 2025",
            decree_date="2025-05-02",
            starts_on="2025-05-05",
            ends_on="2025-11-09",
        )
        self.run_import(csv_file([asimilasi]))
        result = self.run_import(csv_file([asimilasi, person(1)]))
        self.assertTrue(result.ok)
        self.assertEqual((result.new_clients, result.new_episodes, len(result.skipped)), (0, 1, 1))
        client = Client.objects.get(nik=asimilasi["nik"])
        self.assertEqual(
            list(client.episodes.order_by("starts_on").values_list("program", "status")),
            [("ASIMILASI", "completed"), ("PB", "active")],
        )

    def test_a_known_nik_under_another_name_is_an_error(self):
        self.run_import(csv_file([person(1)]))
        other_decree = person(1, name="Bambang", decree_number="PAS-99.PK.05.09 Tahun 2025")
        result = self.run_import(csv_file([other_decree]))
        self.assertEqual(self.errors(result), {(2, "name", "nik_name_mismatch")})
        in_file = [person(2), person(2, name="Bambang", decree_number="PAS-98.PK.05.09 Tahun 2025")]
        self.assertEqual(self.errors(self.run_import(csv_file(in_file))), {(3, "name", "nik_name_mismatch")})

    def test_a_nik_registered_at_another_office_is_refused_without_naming_the_client(self):
        self.run_import(csv_file([person(1, domicile_regency="32.73", domicile_village="")]), user=self.pat)
        with translation.override("en"):
            result = self.run_import(csv_file([person(1, name="Nama Lain")]))
        self.assertEqual(self.errors(result), {(2, "nik", "nik_in_use")})
        self.assertNotIn("Klien Impor 1", result.errors[0].message)
        self.assertIn("outside your caseload or office", result.errors[0].message)

    def test_articles_villages_guarantors_and_amounts_are_checked(self):
        rows = [
            person(1, articles="112(1) UU 35/2009 narkotika; pasal 55 KUHP lainnya"),
            person(2, articles="UU 35/2009"),
            person(3, articles="362 KUHP mencuri"),
            person(4, domicile_village="32.74.01.1001"),  # in Kota Cirebon, not in 32.09
            person(5, domicile_village="32.09.99.9999"),
            person(6, guarantor_name="", guarantor_relationship="ibu"),
            person(7, guarantor_relationship="tetangga"),
            person(8, fine="8,5 juta", sentence_months="12", detention_start="2027-03-01"),
        ]
        result = self.run_import(csv_file(rows))
        self.assertEqual(
            self.errors(result),
            {
                (3, "articles", "invalid_article"),
                (4, "articles", "invalid_choice"),
                (5, "domicile_village", "village_outside_regency"),
                (6, "domicile_village", "unknown_village"),
                (7, "guarantor_name", "required"),
                (8, "guarantor_relationship", "invalid_choice"),
                (9, "fine", "invalid_number"),
                (9, "sentence_months", "out_of_range"),
                (9, "expiry_date", "expiry_order"),
            },
        )
        self.assertTrue(self.run_import(csv_file(rows[:1])).ok)
        self.assertEqual(
            list(CaseArticle.objects.values_list("article", "paragraph", "law", "category")),
            [
                ("112", "1", "UU 35/2009", "narkotika"),
                ("55", "", "KUHP", "lainnya"),
            ],
        )


class ImportViewTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.speak_english()

    def test_the_url_is_wired(self):
        self.assertEqual(reverse("clients:import"), URL)

    def test_permission_matrix(self):
        expected = {
            "rita": 200,
            "sam": 200,
            "hana": 200,
            "olivia": 403,
            "alan": 403,
            "reggie": 403,
            "tess": 403,
            "paula": 403,
            "kim": 403,
            "pat": 403,
            "ada": 403,
            "nadia": 403,
        }
        for name, status in expected.items():
            with self.subTest(user=name):
                self.client.force_login(self.cast[name])
                self.assertEqual(self.client.get(URL).status_code, status)
                if status == 403:
                    self.assertEqual(self.client.post(URL, {"file": example_file()}).status_code, 403)
        self.assertEqual(Client.objects.count(), 0)

    def test_anonymous_users_go_to_the_login_page(self):
        self.client.logout()
        response = self.client.get(URL)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={URL}", fetch_redirect_response=False)

    def test_the_page_documents_the_columns_and_links_the_example(self):
        self.client.force_login(self.rita)
        response = self.client.get(URL)
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "examples/penghadapan-contoh.csv")
        self.assertEqual(Path(finders.find("examples/penghadapan-contoh.csv")), EXAMPLE)
        for column in importing.COLUMN_NAMES:
            self.assertContains(response, f"<code>{column}</code>")
        self.assertContains(response, "<code>32.09</code>")  # the working area's codes
        self.assertContains(response, "<code>PIDANA_PENGAWASAN</code>")

    def test_a_good_file_is_queued_and_its_page_shows_what_was_registered(self):
        self.client.force_login(self.rita)
        response = self.client.post(URL, {"file": example_file()})
        job = ImportJob.objects.get()
        self.assertRedirects(response, reverse("clients:import_job", args=[job.pk]), fetch_redirect_response=False)
        self.assertEqual(Client.objects.filter(office=self.cirebon).count(), 3)  # tests run jobs at once
        job.refresh_from_db()
        self.assertEqual((job.state, job.rows_total, job.uploaded_by, job.office), ("done", 3, self.rita, self.cirebon))
        self.assertFalse(job.file)  # the uploaded file is deleted once it has been imported
        with translation.override("en"):
            page = self.client.get(reverse("clients:import_job", args=[job.pk]))
        self.assertContains(page, 'id="import-done"')
        self.assertContains(page, "3 new clients were registered.")
        self.assertNotContains(page, "hx-trigger")  # finished: the page stops polling
        event = AuditEvent.objects.get(action="client.import")
        self.assertEqual((event.actor, event.data["file"]), (self.rita, "penghadapan-contoh.csv"))

    def test_a_batch_with_errors_shows_the_error_table_and_saves_nothing(self):
        self.client.force_login(self.sam)
        response = self.client.post(URL, {"file": csv_file([person(1), person(2, program="PBX")])}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="import-errors"')
        self.assertContains(response, '<td class="num">3</td><td><code>program</code></td>')
        self.assertEqual([(e.row, e.column) for e in response.context["result"].errors], [(3, "program")])
        self.assertEqual(ImportJob.objects.get().state, "failed")
        self.assertEqual(Client.objects.count(), 0)

    def test_refused_files_show_a_clear_message_and_change_nothing(self):
        self.client.force_login(self.rita)
        response = self.client.post(URL, {"file": SimpleUploadedFile("penghadapan.pdf", b"%PDF-1.7")})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([e.code for e in response.context["form"].errors.as_data()["file"]], ["file_type"])
        self.assertContains(response, 'class="error"')
        self.assertFalse(ImportJob.objects.exists())  # refused before anything is stored
        uploads = {
            "missing_columns": csv_file([GOOD], columns=["nik", "name"]),
            "empty": SimpleUploadedFile("penghadapan.csv", b"\xef\xbb\xbf"),
        }
        for code, upload in uploads.items():
            with self.subTest(code=code):
                response = self.client.post(URL, {"file": upload}, follow=True)
                self.assertEqual(response.status_code, 200)
                job = response.context["job"]
                self.assertEqual((job.state, job.result["codes"]), ("failed", [code]))
                self.assertContains(response, 'id="import-file-errors"')
        self.assertEqual(Client.objects.count(), 0)
        self.assertFalse(AuditEvent.objects.filter(action="client.import").exists())

    def test_a_50_mb_upload_is_refused_with_a_clear_message(self):
        self.client.force_login(self.rita)
        junk = SimpleUploadedFile("penghadapan.csv", b"x" * (50 * 1024 * 1024))
        response = self.client.post(URL, {"file": junk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([e.code for e in response.context["form"].errors.as_data()["file"]], ["too_large"])
        self.assertContains(response, "The file is 50.0 MB")
        self.assertEqual(Client.objects.count(), 0)

    def test_get_and_post_only(self):
        self.client.force_login(self.rita)
        self.assertEqual(self.client.put(URL).status_code, 405)


class ZipBombTestCase(BaseTestCase):
    def test_a_workbook_that_unpacks_too_far_is_refused_before_reading(self):
        import io
        import zipfile

        from django.core.exceptions import ValidationError
        from django.core.files.uploadedfile import SimpleUploadedFile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/sharedStrings.xml", b"0" * (importing.MAX_XLSX_UNPACKED_BYTES + 1))
        upload = SimpleUploadedFile("bom.xlsx", buffer.getvalue(), content_type="application/vnd.ms-excel")
        self.assertLess(upload.size, 1024 * 1024)  # small on the wire
        with self.assertRaises(ValidationError) as ctx:
            importing.parse_upload(upload)
        self.assertEqual(ctx.exception.code, "xlsx_too_large")


def shared_strings_xlsx(header: list[str], rows: list[list[str]], *, padding: int = 0) -> SimpleUploadedFile:
    """A workbook as Excel writes it: every text a shared string, plus `padding` unused tiny strings
    (a bomb when large: they compress to almost nothing and openpyxl reads them all on opening)."""
    strings: list[str] = []
    xml_rows = []
    for number, values in enumerate([header, *rows], start=1):
        cells = []
        for column, value in enumerate(values):
            letter = openpyxl.utils.get_column_letter(column + 1)
            cells.append(f'<c r="{letter}{number}" t="s"><v>{len(strings)}</v></c>')
            strings.append(value)
        xml_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rels}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rels}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0"?><worksheet xmlns="{main}"><sheetData>{"".join(xml_rows)}</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            total = len(strings) + padding
            part.write(f'<?xml version="1.0"?><sst xmlns="{main}" count="{total}" uniqueCount="{total}">'.encode())
            part.write("".join(f"<si><t>{escape(v)}</t></si>" for v in strings).encode())
            for _start in range(0, padding, 100_000):
                part.write(b"<si><t>x</t></si>" * min(100_000, padding - _start))
            part.write(b"</sst>")
    return SimpleUploadedFile("penghadapan.xlsx", buffer.getvalue())


class SharedStringsBombTestCase(BaseTestCase):
    """A small workbook whose shared strings unpack to tens of MB is refused before openpyxl opens it."""

    def setUp(self):
        super().setUp()
        self.speak_english()

    def test_the_bomb_of_the_report_is_refused_by_its_unpacked_size_without_opening_it(self):
        # 1.5 million tiny strings: 25 MB unpacked (under the old 100 MB limit), a few dozen KB on the wire.
        upload = shared_strings_xlsx(list(GOOD), [list(GOOD.values())], padding=1_500_000)
        self.assertLess(upload.size, 300 * 1024)
        self.client.force_login(self.rita)
        with mock.patch("openpyxl.load_workbook") as load_workbook, translation.override("en"):
            response = self.client.post(URL, {"file": upload}, follow=True)
        load_workbook.assert_not_called()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["job"].result["codes"], ["xlsx_too_large"])
        self.assertContains(response, "far more than a handover batch needs")
        self.assertEqual(Client.objects.count(), 0)

    def test_more_shared_strings_than_500_rows_can_hold_are_refused_without_opening_it(self):
        # 100,000 strings fit in the size limit but are five times what 500 rows of every column need.
        upload = shared_strings_xlsx(list(GOOD), [list(GOOD.values())], padding=100_000)
        with mock.patch("openpyxl.load_workbook") as load_workbook, translation.override("en"):
            exc = refusal(upload)
        load_workbook.assert_not_called()
        self.assertEqual(exc.code, "xlsx_too_many_strings")
        self.assertIn("more texts than 500 rows of clients can need", exc.messages[0])

    def test_a_full_batch_with_long_texts_in_shared_strings_is_within_the_limits(self):
        address = "Jalan Pemuda Nomor 123, Blok Pahing RT 002/RW 005, Kelurahan Sukamaju " * 2
        rows = [[str(v) for v in person(i, address=address).values()] for i in range(1, importing.MAX_ROWS + 1)]
        rows = importing.parse_upload(shared_strings_xlsx(list(GOOD), rows))
        self.assertEqual(len(rows), importing.MAX_ROWS)
        self.assertEqual(rows[-1].values["address"], address)
