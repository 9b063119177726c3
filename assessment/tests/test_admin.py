"""The instruments in the admin (national administrators): a version some assessment used is read-only, and no
question can be added to it; an unused version is edited freely."""

from django.urls import reverse

from assessment.admin import ItemForm
from assessment.models import Instrument, InstrumentDomain
from assessment.tests.base import AssessmentTestCase, final_assessment


class InstrumentAdminTestCase(AssessmentTestCase):
    def setUp(self):
        self.speak_english()
        self.client.force_login(self.nadia)

    def change(self, instrument, **fields):
        url = reverse("admin:assessment_instrument_change", args=[instrument.pk])
        data = {
            "code": instrument.code,
            "name": instrument.name,
            "version": instrument.version,
            "kind": instrument.kind,
            "is_sample": "on" if instrument.is_sample else "",
            "valid_from": instrument.valid_from.isoformat(),
            "active": "on",
            "low_max": instrument.low_max,
            "medium_max": instrument.medium_max,
            "notes": instrument.notes,
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
            **fields,
        }
        return self.client.post(url, data)

    def test_an_unused_version_is_edited(self):
        response = self.change(self.instrument, name="Contoh yang diubah")
        self.assertEqual(response.status_code, 302)
        self.instrument.refresh_from_db()
        self.assertEqual(self.instrument.name, "Contoh yang diubah")

    def test_a_version_in_use_is_read_only(self):
        final_assessment(self.budi, self.olivia)
        page = self.client.get(reverse("admin:assessment_instrument_change", args=[self.instrument.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="low_max"')
        self.assertEqual(self.change(self.instrument, low_max=1).status_code, 403)
        self.instrument.refresh_from_db()
        self.assertEqual(self.instrument.low_max, 12)

    def test_no_question_is_added_to_a_version_in_use(self):
        domain = InstrumentDomain.objects.filter(instrument=self.instrument).first()
        data = {"domain": domain.pk, "text": "Pertanyaan baru", "order": 9, "required": "on"}
        self.assertTrue(ItemForm(data).is_valid())
        final_assessment(self.budi, self.olivia)
        form = ItemForm(data)
        self.assertFalse(form.is_valid())
        self.assertIn("already used by assessments", str(form.errors))

    def test_copy_as_a_new_version(self):
        final_assessment(self.budi, self.olivia)
        response = self.client.post(
            reverse("admin:assessment_instrument_changelist"),
            {"action": "copy_as_new_version", "_selected_action": [self.instrument.pk]},
        )
        self.assertEqual(response.status_code, 302)
        copy = Instrument.objects.get(code=self.instrument.code, version=2)
        self.assertFalse(copy.active)
        self.assertEqual(self.change(copy, name="Versi kedua").status_code, 302)
