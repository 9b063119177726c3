"""Transfers (pelimpahan): request, decision, files, acceptance or return by the receiving office."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from clients.models import Client, Guarantor, ProgramEpisode
from movements import selectors, services
from movements.models import Transfer, TravelPermit
from movements.tests.base import D, MovementsTestCase
from organizations.models import CalendarDay
from supervision import services as supervision_services


class TransferRequestTestCase(MovementsTestCase):
    def test_a_transfer_to_the_same_office_is_refused_and_nothing_changes(self):
        events = AuditEvent.objects.count()
        with self.assertRaises(ValidationError) as caught:
            self.request_transfer(to_office=self.cirebon, new_regency=self.budi.domicile_regency, new_village=None)
        self.assertEqual(
            caught.exception.message_dict["to_office"],
            ["Bapas Uji Cirebon already guides this client: a transfer goes to another Bapas. Nothing was saved."],
        )
        self.assertFalse(Transfer.objects.exists())
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_an_open_violation_must_be_settled_before_a_transfer(self):
        from violations import services as violation_services

        violation_services.violation_report(
            episode=self.episode,
            type="SK_KERESAHAN",
            occurred_on=self.episode.starts_on,
            source="pk",
            description="Keributan di lingkungan.",
            acting_user=self.olivia,
        )
        with self.assertRaises(ValidationError) as caught:
            self.request_transfer()
        self.assertIn("open violation or phase proposal", caught.exception.message_dict["__all__"][0])
        self.assertFalse(Transfer.objects.exists())

    def test_the_same_office_through_the_page_shows_the_message(self):
        self.client.force_login(self.olivia)
        url = reverse("movements:transfer_request", args=[self.budi.pk])
        response = self.client.post(
            url,
            {
                "to_office": self.cirebon.pk,
                "new_address": "Jl. Uji 2",
                "new_regency": "32.09",
                "guarantor_name": "Siti",
                "guarantor_relationship": "ibu",
                "reason": "Moving",
                "review": "Fine",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "already guides this client: a transfer goes to another Bapas")
        self.assertFalse(Transfer.objects.exists())

    def test_the_new_address_must_lie_in_the_receiving_office_area(self):
        with self.assertRaises(ValidationError) as caught:
            self.request_transfer(new_regency=self.budi.domicile_regency, new_village=None)
        self.assertIn("outside the working area of Bapas Uji Bandung", caught.exception.message_dict["new_regency"][0])

    def test_one_transfer_at_a_time(self):
        self.request_transfer()
        with self.assertRaises(ValidationError) as caught:
            self.request_transfer()
        self.assertEqual(caught.exception.messages, ["This client already has a transfer under way."])

    def test_the_request_is_audited_for_the_sending_office(self):
        transfer = self.request_transfer()
        event = AuditEvent.objects.get(action="transfer.requested")
        self.assertEqual((event.office, event.object_id, event.actor), (self.cirebon, str(transfer.pk), self.olivia))
        self.assertEqual(event.changes["to_office"], [None, self.bandung.pk])

    def test_the_page_records_the_request(self):
        self.client.force_login(self.olivia)
        response = self.client.post(
            reverse("movements:transfer_request", args=[self.budi.pk]),
            {
                "to_office": self.bandung.pk,
                "new_address": "Jl. Braga 10",
                "new_regency": "32.73",
                "new_village": self.bandung_village.pk,
                "guarantor_name": "Siti",
                "guarantor_relationship": "ibu",
                "reason": "Work",
                "review": "Low risk",
            },
        )
        transfer = Transfer.objects.get()
        self.assertRedirects(response, reverse("movements:transfer_detail", args=[transfer.pk]))
        self.assertEqual((transfer.requested_on, transfer.requested_by), (D(2026, 12, 21), self.olivia))


class TransferDeadlineTestCase(MovementsTestCase):
    def test_ten_working_days_skip_christmas_collective_leave_and_new_year(self):
        # Monday 21 December 2026: 24 Dec (cuti bersama), 25 Dec (Christmas), 1 Jan and 5 Jan 2027 are skipped.
        transfer = self.request_transfer()
        self.assertEqual(selectors.transfer_deadline(transfer), D(2027, 1, 8))

    def test_a_collective_leave_day_added_later_moves_the_deadline(self):
        transfer = self.request_transfer()
        CalendarDay.objects.create(date=D(2026, 12, 28), description="Cuti bersama tambahan")
        self.assertEqual(selectors.transfer_deadline(transfer), D(2027, 1, 11))
        [row] = selectors.open_requests(ProgramEpisode.objects.all(), today=D(2026, 12, 21))
        self.assertEqual((row.kind, row.deadline, row.days_left, row.overdue), ("transfer", D(2027, 1, 11), 10, False))

    def test_an_undecided_transfer_becomes_overdue(self):
        self.request_transfer()
        [row] = selectors.open_requests(ProgramEpisode.objects.all(), today=D(2027, 1, 12))
        self.assertTrue(row.overdue)
        self.assertEqual(row.days_left, -2)  # 11 and 12 January

    def test_the_queue_runs_three_queries_whatever_its_length(self):
        self.request_transfer()
        from clients.tests.factories import make_client

        for _ in range(3):
            other = make_client(self.cirebon, officer=self.olivia)
            services.permit_request(
                episode=other.current_episode,
                acting_user=self.olivia,
                kind="luar_kota",
                applicant="klien",
                destination="Jakarta",
                purpose="Family",
                starts_on=D(2026, 12, 22),
                ends_on=D(2026, 12, 23),
            )
        with self.assertNumQueries(3):
            rows = selectors.open_requests(ProgramEpisode.objects.filter(office=self.cirebon), today=D(2026, 12, 21))
        self.assertEqual([r.kind for r in rows], ["transfer", "permit", "permit", "permit"])


class TransferDecisionTestCase(MovementsTestCase):
    def test_refusing_needs_a_reason(self):
        transfer = self.request_transfer()
        with self.assertRaises(ValidationError) as caught:
            services.transfer_decide(transfer=transfer, acting_user=self.hana, approve=False)
        self.assertEqual(caught.exception.message_dict["reason"], ["Give the reason for refusing the transfer."])
        transfer.refresh_from_db()
        self.assertIsNone(transfer.approved)

    def test_the_head_refuses_and_the_client_may_ask_again(self):
        transfer = self.request_transfer()
        services.transfer_decide(transfer=transfer, acting_user=self.hana, approve=False, reason="No guarantor")
        transfer.refresh_from_db()
        self.assertEqual(transfer.state, Transfer.State.REFUSED)
        self.assertTrue(AuditEvent.objects.filter(action="transfer.refused", office=self.cirebon).exists())
        self.request_transfer()  # a refused transfer is no longer under way

    def test_only_the_sending_office_decides(self):
        transfer = self.request_transfer()
        with self.assertRaises(ValidationError):
            services.transfer_decide(transfer=transfer, acting_user=self.bima, approve=True)

    def test_files_sent_later(self):
        transfer = self.approved_transfer(files_sent_on=None)
        self.assertEqual(transfer.state, Transfer.State.APPROVED)
        services.transfer_files_sent(transfer=transfer, acting_user=self.hana, sent_on=D(2026, 12, 21))
        transfer.refresh_from_db()
        self.assertEqual(transfer.state, Transfer.State.SENT)
        self.assertTrue(AuditEvent.objects.filter(action="transfer.files_sent").exists())


class TransferAcceptTestCase(MovementsTestCase):
    def test_the_receiving_office_sees_the_transfer_only_once_approved(self):
        transfer = self.request_transfer()
        self.assertEqual(selectors.incoming_transfers(self.bima), [])
        self.client.force_login(self.bima)
        self.assertEqual(self.client.get(reverse("movements:transfer_accept", args=[transfer.pk])).status_code, 404)
        services.transfer_decide(transfer=transfer, acting_user=self.hana, approve=True, files_sent_on=D(2026, 12, 21))
        self.assertEqual(selectors.incoming_transfers(self.bima), [transfer])
        self.assertEqual(selectors.incoming_transfers(self.beni), [transfer])
        response = self.client.get(reverse("movements:transfer_accept", args=[transfer.pk]))
        self.assertContains(response, "Budi Santoso")
        self.assertContains(response, "Siti Aminah")
        self.assertNotContains(response, self.budi.nik)  # facts of the transfer, not the whole file

    def test_the_receiving_office_sees_the_client_after_acceptance_and_not_before(self):
        transfer = self.approved_transfer()
        detail = reverse("clients:detail", args=[self.budi.pk])
        self.client.force_login(self.beni)
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.assertFalse(Client.objects.visible_to(self.bima).filter(pk=self.budi.pk).exists())
        services.transfer_accept(transfer=transfer, acting_user=self.beni)
        self.assertEqual(self.client.get(detail).status_code, 200)
        self.assertTrue(Client.objects.visible_to(self.bima).filter(pk=self.budi.pk).exists())

    def test_acceptance_moves_the_guidance_in_one_step(self):
        from clients.tests.factories import make_client

        make_client(self.bandung, officer=self.pat, regency="32.73")  # Bandung's register number 2026/00001
        transfer = self.approved_transfer()
        new = services.transfer_accept(transfer=transfer, acting_user=self.bima)
        self.episode.refresh_from_db()
        self.budi.refresh_from_db()
        transfer.refresh_from_db()
        self.assertEqual(self.episode.status, EpisodeStatus.TRANSFERRED)
        self.assertEqual((new.office, new.status, new.officer), (self.bandung, EpisodeStatus.ACTIVE, None))
        self.assertEqual((new.program, new.phase, new.ends_on), ("PB", "awal", D(2027, 1, 10)))
        self.assertEqual(new.starts_on, D(2026, 12, 21))  # the receiving office's schedule starts on acceptance
        self.assertEqual((self.budi.office, self.budi.current_episode), (self.bandung, new))
        self.assertEqual(self.budi.register_number, "2026/00002")  # numbered in Bandung's register
        self.assertEqual((self.budi.address, self.budi.domicile_village), ("Jl. Braga 10", self.bandung_village))
        self.assertTrue(Guarantor.objects.filter(client=self.budi, name="Siti Aminah").exists())
        self.assertEqual((transfer.state, transfer.new_episode), (Transfer.State.ACCEPTED, new))
        self.assertFalse(self.episode.assignments.filter(ended_at__isnull=True).exists())

    def test_the_old_episodes_rows_keep_the_sending_office_and_the_guarantors_follow_the_client(self):
        """The tenant key on a transfer: rows written about the old episode stay with the office that wrote
        them; the client's guarantors belong to the client and move with it."""
        Guarantor.objects.create(client=self.budi, name="Ahmad", relationship="ayah")
        permit = TravelPermit.objects.create(
            episode=self.episode,
            kind=TravelPermit.Kind.OUT_OF_TOWN,
            destination="Jakarta",
            purpose="Menjenguk orang tua",
            starts_on=D(2026, 12, 1),
            ends_on=D(2026, 12, 3),
            requested_on=D(2026, 12, 1),
            requested_by=self.olivia,
        )
        self.assertEqual(permit.office, self.cirebon)
        transfer = self.approved_transfer()
        new = services.transfer_accept(transfer=transfer, acting_user=self.bima)
        permit.refresh_from_db()
        self.assertEqual(permit.office, self.cirebon)
        self.assertEqual(set(self.episode.assignments.values_list("office", flat=True)), {self.cirebon.pk})
        self.assertEqual(
            set(Guarantor.objects.filter(client=self.budi).values_list("office", flat=True)), {self.bandung.pk}
        )
        self.assertEqual(Guarantor.objects.filter(client=self.budi).count(), 2)
        self.assertEqual(new.office, self.bandung)

    def test_acceptance_is_audited_on_both_sides(self):
        transfer = self.approved_transfer()
        services.transfer_accept(transfer=transfer, acting_user=self.bima)
        events = {(e.action, e.office_id) for e in AuditEvent.objects.filter(actor=self.bima)}
        self.assertLessEqual(
            {
                ("transfer.accepted", self.cirebon.pk),
                ("transfer.accepted", self.bandung.pk),
                ("episode.transferred", self.cirebon.pk),
                ("episode.created", self.bandung.pk),
                ("client.transferred", self.bandung.pk),
                ("guarantor.created", self.bandung.pk),
            },
            events,
        )
        moved = AuditEvent.objects.get(action="client.transferred")
        self.assertEqual(moved.changes["office"], [self.cirebon.pk, self.bandung.pk])

    def test_the_sending_pk_can_no_longer_record_check_ins(self):
        transfer = self.approved_transfer()
        services.transfer_accept(transfer=transfer, acting_user=self.bima)
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(reverse("supervision:checkin_create", args=[self.budi.pk])).status_code, 404)
        self.episode.refresh_from_db()
        with self.assertRaises(ValidationError):
            supervision_services.checkin_record(
                episode=self.episode, acting_user=self.olivia, outcome="hadir", due_on=D(2026, 12, 10), occurred_at=None
            )

    def test_acceptance_waits_for_the_files(self):
        transfer = self.approved_transfer(files_sent_on=None)
        with self.assertRaises(ValidationError) as caught:
            services.transfer_accept(transfer=transfer, acting_user=self.bima)
        self.assertEqual(caught.exception.messages, ["The sending office has not sent the files yet."])
        self.budi.refresh_from_db()
        self.assertEqual(self.budi.office, self.cirebon)

    def test_the_sending_office_cannot_accept_its_own_transfer(self):
        transfer = self.approved_transfer()
        with self.assertRaises(ValidationError):
            services.transfer_accept(transfer=transfer, acting_user=self.hana)
        self.client.force_login(self.hana)
        url = reverse("movements:transfer_accept", args=[transfer.pk])
        self.assertEqual(self.client.post(url, {"answer": "accept"}).status_code, 403)
        self.episode.refresh_from_db()
        self.assertEqual(self.episode.status, EpisodeStatus.ACTIVE)

    def test_returning_changes_nothing_of_the_client(self):
        transfer = self.approved_transfer()
        self.client.force_login(self.beni)
        url = reverse("movements:transfer_accept", args=[transfer.pk])
        response = self.client.post(url, {"answer": "return", "return_reason": ""})
        self.assertContains(response, "Say why the transfer goes back to the sending office.")
        response = self.client.post(url, {"answer": "return", "return_reason": "Address not found"})
        self.assertRedirects(response, reverse("movements:transfer_incoming"))
        transfer.refresh_from_db()
        self.budi.refresh_from_db()
        self.assertEqual((transfer.state, self.budi.office), (Transfer.State.RETURNED, self.cirebon))
        self.assertEqual(
            set(AuditEvent.objects.filter(action="transfer.returned").values_list("office_id", flat=True)),
            {self.cirebon.pk, self.bandung.pk},
        )

    def test_the_page_accepts_and_sends_the_section_head_to_assign_a_pk(self):
        transfer = self.approved_transfer()
        self.client.force_login(self.beni)
        response = self.client.post(reverse("movements:transfer_accept", args=[transfer.pk]), {"answer": "accept"})
        self.assertRedirects(response, reverse("clients:assign", args=[self.budi.pk]))


