"""Two imports of the same file at the same moment, each on its own connection (bapas.test.Race).

On PostgreSQL both imports check their rows before either writes (they meet at `registrations_save`), so the
unique NIK decides: the loser's transaction saves nothing and its result says the register changed, to import the
file again. On SQLite the imports take turns and the second finds the client already registered. Either way the
person is registered once, with one episode.
"""

from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase
from clients import importing
from clients.models import Client, ProgramEpisode
from clients.tests.test_import import csv_file, person


class ImportRaceTestCase(TransactionBaseTestCase):
    def test_the_same_file_imported_twice_at_once_registers_each_person_once(self):
        rows = [person(1), person(2)]

        def run_import():
            upload = csv_file(rows)
            return importing.import_rows(
                importing.parse_upload(upload), office=self.cirebon, acting_user=self.rita, filename=upload.name
            )

        race = Race(meet_at="clients.services.registrations_save")
        first, second = race.run(run_import, run_import)

        self.assertEqual(Client.objects.count(), 2)
        self.assertEqual(ProgramEpisode.objects.count(), 2)
        self.assertEqual(AuditEvent.objects.filter(action="client.registered").count(), 2)
        results = sorted([first, second], key=lambda result: len(result.registered), reverse=True)
        self.assertTrue(all(isinstance(result, importing.ImportResult) for result in results), results)
        winner, loser = results
        self.assertEqual(len(winner.registered), 2)
        self.assertEqual(loser.registered, [])
        if race.concurrent:
            self.assertEqual(sorted(type(e).__name__ for e in race.raised), ["IntegrityError", "NoneType"])
            self.assertIn("The register changed", " ".join(str(error.message) for error in loser.errors))
            self.assertEqual(AuditEvent.objects.filter(action="client.import").count(), 1)
        else:  # the second import read the register after the first committed: both rows already there
            self.assertEqual(loser.errors, [])
            self.assertEqual([row.client_id for row in loser.skipped], [row.client_id for row in winner.registered])
