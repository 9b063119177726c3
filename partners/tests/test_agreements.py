import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from lib import private_files
from partners import services
from partners.codes import ServiceField
from partners.models import Agreement, Partner
from partners.tests.base import PartnersTestCase
from partners.tests.factories import PDF_BYTES, make_agreement, make_partner


def pdf(name="pks.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class AgreementCreateTestCase(PartnersTestCase):
    def setUp(self):
        super().setUp()
        self.today = timezone.localdate()
        self.partner = make_partner(
            self.cirebon, status=Partner.Status.VERIFIED, fields=[ServiceField.LEGAL_AID, ServiceField.SOCIAL]
        )

    def _fields(self, **overrides):
        data = {
            "number_office": "W11.PAS.PAS5-PK.01.05-12",
            "number_partner": "017/LBH/2026",
            "signed_on": self.today - datetime.timedelta(days=3),
            "occasion": "Rapat evaluasi Pokmas Lipas 2026",
            "office_signatory": "Kepala Bapas Uji",
            "partner_signatory": "Direktur LBH",
            "witness": "Kadiv Pemasyarakatan",
            "starts_on": self.today - datetime.timedelta(days=3),
            "ends_on": self.today + datetime.timedelta(days=3 * 365),
            "note": "",
        }
        data.update(overrides)
        return data

    def _create(self, document=None, scope=(ServiceField.LEGAL_AID,), **overrides):
        return services.agreement_create(
            partner=self.partner,
            acting_user=self.hana,
            scope=list(scope),
            document=document if document is not None else pdf(),
            **self._fields(**overrides),
        )

    def _refused(self, **kwargs) -> dict:
        with self.assertRaises(ValidationError) as caught:
            self._create(**kwargs)
        self.assertFalse(Agreement.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action__startswith="agreement.").exists())
        return caught.exception.message_dict

    def test_it_records_the_agreement_its_scope_and_its_pdf(self):
        agreement = self._create(document=pdf("C:\\scan\\PKS LBH.pdf"))
        self.assertEqual([s.field for s in agreement.scope.all()], ["hukum"])
        self.assertEqual(agreement.document_name, "PKS LBH.pdf")
        self.assertTrue(agreement.document.name.startswith(f"agreements/{self.cirebon.pk}/"))
        self.assertTrue(agreement.document.name.endswith(".pdf"))
        with agreement.document.open("rb") as stored:
            self.assertEqual(stored.read(), PDF_BYTES)
        self.partner.refresh_from_db()
        self.assertEqual(self.partner.joined_on, agreement.signed_on)
        event = AuditEvent.objects.get(action="agreement.created")
        self.assertEqual(event.changes["scope"], [[], ["hukum"]])
        self.assertEqual(event.changes["number_office"], [None, "W11.PAS.PAS5-PK.01.05-12"])
        self.assertEqual(event.data["document"], "PKS LBH.pdf")

    def test_it_refuses_a_file_that_is_not_a_pdf(self):
        errors = self._refused(document=pdf("pks.pdf", b"<html>not a pdf</html>"))
        self.assertEqual(errors["document"], ["The document must be a PDF file."])

    def test_it_refuses_an_oversized_file(self):
        big = pdf(content=PDF_BYTES + b"0" * (private_files.PDF_MAX_BYTES + 1))
        errors = self._refused(document=big)
        self.assertEqual(errors["document"], ["The file is larger than 10 MB."])

    def test_it_refuses_a_pdf_with_a_wrong_extension_or_content_type(self):
        for upload in (pdf("pks.exe"), pdf("pks.docx"), pdf("pks.pdf", content_type="text/html")):
            with self.subTest(name=upload.name, content_type=upload.content_type):
                errors = self._refused(document=upload)
                self.assertEqual(errors["document"], ["The document must be a PDF file."])

    def test_it_refuses_a_missing_document_and_reports_every_problem_at_once(self):
        with self.assertRaises(ValidationError) as caught:
            services.agreement_create(
                partner=self.partner,
                acting_user=self.hana,
                scope=[ServiceField.EMPOWERMENT],
                document=None,
                **self._fields(
                    ends_on=self.today - datetime.timedelta(days=10), signed_on=self.today.replace(year=3000)
                ),
            )
        errors = caught.exception.message_dict
        self.assertEqual(errors["document"], ["Attach the signed agreement as a PDF file."])
        self.assertIn("does not offer Empowerment and economic", errors["scope"][0])
        self.assertEqual(errors["signed_on"], ["The signing date cannot be in the future."])
        self.assertIn("An agreement must end after it starts.", errors["__all__"])
        self.assertFalse(Agreement.objects.exists())

    def test_it_refuses_a_duplicate_number_and_an_ended_partner(self):
        self._create()
        with self.assertRaises(ValidationError) as caught:
            self._create()
        self.assertIn("The office already has an agreement with this number.", caught.exception.messages)
        self.partner.status = Partner.Status.ENDED
        self.partner.save(update_fields=["status"])
        with self.assertRaises(ValidationError) as caught:
            self._create(number_office="other")
        self.assertIn("has ended: it takes no new agreement", caught.exception.messages[0])
        self.assertEqual(Agreement.objects.count(), 1)

    def test_a_renewal_names_the_old_agreement_once(self):
        old = self._create()
        new = services.agreement_renew(
            agreement=old,
            acting_user=self.ada,
            scope=[ServiceField.LEGAL_AID, ServiceField.SOCIAL],
            document=pdf(),
            **self._fields(
                number_office="baru",
                starts_on=old.ends_on + datetime.timedelta(days=1),
                ends_on=old.ends_on.replace(year=old.ends_on.year + 3),
            ),
        )
        self.assertEqual(new.renews, old)
        self.assertEqual(AuditEvent.objects.get(action="agreement.renewed").data["renews"], old.pk)
        with self.assertRaises(ValidationError) as caught:
            services.agreement_renew(
                agreement=old, acting_user=self.ada, scope=["hukum"], document=pdf(), **self._fields(number_office="x")
            )
        self.assertEqual(caught.exception.message_dict["renews"], ["This agreement was already renewed by baru."])
        self.assertEqual(
            caught.exception.message_dict["starts_on"],
            [f"A renewal starts after the agreement it renews ({old.starts_on:%-d %B %Y})."],
        )

    def test_attaching_a_document_later_is_checked_and_audited(self):
        agreement = make_agreement(self.partner)
        with self.assertRaises(ValidationError) as caught:
            services.agreement_attach_document(agreement=agreement, acting_user=self.hana, document=pdf("a.txt"))
        self.assertEqual(caught.exception.message_dict, {"document": ["The document must be a PDF file."]})
        agreement.refresh_from_db()
        self.assertFalse(agreement.document)
        services.agreement_attach_document(agreement=agreement, acting_user=self.hana, document=pdf("scan.pdf"))
        agreement.refresh_from_db()
        self.assertEqual(agreement.document_name, "scan.pdf")
        event = AuditEvent.objects.get(action="agreement.document_attached")
        self.assertEqual(event.changes, {"document_name": ["", "scan.pdf"]})