class TransferPermissionTestCase(MovementsTestCase):
    def test_each_transition_refuses_the_wrong_role_with_403_and_other_offices_with_404(self):
        transfer = self.request_transfer()
        cases = [
            ("movements:transfer_decide", self.olivia, {"decision": "approve"}, 403),  # a PK does not decide
            ("movements:transfer_decide", self.joko, {"decision": "approve"}, 404),  # another office's head
            ("movements:transfer_decide", self.reggie, {"decision": "approve"}, 403),
            ("movements:transfer_files_sent", self.sam, {"files_sent_on": "2026-12-21"}, 403),
            ("movements:transfer_board", self.alan, {"summary": "x"}, 403),
            ("movements:transfer_board", self.pat, {"summary": "x"}, 404),
            ("movements:transfer_accept", self.olivia, {"answer": "accept"}, 403),
            ("movements:transfer_accept", self.bima, {"answer": "accept"}, 404),  # not approved yet
        ]
        for name, user, data, status in cases:
            with self.subTest(view=name, user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(reverse(name, args=[transfer.pk]), data).status_code, status)
        self.client.force_login(self.pat)
        response = self.client.post(reverse("movements:transfer_request", args=[self.budi.pk]), {})
        self.assertEqual(response.status_code, 404)
        transfer.refresh_from_db()
        self.assertEqual(transfer.state, Transfer.State.REQUESTED)

    def test_the_head_decides_through_the_page(self):
        transfer = self.request_transfer()
        self.client.force_login(self.hana)
        url = reverse("movements:transfer_decide", args=[transfer.pk])
        page = self.client.get(url)
        self.assertContains(page, "08-01-2027")  # decide by
        response = self.client.post(url, {"decision": "approve", "files_sent_on": "2026-12-21"})
        self.assertRedirects(response, reverse("movements:transfer_detail", args=[transfer.pk]))
        transfer.refresh_from_db()
        self.assertEqual((transfer.state, transfer.decided_by), (Transfer.State.SENT, self.hana))


