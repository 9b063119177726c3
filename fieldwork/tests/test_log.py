"""The client's log: every source in one list, newest first, filterable, paged, with a fixed query count."""

import datetime

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from bapas.test import make_user
from clients import log
from clients.tests.factories import make_client
from fieldwork import services
from fieldwork.tests.base import JAKARTA, D, FieldworkTestCase
from supervision.models import CheckIn


class ClientLogTestCase(FieldworkTestCase):
    def visit(self, day: datetime.date, findings: str = "Rumah rapi."):
        return services.home_visit_record(
            episode=self.episode, acting_user=self.olivia, visited_on=day, purpose="pengawasan", findings=findings
        )

    def session(self, day: datetime.date):
        return services.guidance_activity_record(
            acting_user=self.olivia,
            kind="individu",
            held_on=day,
            guidance_type="kesadaran_hukum",
            topic="Syarat PB",
            place="Kantor",
            participants=[services.Participant(episode=self.episode, progress="Paham.")],
        )

    def note(self, body: str = "Catatan."):
        return services.case_note_add(episode=self.episode, acting_user=self.olivia, body=body)

    def checkin(self, due_on: datetime.date, **fields):
        # Written directly: the schedule's rules are supervision's business, the log only shows the rows.
        fields.setdefault("outcome", CheckIn.Outcome.ATTENDED)
        if fields["outcome"] == CheckIn.Outcome.ATTENDED:
            fields.setdefault("location", self.cirebon_location)
            fields.setdefault("occurred_at", datetime.datetime.combine(due_on, datetime.time(9), JAKARTA))
        return CheckIn.objects.create(
            episode=self.episode, office=self.cirebon, due_on=due_on, recorded_by=self.olivia, **fields
        )

    def fill(self, n: int) -> None:
        for i in range(n):
            self.visit(D(2025, 7, 1 + i))
            self.session(D(2025, 8, 1 + i))
            self.note(f"Catatan {i}")

    def test_every_source_appears_newest_first(self):
        self.checkin(D(2025, 7, 10))
        self.checkin(D(2025, 8, 10), outcome=CheckIn.Outcome.MISSED, occurred_at=None)
        self.visit(D(2025, 8, 20), findings="Penjamin ditemui.")
        self.session(D(2025, 9, 1))
        self.note("Klien menelepon.")
        entries = log.entries(self.budi, self.olivia)
        kinds = [e.kind for e in entries]
        field = [k for k in kinds if k in ("note", "guidance", "home_visit", "checkin")]
        self.assertEqual(field, ["note", "guidance", "home_visit", "checkin", "checkin"])
        self.assertEqual(kinds.count("episode"), 1)
        self.assertEqual(kinds.count("assignment"), 1)
        self.assertIn("change", kinds)
        keys = [e.sort_key for e in entries]
        self.assertEqual(keys, sorted(keys, reverse=True))
        missed = [e for e in entries if e.kind == "checkin"][0]
        self.assertEqual(missed.title, "Reporting: Missed")
        self.assertTrue(missed.flagged)
        self.assertEqual(sorted(e.title for e in entries if e.kind == "change"), ["Case recorded", "Client registered"])
        visit = next(e for e in entries if e.kind == "home_visit")
        self.assertEqual(visit.title, "Home visit: Supervision")
        self.assertIn("Penjamin ditemui.", visit.detail)
        self.assertEqual(visit.actor, "Olivia Putri")

    def test_the_page_filters_by_kind_and_answers_htmx_with_the_results_only(self):
        self.visit(D(2025, 8, 20))
        self.note("Klien menelepon.")
        self.client.force_login(self.olivia)
        url = reverse("fieldwork:client_log", args=[self.budi.pk])
        page = self.client.get(url)
        self.assertTemplateUsed(page, "fieldwork/log.html")
        self.assertContains(page, "Klien menelepon.")
        self.assertContains(page, "Rumah rapi.")
        filtered = self.client.get(url, {"kind": ["home_visit"]}, headers={"HX-Request": "true"})
        self.assertTemplateUsed(filtered, "fieldwork/_log_results.html")
        self.assertTemplateNotUsed(filtered, "base.html")
        self.assertEqual([e.kind for e, _label in filtered.context["page"].object_list], ["home_visit"])
        self.assertNotContains(filtered, "Klien menelepon.")
        both = self.client.get(url, {"kind": ["home_visit", "note"]})
        self.assertEqual(sorted(e.kind for e, _label in both.context["page"].object_list), ["home_visit", "note"])

    def test_the_page_is_paged(self):
        for i in range(30):
            self.note(f"Catatan nomor {i}")
        self.client.force_login(self.olivia)
        url = reverse("fieldwork:client_log", args=[self.budi.pk])
        first = self.client.get(url, {"kind": "note"})
        self.assertEqual(len(first.context["page"].object_list), 25)
        self.assertContains(first, "page=2")
        second = self.client.get(url, {"kind": "note", "page": 2})
        self.assertEqual([e.detail for e, _l in second.context["page"].object_list][-1], "Catatan nomor 0")

    def count(self, url: str) -> int:
        self.client.get(url)  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_the_log_runs_a_fixed_number_of_queries(self):
        self.client.force_login(self.olivia)
        url = reverse("fieldwork:client_log", args=[self.budi.pk])
        self.fill(2)
        self.checkin(D(2025, 7, 10))
        few = self.count(url)
        self.fill(8)
        self.checkin(D(2025, 8, 10))
        self.checkin(D(2025, 9, 10))
        with self.assertNumQueries(few):
            self.client.get(url)
        # The sources of this app: episodes, assignments, check-ins, visits, sessions, notes, changes.
        with CaptureQueriesContext(connection) as ctx:
            log.entries(self.budi, self.olivia, kinds=["note"])
        fieldwork_tables = {"fieldwork_homevisit", "fieldwork_guidanceparticipant", "fieldwork_casenote"}
        ours = [q for q in ctx.captured_queries if any(f'FROM "{t}"' in q["sql"] for t in fieldwork_tables)]
        self.assertEqual(len(ours), 3)

    def test_the_client_page_shows_the_latest_entries_and_the_buttons(self):
        for i in range(12):
            self.note(f"Catatan nomor {i}")
        card = reverse("fieldwork:client_log_card", args=[self.budi.pk])
        self.client.force_login(self.olivia)
        page = self.client.get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertContains(page, f'hx-get="{card}"')  # the entries load after the page
        self.assertNotContains(page, "Catatan nomor 11")
        self.assertContains(page, reverse("fieldwork:home_visit_create", args=[self.budi.pk]))
        self.assertContains(page, reverse("fieldwork:guidance_create", args=[self.budi.pk]))
        self.assertContains(page, reverse("fieldwork:note_create", args=[self.budi.pk]))
        entries = self.client.get(card, headers={"HX-Request": "true"})
        self.assertContains(entries, "Catatan nomor 11")
        self.assertNotContains(entries, "Catatan nomor 1<")  # ten newest of twelve
        self.assertContains(entries, reverse("fieldwork:client_log", args=[self.budi.pk]))
        self.client.force_login(self.reggie)
        page = self.client.get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertNotContains(page, reverse("fieldwork:note_create", args=[self.budi.pk]))
        self.assertContains(self.client.get(card), "Catatan nomor 11")

    def test_a_childs_log_is_only_for_those_who_may_see_children(self):
        bka = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_MUDA)
        child = make_client(self.cirebon, officer=bka, program="DIVERSI")
        url = reverse("fieldwork:client_log", args=[child.pk])
        for user, status in [(bka, 200), (self.hana, 200), (self.sam, 404), (self.reggie, 404), (self.nadia, 404)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, status)

    def test_recorded_changes_read_as_words_not_action_codes(self):
        from clients import services as clients_services

        self.budi.refresh_from_db()
        clients_services.client_update(
            client=self.budi, acting_user=self.olivia, expected_version=self.budi.version, phone="081234567890"
        )
        changes = log.entries(self.budi, self.olivia, kinds=["change"])
        update = next(e for e in changes if e.title == "Personal data changed")
        self.assertEqual(update.detail, "Changed: phone")
        self.assertEqual(update.actor, "Olivia Putri")
        self.assertFalse(any("." in e.title for e in changes))

    def test_codes_without_a_log_title_read_as_the_audit_trail_phrase(self):
        # Issue 10, point 2: an episode suspended or revoked showed its raw code ("episode.suspended").
        from django.db import transaction

        from audit import services as audit

        with transaction.atomic():
            audit.record(actor=self.olivia, action="episode.suspended", obj=self.episode, office=self.cirebon)
        titles = [e.title for e in log.entries(self.budi, self.olivia, kinds=["change"])]
        self.assertIn(f"Suspended the guidance order {self.episode}", titles)
        self.assertFalse(any("." in t.split(" ")[0] for t in titles))

    def test_recorded_changes_are_read_from_the_object_index_without_a_join(self):
        # Issue 9, point 16a: the audit table grows with every page view; the log's query must name content
        # type ids (read from the (object_type, object_id, occurred_at) index), not join django_content_type.
        from django.db import transaction

        from audit import services as audit
        from clients.models import Guarantor

        other = make_client(self.cirebon, officer=self.olivia, name="Other Person")
        guarantor = Guarantor.objects.create(
            client=self.budi, order=9, name="Siti", relationship="ibu", phone="0812", address="Jl. Mawar"
        )
        with transaction.atomic():
            audit.record(actor=self.olivia, action="guarantor.updated", obj=guarantor, office=self.cirebon)
            audit.record(actor=self.olivia, action="episode.updated", obj=self.episode, office=self.cirebon)
            audit.record(actor=self.olivia, action="client.updated", obj=other, office=self.cirebon)
            audit.record(actor=self.olivia, action="episode.updated", obj=other.current_episode, office=self.cirebon)
            audit.record(actor=self.olivia, action="client.viewed", obj=self.budi, office=self.cirebon)
            # Another model's event: not in the client's log.
            audit.record(actor=self.olivia, action="account.updated", obj=self.olivia, office=self.cirebon)
        with CaptureQueriesContext(connection) as ctx:
            changes = log.entries(self.budi, self.olivia, kinds=["change"])
        self.assertEqual(
            sorted(e.title for e in changes),
            ["Case recorded", "Client registered", "Guarantor changed", "Guidance order changed"],
        )
        audit_sql = [q["sql"] for q in ctx.captured_queries if 'FROM "audit_auditevent"' in q["sql"]]
        self.assertEqual(len(audit_sql), 1)
        self.assertNotIn("django_content_type", audit_sql[0])
        self.assertIn('"audit_auditevent"."object_type_id" =', audit_sql[0])

    def test_corrections_reference_the_note_they_correct(self):
        with time_machine.travel(datetime.datetime(2025, 9, 1, 9, 0, tzinfo=JAKARTA), tick=False):
            old = self.note("Salah.")
        services.case_note_add(episode=self.episode, acting_user=self.olivia, body="Benar.", corrects=old)
        notes = log.entries(self.budi, self.olivia, kinds=["note"])
        self.assertEqual([n.title for n in notes], ["Correction of the note of 01-09-2025", "Note"])
        self.assertTrue(notes[1].extra["corrected"])


