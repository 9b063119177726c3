"""Issue 10, point 2: money and dates read the same way on every page and export."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import timezone, translation

from lib import dates, money

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))


class RupiahTestCase(SimpleTestCase):
    def test_dot_thousands_no_decimals(self):
        self.assertEqual(money.rupiah(996_000_000), "Rp996.000.000")
        self.assertEqual(money.rupiah(Decimal("800000000")), "Rp800.000.000")
        self.assertEqual(money.rupiah(Decimal("1500.60")), "Rp1.501")
        self.assertEqual(money.rupiah(999), "Rp999")
        self.assertEqual(money.rupiah(0), "Rp0")
        self.assertEqual(money.rupiah("1250000"), "Rp1.250.000")

    def test_negative_empty_and_not_a_number(self):
        self.assertEqual(money.rupiah(-5000), "-Rp5.000")
        self.assertEqual(money.rupiah(None), "")
        self.assertEqual(money.rupiah(""), "")
        self.assertEqual(money.rupiah("banyak"), "banyak")

    def test_the_template_filter_is_the_same_in_every_language(self):
        template = Template("{% load display %}{{ fine|rupiah }}")
        for language in ("id", "en"):
            with translation.override(language):
                self.assertEqual(template.render(Context({"fine": Decimal("996000000")})), "Rp996.000.000")


class SiteDateFormatTestCase(SimpleTestCase):
    moment = datetime.datetime(2026, 12, 2, 3, 5, tzinfo=datetime.UTC)  # 10:05 in Jakarta

    def test_one_date_and_one_date_time_format_in_every_language(self):
        for language in ("id", "en"):
            with translation.override(language), timezone.override("Asia/Jakarta"):
                self.assertEqual(dates.site_date(datetime.date(2026, 12, 2)), "02-12-2026")
                self.assertEqual(dates.site_datetime(self.moment), "02-12-2026 10:05")
                rendered = Template('{{ d|date }} {{ m|date:"DATETIME_FORMAT" }} {{ d }}').render(
                    Context({"d": datetime.date(2026, 12, 2), "m": self.moment})
                )
                self.assertEqual(rendered, "02-12-2026 02-12-2026 10:05 02-12-2026")

    def test_long_date_spells_the_month_for_letters(self):
        with translation.override("id"):
            self.assertEqual(dates.long_date(datetime.date(2026, 12, 2)), "2 Desember 2026")
            self.assertEqual(dates.long_date(datetime.date(2026, 12, 2), weekday=True), "Rabu, 2 Desember 2026")
            rendered = Template('{% load display %}{{ d|long_date }} · {{ d|long_date:"weekday" }} · {{ d|weekday }}')
            self.assertEqual(
                rendered.render(Context({"d": datetime.date(2026, 12, 2)})),
                "2 Desember 2026 · Rabu, 2 Desember 2026 · Rabu",
            )


# `|date` with an argument: only the named site formats, or machine formats for attributes and URLs.
NAMED_DATE_ARGUMENTS = {"DATETIME_FORMAT", "c", "Y-m-d"}
DATE_FILTER = re.compile(r"""\|\s*date\s*:\s*(["'])(.*?)\1""")


class TemplatesUseNamedDateFormatsTestCase(SimpleTestCase):
    def test_the_scan_catches_an_ad_hoc_format(self):
        self.assertEqual([m[1] for m in DATE_FILTER.findall('{{ a|date:"j F Y" }} {{ b|date }}')], ["j F Y"])

    def test_no_template_writes_an_ad_hoc_date_format(self):
        ad_hoc = []
        for directory in settings.TEMPLATES[0]["DIRS"]:
            for path in sorted(Path(directory).rglob("*.html")) + sorted(Path(directory).rglob("*.txt")):
                for _quote, fmt in DATE_FILTER.findall(path.read_text(encoding="utf-8")):
                    if fmt not in NAMED_DATE_ARGUMENTS:
                        ad_hoc.append(f"{path.relative_to(directory)}: {fmt}")
        self.assertEqual(ad_hoc, [], 'write {{ day|date }}, {{ moment|date:"DATETIME_FORMAT" }} or {{ day|long_date }}')