class TransferBoardTestCase(MovementsTestCase):
    def test_the_board_recommends_and_the_head_still_decides(self):
        from board import services as board_services
        from board.models import AgendaItem

        transfer = self.request_transfer()
        transfer = services.transfer_to_board(transfer=transfer, acting_user=self.olivia, summary="Move to Bandung")
        self.assertEqual(transfer.state, Transfer.State.AT_BOARD)
        item = AgendaItem.objects.get(pk=transfer.board_item_id)
        self.assertEqual((item.kind, item.subject_id), ("transfer", transfer.pk))
        meeting = board_services.meeting_create(
            office=self.cirebon, held_on=D(2026, 12, 21), title="Sidang TPP", acting_user=self.tess
        )
        board_services.agenda_item_assign(item=item, meeting=meeting, acting_user=self.tess)
        board_services.decision_record(
            item=item, decision="approved", minute_number="TPP/12/2026", note="Agreed", acting_user=self.hana
        )
        transfer.refresh_from_db()
        self.assertIn("TPP/12/2026", transfer.board_outcome)
        self.assertEqual(transfer.state, Transfer.State.REQUESTED)


class TransferPagesTestCase(MovementsTestCase):
    def test_the_receiving_office_lists_and_opens_the_incoming_transfer(self):
        transfer = self.approved_transfer(files_sent_on=None)
        self.client.force_login(self.beni)
        response = self.client.get(reverse("movements:transfer_incoming"))
        self.assertContains(response, "Budi Santoso")
        self.assertContains(response, "not yet")
        response = self.client.get(reverse("movements:transfer_detail", args=[transfer.pk]))
        self.assertContains(response, "Approved; files not sent yet")
        self.assertNotContains(response, "Low risk")  # the PK's review stays with the sending office
        self.assertNotContains(response, reverse("clients:detail", args=[self.budi.pk]))
        from audit.models import AuditEvent

        viewed = AuditEvent.objects.get(action="transfer.viewed", object_id=str(transfer.pk))
        self.assertEqual((viewed.actor, viewed.office), (self.beni, self.bandung))

    def test_the_sending_office_sees_the_review_and_the_actions(self):
        transfer = self.request_transfer()
        self.client.force_login(self.hana)
        response = self.client.get(reverse("movements:transfer_detail", args=[transfer.pk]))
        self.assertContains(response, "Low risk")
        self.assertContains(response, reverse("movements:transfer_decide", args=[transfer.pk]))
        self.client.force_login(self.olivia)
        response = self.client.get(reverse("movements:transfer_detail", args=[transfer.pk]))
        self.assertNotContains(response, reverse("movements:transfer_decide", args=[transfer.pk]))
        self.assertContains(response, reverse("movements:transfer_board", args=[transfer.pk]))


class SuspendedTestCase(MovementsTestCase):
    def test_a_suspended_client_is_neither_transferred_nor_allowed_to_travel(self):
        self.episode.status = EpisodeStatus.SUSPENDED
        self.episode.save(update_fields=["status"])
        with self.assertRaises(ValidationError) as caught:
            self.request_transfer()
        self.assertEqual(caught.exception.code, "suspended")
        with self.assertRaises(ValidationError):
            services.permit_request(
                episode=self.episode,
                acting_user=self.olivia,
                kind="luar_kota",
                applicant="klien",
                destination="Jakarta",
                purpose="Family",
                starts_on=D(2026, 12, 22),
                ends_on=D(2026, 12, 23),
            )
        self.assertFalse(Transfer.objects.exists())
