"""The board's pages end to end: who may do each transition (others 403, other offices 404), what changes."""

import datetime

from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Jenjang, Role, Section
from audit.models import AuditEvent
from bapas.test import make_user
from board import services
from board.models import AgendaItem, Meeting, PhaseProposal
from board.panels import phase_panel
from board.tests.base import BoardTestCase
from clients import log
from clients.models import ProgramEpisode
from clients.tests.factories import make_client


class ViewTestCase(BoardTestCase):
    def setUp(self):
        super().setUp()
        self.speak_english()

    def as_(self, user):
        self.client.force_login(user)
        return self.client

    def phase(self):
        return ProgramEpisode.objects.get(pk=self.episode.pk).phase


class PhaseProposeViewTestCase(ViewTestCase):
    def url(self):
        return reverse("board:phase_propose", args=[self.budi.pk])

    def test_the_pk_proposes_the_next_phase(self):
        response = self.as_(self.olivia).post(self.url(), {"to_phase": "lanjutan", "reason": "Ready"})
        self.assertRedirects(response, reverse("clients:detail", args=[self.budi.pk]), fetch_redirect_response=False)
        proposal = PhaseProposal.objects.get()
        self.assertEqual((proposal.proposed_by, proposal.to_phase), (self.olivia, "lanjutan"))
        self.assertTrue(AgendaItem.objects.awaiting_meeting().filter(pk=proposal.agenda_item_id).exists())
        self.assertTrue(AuditEvent.objects.filter(action="phase.proposed", actor=self.olivia).exists())
        self.assertEqual(self.phase(), "awal")

    def test_the_section_head_may_propose(self):
        self.as_(self.sam).post(self.url(), {"to_phase": "lanjutan", "reason": "Ready"})
        self.assertEqual(PhaseProposal.objects.get().proposed_by, self.sam)

    def test_skipping_a_phase_is_refused_with_a_message_and_changes_nothing(self):
        response = self.as_(self.olivia).post(self.url(), {"to_phase": "akhir", "reason": "Ready"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Only the next phase can be proposed")
        self.assertFalse(PhaseProposal.objects.exists())
        self.assertFalse(AgendaItem.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(action__startswith="phase.").exists())

    def test_a_second_proposal_is_refused(self):
        self.propose()
        response = self.as_(self.olivia).post(self.url(), {"to_phase": "lanjutan", "reason": "Again"})
        self.assertContains(response, "already proposed and not yet decided")
        self.assertEqual(PhaseProposal.objects.count(), 1)

    def test_other_roles_get_403_and_other_offices_404(self):
        for user, status in [(self.alan, 403), (self.tess, 403), (self.hana, 403), (self.reggie, 403), (self.pat, 404)]:
            with self.subTest(user=user.username):
                response = self.as_(user).post(self.url(), {"to_phase": "lanjutan", "reason": "Ready"})
                self.assertEqual(response.status_code, status)
        self.assertFalse(PhaseProposal.objects.exists())


class DecisionViewTestCase(ViewTestCase):
    def setUp(self):
        super().setUp()
        self.proposal = self.propose()
        self.item = services.agenda_item_assign(
            item=self.proposal.agenda_item, meeting=self.meeting, acting_user=self.tess
        )

    def url(self):
        return reverse("board:item_decide", args=[self.item.pk])

    def test_the_tpp_secretary_records_the_decision(self):
        response = self.as_(self.tess).post(self.url(), {"decision": "approved", "minute_number": "BA-7", "note": ""})
        self.assertRedirects(
            response, reverse("board:meeting_detail", args=[self.meeting.pk]), fetch_redirect_response=False
        )
        self.item.refresh_from_db()
        self.assertEqual((self.item.decision, self.item.minute_number), ("approved", "BA-7"))
        self.assertEqual(PhaseProposal.objects.get().status, PhaseProposal.Status.AWAITING_HEAD)
        self.assertTrue(AuditEvent.objects.filter(action="agenda_item.decided", actor=self.tess).exists())
        self.assertEqual(self.phase(), "awal")

    def test_a_decision_without_a_minute_number_is_refused(self):
        response = self.as_(self.tess).post(self.url(), {"decision": "approved", "minute_number": "", "note": ""})
        self.assertContains(response, "Give the minute number")
        self.item.refresh_from_db()
        self.assertEqual(self.item.decision, "pending")

    def test_a_duplicate_minute_number_is_refused(self):
        other = services.agenda_item_add(
            kind="other",
            episode=self.episode,
            subject=self.meeting,
            summary="Other",
            acting_user=self.olivia,
            meeting=self.meeting,
        )
        self.decide(other, minute_number="BA-7")
        response = self.as_(self.hana).post(self.url(), {"decision": "rejected", "minute_number": "BA-7", "note": ""})
        self.assertContains(response, "already used")
        self.item.refresh_from_db()
        self.assertEqual(self.item.decision, "pending")

    def test_other_roles_get_403_and_other_offices_404(self):
        for user, status in [(self.olivia, 403), (self.sam, 403), (self.reggie, 403), (self.joko, 404)]:
            with self.subTest(user=user.username):
                response = self.as_(user).post(
                    self.url(), {"decision": "approved", "minute_number": "BA-8", "note": ""}
                )
                self.assertEqual(response.status_code, status)
        self.item.refresh_from_db()
        self.assertEqual(self.item.decision, "pending")

    def test_items_are_assigned_from_the_awaiting_list_and_deferred_back(self):
        self.as_(self.tess).post(self.url(), {"decision": "deferred", "minute_number": "", "note": "More data"})
        self.item.refresh_from_db()
        self.assertIsNone(self.item.meeting)
        response = self.as_(self.tess).post(
            reverse("board:item_assign", args=[self.item.pk]), {"meeting": self.meeting.pk, "back": "meeting"}
        )
        self.assertRedirects(
            response, reverse("board:meeting_detail", args=[self.meeting.pk]), fetch_redirect_response=False
        )
        self.item.refresh_from_db()
        self.assertEqual(self.item.meeting, self.meeting)
        self.assertTrue(AuditEvent.objects.filter(action="agenda_item.assigned").exists())

    def test_assigning_is_for_board_managers(self):
        url = reverse("board:item_assign", args=[self.item.pk])
        self.assertEqual(self.as_(self.olivia).post(url, {"meeting": ""}).status_code, 403)
        self.assertEqual(self.as_(self.joko).post(url, {"meeting": ""}).status_code, 404)


class HeadApprovalViewTestCase(ViewTestCase):
    def setUp(self):
        super().setUp()
        self.proposal = self.propose()
        self.decide(self.proposal.agenda_item)

    def url(self):
        return reverse("board:proposal_approve", args=[self.proposal.pk])

    def test_the_head_approves_and_the_phase_changes(self):
        response = self.as_(self.hana).post(self.url(), {"approve": "yes", "note": ""})
        self.assertRedirects(response, reverse("board:approvals"), fetch_redirect_response=False)
        self.assertEqual(self.phase(), "lanjutan")
        event = AuditEvent.objects.get(action="episode.phase_changed")
        self.assertEqual((event.actor, event.changes), (self.hana, {"phase": ["awal", "lanjutan"]}))
        self.assertTrue(AuditEvent.objects.filter(action="phase.approved", actor=self.hana).exists())

    def test_the_head_refuses_with_a_reason(self):
        response = self.as_(self.hana).post(self.url(), {"approve": "no", "note": ""})
        self.assertContains(response, "reason for refusing")
        self.as_(self.hana).post(self.url(), {"approve": "no", "note": "Not yet"})
        self.assertEqual(PhaseProposal.objects.get().status, PhaseProposal.Status.REFUSED)
        self.assertEqual(self.phase(), "awal")

    def test_approval_by_anyone_but_the_head_is_403_and_another_head_404(self):
        for user, status in [(self.tess, 403), (self.sam, 403), (self.olivia, 403), (self.ada, 403), (self.joko, 404)]:
            with self.subTest(user=user.username):
                self.assertEqual(self.as_(user).post(self.url(), {"approve": "yes", "note": ""}).status_code, status)
        self.assertEqual(self.phase(), "awal")
        self.assertFalse(AuditEvent.objects.filter(action="episode.phase_changed").exists())

    def test_the_approvals_list_has_a_fixed_number_of_queries(self):
        for _ in range(3):
            episode = make_client(self.cirebon, officer=self.olivia).current_episode
            proposal = self.propose(episode=episode)
            self.decide(proposal.agenda_item, minute_number=f"BA-{episode.pk}")
        self.as_(self.hana)
        with self.assertNumQueries(5):
            response = self.client.get(reverse("board:approvals"))
        self.assertEqual(len(response.context["page"].object_list), 4)


class MeetingViewTestCase(ViewTestCase):
    def test_the_secretary_plans_and_edits_a_meeting(self):
        response = self.as_(self.tess).post(
            reverse("board:meeting_create"),
            {
                "held_on": "2025-10-01",
                "title": "Sidang Oktober",
                "number": "TPP/10",
                "chair": self.hana.pk,
                "notes": "",
            },
        )
        meeting = Meeting.objects.get(title="Sidang Oktober")
        self.assertRedirects(
            response, reverse("board:meeting_detail", args=[meeting.pk]), fetch_redirect_response=False
        )
        self.assertEqual((meeting.office, meeting.chair, meeting.created_by), (self.cirebon, self.hana, self.tess))
        self.assertTrue(AuditEvent.objects.filter(action="meeting.created", object_id=str(meeting.pk)).exists())
        self.as_(self.tess).post(
            reverse("board:meeting_edit", args=[meeting.pk]),
            {
                "held_on": "2025-10-02",
                "title": "Sidang Oktober",
                "number": "TPP/10",
                "chair": self.hana.pk,
                "version": 1,
            },
        )
        meeting.refresh_from_db()
        self.assertEqual(meeting.held_on, datetime.date(2025, 10, 2))
        self.assertEqual(
            AuditEvent.objects.get(action="meeting.updated").changes["held_on"], ["2025-10-01", "2025-10-02"]
        )

    def test_a_chair_from_another_office_is_refused(self):
        response = self.as_(self.tess).post(
            reverse("board:meeting_create"), {"held_on": "2025-10-01", "title": "X", "chair": self.pat.pk}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Meeting.objects.filter(title="X").exists())

    def test_closing_needs_every_item_decided(self):
        item = services.agenda_item_add(
            kind="other",
            episode=self.episode,
            subject=self.meeting,
            summary="S",
            acting_user=self.olivia,
            meeting=self.meeting,
        )
        url = reverse("board:meeting_close", args=[self.meeting.pk])
        response = self.as_(self.hana).post(url)
        self.assertContains(response, "have no decision yet")
        self.meeting.refresh_from_db()
        self.assertNotEqual(self.meeting.status, Meeting.Status.CLOSED)
        self.decide(item)
        self.as_(self.hana).post(url)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, Meeting.Status.CLOSED)
        self.assertTrue(AuditEvent.objects.filter(action="meeting.closed").exists())
        # A closed meeting takes no more items or edits.
        with self.assertRaisesMessage(Exception, "closed"):
            services.agenda_item_add(
                kind="other",
                episode=self.episode,
                subject=self.olivia,
                summary="S",
                acting_user=self.olivia,
                meeting=self.meeting,
            )

    def test_managing_meetings_is_for_the_secretary_and_head(self):
        url = reverse("board:meeting_create")
        for user in (self.olivia, self.sam, self.reggie, self.ada):
            with self.subTest(user=user.username):
                self.assertEqual(self.as_(user).post(url, {"held_on": "2025-10-01", "title": "X"}).status_code, 403)
        self.assertEqual(
            self.as_(self.joko).post(reverse("board:meeting_close", args=[self.meeting.pk])).status_code, 404
        )
        self.assertFalse(Meeting.objects.filter(title="X").exists())

    def test_the_meeting_list_is_paginated_with_a_fixed_number_of_queries(self):
        for day in range(25):
            Meeting.objects.create(
                office=self.cirebon, held_on=datetime.date(2025, 10, 1) + datetime.timedelta(days=day), title=f"M{day}"
            )
        Meeting.objects.create(office=self.bandung, held_on=datetime.date(2025, 10, 1), title="Bandung")
        self.as_(self.tess)
        with self.assertNumQueries(6):
            response = self.client.get(reverse("board:meeting_list"))
        page = response.context["page"]
        self.assertEqual(page.paginator.count, 26)
        self.assertEqual(len(page.object_list), 20)
        self.assertNotContains(response, "Bandung")
        past = self.client.get(reverse("board:meeting_list") + "?when=past")
        self.assertEqual(past.context["page"].paginator.count, 0)

    def test_the_meeting_detail_and_awaiting_list_have_fixed_query_counts(self):
        for n in range(4):
            episode = make_client(self.cirebon, officer=self.olivia).current_episode
            proposal = self.propose(episode=episode)
            if n % 2:
                services.agenda_item_assign(item=proposal.agenda_item, meeting=self.meeting, acting_user=self.tess)
        self.as_(self.tess)
        with self.assertNumQueries(6):
            response = self.client.get(reverse("board:meeting_detail", args=[self.meeting.pk]))
        self.assertEqual(len(response.context["items"]), 2)
        self.assertEqual(len(response.context["waiting"]), 2)
        with self.assertNumQueries(6):
            response = self.client.get(reverse("board:awaiting"))
        self.assertEqual(len(response.context["page"].object_list), 2)


class PanelsTestCase(ViewTestCase):
    def test_the_client_page_offers_the_pk_a_proposal(self):
        response = self.as_(self.olivia).get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertContains(response, reverse("board:phase_propose", args=[self.budi.pk]))
        self.assertContains(response, "Guidance phase")

    def test_the_client_page_shows_the_open_proposal_and_the_head_its_approval(self):
        proposal = self.propose()
        self.decide(proposal.agenda_item)
        response = self.as_(self.hana).get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertContains(response, "Awaiting the head&#x27;s approval")
        self.assertContains(response, reverse("board:proposal_approve", args=[proposal.pk]))
        response = self.as_(self.olivia).get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertNotContains(response, reverse("board:phase_propose", args=[self.budi.pk]))
        self.assertNotContains(response, reverse("board:proposal_approve", args=[proposal.pk]))

    def test_the_phase_panel_runs_one_query(self):
        request = RequestFactory().get("/")
        request.user = self.olivia
        self.propose()
        with self.assertNumQueries(1):
            html = phase_panel(request, self.budi, self.episode)
        self.assertIn("Before the board", html)

    def test_home_panels_for_the_secretary_and_the_head(self):
        proposal = self.propose()
        response = self.as_(self.tess).get(reverse("dashboard:home"))
        self.assertContains(response, "items awaiting a meeting")
        self.assertContains(response, reverse("board:meeting_detail", args=[self.meeting.pk]))
        self.decide(proposal.agenda_item)
        response = self.as_(self.hana).get(reverse("dashboard:home"))
        self.assertContains(response, "Phase changes waiting for your approval")
        self.assertContains(response, reverse("board:proposal_approve", args=[proposal.pk]))
        response = self.as_(self.olivia).get(reverse("dashboard:home"))
        self.assertNotContains(response, "Phase changes waiting for your approval")

    def test_the_client_log_shows_the_board_decisions(self):
        proposal = self.propose()
        self.decide(proposal.agenda_item, note="Agreed")
        services.phase_approve(proposal=proposal, approve=True, note="", acting_user=self.hana)
        with self.assertNumQueries(2):
            entries = list(log.sources.get("board")(self.budi, self.olivia))
        titles = [e.title for e in entries]
        self.assertIn("Board decision (phase change): approved", titles)
        self.assertIn("The head approved the phase change: Initial phase → Continued phase", titles)
        self.assertEqual(log.labels["board"], "Case board decisions")


class ItemScopeTestCase(ViewTestCase):
    def test_a_pk_sees_only_the_items_of_their_caseload(self):
        mine = self.propose()
        nina = make_user("nina", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        other_episode = make_client(self.cirebon, officer=nina).current_episode
        theirs = self.propose(episode=other_episode, user=nina)
        response = self.as_(self.olivia).get(reverse("board:awaiting"))
        self.assertEqual([i.pk for i in response.context["page"].object_list], [mine.agenda_item_id])
        response = self.as_(self.tess).get(reverse("board:awaiting"))
        self.assertEqual(
            {i.pk for i in response.context["page"].object_list}, {mine.agenda_item_id, theirs.agenda_item_id}
        )
        self.assertEqual(self.as_(self.pat).get(reverse("board:awaiting")).context["page"].paginator.count, 0)


class HomePanelQueriesTestCase(ViewTestCase):
    def test_home_panels_run_a_fixed_number_of_queries(self):
        from board.panels import home_approvals, home_board

        for n in range(6):
            episode = make_client(self.cirebon, officer=self.olivia).current_episode
            self.decide(self.propose(episode=episode).agenda_item, minute_number=f"BA-H{n}")
        request = RequestFactory().get("/")
        request.user = self.hana
        with self.assertNumQueries(2):
            html = home_approvals(request)
        self.assertIn("All 6 waiting", html)
        with self.assertNumQueries(2):
            self.assertIn("next meeting", home_board(request))
        request.user = self.olivia
        with self.assertNumQueries(0):
            self.assertIsNone(home_approvals(request))
            self.assertIsNone(home_board(request))
