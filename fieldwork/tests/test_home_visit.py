"""Home visits: the service, its refusals, the page and the access-checked photo."""

import decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from clients.tests.factories import make_client
from fieldwork import services
from fieldwork.models import HomeVisit
from fieldwork.tests.base import D, FieldworkTestCase, errors_of, png

Purpose = HomeVisit.Purpose
Party = HomeVisit.Party


class HomeVisitRecordTestCase(FieldworkTestCase):
    def record(self, **overrides):
        fields = {
            "episode": self.episode,
            "acting_user": self.olivia,
            "visited_on": D(2025, 9, 8),
            "purpose": Purpose.SUPERVISION,
            "people_met": [Party.NEIGHBOUR, Party.GUARANTOR],
            "findings": "  Klien tinggal bersama istri; bekerja di bengkel.  ",
        }
        fields.update(overrides)
        return services.home_visit_record(**fields)

    def assertRefused(self, field: str, message: str, **overrides):
        before = (HomeVisit.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.record(**overrides)
        errors = errors_of(ctx.exception)
        self.assertIn(field, errors)
        self.assertIn(message, " ".join(errors[field]))
        self.assertEqual((HomeVisit.objects.count(), AuditEvent.objects.count()), before)

    def test_it_records_a_visit_with_an_audit_row(self):
        visit = self.record()
        self.assertEqual(visit.office, self.cirebon)
        self.assertEqual(visit.officer, self.olivia)
        self.assertEqual(visit.recorded_by, self.olivia)
        self.assertEqual(visit.people_met, ["penjamin", "tetangga"])  # in the list's order
        self.assertEqual(visit.findings, "Klien tinggal bersama istri; bekerja di bengkel.")
        self.assertFalse(visit.photo)
        event = AuditEvent.objects.get(action="home_visit.recorded")
        self.assertEqual(event.actor, self.olivia)
        self.assertEqual(event.object_id, str(visit.pk))
        self.assertEqual(event.data["client"], self.budi.pk)
        self.assertEqual(event.data["visited_on"], "2025-09-08")
        self.assertEqual(event.data["purpose"], "pengawasan")
        self.assertFalse(event.restricted)

    def test_it_keeps_a_photo_and_coordinates_and_another_officer(self):
        visit = self.record(
            photo=png(),
            latitude=decimal.Decimal("-6.732000"),
            longitude=decimal.Decimal("108.552000"),
            officer=self.alan,
            people_met_other="Ketua karang taruna",
        )
        self.assertTrue(visit.photo.name.startswith("fieldwork/visits/2025/09/"))
        self.assertNotIn("rumah", visit.photo.name)
        self.assertEqual(visit.photo_content_type, "image/png")
        self.assertEqual(visit.officer, self.alan)
        self.assertIn(Party.OTHER, visit.people_met)  # free text ticks "other"
        self.assertEqual(visit.people_met_labels, ["Guarantor", "Neighbour", "Ketua karang taruna"])
        self.assertTrue(AuditEvent.objects.get(action="home_visit.recorded").data["photo"])

    def test_a_child_clients_visit_is_audited_as_restricted(self):
        bka = self.make_bka_officer()
        child = make_client(self.cirebon, officer=bka, program="DIVERSI")
        self.record(episode=child.current_episode, acting_user=bka)
        self.assertTrue(AuditEvent.objects.get(action="home_visit.recorded").restricted)

    def make_bka_officer(self):
        from accounts.models import Jenjang, Role, Section
        from bapas.test import make_user

        return make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_MUDA)

    def test_it_refuses_a_date_in_the_future(self):
        self.assertRefused("visited_on", "cannot be in the future", visited_on=D(2025, 9, 11))

    def test_it_refuses_a_date_before_the_start_of_guidance(self):
        self.assertRefused("visited_on", "before the start of guidance (10 June 2025)", visited_on=D(2025, 6, 9))

    def test_it_refuses_an_episode_that_is_not_under_way(self):
        self.episode.status = EpisodeStatus.COMPLETED
        self.episode.save(update_fields=["status"])
        self.assertRefused("__all__", "can be recorded only while it is under way")

    def test_it_refuses_a_client_outside_the_users_caseload(self):
        self.assertRefused("__all__", "not in your caseload", acting_user=self.pat)

    def test_it_refuses_an_officer_of_another_office_or_role(self):
        self.assertRefused("officer", "active officer of the client's office", officer=self.pat)
        self.assertRefused("officer", "active officer of the client's office", officer=self.rita)

    def test_it_refuses_other_people_without_saying_who(self):
        self.assertRefused("people_met_other", "Say who else was met", people_met=[Party.OTHER])

    def test_it_refuses_unknown_people_and_purposes(self):
        self.assertRefused("people_met", "from the list", people_met=["camat"])
        self.assertRefused("purpose", "purpose of the visit", purpose="rekreasi")

    def test_it_refuses_empty_findings(self):
        self.assertRefused("findings", "what the visit found", findings="   ")

    def test_it_refuses_half_or_impossible_coordinates(self):
        self.assertRefused("latitude", "or neither", latitude=decimal.Decimal("-6.7"))
        self.assertRefused(
            "latitude", "not valid coordinates", latitude=decimal.Decimal("-96"), longitude=decimal.Decimal("108")
        )

    def test_it_refuses_a_file_that_is_not_a_photo(self):
        fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
        self.assertRefused("photo", "JPEG, PNG or WebP", photo=fake)


