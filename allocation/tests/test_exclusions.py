"""Officers' working areas and exclusions as data: the proposals use them (an explicit working area before the
fallback, exclusions as hard rules, a client every PK is excluded for listed with the reasons); the pages where
section heads and the head record them, who may, and the audit trail."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from allocation import engine, proposals, services
from allocation.models import AllocationExclusion, ExclusionReason, OfficerWorkingArea
from allocation.tests.test_proposals import ProposalTestCase
from audit.models import AuditEvent
from bapas.test import Race, TransactionBaseTestCase, make_user
from clients.tests.factories import make_client
from regions.models import District, Regency

EXCLUSIONS = reverse("allocation:exclusions")
AREAS = reverse("allocation:working_areas")
WORKLOAD = reverse("allocation:workload")


def exclude(officer, client, reason=ExclusionReason.CONFLICT_OF_INTEREST, by=None):
    return AllocationExclusion.objects.create(officer=officer, client=client, reason=reason, created_by=by)


class ProposalsUseTheDataTests(ProposalTestCase):
    def test_an_excluded_officer_is_never_proposed(self):
        exclude(self.dewi, self.adi)
        rows = self.rows(self.sam)
        self.assertEqual(rows[self.adi].officer, self.olivia)
        self.assertIsNone(rows[self.adi].alternative)  # dewi is no alternative either
        self.assertEqual(rows[self.budi].officer, self.dewi)

    def test_a_client_every_pk_is_excluded_for_is_listed_with_the_reasons(self):
        exclude(self.dewi, self.adi, ExclusionReason.SAME_FAMILY)
        exclude(self.olivia, self.adi, ExclusionReason.CONFLICT_OF_INTEREST)
        response = self.page(self.sam)
        [item] = response.context["proposals"].infeasible
        self.assertEqual((item.client, item.reason), (self.adi, engine.Reason.ALL_EXCLUDED))
        self.assertIn(self.adi.full_name, item.message)
        self.assertIn(f"{self.dewi.full_name}: Same family", item.message)
        self.assertIn(f"{self.olivia.full_name}: Conflict of interest", item.message)
        self.assertContains(response, "is excluded for this client")
        self.assertEqual([row.client for row in response.context["proposals"].rows], [self.budi])

    def test_the_engine_gets_the_exclusions(self):
        exclude(self.dewi, self.adi)
        clients = proposals.unassigned_clients(self.hana)
        engine_clients, _officers = proposals.engine_inputs(
            clients, proposals.eligible_officers(self.hana), on=self.TODAY
        )
        excluded = {c.id: c.excluded for c in engine_clients}
        self.assertEqual(excluded[self.adi.pk], frozenset({self.dewi.pk}))
        self.assertEqual(excluded[self.budi.pk], frozenset())

    def test_a_recorded_working_area_replaces_the_fallback(self):
        village = District.objects.filter(regency_id="32.09").order_by("code").first().villages.order_by("code").first()
        client = make_client(self.cirebon, officer=self.olivia)
        client.domicile_village = village
        client.save(update_fields=["domicile_village"])
        areas = proposals.working_areas([self.olivia, self.dewi])
        self.assertEqual(areas[self.olivia.pk], frozenset({village.district_id}))  # where her clients live
        self.assertEqual(areas[self.dewi.pk], frozenset())
        area = OfficerWorkingArea.objects.create(officer=self.dewi)
        area.regencies.set(["32.09"])
        area.districts.set(["32.74.01"])
        other = OfficerWorkingArea.objects.create(officer=self.olivia)  # recorded but empty: the fallback
        self.assertEqual(other.regencies.count(), 0)
        areas = proposals.working_areas([self.olivia, self.dewi])
        self.assertEqual(areas[self.dewi.pk], frozenset({"32.09", "32.74.01"}))
        self.assertEqual(areas[self.olivia.pk], frozenset({village.district_id}))
        self.assertEqual(engine.distance_tier(village.code, areas[self.dewi.pk]), engine.Tier.REGENCY)

    def test_the_proposal_still_takes_a_fixed_number_of_queries(self):
        exclude(self.dewi, self.adi)
        OfficerWorkingArea.objects.create(officer=self.dewi).regencies.set(["32.09"])
        self.client.force_login(self.hana)
        self.client.get(reverse("allocation:proposals"))
        from allocation.tests.test_proposals import FIXED_QUERIES

        with self.assertNumQueries(FIXED_QUERIES):
            self.client.get(reverse("allocation:proposals"))


class ExclusionPageTests(ProposalTestCase):
    def add(self, user, client, officer, reason=ExclusionReason.SAME_FAMILY, note=""):
        self.client.force_login(user)
        data = {"client": client.pk, "officer": officer.pk, "reason": reason, "note": note}
        return self.client.post(EXCLUSIONS, data)

    def test_a_section_head_adds_and_lifts_an_exclusion_audited(self):
        response = self.add(self.sam, self.clients[0], self.dewi)
        self.assertRedirects(response, EXCLUSIONS)
        exclusion = AllocationExclusion.objects.get()
        self.assertEqual(
            (exclusion.officer, exclusion.client, exclusion.reason, exclusion.created_by),
            (self.dewi, self.clients[0], ExclusionReason.SAME_FAMILY, self.sam),
        )
        event = AuditEvent.objects.get(action="allocationexclusion.created")
        self.assertEqual((event.actor, event.office), (self.sam, self.cirebon))
        page = self.client.get(EXCLUSIONS)
        self.assertContains(page, self.clients[0].full_name)
        url = reverse("allocation:exclusion_delete", args=[exclusion.pk])
        self.assertContains(page, url)
        confirm = self.client.get(url)
        self.assertContains(confirm, "Lift the exclusion")
        self.assertTrue(AllocationExclusion.objects.exists())  # a GET only asks
        self.assertEqual(self.client.post(url).status_code, 200)  # not confirmed: asked again
        self.assertTrue(AllocationExclusion.objects.exists())
        self.assertRedirects(self.client.post(url, {"confirm": "yes"}), EXCLUSIONS)
        self.assertFalse(AllocationExclusion.objects.exists())
        self.assertTrue(AuditEvent.objects.filter(action="allocationexclusion.deleted", actor=self.sam).exists())

    def test_other_needs_a_note_and_a_pair_only_once(self):
        response = self.add(self.sam, self.clients[0], self.dewi, reason=ExclusionReason.OTHER)
        self.assertContains(response, "Say why when the reason is Other.")
        self.add(self.sam, self.clients[0], self.dewi)
        response = self.add(self.sam, self.clients[0], self.dewi, reason=ExclusionReason.CONFLICT_OF_INTEREST)
        self.assertContains(response, "is already excluded for")
        self.assertEqual(AllocationExclusion.objects.count(), 1)

    def test_a_section_head_only_for_their_section(self):
        response = self.add(self.sam, self.child, self.dewi)  # a child: BKA's
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AllocationExclusion.objects.exists())
        self.add(self.sam, self.clients[0], self.bella)  # a BKA PK
        self.assertFalse(AllocationExclusion.objects.exists())
        with self.assertRaises(ValidationError):
            services.exclusion_add(acting_user=self.sam, officer=self.bella, client=self.clients[0], reason="keluarga")
        theirs = exclude(self.bella, self.child, by=self.bianca)
        self.client.force_login(self.sam)
        self.assertNotContains(self.client.get(EXCLUSIONS), f'data-exclusion="{theirs.pk}"')
        url = reverse("allocation:exclusion_delete", args=[theirs.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.client.force_login(self.hana)  # the head: the whole office
        self.assertContains(self.client.get(EXCLUSIONS), f'data-exclusion="{theirs.pk}"')
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_pks_and_others_are_refused(self):
        exclusion = exclude(self.dewi, self.clients[0])
        for user in (self.olivia, self.reggie, self.rita, self.alan):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(EXCLUSIONS).status_code, 403)
                self.assertEqual(self.add(user, self.clients[1], self.dewi).status_code, 403)
                url = reverse("allocation:exclusion_delete", args=[exclusion.pk])
                self.assertEqual(self.client.post(url).status_code, 403)
                self.assertEqual(self.client.get(AREAS).status_code, 403)
                edit = reverse("allocation:working_area_edit", args=[self.dewi.pk])
                self.assertEqual(self.client.post(edit, {"regencies": ["32.09"]}).status_code, 403)
        self.assertEqual(AllocationExclusion.objects.count(), 1)
        self.assertFalse(OfficerWorkingArea.objects.exists())

    def test_the_workload_page_links_to_both_pages(self):
        self.client.force_login(self.sam)
        page = self.client.get(WORKLOAD)
        self.assertContains(page, f'href="{EXCLUSIONS}"')
        self.assertContains(page, f'href="{AREAS}"')


class WorkingAreaPageTests(ProposalTestCase):
    def test_a_section_head_records_a_pk_s_working_area_audited(self):
        self.cirebon.working_area.add("32.09")
        district = District.objects.filter(regency_id="32.09").order_by("code").first()
        self.client.force_login(self.sam)
        self.assertContains(self.client.get(AREAS), "Not recorded")
        edit = reverse("allocation:working_area_edit", args=[self.dewi.pk])
        self.assertContains(self.client.get(edit), district.name)
        response = self.client.post(edit, {"regencies": ["32.09"], "districts": [district.pk], "note": "Utara"})
        self.assertRedirects(response, AREAS)
        area = OfficerWorkingArea.objects.get(officer=self.dewi)
        self.assertEqual(list(area.regencies.values_list("pk", flat=True)), ["32.09"])
        self.assertEqual((area.note, area.updated_by), ("Utara", self.sam))
        self.assertEqual(proposals.working_areas([self.dewi])[self.dewi.pk], frozenset({"32.09", district.pk}))
        event = AuditEvent.objects.get(action="officerworkingarea.created")
        self.assertEqual(event.changes["regencies"], [[], ["32.09"]])
        self.assertContains(self.client.get(AREAS), Regency.objects.get(pk="32.09").name)
        # Emptied again: the fallback returns.
        self.client.post(edit, {"note": ""})
        self.assertEqual(proposals.working_areas([self.dewi])[self.dewi.pk], frozenset())
        self.assertTrue(AuditEvent.objects.filter(action="officerworkingarea.updated").exists())

    def test_a_region_outside_the_office_s_area_is_refused(self):
        self.cirebon.working_area.set(["32.09"])
        self.client.force_login(self.sam)
        edit = reverse("allocation:working_area_edit", args=[self.dewi.pk])
        response = self.client.post(edit, {"regencies": ["32.73"]})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(OfficerWorkingArea.objects.exists())

    def test_a_section_head_only_for_their_section_s_pks(self):
        self.client.force_login(self.sam)
        self.assertNotContains(self.client.get(AREAS), self.bella.full_name)
        edit = reverse("allocation:working_area_edit", args=[self.bella.pk])
        self.assertEqual(self.client.get(edit).status_code, 404)
        self.assertEqual(self.client.post(edit, {"regencies": ["32.09"]}).status_code, 404)
        self.client.force_login(self.hana)
        self.assertContains(self.client.get(AREAS), self.bella.full_name)
        self.assertEqual(self.client.get(edit).status_code, 200)

    def test_admin_lists_both(self):
        exclude(self.dewi, self.clients[0])
        OfficerWorkingArea.objects.create(officer=self.dewi)
        self.client.force_login(self.nadia)
        for name in ("allocationexclusion", "officerworkingarea"):
            self.assertEqual(self.client.get(reverse(f"admin:allocation_{name}_changelist")).status_code, 200)


class ExclusionOutsideTestTransactionTests(TransactionBaseTestCase):
    def setUp(self):
        super().setUp()
        self.dewi = make_user("dewi", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        self.sari = make_user("sari", Role.SECTION_HEAD, office=self.cirebon, section=Section.BKD)
        self.adi = make_client(self.cirebon, officer=self.olivia, name="Adi Nugroho")

    def add(self, user):
        return lambda: services.exclusion_add(
            acting_user=user, officer=self.dewi, client=self.adi, reason=ExclusionReason.SAME_FAMILY
        )

    def test_add_and_lift_commit_with_their_audit_events(self):
        exclusion = self.add(self.sam)()
        self.assertEqual(AuditEvent.objects.filter(action="allocationexclusion.created").count(), 1)
        services.exclusion_delete(acting_user=self.sam, exclusion=exclusion)
        services.exclusion_delete(acting_user=self.sari, exclusion=exclusion)  # lifted already: nothing more
        self.assertFalse(AllocationExclusion.objects.exists())
        self.assertEqual(AuditEvent.objects.filter(action="allocationexclusion.deleted").count(), 1)

    def test_two_section_heads_adding_the_same_exclusion_at_once_record_it_once(self):
        race = Race(meet_at="allocation.services._lock_client")
        outcomes = race.run(self.add(self.sam), self.add(self.sari))
        won = [o for o in outcomes if isinstance(o, AllocationExclusion)]
        lost = [o for o in outcomes if isinstance(o, ValidationError)]
        self.assertEqual((len(won), len(lost)), (1, 1), outcomes)
        self.assertIn("is already excluded for", " ".join(lost[0].messages))
        self.assertEqual(AllocationExclusion.objects.count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="allocationexclusion.created").count(), 1)
