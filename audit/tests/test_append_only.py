from django.db import DatabaseError, connection, transaction

from audit import services as audit
from audit.models import AuditEvent, AuditTrailIsAppendOnly
from bapas.test import BaseTestCase


class AuditAppendOnlyTestCase(BaseTestCase):
    def setUp(self):
        with transaction.atomic():
            self.event = audit.record(
                actor=self.ada,
                action="account.updated",
                obj=self.olivia,
                office=self.cirebon,
                changes={"phone": ["", "0812"]},
            )

    def test_record_writes_actor_object_and_changes(self):
        self.event.refresh_from_db()
        self.assertEqual(self.event.actor, self.ada)
        self.assertEqual(self.event.object_id, str(self.olivia.pk))
        self.assertEqual(self.event.object_label, "Olivia Putri")
        self.assertEqual(self.event.changes, {"phone": ["", "0812"]})
        self.assertEqual(self.event.office, self.cirebon)

    def test_record_refuses_to_run_outside_a_transaction(self):
        # TestCase wraps each test in a transaction; leave it to see the guard.
        with mock_outside_atomic(), self.assertRaises(RuntimeError):
            audit.record(actor=self.ada, action="x", obj=self.olivia)

    def test_model_save_of_an_existing_row_is_refused(self):
        self.event.action = "tampered"
        with self.assertRaises(AuditTrailIsAppendOnly):
            self.event.save()
        self.event.refresh_from_db()
        self.assertEqual(self.event.action, "account.updated")

    def test_model_delete_is_refused(self):
        with self.assertRaises(AuditTrailIsAppendOnly):
            self.event.delete()
        self.assertTrue(AuditEvent.objects.filter(pk=self.event.pk).exists())

    def test_queryset_update_and_delete_are_refused(self):
        with self.assertRaises(AuditTrailIsAppendOnly):
            AuditEvent.objects.filter(pk=self.event.pk).update(action="tampered")
        with self.assertRaises(AuditTrailIsAppendOnly):
            AuditEvent.objects.all().delete()
        self.assertEqual(AuditEvent.objects.get(pk=self.event.pk).action, "account.updated")

    def test_raw_sql_update_is_refused_by_the_database(self):
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["tampered", self.event.pk])
        self.assertEqual(AuditEvent.objects.get(pk=self.event.pk).action, "account.updated")

    def test_raw_sql_delete_is_refused_by_the_database(self):
        with self.assertRaises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [self.event.pk])
        self.assertTrue(AuditEvent.objects.filter(pk=self.event.pk).exists())


class mock_outside_atomic:
    """Pretend no transaction is open, to reach the guard in audit.record()."""

    def __enter__(self):
        conn = transaction.get_connection()
        self._saved = conn.in_atomic_block
        conn.in_atomic_block = False
        return self

    def __exit__(self, *exc):
        transaction.get_connection().in_atomic_block = self._saved
        return False
