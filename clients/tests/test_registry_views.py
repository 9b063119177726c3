import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from audit.models import AuditEvent
from bapas.test import BaseTestCase, make_user
from clients.models import Assignment, Client
from clients.tests.factories import make_client


class ClientVisibilityTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kasi_bka = make_user("kasi_bka", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.pk_bka = make_user("pk_bka", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_MUDA)
        cls.mine = make_client(cls.cirebon, officer=cls.olivia, name="Budi Milik Olivia")
        cls.colleague = make_user(
            "colleague", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA
        )
        cls.theirs = make_client(cls.cirebon, officer=cls.colleague, name="Candra Milik Rekan")
        cls.child = make_client(cls.cirebon, officer=cls.pk_bka, program="PB_ANAK", name="Dedi Anak")
        cls.bandung_client = make_client(cls.bandung, officer=cls.pat, regency="32.73", name="Eko Bandung")

    def visible(self, user) -> set[str]:
        self.client.force_login(user)
        response = self.client.get(reverse("clients:list"))
        if response.status_code != 200:
            return {f"HTTP {response.status_code}"}
        return {c.name for c in response.context["page"].object_list}

    def test_a_pk_sees_only_their_caseload(self):
        self.assertEqual(self.visible(self.olivia), {"Budi Milik Olivia"})

    def test_a_section_head_sees_their_section(self):
        self.assertEqual(self.visible(self.sam), {"Budi Milik Olivia", "Candra Milik Rekan"})
        self.assertEqual(self.visible(self.kasi_bka), {"Dedi Anak"})

    def test_children_are_visible_only_to_bka_staff_and_the_head(self):
        self.assertEqual(self.visible(self.hana), {"Budi Milik Olivia", "Candra Milik Rekan", "Dedi Anak"})
        self.assertEqual(self.visible(self.pk_bka), {"Dedi Anak"})
        for user in (self.rita, self.reggie, self.ada):
            self.assertNotIn("Dedi Anak", self.visible(user), user.username)
            self.assertIn("Budi Milik Olivia", self.visible(user), user.username)
        self.client.force_login(self.rita)
        self.assertEqual(self.client.get(reverse("clients:detail", args=[self.child.pk])).status_code, 404)

    def test_another_office_answers_404(self):
        self.assertEqual(self.visible(self.pat), {"Eko Bandung"})
        for user in (self.pat, self.bert, self.joko):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("clients:detail", args=[self.mine.pk])).status_code, 404)
        for user in (self.pat, self.joko):  # roles that may edit clients, but not this office's
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("clients:edit", args=[self.mine.pk])).status_code, 404)

    def test_a_pk_gets_404_for_a_colleagues_client(self):
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(reverse("clients:detail", args=[self.theirs.pk])).status_code, 404)

    def test_partner_users_and_kanwil_viewers_see_nothing_here(self):
        self.assertEqual(self.visible(self.paula), {"HTTP 403"})
        self.assertEqual(self.visible(self.kim), {"HTTP 403"})
        self.client.force_login(self.paula)
        self.assertEqual(self.client.get(reverse("clients:detail", args=[self.mine.pk])).status_code, 403)

    def test_the_national_administrator_sees_adults_one_office_at_a_time(self):
        self.assertEqual(self.visible(self.nadia), set())
        self.assertContains(self.client.get(reverse("clients:list")), "Pilih kantor")
        response = self.client.get(reverse("clients:list"), {"office": self.cirebon.pk})
        self.assertEqual(
            {c.name for c in response.context["page"].object_list}, {"Budi Milik Olivia", "Candra Milik Rekan"}
        )
        response = self.client.get(reverse("clients:list"), {"office": self.bandung.pk})
        self.assertEqual({c.name for c in response.context["page"].object_list}, {"Eko Bandung"})
        self.assertEqual(self.client.get(reverse("clients:detail", args=[self.bandung_client.pk])).status_code, 200)

    def test_audit_events_about_children_are_hidden_from_non_bka_staff(self):
        child_type_events = AuditEvent.objects.filter(restricted=True)
        self.assertTrue(child_type_events.filter(object_id=str(self.child.pk), action="client.registered").exists())
        for user, sees in [(self.ada, False), (self.reggie, False), (self.hana, True)]:
            visible = AuditEvent.objects.visible_to(user).filter(
                object_id=str(self.child.pk), action="client.registered"
            )
            self.assertEqual(visible.exists(), sees, user.username)

    def test_opening_a_client_record_is_logged(self):
        self.client.force_login(self.olivia)
        self.client.get(reverse("clients:detail", args=[self.mine.pk]))
        event = AuditEvent.objects.get(action="client.viewed")
        self.assertEqual((event.actor, event.object_id, event.office), (self.olivia, str(self.mine.pk), self.cirebon))


class ClientListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.a = make_client(cls.cirebon, officer=cls.olivia, name="Asep Saepudin", alias="Ujang", regency="32.12")
        cls.b = make_client(cls.cirebon, officer=cls.olivia, name="Bambang", program="CB", regency="32.09")

    def names(self, **params):
        self.client.force_login(self.hana)
        response = self.client.get(reverse("clients:list"), params)
        self.assertEqual(response.status_code, 200)
        return [c.name for c in response.context["page"].object_list]

    def test_search_by_name_alias_nik_and_register_number(self):
        self.assertEqual(self.names(q="asep"), ["Asep Saepudin"])
        self.assertEqual(self.names(q="ujang"), ["Asep Saepudin"])
        self.assertEqual(self.names(q=self.b.nik), ["Bambang"])
        self.assertEqual(self.names(q=self.b.register_number), ["Bambang"])
        self.assertEqual(self.names(q="tidak-ada"), [])

    def test_filters(self):
        self.assertEqual(self.names(program="CB"), ["Bambang"])
        self.assertEqual(self.names(regency="32.12"), ["Asep Saepudin"])
        self.assertEqual(self.names(officer=self.olivia.pk, sort="-name"), ["Bambang", "Asep Saepudin"])
        self.assertEqual(self.names(phase="awal", status="active", age_group="adult"), ["Asep Saepudin", "Bambang"])
        self.assertEqual(self.names(age_group="child"), [])

    def test_a_name_written_with_bin_is_found(self):
        self.assertEqual(self.names(q="Asep bin Ahmad"), ["Asep Saepudin"])
        self.assertEqual(self.names(q="saepudin ahmad"), ["Asep Saepudin"])

    def test_empty_states_are_honest(self):
        self.client.force_login(self.hana)
        response = self.client.get(reverse("clients:list"), {"q": "zzz"})
        self.assertContains(response, "Tidak ada klien yang cocok")

    def test_htmx_requests_get_only_the_results(self):
        self.client.force_login(self.hana)
        response = self.client.get(reverse("clients:list"), {"q": "asep"}, headers={"HX-Request": "true"})
        self.assertTemplateUsed(response, "clients/_results.html")
        self.assertTemplateNotUsed(response, "base.html")


class QueryBudgetTestCase(BaseTestCase):
    """The list and the client page run a fixed number of queries, whatever the page size."""

    def count(self, url, user, **params) -> int:
        self.client.force_login(user)
        self.client.get(url, params)  # warm caches (content types, session)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return len(ctx.captured_queries)

    def test_list_queries_do_not_grow_with_the_number_of_rows(self):
        pages = [{}, {"q": "klien"}, {"program": "PB", "regency": "32.09"}, {"q": "320901"}]
        make_client(self.cirebon, officer=self.olivia)
        with_one = [self.count(reverse("clients:list"), self.hana, **params) for params in pages]
        for _ in range(30):
            make_client(self.cirebon, officer=self.olivia)
        with_many = [self.count(reverse("clients:list"), self.hana, **params) for params in pages]
        self.assertEqual(with_one, with_many)
        self.assertEqual(with_many, [7, 7, 8, 7])

    def test_client_page_queries_are_fixed(self):
        # The page itself and a card from each app (reporting, phase, violations, movements, referrals, log).
        client = make_client(self.cirebon, officer=self.olivia)
        first = self.count(reverse("clients:detail", args=[client.pk]), self.olivia)
        other = make_client(self.cirebon, officer=self.olivia)
        for _ in range(3):
            make_client(self.cirebon, officer=self.olivia)
        self.assertEqual(self.count(reverse("clients:detail", args=[other.pk]), self.olivia), first)
        self.assertLessEqual(first, 40)


