"""The transactional test base cleans up after itself and leaves the audit table append-only."""

from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from bapas.test import TransactionBaseTestCase, reset_to_reference_data
from clients.models import RuleSet
from regions.models import Village


class ResetToReferenceDataTestCase(TransactionBaseTestCase):
    def test_rows_written_by_a_test_go_and_reference_data_stays(self):
        from audit import services as audit

        villages, rule_sets = Village.objects.count(), RuleSet.objects.count()
        with transaction.atomic():
            audit.record(actor=self.olivia, action="user.tested", obj=self.olivia, office=self.cirebon)
        reset_to_reference_data(connection)
        self.assertFalse(AuditEvent.objects.exists())
        self.assertFalse(type(self.olivia).objects.exists())
        self.assertEqual((Village.objects.count(), RuleSet.objects.count()), (villages, rule_sets))
        self.assertGreater(villages, 0)

    def test_the_audit_triggers_are_back_after_a_reset(self):
        from audit import services as audit

        reset_to_reference_data(connection)
        with transaction.atomic():
            audit.record(actor=None, action="ruleset.tested", obj=RuleSet.objects.first())
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        self.assertEqual(AuditEvent.objects.count(), 1)