class AgreementViewsTestCase(PartnersTestCase):
    def setUp(self):
        super().setUp()
        self.today = timezone.localdate()
        self.lbh_agreement = make_agreement(self.lbh, document=True)
        self.other = make_partner(self.cirebon, name="LPK Lain")
        self.other_agreement = make_agreement(self.other, document=True)

    def _post(self, user, partner, **overrides):
        data = {
            "number_office": "PKS-1",
            "number_partner": "",
            "signed_on": self.today.isoformat(),
            "occasion": "",
            "office_signatory": "Kepala",
            "partner_signatory": "Direktur",
            "witness": "",
            "starts_on": self.today.isoformat(),
            "ends_on": (self.today + datetime.timedelta(days=365)).isoformat(),
            "note": "",
            "scope": ["hukum"],
            "document": pdf(),
        }
        data.update(overrides)
        self.client.force_login(user)
        return self.client.post(reverse("partners:agreement_create", args=[partner.pk]), data)

    def test_the_head_uploads_an_agreement(self):
        response = self._post(self.hana, self.other)
        self.assertRedirects(response, reverse("partners:detail", args=[self.other.pk]))
        self.assertTrue(Agreement.objects.filter(number_office="PKS-1", partner=self.other).exists())

    def test_a_non_pdf_upload_is_refused_on_the_form_and_nothing_changes(self):
        response = self._post(self.hana, self.other, document=pdf("pks.pdf", b"GIF89a"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["document"], ["The document must be a PDF file."])
        self.assertFalse(Agreement.objects.filter(number_office="PKS-1").exists())

    def test_read_only_and_other_office_users_cannot_upload(self):
        self.assertEqual(self._post(self.reggie, self.other).status_code, 403)
        self.assertEqual(self._post(self.olivia, self.other).status_code, 403)
        self.assertEqual(self._post(self.joko, self.other).status_code, 404)
        self.assertFalse(Agreement.objects.filter(number_office="PKS-1").exists())

    def test_staff_download_the_pdf_with_an_audit_row(self):
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("partners:agreement_document", args=[self.other_agreement.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(b"".join(response.streaming_content), PDF_BYTES)
        self.assertTrue(AuditEvent.objects.filter(action="agreement.viewed", actor=self.olivia).exists())

    def test_a_partner_user_downloads_only_their_own_organisations_agreements(self):
        self.client.force_login(self.paula)
        own = self.client.get(reverse("partners:agreement_document", args=[self.lbh_agreement.pk]))
        self.assertEqual(own.status_code, 200)
        other = self.client.get(reverse("partners:agreement_document", args=[self.other_agreement.pk]))
        missing = self.client.get(reverse("partners:agreement_document", args=[999999]))
        self.assertEqual(other.status_code, 404)
        self.assertEqual(missing.status_code, 404)

    def test_an_agreement_without_a_document_answers_404(self):
        bare = make_agreement(self.other)
        self.client.force_login(self.hana)
        self.assertEqual(self.client.get(reverse("partners:agreement_document", args=[bare.pk])).status_code, 404)