def intake_form(**overrides) -> dict:
    data = {
        "person-nik": "3209011203850001",
        "person-name": "Fajar Nugroho",
        "person-alias": "",
        "person-parent_name": "Slamet",
        "person-birth_place": "Cirebon",
        "person-birth_date": "1985-03-12",
        "person-sex": "L",
        "person-religion": "islam",
        "person-marital_status": "kawin",
        "person-education": "sma",
        "person-occupation": "Buruh",
        "person-employment": "bekerja",
        "person-nationality": "WNI",
        "person-domicile_regency": "32.09",
        "person-domicile_village": "",
        "person-address": "Blok Uji RT 01",
        "person-phone": "081200000001",
        "guarantor-name": "Siti Aminah",
        "guarantor-relationship": "istri",
        "guarantor-nik": "",
        "guarantor-phone": "",
        "guarantor-address": "",
        "case-criminal_code": "lama",
        "case-decision_number": "123/Pid.Sus/2024/PN Sbr",
        "case-decision_date": "2024-05-02",
        "case-court": "PN Sumber",
        "case-sentence_years": "2",
        "case-sentence_months": "0",
        "case-sentence_days": "0",
        "case-fine": "0",
        "case-subsidiary_months": "0",
        "case-subsidiary_days": "0",
        "case-detention_start": "2024-01-10",
        "case-expiry_date": "2026-01-10",
        "case-prison_kind": "lapas",
        "case-origin_prison": "Lapas Kelas I Cirebon",
        "case-prison_register_number": "B.I-123/2024",
        "case-article": "112",
        "case-paragraph": "1",
        "case-law": "UU 35/2009",
        "case-category": "narkotika",
        "episode-program": "PB",
        "episode-decree_number": "PAS-1139.PK.05.09 Tahun 2025",
        "episode-decree_date": "2025-06-01",
        "episode-starts_on": "2025-06-10",
        "episode-ends_on": "",
        "episode-duration_months": "",
        "episode-community_service_hours": "",
        "episode-general_conditions": "",
        "episode-special_conditions": "",
        "episode-officer": "",
        "episode-assistant": "",
    }
    data.update(overrides)
    return data


