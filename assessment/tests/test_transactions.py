"""The assessment's write paths committed for real (no test transaction): started, saved and finalised through the
pages as the server runs them; and two users saving the same draft at once (the second refused as stale)."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment import services
from assessment.codes import Status
from assessment.models import Assessment
from assessment.tests.base import answers_at, fill, sample
from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase
from clients.tests.factories import make_client


class AssessmentWritePathsTestCase(TransactionBaseTestCase):
    def post(self, user, url, data, status=302):
        self.client.force_login(user)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, status, response.content[:3000])
        return response

    def test_start_save_and_finalise_through_the_pages(self):
        budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        instrument = sample()
        self.post(self.olivia, reverse("assessment:start", args=[budi.pk]), {"instrument": instrument.pk})
        assessment = Assessment.objects.get(client=budi)
        sheet = {
            "version": assessment.version,
            "assessed_on": self.TODAY.isoformat(),
            "sources": ["putusan"],
            "sources_note": "",
            "consent": "on",
            "finalise": "1",
            **{f"item_{item}": option for item, option in answers_at(instrument, 1).items()},
        }
        self.post(self.olivia, reverse("assessment:fill", args=[assessment.pk]), sheet)
        assessment.refresh_from_db()
        self.assertEqual((assessment.status, assessment.category), (Status.FINAL, "medium"))
        actions = set(AuditEvent.objects.filter(action__startswith="assessment.").values_list("action", flat=True))
        self.assertEqual(actions, {"assessment.started", "assessment.saved", "assessment.finalised"})

    def test_finalise_outside_a_test_transaction(self):
        budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        draft = services.assessment_start(client=budi, instrument=sample(), acting_user=self.olivia)
        draft = fill(draft, self.olivia, answers_at(sample(), 0))
        final = services.assessment_finalise(assessment=draft, acting_user=self.olivia, expected_version=draft.version)
        self.assertEqual(Assessment.objects.get(pk=final.pk).status, Status.FINAL)

    def test_two_users_saving_the_same_draft_at_once(self):
        budi = make_client(self.cirebon, officer=self.olivia, name="Budi Santoso")
        draft = services.assessment_start(client=budi, instrument=sample(), acting_user=self.olivia)
        race = Race()
        outcomes = race.run(
            lambda: fill(draft, self.olivia, answers_at(sample(), 0)),
            lambda: fill(draft, self.sam, answers_at(sample(), 2)),
        )
        saved = [o for o in outcomes if isinstance(o, Assessment)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(saved), len(refused)), (1, 1), outcomes)
        self.assertIn("changed by someone else", " ".join(refused[0].messages))
        self.assertEqual(Assessment.objects.get(pk=draft.pk).version, 2)
        self.assertEqual(AuditEvent.objects.filter(action="assessment.saved").count(), 1)
