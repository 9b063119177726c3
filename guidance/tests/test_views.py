"""The guidance plan pages: who sees and who drafts (404 out of scope, 403 without the right or read-only;
children's plans only for the children's section and the head; partners nothing), the client page's card with
plan against done, and a second editor's stale form refused with their input kept."""

from __future__ import annotations

from django.urls import reverse

from fieldwork.models import GuidanceActivity, GuidanceParticipant
from guidance.models import GuidancePlan, PlanItem, Status
from guidance.tests.base import D, GuidanceTestCase
from litmas.tests.factories import make_request, to_state


class PermissionTests(GuidanceTestCase):
    def setUp(self):
        super().setUp()
        self.plan = self.draft()
        self.child_plan = self.draft(self.child.current_episode, by=self.bima)

    def status(self, user, url, method="get", data=None) -> int:
        self.client.force_login(user)
        return getattr(self.client, method)(url, data or {}).status_code

    def test_who_sees_a_plan(self):
        url = reverse("guidance:detail", args=[self.plan.pk])
        expected = {
            "olivia": 200,  # the client's PK
            "alan": 200,  # the APK
            "sam": 200,  # the adults' section head
            "hana": 200,
            "reggie": 200,  # the auditor reads
            "oscar": 404,  # another PK's client
            "pat": 404,  # another office
            "joko": 404,
            "kim": 403,  # Kanwil viewers and partners: no client pages at all
            "paula": 403,
        }
        for name, code in expected.items():
            with self.subTest(name):
                self.assertEqual(self.status(getattr(self, name), url), code)

    def test_a_childs_plan_only_for_the_childrens_section_and_the_head(self):
        url = reverse("guidance:detail", args=[self.child_plan.pk])
        for name, code in {"bima": 200, "bella": 200, "hana": 200, "sam": 404, "olivia": 404, "rita": 404}.items():
            with self.subTest(name):
                self.assertEqual(self.status(getattr(self, name), url), code)
        self.assertEqual(self.status(self.sam, reverse("guidance:create", args=[self.child.pk])), 404)

    def test_who_drafts(self):
        create = reverse("guidance:create", args=[self.budi.pk])
        add = reverse("guidance:item_add", args=[self.plan.pk])
        data = {"version": self.plan.version, "phase": "awal", "what": "g:intelektual", "target": 2}
        for name, code in {"reggie": 403, "alan": 403, "hana": 403, "tess": 403, "paula": 403, "pat": 404}.items():
            with self.subTest(name):
                self.assertEqual(self.status(getattr(self, name), create), code)
                self.assertEqual(self.status(getattr(self, name), add, "post", data), code)
        # Another PK of the office does not see the client at all.
        self.assertEqual(self.status(self.oscar, add, "post", data), 404)
        self.assertFalse(PlanItem.objects.filter(guidance_type="intelektual").exists())
        self.assertEqual(self.status(self.sam, add, "post", data), 302)
        self.assertEqual(self.status(self.olivia, reverse("guidance:propose", args=[self.plan.pk])), 200)

    def test_the_client_page_card(self):
        page = reverse("clients:detail", args=[self.budi.pk])
        self.client.force_login(self.reggie)
        response = self.client.get(page)
        self.assertContains(response, "Guidance plan")
        self.assertNotContains(response, reverse("guidance:create", args=[self.budi.pk]))


class PageTests(GuidanceTestCase):
    def post(self, url, data, user=None):
        self.client.force_login(user or self.olivia)
        return self.client.post(url, data)

    def test_draft_from_the_latest_litmas_add_items_and_propose(self):
        request = make_request(self.cirebon, by=self.rita, client=self.budi)
        to_state(request, "draft", head=self.hana, section_head=self.sam, officer=self.olivia, secretary=self.tess)
        self.client.force_login(self.olivia)
        create = reverse("guidance:create", args=[self.budi.pk])
        response = self.client.get(create)
        self.assertContains(response, "Isi Kesimpulan dan rekomendasi")
        response = self.post(create, {"litmas_request": request.pk, "recommendation": "Bimbingan keagamaan rutin."})
        plan = GuidancePlan.objects.get()
        self.assertRedirects(response, reverse("guidance:detail", args=[plan.pk]))
        self.assertEqual((plan.litmas_request_id, plan.recommendation), (request.pk, "Bimbingan keagamaan rutin."))

        add = reverse("guidance:item_add", args=[plan.pk])
        response = self.post(add, {"version": 1, "phase": "awal", "what": "g:keagamaan", "target": 4})
        self.assertEqual(response.status_code, 302)
        response = self.post(add, {"version": 2, "phase": "awal", "what": "r:hukum", "target": 0})
        self.assertContains(response, "Ensure this value is greater than or equal to 1", status_code=400)
        response = self.post(add, {"version": 2, "phase": "awal", "what": "r:hukum", "target": 1})
        self.assertEqual(PlanItem.objects.filter(plan=plan).count(), 2)

        propose = reverse("guidance:propose", args=[plan.pk])
        response = self.client.get(propose)
        self.assertContains(response, "The board will read")
        self.assertContains(response, "Religious awareness (keagamaan) ×4")
        response = self.post(propose, {"version": 3})
        self.assertRedirects(response, reverse("guidance:detail", args=[plan.pk]))
        plan.refresh_from_db()
        self.assertEqual(plan.status, Status.PROPOSED)

    def test_a_stale_item_form_is_refused_and_keeps_the_input(self):
        plan = self.draft()  # version 2
        response = self.post(
            reverse("guidance:item_add", args=[plan.pk]),
            {"version": 1, "phase": "lanjutan", "what": "g:intelektual", "target": 3, "note": "Kelas literasi"},
        )
        self.assertContains(response, "changed by someone else", status_code=400)
        self.assertContains(response, "Kelas literasi", status_code=400)
        self.assertFalse(PlanItem.objects.filter(guidance_type="intelektual").exists())

    def test_an_empty_plan_is_not_proposed(self):
        plan = self.draft(items=())
        response = self.post(reverse("guidance:propose", args=[plan.pk]), {"version": plan.version})
        self.assertContains(response, "Add at least one item")
        plan.refresh_from_db()
        self.assertEqual(plan.status, Status.DRAFT)

    def test_the_client_page_shows_plan_against_done(self):
        self.approved(self.draft(items=(("awal", "keagamaan", 4),)))
        activity = GuidanceActivity.objects.create(
            office=self.cirebon,
            held_on=D(2025, 8, 1),
            kind="individu",
            guidance_type="keagamaan",
            topic="Kajian",
            place="Kantor",
            officer=self.olivia,
            recorded_by=self.olivia,
        )
        GuidanceParticipant.objects.create(activity=activity, episode=self.episode, attendance="hadir")
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertContains(response, '<progress class="plan" value="1" max="4"')
        self.assertContains(response, "1/4")
        self.assertContains(response, "Revise the plan")