class ClientCreateTestCase(BaseTestCase):
    url = reverse("clients:create")

    def test_the_section_head_registers_a_pb_client_with_computed_end_and_a_pk(self):
        self.client.force_login(self.sam)
        response = self.client.post(self.url, intake_form(**{"episode-officer": self.olivia.pk}))
        client = Client.objects.get(nik="3209011203850001")
        self.assertRedirects(response, reverse("clients:detail", args=[client.pk]))
        episode = client.current_episode
        self.assertEqual(episode.ends_on, datetime.date(2027, 1, 10))  # expiry + 1 year (KUHP 72(4))
        self.assertEqual(episode.officer, self.olivia)
        self.assertEqual(client.guarantors.get().name, "Siti Aminah")
        self.assertEqual(str(client.cases.get().articles.get()), "Pasal 112 ayat (1) UU 35/2009")
        self.assertEqual(Assignment.objects.get(episode=episode).officer, self.olivia)
        self.assertTrue(AuditEvent.objects.filter(action="client.registered", object_id=str(client.pk)).exists())
        self.assertTrue(AuditEvent.objects.filter(action="episode.created").exists())

    def test_an_invalid_intake_shows_the_error_summary_linking_to_the_fields(self):
        self.client.force_login(self.sam)
        self.assertNotContains(self.client.get(self.url), "error-summary")
        response = self.client.post(self.url, intake_form(**{"person-name": ""}))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="errorbox error-summary" role="alert" tabindex="-1"')
        self.assertContains(response, '<li><a href="#id_person-name">')
        self.assertFalse(Client.objects.exists())

    def test_registration_staff_cannot_choose_the_pk(self):
        self.client.force_login(self.rita)
        self.assertNotContains(self.client.get(self.url), 'name="episode-officer"')
        self.client.post(self.url, intake_form(**{"episode-officer": self.olivia.pk}))
        self.assertIsNone(Client.objects.get(nik="3209011203850001").current_episode.officer)

    def test_a_pk_who_registers_a_client_guides_them(self):
        self.client.force_login(self.olivia)
        response = self.client.post(self.url, intake_form())
        client = Client.objects.get(nik="3209011203850001")
        self.assertRedirects(response, reverse("clients:detail", args=[client.pk]))
        self.assertEqual(client.current_episode.officer, self.olivia)

    def test_a_guarantor_is_optional_but_needs_a_relationship_when_named(self):
        self.assertRefused("Isi hubungan penjamin", **{"guarantor-relationship": ""})
        self.client.force_login(self.rita)
        self.client.post(self.url, intake_form(**{"guarantor-name": "", "guarantor-relationship": ""}))
        self.assertFalse(Client.objects.get(nik="3209011203850001").guarantors.exists())

    def test_a_known_nik_outside_the_users_caseload_cannot_be_taken_over(self):
        colleague = make_user("colleague", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_MUDA)
        theirs = make_client(self.cirebon, officer=colleague, nik="3209011203850001", name="Fajar Nugroho")
        before = theirs.current_episode_id
        self.assertRefused("di luar beban kerja", user=self.olivia)
        theirs.refresh_from_db()
        self.assertEqual(theirs.current_episode_id, before)
        self.assertEqual(theirs.current_episode.officer, colleague)

    def test_a_known_nik_under_another_name_is_refused(self):
        make_client(self.cirebon, officer=self.olivia, nik="3209011203850001", name="Orang Lain")
        self.assertRefused("sudah terdaftar dengan nama lain")

    def assertRefused(self, message: str, user=None, **overrides):
        self.client.force_login(user or self.rita)
        before = (Client.objects.count(), AuditEvent.objects.count())
        response = self.client.post(self.url, intake_form(**overrides))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertEqual((Client.objects.count(), AuditEvent.objects.count()), before)

    def test_a_wrong_nik_is_refused(self):
        self.assertRefused("16 angka", **{"person-nik": "32090112038500"})
        self.assertRefused("DDMMYY", **{"person-nik": "3209013203850001"})

    def test_an_end_before_the_start_is_refused(self):
        self.assertRefused("setelah", **{"episode-program": "CB", "episode-ends_on": "2025-06-01"})

    def test_a_sentence_of_zero_is_refused(self):
        self.assertRefused("tidak boleh nol", **{"case-sentence_years": "0"})

    def test_pb_without_expiry_is_refused(self):
        self.assertRefused("tanggal ekspirasi", **{"case-expiry_date": ""})

    def test_a_cb_longer_than_its_rule_is_refused(self):
        self.assertRefused("paling lama 6 bulan", **{"episode-program": "CB", "episode-ends_on": "2026-06-11"})

    def test_a_duplicate_client_is_refused(self):
        self.client.force_login(self.rita)
        self.client.post(self.url, intake_form())
        self.assertRefused("sudah terdaftar untuk SK ini")

    def test_a_nik_that_disagrees_with_the_birth_date_asks_for_confirmation(self):
        self.assertRefused("Silakan periksa", **{"person-birth_date": "1986-03-12"})
        self.client.post(self.url, intake_form(**{"person-birth_date": "1986-03-12", "confirm_warnings": "1"}))
        self.assertTrue(Client.objects.filter(nik="3209011203850001").exists())

    def test_a_child_program_needs_a_bka_officer(self):
        self.assertRefused(
            "seksi BKA", user=self.hana, **{"episode-program": "PB_ANAK", "episode-officer": self.olivia.pk}
        )

    def test_the_next_episode_of_a_known_nik_continues_the_record(self):
        self.client.force_login(self.rita)
        self.client.post(
            self.url,
            intake_form(
                **{
                    "episode-program": "ASIMILASI",
                    "episode-ends_on": "2025-12-01",
                    "episode-decree_number": "W11.PAS-1/2025",
                }
            ),
        )
        self.client.post(self.url, intake_form())
        client = Client.objects.get(nik="3209011203850001")
        self.assertEqual(
            list(client.episodes.values_list("program", "status")), [("ASIMILASI", "completed"), ("PB", "active")]
        )
        self.assertEqual(client.current_episode.program, "PB")


