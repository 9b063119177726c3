"""Guidance activities: individual sessions from the client page, group sessions from the officer's list."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from audit.models import AuditEvent
from bapas.test import make_user
from clients.codes import EpisodeStatus
from clients.tests.factories import make_client
from fieldwork import services
from fieldwork.models import GuidanceActivity, GuidanceParticipant, GuidanceType
from fieldwork.tests.base import D, FieldworkTestCase, errors_of

Kind = GuidanceActivity.Kind
Attendance = GuidanceParticipant.Attendance


class GuidanceRecordTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sari = make_client(cls.cirebon, officer=cls.olivia, name="Sari Wulandari", sex="P")
        cls.other_pk = make_user(
            "other_pk", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_MUDA
        )
        cls.dodi = make_client(cls.cirebon, officer=cls.other_pk, name="Dodi")

    def record(self, *, participants=None, **overrides):
        fields = {
            "acting_user": self.olivia,
            "kind": Kind.GROUP,
            "held_on": D(2025, 9, 9),
            "guidance_type": GuidanceType.RELIGIOUS,
            "topic": "Sholat berjamaah dan kajian",
            "place": "Aula Bapas",
            "participants": participants
            if participants is not None
            else [
                services.Participant(episode=self.episode),
                services.Participant(episode=self.sari.current_episode, attendance=Attendance.EXCUSED),
            ],
        }
        fields.update(overrides)
        return services.guidance_activity_record(**fields)

    def assertRefused(self, field: str, message: str, **overrides):
        before = (GuidanceActivity.objects.count(), GuidanceParticipant.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.record(**overrides)
        errors = errors_of(ctx.exception)
        self.assertIn(field, errors)
        self.assertIn(message, " ".join(errors[field]))
        after = (GuidanceActivity.objects.count(), GuidanceParticipant.objects.count(), AuditEvent.objects.count())
        self.assertEqual(after, before)

    def test_it_records_a_group_session_with_attendance_and_an_audit_row(self):
        activity = self.record()
        self.assertEqual(activity.office, self.cirebon)
        self.assertEqual(activity.officer, self.olivia)
        self.assertTrue(activity.is_personality)
        attendance = dict(activity.participants.values_list("episode__client__name", "attendance"))
        self.assertEqual(attendance, {"Budi Santoso": "hadir", "Sari Wulandari": "izin"})
        event = AuditEvent.objects.get(action="guidance_activity.recorded")
        self.assertEqual(event.object_id, str(activity.pk))
        self.assertEqual(event.data["kind"], "kelompok")
        self.assertEqual(event.data["clients"], sorted([self.budi.pk, self.sari.pk]))
        self.assertEqual(event.data["attendance"], {str(self.budi.pk): "hadir", str(self.sari.pk): "izin"})
        self.assertFalse(event.restricted)

    def test_it_records_an_individual_session_with_progress_notes(self):
        activity = self.record(
            kind=Kind.INDIVIDUAL,
            guidance_type=GuidanceType.WORK_SKILLS,
            participants=[services.Participant(episode=self.episode, progress=" Sudah melamar ke bengkel. ")],
        )
        self.assertFalse(activity.is_personality)
        self.assertEqual(activity.participants.get().progress, "Sudah melamar ke bengkel.")

    def test_it_refuses_the_wrong_number_of_participants(self):
        one = [services.Participant(episode=self.episode)]
        self.assertRefused("participants", "at least two clients", participants=one)
        self.assertRefused("participants", "exactly one client", kind=Kind.INDIVIDUAL)
        self.assertRefused("participants", "at least one client", participants=[])
        twice = [services.Participant(episode=self.episode), services.Participant(episode=self.episode)]
        self.assertRefused("participants", "only once", participants=twice)

    def test_it_refuses_clients_outside_the_users_scope_with_a_neutral_message(self):
        bandung = make_client(self.bandung, officer=self.pat, regency="32.73")
        for stranger in (self.dodi, bandung):
            with self.subTest(client=stranger.name):
                participants = [
                    services.Participant(episode=self.episode),
                    services.Participant(episode=stranger.current_episode),
                ]
                self.assertRefused("participants", "choose clients you guide or supervise", participants=participants)

    def test_it_refuses_a_client_whose_guidance_is_not_under_way(self):
        old = self.sari.current_episode
        old.status = EpisodeStatus.COMPLETED
        old.save(update_fields=["status"])
        participants = [services.Participant(episode=self.episode), services.Participant(episode=old)]
        self.assertRefused("participants", "is not under way", participants=participants)

    def test_it_refuses_children_and_adults_in_one_group(self):
        bka = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_MUDA)
        child = make_client(self.cirebon, officer=bka, program="DIVERSI")
        participants = [services.Participant(episode=self.episode), services.Participant(episode=child.current_episode)]
        self.assertRefused(
            "participants", "not guided in the same group", participants=participants, acting_user=self.hana
        )

    def test_a_childrens_session_is_audited_as_restricted(self):
        bka = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_MUDA)
        child = make_client(self.cirebon, officer=bka, program="DIVERSI")
        self.record(
            acting_user=bka, kind=Kind.INDIVIDUAL, participants=[services.Participant(episode=child.current_episode)]
        )
        self.assertTrue(AuditEvent.objects.get(action="guidance_activity.recorded").restricted)

    def test_it_refuses_a_future_date_and_one_before_the_start_of_guidance(self):
        self.assertRefused("held_on", "cannot be in the future", held_on=D(2025, 9, 11))
        self.assertRefused(
            "held_on", "before the start of guidance of Budi Santoso, Sari Wulandari", held_on=D(2025, 6, 1)
        )
        self.assertRefused(
            "held_on",
            "before the start of guidance (10 June 2025)",
            held_on=D(2025, 6, 1),
            kind=Kind.INDIVIDUAL,
            participants=[services.Participant(episode=self.episode)],
        )

    def test_it_refuses_missing_fields_and_unknown_codes(self):
        self.assertRefused("topic", "topic of the session", topic=" ")
        self.assertRefused("place", "where the session was held", place="")
        self.assertRefused("guidance_type", "type of guidance", guidance_type="olahraga")
        self.assertRefused("officer", "active officer of the client's office", officer=self.pat)
        bad = [
            services.Participant(episode=self.episode, attendance="telat"),
            services.Participant(self.sari.current_episode),
        ]
        self.assertRefused("participants", "attendance of every participant", participants=bad)


class GuidancePagesTestCase(FieldworkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.sari = make_client(cls.cirebon, officer=cls.olivia, name="Sari Wulandari", sex="P")
        cls.other_pk = make_user(
            "other_pk", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_MUDA
        )
        cls.dodi = make_client(cls.cirebon, officer=cls.other_pk, name="Dodi")

    def activity_form(self, **overrides):
        data = {
            "held_on": "2025-09-09",
            "officer": self.olivia.pk,
            "guidance_type": GuidanceType.LEGAL,
            "topic": "Hak dan kewajiban klien PB",
            "place": "Aula Bapas",
        }
        data.update(overrides)
        return data

    def test_the_pk_records_an_individual_session_from_the_client_page(self):
        self.client.force_login(self.olivia)
        url = reverse("fieldwork:guidance_create", args=[self.budi.pk])
        page = self.client.get(url)
        self.assertContains(page, "<optgroup")
        response = self.client.post(url, {**self.activity_form(), "attendance": "hadir", "progress": "Kooperatif."})
        self.assertRedirects(response, reverse("clients:detail", args=[self.budi.pk]))
        activity = GuidanceActivity.objects.get()
        self.assertEqual(activity.kind, Kind.INDIVIDUAL)
        self.assertEqual(activity.participants.get().episode, self.episode)

    def test_the_group_page_lists_the_pks_caseload_and_records_the_ticked_clients(self):
        self.client.force_login(self.olivia)
        url = reverse("fieldwork:group_guidance_create")
        page = self.client.get(url)
        names = [c.name for c, _ticked, _attendance in page.context["rows"]]
        self.assertEqual(names, ["Budi Santoso", "Sari Wulandari"])
        form = {
            **self.activity_form(),
            "participants": [self.budi.pk, self.sari.pk],
            f"attendance-{self.sari.pk}": "tidak_hadir",
        }
        response = self.client.post(url, form)
        self.assertRedirects(response, url)
        activity = GuidanceActivity.objects.get()
        self.assertEqual(activity.kind, Kind.GROUP)
        self.assertEqual(
            sorted(activity.participants.values_list("episode__client__name", "attendance")),
            [("Budi Santoso", "hadir"), ("Sari Wulandari", "tidak_hadir")],
        )

    def test_a_participant_outside_the_users_scope_is_refused_without_naming_them(self):
        self.client.force_login(self.olivia)
        form = {**self.activity_form(), "participants": [self.budi.pk, self.dodi.pk]}
        response = self.client.post(reverse("fieldwork:group_guidance_create"), form)
        self.assertContains(response, "Some of the chosen clients cannot take part")
        self.assertNotContains(response, "Dodi")
        self.assertFalse(GuidanceActivity.objects.exists())

    def test_a_section_head_chooses_an_officer_to_list_their_clients(self):
        self.client.force_login(self.sam)
        url = reverse("fieldwork:group_guidance_create")
        page = self.client.get(url)
        self.assertTrue(page.context["needs_officer"])
        self.assertEqual(page.context["rows"], [])
        page = self.client.get(url, {"officer": self.other_pk.pk})
        self.assertEqual([c.name for c, _t, _a in page.context["rows"]], ["Dodi"])

    def test_read_only_roles_cannot_record(self):
        for user in (self.reggie, self.rita, self.tess, self.paula):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(reverse("fieldwork:group_guidance_create")).status_code, 403)
                url = reverse("fieldwork:guidance_create", args=[self.budi.pk])
                self.assertEqual(self.client.post(url, self.activity_form()).status_code, 403)
        self.assertFalse(GuidanceActivity.objects.exists())


class OddIdsTestCase(FieldworkTestCase):
    def test_odd_ids_in_the_query_string_or_the_form_are_ignored_not_a_crash(self):
        from django.urls import reverse

        self.client.force_login(self.sam)
        url = reverse("fieldwork:group_guidance_create")
        self.assertEqual(self.client.get(url, {"officer": "²"}).status_code, 200)
        response = self.client.post(url, {"participants": ["²", "-1", "x"]})
        self.assertEqual(response.status_code, 200)
