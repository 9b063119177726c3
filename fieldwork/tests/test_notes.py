"""Case notes are append-only: a correction is a new note naming the old one."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from clients.tests.factories import make_client
from fieldwork import services
from fieldwork.models import CaseNote, CaseNoteIsAppendOnly
from fieldwork.tests.base import FieldworkTestCase, errors_of


class CaseNoteTestCase(FieldworkTestCase):
    def add(self, **overrides):
        fields = {"episode": self.episode, "acting_user": self.olivia, "body": "Klien menelepon: pindah kerja."}
        fields.update(overrides)
        return services.case_note_add(**fields)

    def test_it_adds_a_note_with_an_audit_row(self):
        note = self.add(category=CaseNote.Category.WORK)
        self.assertEqual(note.written_by, self.olivia)
        self.assertEqual(note.office, self.cirebon)
        event = AuditEvent.objects.get(action="case_note.added")
        self.assertEqual(event.object_id, str(note.pk))
        self.assertEqual(
            event.data, {"client": self.budi.pk, "episode": self.episode.pk, "category": "pekerjaan", "corrects": None}
        )

    def test_a_correction_is_a_new_note_and_the_old_one_stays(self):
        old = self.add(body="Klien bekerja di Indramayu.")
        fix = self.add(body="Koreksi: klien bekerja di Majalengka.", corrects=old)
        old.refresh_from_db()
        self.assertEqual(old.body, "Klien bekerja di Indramayu.")
        self.assertEqual(list(old.corrections.all()), [fix])
        self.assertEqual(AuditEvent.objects.get(action="case_note.corrected").data["corrects"], old.pk)

    def test_notes_cannot_be_changed_or_deleted(self):
        note = self.add()
        note.body = "diubah"
        with self.assertRaises(CaseNoteIsAppendOnly):
            note.save()
        with self.assertRaises(CaseNoteIsAppendOnly):
            CaseNote.objects.filter(pk=note.pk).update(body="diubah")
        with self.assertRaises(CaseNoteIsAppendOnly):
            note.delete()
        with self.assertRaises(CaseNoteIsAppendOnly):
            CaseNote.objects.all().delete()

    def test_it_refuses_an_empty_note_and_a_correction_of_another_clients_note(self):
        other = make_client(self.cirebon, officer=self.olivia)
        foreign = self.add(episode=other.current_episode)
        for overrides, field, message in [
            ({"body": "  "}, "body", "Write the note"),
            ({"corrects": foreign}, "corrects", "same client"),
            ({"category": "gosip"}, "category", "from the list"),
            ({"acting_user": self.pat}, "__all__", "not in your caseload"),
        ]:
            with self.subTest(field=field):
                before = (CaseNote.objects.count(), AuditEvent.objects.count())
                with self.assertRaises(ValidationError) as ctx:
                    self.add(**overrides)
                self.assertIn(message, " ".join(errors_of(ctx.exception)[field]))
                self.assertEqual((CaseNote.objects.count(), AuditEvent.objects.count()), before)


class CaseNotePageTestCase(FieldworkTestCase):
    def test_the_pk_adds_a_note_and_lands_on_the_log(self):
        self.client.force_login(self.olivia)
        url = reverse("fieldwork:note_create", args=[self.budi.pk])
        response = self.client.post(url, {"category": "", "body": "Istri klien melapor klien sakit."})
        self.assertRedirects(response, reverse("fieldwork:client_log", args=[self.budi.pk]))
        self.assertEqual(CaseNote.objects.get().body, "Istri klien melapor klien sakit.")

    def test_the_pk_corrects_a_note_from_the_log(self):
        old = services.case_note_add(episode=self.episode, acting_user=self.olivia, body="Salah tulis.")
        self.client.force_login(self.olivia)
        log = self.client.get(reverse("fieldwork:client_log", args=[self.budi.pk]))
        correct_url = f"{reverse('fieldwork:note_create', args=[self.budi.pk])}?corrects={old.pk}"
        self.assertContains(log, correct_url)
        page = self.client.get(correct_url)
        self.assertContains(page, "Salah tulis.")
        self.client.post(correct_url, {"category": "", "body": "Yang benar: ..."})
        self.assertEqual(CaseNote.objects.get(corrects=old).body, "Yang benar: ...")
        log = self.client.get(reverse("fieldwork:client_log", args=[self.budi.pk]))
        self.assertContains(log, "corrected by a later note")
        self.assertNotContains(log, correct_url)

    def test_a_note_of_another_client_cannot_be_named_as_corrected(self):
        other = make_client(self.cirebon, officer=self.olivia)
        foreign = services.case_note_add(episode=other.current_episode, acting_user=self.olivia, body="Lain.")
        self.client.force_login(self.olivia)
        url = f"{reverse('fieldwork:note_create', args=[self.budi.pk])}?corrects={foreign.pk}"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"body": "x"}).status_code, 404)

    def test_outsiders_get_404_and_read_only_roles_403(self):
        url = reverse("fieldwork:note_create", args=[self.budi.pk])
        for user, status in [(self.pat, 404), (self.alan, 404), (self.reggie, 403), (self.paula, 403)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url, {"body": "x"}).status_code, status)
        self.assertFalse(CaseNote.objects.exists())
