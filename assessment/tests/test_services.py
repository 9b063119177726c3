"""The assessment's services: a draft saved, finalised into a fixed result, refused when incomplete, stale or
final; the instruments' rules (cut-offs, versions in use never edited); the latest risk category by client."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from assessment import selectors, services
from assessment.codes import Category, Status
from assessment.models import Answer, Instrument, InstrumentDomain, Item, Option
from assessment.tests.base import AssessmentTestCase, answers_at, fill, final_assessment
from audit.models import AuditEvent
from clients.tests.factories import make_client


class DraftAndFinaliseTestCase(AssessmentTestCase):
    def setUp(self):
        translation.activate("en")

    def start(self, **kwargs):
        return services.assessment_start(
            client=self.budi, instrument=self.instrument, acting_user=self.olivia, **kwargs
        )

    def test_a_complete_draft_is_finalised_with_its_score_and_category(self):
        draft = self.start()
        self.assertEqual(
            (draft.status, draft.assessor, draft.episode), (Status.DRAFT, self.olivia, self.budi.current_episode)
        )
        self.assertEqual(draft.office, self.cirebon)
        draft = fill(draft, self.olivia, answers_at(self.instrument, 1))
        final = services.assessment_finalise(assessment=draft, acting_user=self.olivia, expected_version=draft.version)
        final.refresh_from_db()
        self.assertEqual(final.status, Status.FINAL)
        # Every question at its second option: 24 of the sample's 40 points (the optional question too).
        self.assertEqual(final.total_score, 24)
        self.assertEqual(final.category, Category.MEDIUM)
        self.assertEqual(sum(final.domain_scores.values()), 24)
        self.assertEqual(len(final.domain_scores), 10)
        events = AuditEvent.objects.filter(object_id=str(final.pk), action__startswith="assessment.")
        actions = list(events.values_list("action", flat=True))
        self.assertEqual(sorted(actions), ["assessment.finalised", "assessment.saved", "assessment.started"])

    def test_the_categories_follow_the_sample_cutoffs(self):
        self.assertEqual(final_assessment(self.budi, self.olivia, level=0).category, Category.LOW)
        self.assertEqual(final_assessment(self.budi, self.olivia, level=2).category, Category.HIGH)

    def test_finalising_names_the_unanswered_required_questions(self):
        answers = answers_at(self.instrument, 0)
        first_items = [i for d in selectors.instrument_structure(self.instrument) for i in d.items.all()]
        for item in first_items[:2]:
            del answers[item.pk]
        draft = fill(self.start(), self.olivia, answers)
        with self.assertRaises(ValidationError) as caught:
            services.assessment_finalise(assessment=draft, acting_user=self.olivia, expected_version=draft.version)
        message = " ".join(caught.exception.messages)
        self.assertIn(
            "Not answered: 1.1 Jumlah putusan pidana sebelumnya; 1.2 Usia saat pertama kali dipidana.", message
        )
        draft.refresh_from_db()
        self.assertEqual((draft.status, draft.total_score, draft.category), (Status.DRAFT, None, ""))

    def test_every_refusal_is_given_at_once(self):
        draft = fill(self.start(), self.olivia, {}, sources=(), consent=False)
        with self.assertRaises(ValidationError) as caught:
            services.assessment_finalise(assessment=draft, acting_user=self.olivia, expected_version=draft.version)
        self.assertEqual(len(caught.exception.messages), 3)

    def test_an_optional_question_may_stay_unanswered(self):
        answers = answers_at(self.instrument, 0)
        optional = Item.objects.get(domain__instrument=self.instrument, required=False)
        del answers[optional.pk]
        draft = fill(self.start(), self.olivia, answers)
        final = services.assessment_finalise(assessment=draft, acting_user=self.olivia, expected_version=draft.version)
        self.assertEqual((final.total_score, final.category), (0, Category.LOW))

    def test_finalising_needs_a_source_and_consent(self):
        draft = fill(self.start(), self.olivia, answers_at(self.instrument, 0), sources=(), consent=False)
        with self.assertRaises(ValidationError) as caught:
            services.assessment_finalise(assessment=draft, acting_user=self.olivia, expected_version=draft.version)
        self.assertEqual(
            caught.exception.messages,
            ["Record at least one verification source.", "Record the client's informed consent."],
        )

    def test_a_final_assessment_is_never_changed(self):
        final = final_assessment(self.budi, self.olivia)
        with self.assertRaisesMessage(ValidationError, "is final"):
            fill(final, self.olivia, answers_at(self.instrument, 2))
        with self.assertRaisesMessage(ValidationError, "is final"):
            services.assessment_finalise(assessment=final, acting_user=self.olivia, expected_version=final.version)
        final.refresh_from_db()
        self.assertEqual((final.total_score, final.category), (0, Category.LOW))
        self.assertEqual(set(Answer.objects.filter(assessment=final).values_list("option__score", flat=True)), {0})

    def test_a_stale_form_is_refused(self):
        draft = self.start()
        fill(draft, self.olivia, {})
        with self.assertRaisesMessage(ValidationError, "changed by someone else"):
            fill(draft, self.sam, answers_at(self.instrument, 1))  # still carries version 1

    def test_the_date_cannot_be_in_the_future(self):
        with self.assertRaisesMessage(ValidationError, "cannot be in the future"):
            self.start(assessed_on=self.TODAY + datetime.timedelta(days=1))
        draft = self.start()
        with self.assertRaisesMessage(ValidationError, "cannot be in the future"):
            fill(draft, self.olivia, {}, assessed_on=self.TODAY + datetime.timedelta(days=1))

    def test_another_source_needs_a_note_and_unknown_sources_are_refused(self):
        draft = self.start()
        with self.assertRaisesMessage(ValidationError, "Say which other source"):
            fill(draft, self.olivia, {}, sources=("lain",))
        with self.assertRaisesMessage(ValidationError, "Unknown verification source"):
            fill(draft, self.olivia, {}, sources=("rumor",))

    def test_an_option_of_another_instrument_is_refused(self):
        other = services.instrument_new_version(instrument=self.instrument, acting_user=None)
        option = Option.objects.filter(item__domain__instrument=other).first()
        item = Item.objects.filter(domain__instrument=self.instrument).first()
        with self.assertRaisesMessage(ValidationError, "does not belong"):
            fill(self.start(), self.olivia, {item.pk: option.pk})

    def test_an_inactive_instrument_is_not_offered(self):
        Instrument.objects.filter(pk=self.instrument.pk).update(active=False)
        self.instrument.refresh_from_db()
        with self.assertRaisesMessage(ValidationError, "not offered"):
            self.start()
        self.assertNotIn(self.instrument, selectors.instruments_offered())

    def test_a_child_clients_assessment_is_a_childs_record(self):
        child = make_client(self.cirebon, program="PB_ANAK", name="Andi")
        assessment = services.assessment_start(client=child, instrument=self.instrument, acting_user=self.hana)
        self.assertTrue(assessment.is_child)
        self.assertTrue(AuditEvent.objects.get(action="assessment.started", object_id=str(assessment.pk)).restricted)


class InstrumentRulesTestCase(AssessmentTestCase):
    def make_instrument(self, *, low_max, medium_max, scores=(0, 1, 2)):
        instrument = Instrument.objects.create(
            code="UJI",
            name="Uji",
            version=1,
            valid_from=datetime.date(2026, 1, 1),
            low_max=low_max,
            medium_max=medium_max,
        )
        domain = InstrumentDomain.objects.create(instrument=instrument, code="d", name="Domain", order=1)
        item = Item.objects.create(domain=domain, text="Q", order=1)
        for n, score in enumerate(scores):
            Option.objects.create(item=item, label=str(score), score=score, order=n)
        return instrument

    def test_the_database_refuses_cutoffs_that_do_not_increase(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Instrument.objects.create(code="X", name="X", valid_from=self.TODAY, low_max=5, medium_max=5)

    def test_cutoffs_that_leave_high_unreachable_keep_the_instrument_from_use(self):
        instrument = self.make_instrument(low_max=0, medium_max=2)  # the highest total is 2
        with translation.override("en"):
            problems = selectors.instrument_problems(instrument)
            self.assertEqual(problems, ["The medium cut-off (2) must be below the highest possible score (2)."])
            with self.assertRaisesMessage(ValidationError, "below the highest possible score"):
                services.assessment_start(client=self.budi, instrument=instrument, acting_user=self.olivia)
        instrument.delete()
        self.assertEqual(
            selectors.instrument_problems(self.make_instrument(low_max=0, medium_max=1, scores=(0, 3))), []
        )

    def test_the_sample_is_usable_and_labelled(self):
        self.assertEqual(selectors.instrument_problems(self.instrument), [])
        self.assertTrue(self.instrument.is_sample)
        self.assertIn("bukan bobot resmi RRI", self.instrument.notes)
        domains = selectors.instrument_structure(self.instrument)
        self.assertEqual(len(domains), 10)
        self.assertTrue(all(2 <= len(d.items.all()) <= 3 for d in domains))

    def test_a_version_in_use_is_never_edited_and_a_new_version_copies_it(self):
        selectors.instrument_check_editable(self.instrument)  # not used yet
        final_assessment(self.budi, self.olivia)
        with self.assertRaisesMessage(ValidationError, "already used by assessments"):
            selectors.instrument_check_editable(self.instrument)
        copy = services.instrument_new_version(instrument=self.instrument, acting_user=self.nadia)
        self.assertEqual((copy.code, copy.version, copy.active, copy.is_sample), (self.instrument.code, 2, False, True))
        self.assertEqual(
            Option.objects.filter(item__domain__instrument=copy).count(),
            Option.objects.filter(item__domain__instrument=self.instrument).count(),
        )
        selectors.instrument_check_editable(copy)
        self.assertTrue(AuditEvent.objects.filter(action="instrument.versioned").exists())


class LatestRiskTestCase(AssessmentTestCase):
    def test_the_latest_final_risk_assessment_of_each_client_in_one_query(self):
        eko = make_client(self.cirebon, officer=self.olivia, name="Eko")
        sari = make_client(self.cirebon, officer=self.olivia, name="Sari")
        old = final_assessment(self.budi, self.olivia, level=2)
        old.__class__.objects.filter(pk=old.pk).update(assessed_on=self.TODAY - datetime.timedelta(days=30))
        final_assessment(self.budi, self.olivia, level=0)
        final_assessment(eko, self.olivia, level=2)
        services.assessment_start(client=sari, instrument=self.instrument, acting_user=self.olivia)  # a draft only
        with self.assertNumQueries(1):
            latest = selectors.latest_risk_by_client([self.budi.pk, eko.pk, sari.pk])
        self.assertEqual(latest, {self.budi.pk: "low", eko.pk: "high"})
        with self.assertNumQueries(0):
            self.assertEqual(selectors.latest_risk_by_client([]), {})
