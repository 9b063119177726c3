"""`attach_users`: the people of many rows from one read, cached as `select_related` would have."""

from accounts import selectors
from bapas.test import BaseTestCase
from clients.models import Assignment
from clients.tests.factories import make_client


class AttachUsersTestCase(BaseTestCase):
    def test_one_read_for_every_row_and_field_then_none(self):
        make_client(self.cirebon, officer=self.olivia, assistant=self.alan)
        make_client(self.cirebon, officer=self.olivia)
        first = Assignment.objects.order_by("pk").first()
        Assignment.objects.filter(pk=first.pk).update(assigned_by=None)
        expected = [(a.officer, a.assigned_by) for a in Assignment.objects.select_related("officer", "assigned_by")]
        rows = list(Assignment.objects.all())
        self.assertGreaterEqual(len(rows), 3)
        with self.assertNumQueries(1):
            selectors.attach_users((rows, ("officer", "assigned_by")), (rows[:1], ("officer",)))
        with self.assertNumQueries(0):
            self.assertEqual([(r.officer, r.assigned_by) for r in rows], expected)
            self.assertIn(self.alan, [r.officer for r in rows])
            self.assertIsNone(next(r for r in rows if r.pk == first.pk).assigned_by)
            self.assertEqual(rows[0].officer.nip, expected[0][0].nip)  # whole rows: nothing deferred

    def test_no_users_no_query(self):
        with self.assertNumQueries(0):
            selectors.attach_users(([], ("officer",)))
