"""Django admin shows field work read-only, without children's records."""

from fieldwork import services
from fieldwork.tests.base import D, FieldworkTestCase


class FieldworkAdminTestCase(FieldworkTestCase):
    def test_the_national_administrator_reads_but_cannot_change(self):
        note = services.case_note_add(episode=self.episode, acting_user=self.olivia, body="Catatan admin.")
        services.home_visit_record(
            episode=self.episode, acting_user=self.olivia, visited_on=D(2025, 9, 1), purpose="bimbingan", findings="-"
        )
        services.guidance_activity_record(
            acting_user=self.olivia,
            kind="individu",
            held_on=D(2025, 9, 1),
            guidance_type="keagamaan",
            topic="Kajian",
            place="Kantor",
            participants=[services.Participant(episode=self.episode)],
        )
        self.client.force_login(self.nadia)
        for model in ("homevisit", "guidanceactivity", "casenote"):
            with self.subTest(model=model):
                self.assertEqual(self.client.get(f"/admin/fieldwork/{model}/").status_code, 200)
                self.assertEqual(self.client.get(f"/admin/fieldwork/{model}/add/").status_code, 403)
        self.assertContains(self.client.get(f"/admin/fieldwork/casenote/{note.pk}/change/"), "Catatan admin.")