class ClientEditAndAssignTestCase(BaseTestCase):
    def setUp(self):
        self.subject = make_client(self.cirebon, officer=self.olivia, name="Gilang")

    def edit_form(self, **overrides):
        c = self.subject
        data = {
            "nik": c.nik,
            "name": c.name,
            "alias": "",
            "parent_name": c.parent_name,
            "birth_place": c.birth_place,
            "birth_date": c.birth_date.isoformat(),
            "sex": c.sex,
            "religion": c.religion,
            "marital_status": c.marital_status,
            "education": c.education,
            "occupation": "",
            "employment": c.employment,
            "nationality": "WNI",
            "domicile_regency": "32.09",
            "domicile_village": "",
            "address": c.address,
            "phone": "",
            "version": c.version,
        }
        data.update(overrides)
        return data

    def test_the_pk_edits_with_an_audited_before_and_after(self):
        self.client.force_login(self.olivia)
        url = reverse("clients:edit", args=[self.subject.pk])
        self.assertRedirects(
            self.client.post(url, self.edit_form(phone="0812")), reverse("clients:detail", args=[self.subject.pk])
        )
        self.assertEqual(AuditEvent.objects.get(action="client.updated").changes, {"phone": ["", "0812"]})

    def test_a_stale_edit_is_refused(self):
        self.client.force_login(self.olivia)
        url = reverse("clients:edit", args=[self.subject.pk])
        stale = self.edit_form(address="Alamat lama")
        self.client.post(url, self.edit_form(phone="0812"))
        self.assertContains(self.client.post(url, stale), "diubah oleh orang lain")
        self.subject.refresh_from_db()
        self.assertEqual(self.subject.address, "Jl. Uji")

    def test_the_auditor_cannot_edit(self):
        self.client.force_login(self.reggie)
        self.assertEqual(
            self.client.post(reverse("clients:edit", args=[self.subject.pk]), self.edit_form()).status_code, 403
        )

    def test_the_section_head_reassigns_with_a_reason(self):
        other = make_user("other_pk", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_MUDA)
        self.client.force_login(self.sam)
        url = reverse("clients:assign", args=[self.subject.pk])
        response = self.client.post(url, {"officer": other.pk, "reason": ""})
        self.assertEqual(response.status_code, 200)
        self.client.post(url, {"officer": other.pk, "reason": "Beban kerja Olivia terlalu tinggi"})
        episode = self.subject.current_episode
        episode.refresh_from_db()
        self.assertEqual(episode.officer, other)
        history = list(Assignment.objects.filter(episode=episode).order_by("started_at"))
        self.assertEqual([a.officer for a in history], [self.olivia, other])
        self.assertIsNotNone(history[0].ended_at)
        event = AuditEvent.objects.get(action="episode.assigned")
        self.assertEqual(event.changes, {"officer": [self.olivia.pk, other.pk]})
        self.assertEqual(event.data["reason"], "Beban kerja Olivia terlalu tinggi")

    def test_a_pk_cannot_reassign(self):
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(reverse("clients:assign", args=[self.subject.pk])).status_code, 403)


class RegistrationRulesTestCase(BaseTestCase):
    def test_a_domicile_outside_the_working_area_is_refused_by_the_service(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as ctx:
            make_client(self.cirebon, regency="32.73")  # Kota Bandung: Bandung's area, not Cirebon's
        self.assertEqual(ctx.exception.error_dict["domicile_regency"][0].code, "outside_working_area")
        self.assertFalse(Client.objects.exists())

    def test_the_new_criminal_code_is_refused_for_older_decisions(self):
        self.client.force_login(self.rita)
        response = self.client.post(reverse("clients:create"), intake_form(**{"case-criminal_code": "baru"}))
        self.assertContains(response, "KUHP baru hanya berlaku")
        self.assertFalse(Client.objects.exists())


class ClientTimelineTestCase(BaseTestCase):
    def test_the_client_page_shows_the_reporting_record(self):
        import datetime as dt

        from django.utils import timezone

        from supervision.models import CheckIn

        subject = make_client(self.cirebon, officer=self.olivia)
        episode = subject.current_episode
        CheckIn.objects.create(
            episode=episode,
            office=self.cirebon,
            due_on=dt.date(2025, 7, 10),
            outcome="hadir",
            occurred_at=timezone.now(),
            location=self.cirebon_location,
        )
        CheckIn.objects.create(episode=episode, office=self.cirebon, due_on=dt.date(2025, 8, 10), outcome="tidak_hadir")
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("clients:detail", args=[subject.pk]))
        # The timeline is now the client's log (fieldwork registers its sources and the page's log card).
        from clients import log

        self.assertEqual(len(log.entries(subject, self.olivia, kinds=["checkin"])), 2)
        self.assertContains(response, "Kantor Uji Cirebon")


class ReadableCodesTestCase(BaseTestCase):
    """Issue 10, point 2: the list names the program, the record writes the fine as rupiah."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, program="ASIMILASI", name="Budi Asimilasi")

    def test_the_client_list_shows_the_program_label_not_its_code(self):
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("clients:list"))
        self.assertContains(response, "<td>Asimilasi</td>", html=True)
        self.assertNotContains(response, "<td>ASIMILASI", html=False)

    def test_the_fine_reads_as_rupiah(self):
        case = self.budi.cases.get()
        type(case).objects.filter(pk=case.pk).update(fine=996_000_000)
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertContains(response, "Rp996.000.000")
