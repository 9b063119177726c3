"""The assessment's pages through their URLs: who sees and who fills, the answer sheet saved and finalised, the
client page's panel."""

import re

from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from assessment import services
from assessment.codes import Status
from assessment.models import Assessment
from assessment.tests.base import AssessmentTestCase, answers_at, final_assessment
from bapas.test import make_user
from clients import log
from clients.tests.factories import make_client


class PagesTestCase(AssessmentTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.bella = make_user("bella", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_MUDA)
        cls.bianca = make_user("bianca", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.andi = make_client(cls.cirebon, officer=cls.bella, program="PB_ANAK", name="Andi Kecil")

    def setUp(self):
        self.speak_english()

    def get(self, user, name, *args):
        self.client.force_login(user)
        return self.client.get(reverse(name, args=args))

    def post(self, user, name, *args, data=None):
        self.client.force_login(user)
        return self.client.post(reverse(name, args=args), data or {})

    def sheet(self, assessment, answers, **extra):
        data = {
            "version": assessment.version,
            "assessed_on": self.TODAY.isoformat(),
            "sources": ["putusan", "keluarga"],
            "sources_note": "",
            "consent": "on",
        }
        data.update({f"item_{item}": option for item, option in answers.items()})
        data.update(extra)
        return data

    def test_the_pk_starts_fills_and_finalises_an_assessment(self):
        response = self.post(self.olivia, "assessment:start", self.budi.pk, data={"instrument": self.instrument.pk})
        assessment = Assessment.objects.get(client=self.budi)
        self.assertRedirects(response, reverse("assessment:fill", args=[assessment.pk]))
        page = self.get(self.olivia, "assessment:fill", assessment.pk)
        self.assertContains(page, "Sample — not the official RRI weights")
        self.assertContains(page, "Riwayat pidana")
        self.assertEqual(len(re.findall(r'type="radio"', page.content.decode())), 61)

        answers = answers_at(self.instrument, 2)
        response = self.post(self.olivia, "assessment:fill", assessment.pk, data=self.sheet(assessment, answers))
        self.assertRedirects(response, reverse("assessment:fill", args=[assessment.pk]))
        assessment.refresh_from_db()
        self.assertEqual((assessment.status, assessment.sources), (Status.DRAFT, ["keluarga", "putusan"]))

        response = self.post(
            self.olivia, "assessment:fill", assessment.pk, data={**self.sheet(assessment, answers), "finalise": "1"}
        )
        self.assertRedirects(response, reverse("assessment:detail", args=[assessment.pk]))
        assessment.refresh_from_db()
        self.assertEqual((assessment.status, assessment.total_score, assessment.category), (Status.FINAL, 40, "high"))
        detail = self.get(self.olivia, "assessment:detail", assessment.pk)
        self.assertContains(detail, "High")
        # Final: the answer sheet is closed.
        self.assertRedirects(
            self.get(self.olivia, "assessment:fill", assessment.pk), reverse("assessment:detail", args=[assessment.pk])
        )
        response = self.post(self.olivia, "assessment:fill", assessment.pk, data=self.sheet(assessment, {}))
        assessment.refresh_from_db()
        self.assertEqual(assessment.total_score, 40)

    def test_finalising_an_incomplete_sheet_keeps_the_answers_and_names_what_is_missing(self):
        assessment = services.assessment_start(client=self.budi, instrument=self.instrument, acting_user=self.olivia)
        answers = answers_at(self.instrument, 0)
        answers.pop(next(iter(answers)))
        response = self.post(
            self.olivia, "assessment:fill", assessment.pk, data={**self.sheet(assessment, answers), "finalise": "1"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Not answered: 1.1 Jumlah putusan pidana sebelumnya.")
        assessment.refresh_from_db()
        self.assertEqual(assessment.status, Status.DRAFT)
        self.assertEqual(assessment.answers.count(), len(answers))
        # The form carries the saved row's version: the next save is not refused as stale.
        self.assertContains(response, f'name="version" value="{assessment.version}"')

    def test_a_second_user_saving_a_stale_sheet_is_refused_and_keeps_their_answers(self):
        assessment = services.assessment_start(client=self.budi, instrument=self.instrument, acting_user=self.olivia)
        stale = self.sheet(assessment, answers_at(self.instrument, 2))
        self.post(self.olivia, "assessment:fill", assessment.pk, data=self.sheet(assessment, {}))
        response = self.post(self.sam, "assessment:fill", assessment.pk, data=stale)
        self.assertContains(response, "changed by someone else")
        option = next(iter(answers_at(self.instrument, 2).values()))
        self.assertContains(response, f'value="{option}"')
        self.assertRegex(response.content.decode(), rf'value="{option}"[^>]*checked')
        self.assertEqual(assessment.answers.count(), 0)

    def test_a_future_date_is_refused_on_the_form(self):
        assessment = services.assessment_start(client=self.budi, instrument=self.instrument, acting_user=self.olivia)
        tomorrow = self.TODAY.replace(day=self.TODAY.day + 1).isoformat()
        response = self.post(
            self.olivia, "assessment:fill", assessment.pk, data=self.sheet(assessment, {}, assessed_on=tomorrow)
        )
        self.assertContains(response, "cannot be in the future")

    def test_another_pk_gets_404_and_a_partner_403(self):
        assessment = final_assessment(self.budi, self.olivia)
        for name in ("assessment:detail", "assessment:fill"):
            self.assertEqual(self.get(self.pat, name, assessment.pk).status_code, 404)
            self.assertEqual(self.get(self.paula, name, assessment.pk).status_code, 403)
            self.assertEqual(self.get(self.kim, name, assessment.pk).status_code, 403)
        self.assertEqual(self.get(self.pat, "assessment:list", self.budi.pk).status_code, 404)
        response = self.post(self.pat, "assessment:start", self.budi.pk, data={"instrument": self.instrument.pk})
        self.assertEqual(response.status_code, 404)

    def test_the_auditor_reads_but_gets_403_on_every_write(self):
        draft = services.assessment_start(client=self.budi, instrument=self.instrument, acting_user=self.olivia)
        self.assertEqual(self.get(self.reggie, "assessment:list", self.budi.pk).status_code, 200)
        self.assertEqual(self.get(self.reggie, "assessment:detail", draft.pk).status_code, 200)
        response = self.post(self.reggie, "assessment:start", self.budi.pk, data={"instrument": self.instrument.pk})
        self.assertEqual(response.status_code, 403)
        response = self.post(self.reggie, "assessment:fill", draft.pk, data=self.sheet(draft, {}, finalise="1"))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Assessment.objects.count(), 1)
        draft.refresh_from_db()
        self.assertEqual((draft.version, draft.status), (1, Status.DRAFT))

    def test_a_childs_assessments_only_for_the_childrens_section_and_the_head(self):
        assessment = final_assessment(self.andi, self.bella)
        for user in (self.bella, self.bianca, self.hana):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, "assessment:detail", assessment.pk).status_code, 200)
        for user in (self.sam, self.olivia, self.rita, self.tess, self.reggie, self.ada):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, "assessment:detail", assessment.pk).status_code, 404)
                self.assertEqual(self.get(user, "assessment:list", self.andi.pk).status_code, 404)

    def test_a_childs_assessment_stays_confidential_once_the_client_is_an_adult(self):
        assessment = final_assessment(self.andi, self.bella)
        Assessment.objects.filter(pk=assessment.pk).update(client=self.budi)  # as if the record moved on
        self.assertEqual(self.get(self.olivia, "assessment:detail", assessment.pk).status_code, 404)
        self.assertEqual(self.get(self.hana, "assessment:detail", assessment.pk).status_code, 200)

    def test_the_client_page_shows_the_latest_risk_category(self):
        page = self.get(self.olivia, "clients:detail", self.budi.pk)
        self.assertContains(page, "No final risk assessment yet")
        final_assessment(self.budi, self.olivia, level=2)
        page = self.get(self.olivia, "clients:detail", self.budi.pk)
        self.assertContains(page, "latest risk category")
        self.assertContains(page, '<b class="tag danger">High</b>', html=False)
        self.assertContains(page, reverse("assessment:list", args=[self.budi.pk]))

    def test_the_clients_log_lists_finalised_assessments(self):
        services.assessment_start(client=self.budi, instrument=self.instrument, acting_user=self.olivia)  # a draft
        final_assessment(self.budi, self.olivia, level=2)
        with self.assertNumQueries(1):
            entries = log.sources.get("assessment")(self.budi, self.olivia)
        self.assertEqual([(e.title, e.flagged) for e in entries], [("Assessment finalised: High (score 40)", True)])
        self.assertEqual(log.sources.get("assessment")(self.budi, self.pat), [])

    def test_the_list_offers_a_new_assessment_to_those_who_fill(self):
        final_assessment(self.budi, self.olivia)
        page = self.get(self.olivia, "assessment:list", self.budi.pk)
        self.assertContains(page, reverse("assessment:start", args=[self.budi.pk]))
        self.assertContains(page, "Low")
        page = self.get(self.hana, "assessment:list", self.budi.pk)
        self.assertNotContains(page, reverse("assessment:start", args=[self.budi.pk]))

    def test_start_accepts_only_post(self):
        self.assertEqual(self.get(self.olivia, "assessment:start", self.budi.pk).status_code, 405)