class RemoteCheckInLogTestCase(FieldworkTestCase):
    def test_a_remote_report_shows_its_answers_and_review(self):
        from supervision import models as supervision_models

        if not hasattr(supervision_models, "RemoteCheckIn"):
            self.skipTest("supervision has no remote reports yet")
        permission = supervision_models.RemoteReportingPermission.objects.create(
            episode=self.episode,
            office=self.cirebon,
            reason="Bekerja di luar kota",
            valid_from=D(2025, 8, 1),
            allowed_by=self.sam,
            token_hash="0" * 64,
        )
        checkin = CheckIn.objects.create(
            episode=self.episode,
            office=self.cirebon,
            due_on=D(2025, 8, 11),
            outcome=CheckIn.Outcome.ATTENDED_REMOTE,
            occurred_at=datetime.datetime(2025, 8, 11, 9, 0, tzinfo=JAKARTA),
        )
        supervision_models.RemoteCheckIn.objects.create(
            checkin=checkin,
            permission=permission,
            via="tautan",
            condition="Sehat",
            activity="Kerja di proyek",
            obstacles="Tidak ada",
            review="ditandai",
            review_note="Foto tidak jelas",
            reviewed_by=self.olivia,
            reviewed_at=datetime.datetime(2025, 8, 12, 9, 0, tzinfo=JAKARTA),
        )
        CheckIn.objects.create(
            episode=self.episode,
            office=self.cirebon,
            due_on=D(2025, 7, 10),
            outcome=CheckIn.Outcome.ATTENDED,
            occurred_at=datetime.datetime(2025, 7, 10, 9, 0, tzinfo=JAKARTA),
            location=self.cirebon_location,
        )
        remote, in_person = log.entries(self.budi, self.olivia, kinds=["checkin"])
        self.assertIn("Kerja di proyek", remote.detail)
        self.assertIn("Foto tidak jelas", remote.detail)
        self.assertTrue(remote.flagged)
        self.assertEqual(in_person.detail, "Kantor Uji Cirebon")
        self.assertFalse(in_person.flagged)