class HomeVisitPageTestCase(FieldworkTestCase):
    def url(self, client=None):
        return reverse("fieldwork:home_visit_create", args=[(client or self.budi).pk])

    def form(self, **overrides):
        data = {
            "visited_on": "2025-09-09",
            "officer": self.olivia.pk,
            "purpose": Purpose.GUARANTOR_VERIFICATION,
            "people_met": [Party.GUARANTOR, Party.RT_RW],
            "people_met_other": "",
            "findings": "Penjamin (kakak kandung) bersedia dan tinggal serumah.",
            "latitude": "",
            "longitude": "",
        }
        data.update(overrides)
        return data

    def test_the_pk_records_a_visit_with_a_photo(self):
        self.client.force_login(self.olivia)
        page = self.client.get(self.url())
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["form"]["officer"].value(), self.olivia.pk)
        response = self.client.post(self.url(), {**self.form(), "photo": png()})
        self.assertRedirects(response, reverse("clients:detail", args=[self.budi.pk]))
        visit = HomeVisit.objects.get()
        self.assertEqual(visit.purpose, Purpose.GUARANTOR_VERIFICATION)
        self.assertEqual(visit.people_met, ["penjamin", "rt_rw"])
        self.assertTrue(visit.photo)

    def test_a_refusal_is_shown_on_the_form_and_nothing_is_saved(self):
        self.client.force_login(self.olivia)
        response = self.client.post(self.url(), self.form(visited_on="2025-09-12"))
        self.assertContains(response, "The date cannot be in the future.")
        self.assertFalse(HomeVisit.objects.exists())

    def test_others_outside_the_caseload_get_404_and_read_only_roles_403(self):
        for user, status in [(self.pat, 404), (self.alan, 404), (self.reggie, 403), (self.rita, 403)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url(), self.form()).status_code, status)
        self.assertFalse(HomeVisit.objects.exists())

    def test_a_finished_episode_shows_why_nothing_can_be_recorded(self):
        self.episode.status = EpisodeStatus.COMPLETED
        self.episode.save(update_fields=["status"])
        self.client.force_login(self.olivia)
        self.assertContains(self.client.get(self.url()), "no guidance under way")


class HomeVisitPhotoTestCase(FieldworkTestCase):
    def setUp(self):
        super().setUp()
        self.visit = services.home_visit_record(
            episode=self.episode,
            acting_user=self.olivia,
            visited_on=D(2025, 9, 1),
            purpose=Purpose.GUIDANCE,
            findings="Rumah bersih.",
            photo=png(),
        )
        self.url = reverse("fieldwork:home_visit_photo", args=[self.visit.pk])

    def test_those_who_see_the_client_get_the_photo_and_the_view_is_audited(self):
        for user in (self.olivia, self.sam, self.hana, self.reggie):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(self.url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "image/png")
                self.assertEqual(response["Cache-Control"], "private, no-store")
                self.assertTrue(b"".join(response.streaming_content).startswith(b"\x89PNG"))
        self.assertEqual(AuditEvent.objects.filter(action="homevisit.viewed").count(), 4)

    def test_another_office_gets_404_and_a_partner_403(self):
        for user, status in [(self.pat, 404), (self.bert, 404), (self.joko, 404), (self.alan, 404), (self.paula, 403)]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, status)

    def test_a_visit_without_a_photo_answers_404(self):
        plain = services.home_visit_record(
            episode=self.episode, acting_user=self.olivia, visited_on=D(2025, 9, 2), purpose="bimbingan", findings="-"
        )
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(reverse("fieldwork:home_visit_photo", args=[plain.pk])).status_code, 404)
