"""Revocation and the window of KUHP Pasal 73(5): no revocation later than three months after probation
ends, unless the client was prosecuted within those three months."""

import datetime

import time_machine
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from clients.models import ProgramEpisode
from violations import selectors, services
from violations.models import Revocation, Violation
from violations.tests.base import JAKARTA, D, ViolationTestCase

# Probation ended on 31 August 2025; the window closes on 30 November 2025. Seen in January 2026.
LATER = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=JAKARTA)


class RevocationWindowTestCase(ViolationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        ProgramEpisode.objects.filter(pk=cls.episode.pk).update(ends_on=D(2025, 8, 31))
        cls.episode.refresh_from_db()

    def setUp(self):
        super().setUp()
        traveller = time_machine.travel(LATER, tick=False)
        traveller.start()
        self.addCleanup(traveller.stop)
        self.violation = self.responded(
            "usul_pencabutan", violation=self.reported(type="SU_TINDAK_PIDANA", occurred_on=D(2025, 8, 20))
        )

    def revoke(self, **fields):
        values = {
            "violation": self.violation,
            "acting_user": self.hana,
            "decree_number": "PAS-77.PK.05.09 Tahun 2025",
            "decree_date": D(2025, 11, 30),
            "decided_by": "Direktur Jenderal Pemasyarakatan",
            "returned_on": D(2025, 12, 3),
            "institution": "Lapas Kelas I Cirebon",
        }
        values.update(fields)
        return services.violation_revoke(**values)

    def assert_nothing_changed(self):
        self.assertFalse(Revocation.objects.exists())
        self.assertEqual(ProgramEpisode.objects.get(pk=self.episode.pk).status, "suspended")
        self.assertIsNone(Violation.objects.get(pk=self.violation.pk).closed_at)
        self.assertFalse(AuditEvent.objects.filter(action__in=["revocation.recorded", "episode.revoked"]).exists())

    def test_the_window_ends_three_months_after_probation(self):
        self.assertEqual(selectors.window_end(self.episode), D(2025, 11, 30))

    def test_a_revocation_is_seen_by_those_who_see_the_client(self):
        revocation = self.revoke()
        for user in (self.olivia, self.sam, self.hana, self.reggie):
            with self.subTest(user=user.username):
                self.assertEqual(list(Revocation.objects.visible_to(user)), [revocation])
        for user in (self.alan, self.pat, self.joko, self.kim):
            with self.subTest(user=user.username):
                self.assertFalse(Revocation.objects.visible_to(user).exists())

    def test_a_decree_inside_the_window_revokes(self):
        revocation = self.revoke()
        self.assertEqual(revocation.window_ends_on, D(2025, 11, 30))
        self.assertEqual(ProgramEpisode.objects.get(pk=self.episode.pk).status, "revoked")
        violation = Violation.objects.get(pk=self.violation.pk)
        self.assertEqual((violation.state, violation.closed_by), ("closed", self.hana))
        self.assertIn("PAS-77.PK.05.09 Tahun 2025", violation.closing_note)
        event = AuditEvent.objects.get(action="revocation.recorded")
        self.assertEqual(
            (event.actor, event.data["decree_date"], event.data["institution"]),
            (self.hana, "2025-11-30", "Lapas Kelas I Cirebon"),
        )
        self.assertTrue(
            AuditEvent.objects.filter(action="episode.revoked", changes__status=["suspended", "revoked"]).exists()
        )
        self.assertTrue(AuditEvent.objects.filter(action="violation.closed", object_id=str(violation.pk)).exists())

    def test_a_decree_after_the_window_is_refused_with_a_clear_message_and_changes_nothing(self):
        with self.assertRaises(ValidationError) as caught:
            self.revoke(decree_date=D(2025, 12, 1))
        self.assertEqual(
            caught.exception.message_dict,
            {
                "decree_date": [
                    "Pasal 73(5) KUHP: the guidance ended on 31 August 2025, so it can be revoked only until "
                    "30 November 2025. A decree of 1 December 2025 is too late, unless the client was prosecuted "
                    "within that period for an offence committed during probation: then record the date and "
                    "reference of the prosecution."
                ]
            },
        )
        self.assert_nothing_changed()

    def test_a_decree_after_the_window_revokes_when_prosecuted_within_it(self):
        revocation = self.revoke(
            decree_date=D(2026, 1, 5), prosecuted_on=D(2025, 11, 20), prosecution_reference="PDM-12/CRB/11/2025"
        )
        self.assertEqual(
            (revocation.prosecuted_on, revocation.prosecution_reference), (D(2025, 11, 20), "PDM-12/CRB/11/2025")
        )
        self.assertEqual(ProgramEpisode.objects.get(pk=self.episode.pk).status, "revoked")

    def test_a_prosecution_after_the_window_does_not_help(self):
        with self.assertRaises(ValidationError) as caught:
            self.revoke(decree_date=D(2026, 1, 5), prosecuted_on=D(2025, 12, 2), prosecution_reference="PDM-13")
        self.assertEqual(
            caught.exception.message_dict["prosecuted_on"],
            [
                "The prosecution must have started by 30 November 2025, within three months after probation ended "
                "(Pasal 73(5) KUHP); a later prosecution does not allow a revocation."
            ],
        )
        self.assert_nothing_changed()

    def test_a_prosecution_needs_its_reference(self):
        with self.assertRaises(ValidationError) as caught:
            self.revoke(decree_date=D(2026, 1, 5), prosecuted_on=D(2025, 11, 20))
        self.assertEqual(set(caught.exception.message_dict), {"prosecution_reference"})
        self.assert_nothing_changed()

    def test_a_revocation_needs_a_proposal_of_revocation(self):
        other = self.responded("teguran_tertulis", violation=self.reported(occurred_on=D(2025, 8, 21)))
        with self.assertRaisesMessage(ValidationError, "only after the response “proposal of revocation”"):
            self.revoke(violation=other)
        self.assert_nothing_changed()

    def test_a_second_revocation_is_refused(self):
        self.revoke()
        with self.assertRaisesMessage(ValidationError, "This violation is closed"):
            self.revoke()
