"""The report editor, the signing button and the signed PDFs as pages: who sees, who writes, what a refusal keeps."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from bapas.test import make_user
from litmas import documents, services
from litmas.codes import State
from litmas.models import LitmasDocument, LitmasReport
from litmas.tests.factories import make_request, to_state
from litmas.tests.report_base import ReportTestCase

STALE = "This record was changed by someone else while you were editing it."


class EditorTestCase(ReportTestCase):
    def url(self, request):
        return reverse("litmas:report", args=[request.pk])

    def posted(self, request, *, version, **texts) -> dict:
        data = {f"section-{s['key']}": "" for s in request.litmas_type.template.sections}
        data.update({f"section-{key}": text for key, text in texts.items()})
        data["version"] = "" if version is None else str(version)
        return data

    def test_the_pk_gets_one_field_per_section_prefilled_from_the_register(self):
        request = self.flow_to("gathering")
        self.client.force_login(self.olivia)
        response = self.client.get(self.url(request))
        self.assertEqual(response.status_code, 200)
        form = response.context["form"]
        sections = request.litmas_type.template.sections
        self.assertEqual([f.name for f in form.visible_fields()], [f"section-{s['key']}" for s in sections])
        self.assertIn("Budi Santoso bin Ahmad", form.initial["section-identitas"])
        self.assertIn(self.budi.nik, form.initial["section-identitas"])  # in full: the report is official
        self.assertIn("2/3 masa pidana", form.initial["section-tahapan"])
        self.assertIn("Siti Aminah (", form.initial["section-penjamin"])
        self.assertEqual(form.initial["section-dasar"], "")  # no source: left for the PK
        self.assertEqual(form.initial["version"], 1)
        self.assertContains(response, "Filled in from the system")
        self.assertContains(response, "Dasar hukum, surat permintaan, tujuan penelitian.")  # the template's help
        self.assertContains(response, "Required sections still empty:")
        self.assertContains(response, 'name="version"')

    def test_saving_starts_the_draft_and_the_saved_text_wins_over_the_offer(self):
        request = self.flow_to("gathering")
        self.client.force_login(self.olivia)
        response = self.client.post(self.url(request), self.posted(request, version=1, identitas="Data dari wawancara"))
        self.assertRedirects(response, self.url(request))
        request.refresh_from_db()
        self.assertEqual(request.state, State.DRAFT)
        report = LitmasReport.objects.get(request=request)
        self.assertEqual((report.content, report.version), ({"identitas": "Data dari wawancara"}, 2))
        response = self.client.get(self.url(request))
        form = response.context["form"]
        self.assertEqual(form.initial["section-identitas"], "Data dari wawancara")
        self.assertEqual(form.initial["section-perkara"], "")  # saved empty: not filled again unasked
        self.assertContains(response, "?prefill=1")
        form = self.client.get(self.url(request) + "?prefill=1").context["form"]
        self.assertEqual(form.initial["section-identitas"], "Data dari wawancara")  # what the PK wrote stays
        self.assertIn("Pasal 362 KUHP", form.initial["section-perkara"])

    def test_a_second_save_of_the_same_draft_is_refused_and_keeps_its_text(self):
        request = self.flow_to("gathering")
        first, second = Client(), Client()
        for browser in (first, second):
            browser.force_login(self.olivia)
            self.speak_english(browser)
            self.assertEqual(browser.get(self.url(request)).context["form"].initial["version"], 1)
        first.post(self.url(request), self.posted(request, version=1, analisis="Analisis pertama"))

        response = second.post(self.url(request), self.posted(request, version=1, analisis="Analisis kedua, panjang"))

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, STALE)
        self.assertContains(response, "Analisis kedua, panjang")
        self.assertEqual(LitmasReport.objects.get(request=request).content, {"analisis": "Analisis pertama"})

    def test_a_signed_report_is_read_only_with_the_reason(self):
        request = self.flow_to("approved")
        documents.report_sign(request=request, acting_user=self.olivia)
        self.client.force_login(self.olivia)
        response = self.client.get(self.url(request))
        self.assertContains(response, "The report cannot be edited now")
        self.assertNotContains(response, "<textarea")
        self.assertContains(response, "Isi Analisis")
        self.assertContains(response, reverse("litmas:document", args=[request.documents.get().pk]))

        response = self.client.post(self.url(request), self.posted(request, version=3, analisis="Ganti"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The report cannot be edited now")
        self.assertContains(response, "Ganti")  # kept in the form
        self.assertEqual(LitmasReport.objects.get(request=request).content["analisis"], "Isi Analisis")

    def test_who_sees_and_who_writes(self):
        request = self.flow_to("gathering")
        url = self.url(request)
        for user, status in ((self.oscar, 404), (self.pat, 404), (self.paula, 403), (self.kim, 403)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, status, user)
            self.assertIn(self.client.post(url, self.posted(request, version=1)).status_code, (403, 404), user)
        for user in (self.reggie, self.hana, self.sam):
            self.client.force_login(user)
            response = self.client.get(url)
            self.assertContains(response, "Only the PK assigned to this Litmas writes its report")
            self.assertNotContains(response, "<textarea")
            self.assertNotContains(response, "Siti Aminah")  # the offer is for the writer only
            self.assertEqual(self.client.post(url, self.posted(request, version=1, analisis="x")).status_code, 403)
        self.assertEqual(LitmasReport.objects.get(request=request).content, {})


class SignPageTestCase(ReportTestCase):
    def test_the_pk_signs_an_approved_report_from_the_page(self):
        request = self.flow_to("approved")
        self.client.force_login(self.olivia)
        self.assertContains(self.client.get(reverse("litmas:report", args=[request.pk])), "Sign and make the PDF")
        response = self.client.post(reverse("litmas:sign", args=[request.pk]), follow=True)
        self.assertContains(response, "The report was signed as 0001/LIT-BKD/2026 (version 1).")
        self.assertEqual(LitmasDocument.objects.get().request, request)

    def test_signing_is_refused_with_the_reason_before_approval(self):
        request = self.flow_to("board")
        self.client.force_login(self.olivia)
        self.assertNotContains(self.client.get(reverse("litmas:report", args=[request.pk])), "Sign and make the PDF")
        response = self.client.post(reverse("litmas:sign", args=[request.pk]), follow=True)
        self.assertContains(response, "Only a report approved by the case board can be signed")
        self.assertFalse(LitmasDocument.objects.exists())

    def test_others_cannot_sign(self):
        request = self.flow_to("approved")
        for user, status in ((self.oscar, 404), (self.reggie, 403), (self.hana, 403), (self.paula, 403)):
            self.client.force_login(user)
            self.assertEqual(self.client.post(reverse("litmas:sign", args=[request.pk])).status_code, status, user)
        self.client.force_login(self.olivia)
        confirmation = self.client.get(reverse("litmas:sign", args=[request.pk]))  # a page that asks first
        self.assertContains(confirmation, 'method="post"')
        self.assertFalse(LitmasDocument.objects.exists())


class DocumentPageTestCase(ReportTestCase):
    def setUp(self):
        super().setUp()
        self.request = self.flow_to("approved")
        self.document = documents.report_sign(request=self.request, acting_user=self.olivia)
        self.url = reverse("litmas:document", args=[self.document.pk])

    def test_whoever_sees_the_request_gets_the_pdf(self):
        for user in (self.olivia, self.hana, self.reggie, self.rita):
            self.client.force_login(user)
            response = self.client.get(self.url)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertEqual(b"".join(response.streaming_content), documents.verified_bytes(self.document))
            self.assertIn("litmas-0001-LIT-BKD-2026-v1.pdf", response["Content-Disposition"])

    def test_others_get_nothing(self):
        for user, status in ((self.oscar, 404), (self.pat, 404), (self.joko, 404), (self.paula, 403), (self.kim, 403)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, status, user)

    def test_an_altered_file_is_refused_with_a_clear_error(self):
        with open(self.document.pdf.path, "r+b") as handle:
            handle.seek(100)
            handle.write(b"X")
        self.client.force_login(self.olivia)
        with self.assertLogs("litmas.report_views", "ERROR"):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "no longer matches the file that was signed", status_code=409)

    def test_a_revised_report_keeps_its_signed_versions_downloadable(self):
        services.report_revise(request=self.request, acting_user=self.olivia, reason="Perbaiki")
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(self.url).status_code, 200)


class ChildReportTestCase(ReportTestCase):
    """A child's Litmas (UU 11/2012 SPPA): written and signed in the children's section, hidden from the adults'."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bella = make_user(
            "bella", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA, full_name="Bella"
        )

    def test_a_child_s_report_is_numbered_in_the_children_s_register_and_hidden_from_adults_staff(self):
        request = make_request(
            self.cirebon, by=self.rita, code="diversi", is_child=True, person_name="Andi", person_sex="L"
        )
        request = to_state(
            request, "approved", head=self.hana, section_head=self.hana, officer=self.bella, secretary=self.tess
        )
        self.client.force_login(self.bella)
        response = self.client.post(reverse("litmas:sign", args=[request.pk]), follow=True)
        self.assertContains(response, "The report was signed as 0001/LIT-BKA/2026 (version 1).")
        document = LitmasDocument.objects.get(request=request)
        for user in (self.sam, self.olivia):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("litmas:report", args=[request.pk])).status_code, 404, user)
            self.assertEqual(self.client.get(reverse("litmas:document", args=[document.pk])).status_code, 404, user)
        self.client.force_login(self.hana)
        self.assertEqual(self.client.get(reverse("litmas:document", args=[document.pk])).status_code, 200)
