"""The Litmas pages end to end: who sees which request, who takes which step, what a refusal says."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import Jenjang, Role, Section
from bapas.test import BaseTestCase, TransactionBaseTestCase, make_user
from board.models import Meeting
from clients.tests.factories import make_client
from litmas import views
from litmas.codes import State
from litmas.models import LitmasRequest
from litmas.tests.factories import fill_report, litmas_type, make_request, to_state


class LitmasViewTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.kiki = make_user("kiki", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bella = make_user(
            "bella", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_MUDA, full_name="Bella Anak"
        )
        cls.oscar = make_user(
            "oscar",
            Role.PK,
            office=cls.cirebon,
            section=Section.BKD,
            jenjang=Jenjang.AHLI_MUDA,
            full_name="Oscar Dewasa",
        )

    def setUp(self):
        super().setUp()
        self.speak_english()

    def as_(self, user):
        self.client.force_login(user)
        return self.client

    def adult(self, **kwargs):
        return make_request(self.cirebon, by=self.rita, **kwargs)

    def child(self, **kwargs):
        return make_request(self.cirebon, by=self.rita, code="diversi", is_child=True, **kwargs)

    def moved(self, req, state, officer=None):
        child = req.is_child
        return to_state(
            req,
            state,
            head=self.hana,
            section_head=self.kiki if child else self.sam,
            officer=officer or (self.bella if child else self.olivia),
            secretary=self.tess,
        )

    def step_url(self, req, slug):
        return reverse("litmas:step", args=[req.pk, slug])


class RecordViewTestCase(LitmasViewTestCase):
    url = reverse("litmas:record")

    def data(self, **overrides):
        data = {
            "litmas_type": litmas_type("pb").pk,
            "audience": "adult",
            "requester_kind": "lapas",
            "requester_name": "Lapas Cirebon",
            "letter_number": "W11/123",
            "letter_date": "2026-12-01",
            "received_at": "2026-12-02T09:00",
            "person_name": "Andi Wijaya",
            "person_nik": "",
            "person_birth_date": "",
            "person_sex": "",
        }
        data.update(overrides)
        return data

    def test_the_front_desk_records_an_adult_request_and_sees_it(self):
        response = self.as_(self.rita).post(self.url, self.data())
        req = LitmasRequest.objects.get()
        self.assertRedirects(response, reverse("litmas:detail", args=[req.pk]), fetch_redirect_response=False)
        self.assertEqual((req.state, req.person_name), (State.RECEIVED, "Andi Wijaya"))

    def test_a_child_request_goes_back_to_the_form_with_the_deadline(self):
        code = "diversi"
        response = self.as_(self.rita).post(
            self.url,
            self.data(litmas_type=litmas_type(code).pk, audience="child", requester_kind="penyidik"),
            follow=True,
        )
        self.assertRedirects(response, self.url)
        req = LitmasRequest.objects.get()
        self.assertTrue(req.is_child)
        self.assertContains(response, "the Litmas is due")
        self.assertEqual(self.as_(self.rita).get(reverse("litmas:detail", args=[req.pk])).status_code, 404)
        self.assertNotContains(self.as_(self.rita).get(reverse("litmas:list")), "Andi Wijaya")
        self.assertContains(self.as_(self.kiki).get(reverse("litmas:list")), "Andi Wijaya")
        self.assertContains(self.as_(self.hana).get(reverse("litmas:list")), "Andi Wijaya")

    def test_bad_input_is_refused_in_indonesian_terms_and_nothing_is_saved(self):
        client = self.as_(self.rita)
        response = client.post(self.url, self.data(letter_date="2026-12-05"))
        self.assertContains(response, "The letter date cannot be in the future.", status_code=200)
        response = client.post(self.url, self.data(audience="child"))
        self.assertContains(response, "written about adults, not children")
        self.assertEqual(LitmasRequest.objects.count(), 0)
        client.post(self.url, self.data())
        response = client.post(self.url, self.data(person_name="Other"))
        self.assertContains(response, "already recorded")
        self.assertEqual(LitmasRequest.objects.count(), 1)

    def test_the_nik_finds_a_client_of_the_office(self):
        budi = make_client(self.cirebon, name="Budi Klien")
        response = self.as_(self.rita).post(self.url, self.data(person_nik=budi.nik, person_name="", lookup="1"))
        self.assertContains(response, "Budi Klien")
        self.assertEqual(LitmasRequest.objects.count(), 0)
        response = self.as_(self.rita).get(reverse("litmas:nik_lookup"), {"person_nik": budi.nik})
        self.assertContains(response, "Budi Klien")
        self.as_(self.rita).post(self.url, self.data(person_nik=budi.nik, person_name=""))
        self.assertEqual(LitmasRequest.objects.get().client, budi)

    def test_who_may_record(self):
        for user in (self.olivia, self.reggie, self.tess, self.kim, self.paula):
            self.assertEqual(self.as_(user).get(self.url).status_code, 403, user)
        for user in (self.rita, self.sam, self.hana):
            self.assertEqual(self.as_(user).get(self.url).status_code, 200, user)


class ListAndDetailViewTestCase(LitmasViewTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()

    def setUp(self):
        super().setUp()
        self.a1 = self.adult(person_name="Adi Satu")
        self.a2 = self.moved(self.adult(person_name="Adi Dua"), "assigned", officer=self.oscar)
        self.c1 = self.child(person_name="Cici Anak")

    def names(self, user):
        response = self.as_(user).get(reverse("litmas:list"))
        if response.status_code != 200:
            return response.status_code
        return sorted(r.subject_name for r in response.context["page"].object_list)

    def test_who_sees_which_requests(self):
        self.assertEqual(self.names(self.rita), ["Adi Dua", "Adi Satu"])
        self.assertEqual(self.names(self.reggie), ["Adi Dua", "Adi Satu"])
        self.assertEqual(self.names(self.hana), ["Adi Dua", "Adi Satu", "Cici Anak"])
        self.assertEqual(self.names(self.sam), ["Adi Dua", "Adi Satu"])
        self.assertEqual(self.names(self.kiki), ["Cici Anak"])
        self.assertEqual(self.names(self.oscar), ["Adi Dua"])
        self.assertEqual(self.names(self.olivia), [])
        self.assertEqual(self.names(self.kim), 403)
        self.assertEqual(self.names(self.paula), 403)
        self.assertEqual(self.names(self.pat), [])

    def test_the_detail_page_404s_out_of_reach(self):
        url = reverse("litmas:detail", args=[self.a2.pk])
        self.assertEqual(self.as_(self.oscar).get(url).status_code, 200)
        self.assertEqual(self.as_(self.olivia).get(url).status_code, 404)
        self.assertEqual(self.as_(self.kiki).get(url).status_code, 404)
        self.assertEqual(self.as_(self.pat).get(url).status_code, 404)
        self.assertEqual(self.as_(self.kim).get(url).status_code, 403)

    def test_filters_and_search(self):
        client = self.as_(self.hana)
        found = client.get(reverse("litmas:list"), {"q": "dua"}).context["page"].object_list
        self.assertEqual([r.pk for r in found], [self.a2.pk])
        found = client.get(reverse("litmas:list"), {"audience": "child"}).context["page"].object_list
        self.assertEqual([r.pk for r in found], [self.c1.pk])
        found = client.get(reverse("litmas:list"), {"state": "assigned"}).context["page"].object_list
        self.assertEqual([r.pk for r in found], [self.a2.pk])
        found = client.get(reverse("litmas:list"), {"q": self.a1.letter_number}).context["page"].object_list
        self.assertEqual([r.pk for r in found], [self.a1.pk])

    def test_the_detail_shows_the_countdown_the_history_and_the_steps_of_the_user(self):
        response = self.as_(self.hana).get(reverse("litmas:detail", args=[self.a1.pk]))
        self.assertContains(response, "left")
        self.assertContains(response, "Request recorded")
        self.assertEqual([a.slug for a, _f in response.context["actions"]], ["disposisi"])
        self.assertEqual([a.slug for a in response.context["confirm_actions"]], ["batal"])
        response = self.as_(self.rita).get(reverse("litmas:detail", args=[self.a1.pk]))
        self.assertEqual(response.context["actions"], [])
        response = self.as_(self.oscar).get(reverse("litmas:detail", args=[self.a2.pk]))
        self.assertEqual([a.slug for a, _f in response.context["actions"]], ["mulai"])


class StepViewTestCase(LitmasViewTestCase):
    def post(self, user, req, slug, data=None):
        return self.as_(user).post(self.step_url(req, slug), data or {})

    def state(self, req):
        return LitmasRequest.objects.get(pk=req.pk).state

    def test_dispose_and_refusals(self):
        req = self.adult()
        self.assertEqual(self.post(self.sam, req, "disposisi", {"disposisi-version": req.version}).status_code, 403)
        self.assertEqual(self.post(self.reggie, req, "disposisi").status_code, 403)
        self.assertEqual(self.post(self.olivia, req, "disposisi").status_code, 404)
        response = self.post(self.hana, req, "disposisi", {"disposisi-version": req.version - 1})
        self.assertContains(response, "changed by someone else", status_code=400)
        response = self.post(self.hana, req, "disposisi", {"disposisi-version": req.version, "disposisi-note": "Ok"})
        self.assertRedirects(response, reverse("litmas:detail", args=[req.pk]), fetch_redirect_response=False)
        self.assertEqual(self.state(req), State.DISPOSED)

    def test_assign_offers_the_section_pks_with_their_counts_and_the_suggestion(self):
        req = self.moved(self.child(), "disposed")
        response = self.as_(self.kiki).get(reverse("litmas:detail", args=[req.pk]))
        form = next(f for a, f in response.context["actions"] if a.slug == "tugaskan")
        ids = [value for value, _label in form.fields["officer"].choices]
        self.assertEqual(ids, [self.bella.pk])
        self.assertEqual(form.fields["officer"].initial, self.bella.pk)  # allocation's suggestion
        self.assertContains(response, "0 open Litmas")
        response = self.post(
            self.kiki, req, "tugaskan", {"tugaskan-officer": self.olivia.pk, "tugaskan-task_letter_number": "ST-9"}
        )
        self.assertEqual(response.status_code, 400)
        self.post(
            self.kiki,
            req,
            "tugaskan",
            {
                "tugaskan-officer": self.bella.pk,
                "tugaskan-task_letter_number": "ST-9",
                "tugaskan-version": req.version + 0,
            },
        )
        req.refresh_from_db()
        self.assertEqual((req.state, req.officer, req.task_letter_number), (State.ASSIGNED, self.bella, "ST-9"))
        self.assertEqual(self.post(self.sam, req, "tugaskan").status_code, 404)

    def test_the_assigned_pk_gathers_and_submits(self):
        req = self.moved(self.adult(), "assigned")
        self.assertEqual(self.post(self.oscar, req, "mulai").status_code, 404)
        self.assertEqual(self.post(self.sam, req, "mulai").status_code, 403)
        self.post(self.olivia, req, "mulai", {"mulai-note": "Wawancara"})
        self.assertEqual(self.state(req), State.GATHERING)
        fill_report(req, self.olivia)
        self.post(self.olivia, req, "ajukan-tpp")
        self.assertEqual(self.state(req), State.BOARD)

    def test_submitting_an_empty_draft_is_refused(self):
        from litmas import services

        req = self.moved(self.adult(), "gathering")
        services.report_save(request=req, acting_user=self.olivia, content={}, expected_version=1)
        response = self.post(self.olivia, req, "ajukan-tpp")
        self.assertContains(response, "required sections are still empty", status_code=400)

    def test_the_board_decides(self):
        req = self.moved(self.adult(), "board")
        meeting = Meeting.objects.create(office=self.cirebon, held_on=self.TODAY, title="TPP", number="T-1")
        response = self.post(
            self.tess,
            req,
            "putusan-tpp",
            {"putusan-tpp-meeting": meeting.pk, "putusan-tpp-minute_number": "BA-1", "putusan-tpp-decision": "revise"},
        )
        self.assertContains(response, "Say what must be revised.", status_code=400)
        self.assertEqual(self.post(self.olivia, req, "putusan-tpp").status_code, 403)
        self.post(
            self.tess,
            req,
            "putusan-tpp",
            {"putusan-tpp-meeting": meeting.pk, "putusan-tpp-minute_number": "BA-1", "putusan-tpp-decision": "approve"},
        )
        self.assertEqual(self.state(req), State.APPROVED)
        self.post(self.olivia, req, "perbaiki", {"perbaiki-reason": "Ejaan"})
        self.assertEqual(self.state(req), State.DRAFT)

    def test_acknowledge_and_send(self):
        req = self.moved(self.adult(), "approved")
        LitmasRequest.objects.filter(pk=req.pk).update(state=State.FINAL)  # signing is the report editor's
        self.assertEqual(self.post(self.sam, req, "mengetahui").status_code, 403)
        self.post(self.hana, req, "mengetahui")
        self.assertEqual(self.state(req), State.ACKNOWLEDGED)
        response = self.post(self.rita, req, "kirim", {"kirim-reference": ""})
        self.assertEqual(response.status_code, 400)
        self.post(self.rita, req, "kirim", {"kirim-reference": "D-1"})
        self.assertEqual(self.state(req), State.SENT)

    def test_cancel_asks_for_confirmation_and_a_reason(self):
        req = self.adult()
        url = self.step_url(req, "batal")
        self.assertContains(self.as_(self.sam).get(url), "Yes, cancel the request")
        self.assertEqual(self.as_(self.rita).get(url).status_code, 403)
        self.assertContains(
            self.as_(self.sam).post(url, {"batal-reason": ""}), "This field is required", status_code=400
        )
        self.as_(self.sam).post(url, {"batal-reason": "Ditarik"})
        self.assertEqual(self.state(req), State.CANCELLED)
        response = self.as_(self.sam).post(url, {"batal-reason": "Lagi"}, follow=True)
        self.assertContains(response, "This step is not possible now")

    def test_the_monthly_counts_page(self):
        self.adult()
        response = self.as_(self.sam).get(reverse("litmas:monthly"), {"bulan": "2026-12"})
        self.assertEqual(response.context["rows"][-1].received, 1)
        self.assertEqual(self.as_(self.rita).get(reverse("litmas:monthly")).status_code, 403)

    def test_the_menu_has_litmas_for_who_may_see_it(self):
        self.assertContains(self.as_(self.rita).get(reverse("dashboard:home")), reverse("litmas:list"))
        self.assertNotContains(self.as_(self.paula).get(reverse("dashboard:home")), reverse("litmas:list"))

    def test_every_action_has_a_step_of_the_flow(self):
        self.assertEqual(len(views.ACTIONS), 9)


class StepOutsideTransactionTestCase(TransactionBaseTestCase):
    def test_disposing_through_the_page_commits(self):
        req = make_request(self.cirebon, by=self.rita, received_at=timezone.now() - datetime.timedelta(hours=1))
        self.client.force_login(self.hana)
        response = self.client.post(
            reverse("litmas:step", args=[req.pk, "disposisi"]), {"disposisi-version": req.version}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(LitmasRequest.objects.get(pk=req.pk).state, State.DISPOSED)


class QueryBudgetTestCase(LitmasViewTestCase):
    def queries(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.as_(self.hana)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(client.get(url).status_code, 200)
        return len(ctx.captured_queries)

    def test_the_list_and_the_page_do_not_grow_with_the_rows(self):
        req = self.moved(self.adult(), "assigned")
        few_list, few_page = self.queries(reverse("litmas:list")), self.queries(reverse("litmas:detail", args=[req.pk]))
        for _n in range(5):
            self.moved(self.adult(), "assigned")
        self.moved(self.child(), "disposed")
        self.assertEqual(self.queries(reverse("litmas:list")), few_list)
        self.assertEqual(self.queries(reverse("litmas:detail", args=[req.pk])), few_page)
