"""The referral services: what each step stores and audits, and every refusal leaves nothing behind."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from clients.tests.factories import make_client
from organizations import workdays
from partners.codes import ServiceField
from partners.models import Partner
from referrals import services
from referrals.models import Attendance, OutcomeRating, Referral, ReferralSession, ReferralSettings, State
from referrals.tests.base import ReferralTestCase


class ReferralCreateTestCase(ReferralTestCase):
    def assertRefused(self, message: str, **overrides):
        before = (Referral.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.refer(**overrides)
        self.assertIn(message, " ".join(ctx.exception.messages))
        self.assertEqual((Referral.objects.count(), AuditEvent.objects.count()), before)
        return ctx.exception

    def test_it_refers_and_sends_to_the_partner_with_a_deadline_and_an_audit_row(self):
        referral = self.refer()
        self.assertEqual(referral.state, State.AWAITING_PARTNER)
        self.assertEqual(referral.client, self.budi)
        self.assertEqual(referral.office, self.cirebon)
        self.assertEqual(referral.agreement, self.lbh_agreement)
        self.assertEqual(referral.created_by, self.olivia)
        self.assertIsNotNone(referral.sent_at)
        self.assertEqual(
            referral.respond_by,
            workdays.add_working_days(timezone.localdate(), ReferralSettings.DEFAULT_ACCEPT_WITHIN_DAYS),
        )
        self.assertEqual(
            [o.description for o in referral.outcomes.all()], ["Memahami hak hukumnya", "Sengketa selesai secara damai"]
        )
        event = AuditEvent.objects.get(action="referral.created")
        self.assertEqual(event.actor, self.olivia)
        self.assertEqual(event.data["partner"], self.lbh.pk)
        self.assertEqual(event.data["field"], "hukum")
        self.assertFalse(event.restricted)

    def test_when_the_office_requires_approval_it_waits_for_the_section_head(self):
        ReferralSettings.objects.create(office=self.cirebon, requires_approval=True, accept_within_days=3)
        referral = self.refer()
        self.assertEqual(referral.state, State.AWAITING_APPROVAL)
        self.assertIsNone(referral.sent_at)
        self.assertFalse(Referral.objects.current().exists())
        approved = services.referral_approve(referral=referral, acting_user=self.sam)
        self.assertEqual(approved.state, State.AWAITING_PARTNER)
        self.assertEqual(approved.approved_by, self.sam)
        self.assertEqual(approved.respond_by, workdays.add_working_days(timezone.localdate(), 3))
        self.assertTrue(AuditEvent.objects.filter(action="referral.approved", actor=self.sam).exists())
        with self.assertRaises(ValidationError):
            services.referral_approve(referral=referral, acting_user=self.sam)

    def test_it_refuses_a_client_whose_supervision_is_not_under_way(self):
        self.episode.status = EpisodeStatus.COMPLETED
        self.episode.save(update_fields=["status"])
        self.assertRefused("only a client under guidance can be referred")
        self.episode.status = EpisodeStatus.SUSPENDED
        self.episode.save(update_fields=["status"])
        self.assertRefused("only a client under guidance can be referred")

    def test_it_refuses_an_inactive_partner(self):
        self.lbh.status = Partner.Status.INACTIVE
        self.lbh.save(update_fields=["status"])
        self.assertRefused("clients can be referred only to an active partner")

    def test_it_refuses_a_field_the_partner_does_not_offer(self):
        self.assertRefused("does not offer", field=ServiceField.INDEPENDENCE)

    def test_it_refuses_a_client_outside_the_partners_area(self):
        indramayu = make_client(self.cirebon, officer=self.olivia, regency="32.12")
        self.assertRefused("does not serve clients in", episode=indramayu.current_episode)

    def test_it_refuses_without_an_agreement_covering_the_field(self):
        self.lbh_agreement.ends_on = timezone.localdate() - datetime.timedelta(days=1)
        self.lbh_agreement.starts_on = self.lbh_agreement.ends_on - datetime.timedelta(days=300)
        self.lbh_agreement.save(update_fields=["starts_on", "ends_on"])
        self.assertRefused("has no cooperation agreement in force")

    def test_it_refuses_a_partner_of_another_office(self):
        bandung_client = make_client(self.bandung, officer=self.pat, regency="32.73")
        self.assertRefused("works with another office", episode=bandung_client.current_episode)

    def test_it_refuses_a_duplicate_open_referral_but_not_after_the_first_ended(self):
        first = self.refer()
        self.assertRefused("already has an open referral to this partner for this field")
        services.referral_decline(referral=first, reason="Kuota penuh", acting_user=self.paula)
        self.assertEqual(self.refer().state, State.AWAITING_PARTNER)

    def test_it_refuses_without_needs_or_outcomes(self):
        exc = self.assertRefused("Describe what the client needs", needs="  ", outcomes=["", " "])
        self.assertIn("outcomes", exc.message_dict)

    def test_at_capacity_it_warns_and_refers_only_with_a_reason(self):
        self.lbh.capacity = 1
        self.lbh.save(update_fields=["capacity"])
        self.refer(episode=make_client(self.cirebon, officer=self.olivia).current_episode)
        exc = self.assertRefused("its capacity is 1. Give a reason")
        self.assertEqual(exc.error_dict["over_capacity_reason"][0].code, "over_capacity")
        referral = self.refer(over_capacity_reason="Klien butuh pendampingan sidang minggu ini.")
        self.assertEqual(referral.over_capacity_reason, "Klien butuh pendampingan sidang minggu ini.")
        self.assertEqual(
            AuditEvent.objects.filter(action="referral.created").order_by("pk").last().data["over_capacity_reason"],
            "Klien butuh pendampingan sidang minggu ini.",
        )

    def test_below_capacity_a_reason_is_not_kept(self):
        referral = self.refer(over_capacity_reason="tidak perlu")
        self.assertEqual(referral.over_capacity_reason, "")

    def test_a_childs_referral_is_a_restricted_audit_row(self):
        child = make_client(self.cirebon, program="PB_ANAK", regency="32.09")
        self.refer(episode=child.current_episode)
        self.assertTrue(AuditEvent.objects.get(action="referral.created").restricted)


class PartnerAnswerTestCase(ReferralTestCase):
    def test_the_partner_accepts(self):
        referral = services.referral_accept(referral=self.refer(), acting_user=self.paula)
        self.assertEqual(referral.state, State.ACCEPTED)
        self.assertEqual(referral.accepted_by, self.paula)
        self.assertTrue(AuditEvent.objects.filter(action="referral.accepted", actor=self.paula).exists())

    def test_another_partners_user_cannot_answer(self):
        referral = self.refer()
        with self.assertRaises(ValidationError):
            services.referral_accept(referral=referral, acting_user=self.lena)
        with self.assertRaises(ValidationError):
            services.referral_decline(referral=referral, reason="x", acting_user=self.olivia)
        referral.refresh_from_db()
        self.assertEqual(referral.state, State.AWAITING_PARTNER)

    def test_declining_needs_a_reason_and_ends_the_referral(self):
        referral = self.refer()
        with self.assertRaises(ValidationError) as ctx:
            services.referral_decline(referral=referral, reason=" ", acting_user=self.paula)
        self.assertIn("Give the reason for declining.", ctx.exception.messages)
        declined = services.referral_decline(referral=referral, reason="Di luar keahlian kami", acting_user=self.paula)
        self.assertEqual(declined.state, State.DECLINED)
        with self.assertRaises(ValidationError) as ctx:
            services.referral_accept(referral=referral, acting_user=self.paula)
        self.assertIn("only a new referral can be accepted", ctx.exception.messages[0])


class SessionTestCase(ReferralTestCase):
    def test_a_held_session_puts_the_referral_in_progress_with_an_audit_row(self):
        referral = self.accepted()
        session = self.held(referral, behaviour="Kooperatif")
        self.assertEqual(session.recorded_by, self.paula)
        self.assertEqual(Referral.objects.get(pk=referral.pk).state, State.IN_PROGRESS)
        event = AuditEvent.objects.get(action="referral.session_recorded")
        self.assertEqual(event.data["attendance"], "attended")

    def test_a_planned_session_is_recorded_later(self):
        referral = self.accepted()
        planned = services.session_schedule(
            referral=referral, scheduled_for=timezone.now() + datetime.timedelta(days=2), acting_user=self.paula
        )
        self.assertEqual(Referral.objects.get(pk=referral.pk).state, State.ACCEPTED)
        recorded = services.session_record(
            referral=referral,
            session=planned,
            data=services.SessionInput(held_on=timezone.localdate(), attendance=Attendance.LATE, summary="Hadir."),
            acting_user=self.paula,
        )
        self.assertEqual(recorded.pk, planned.pk)
        self.assertEqual(ReferralSession.objects.count(), 1)
        with self.assertRaises(ValidationError):
            services.session_record(
                referral=referral,
                session=planned,
                data=services.SessionInput(held_on=timezone.localdate(), attendance=Attendance.ATTENDED, summary="x"),
                acting_user=self.paula,
            )

    def assertSessionRefused(self, referral, message, **data):
        before = (ReferralSession.objects.count(), AuditEvent.objects.count())
        with self.assertRaises(ValidationError) as ctx:
            self.held(referral, **data)
        self.assertIn(message, " ".join(ctx.exception.messages))
        self.assertEqual((ReferralSession.objects.count(), AuditEvent.objects.count()), before)

    def test_it_refuses_a_session_before_acceptance(self):
        referral = self.accepted()
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        self.assertSessionRefused(referral, "cannot be before the partner accepted", day=yesterday)
        with self.assertRaises(ValidationError) as ctx:
            services.session_schedule(
                referral=referral,
                scheduled_for=timezone.now() - datetime.timedelta(days=2),
                acting_user=self.paula,
            )
        self.assertIn("cannot be before the partner accepted", ctx.exception.messages[0])

    def test_it_refuses_a_session_before_the_referral_is_accepted(self):
        referral = self.refer()
        self.assertSessionRefused(referral, "sessions are recorded only while it runs")

    def test_it_refuses_a_future_date_an_absence_without_reason_and_a_concern_without_a_note(self):
        referral = self.accepted()
        self.assertSessionRefused(referral, "cannot be in the future", day=timezone.localdate() + datetime.timedelta(1))
        self.assertSessionRefused(referral, "reason the client was absent", attendance=Attendance.ABSENT)
        self.assertSessionRefused(referral, "Describe the concern", concern=True)
        self.assertSessionRefused(referral, "Summarise the session", summary="")

    def test_a_concern_alerts_the_pk_until_read(self):
        from referrals import selectors

        referral = self.accepted()
        session = self.held(referral, concern=True, concern_note="Terlihat mabuk saat sesi.")
        alerts = selectors.alerts(self.olivia)
        self.assertEqual([s.pk for s in alerts.concerns], [session.pk])
        self.assertEqual(selectors.alerts(self.pat).concerns, [])
        services.concern_acknowledge(session=session, acting_user=self.olivia)
        self.assertEqual(selectors.alerts(self.olivia).concerns, [])
        self.assertTrue(AuditEvent.objects.filter(action="referral.concern_read").exists())

    def test_another_partner_cannot_record_a_session(self):
        referral = self.accepted()
        with self.assertRaises(ValidationError):
            services.session_record(
                referral=referral,
                data=services.SessionInput(held_on=timezone.localdate(), attendance="attended", summary="x"),
                acting_user=self.lena,
            )


class ReportAndCloseTestCase(ReferralTestCase):
    def ratings(self, referral, *values):
        return {o.pk: (v, "catatan") for o, v in zip(referral.outcomes.all(), values, strict=True)}

    def test_the_report_rates_every_outcome(self):
        referral = self.accepted()
        self.held(referral)
        with self.assertRaises(ValidationError) as ctx:
            services.referral_report(referral=referral, ratings={}, summary="Selesai", acting_user=self.paula)
        self.assertIn("Rate every desired outcome", " ".join(ctx.exception.messages))
        self.assertFalse(OutcomeRating.objects.exists())
        services.referral_report(
            referral=referral,
            ratings=self.ratings(referral, "achieved", "partly"),
            summary="Dua sesi konsultasi.",
            acting_user=self.paula,
        )
        referral = Referral.objects.get(pk=referral.pk)
        self.assertEqual(referral.state, State.REPORTED)
        event = AuditEvent.objects.get(action="referral.report_submitted")
        self.assertEqual(event.data["score"], 0.75)

    def test_closing_after_a_session_requires_the_report(self):
        referral = self.accepted()
        self.held(referral)
        with self.assertRaises(ValidationError) as ctx:
            services.referral_close(referral=referral, acting_user=self.olivia)
        self.assertIn("end-of-service report is required", ctx.exception.messages[0])
        self.assertIsNone(Referral.objects.get(pk=referral.pk).closed_at)
        services.referral_report(
            referral=referral, ratings=self.ratings(referral, "not", "not"), summary="x", acting_user=self.paula
        )
        closed = services.referral_close(referral=referral, acting_user=self.olivia)
        self.assertEqual(closed.state, State.COMPLETED)
        self.assertFalse(Referral.objects.current().filter(pk=referral.pk).exists())

    def test_an_accepted_referral_without_sessions_closes_without_a_report(self):
        referral = self.accepted()
        self.assertEqual(services.referral_close(referral=referral, acting_user=self.olivia).state, State.COMPLETED)

    def test_a_referral_not_yet_accepted_is_withdrawn_not_closed(self):
        referral = self.refer()
        with self.assertRaises(ValidationError):
            services.referral_close(referral=referral, acting_user=self.olivia)
        with self.assertRaises(ValidationError) as ctx:
            services.referral_withdraw(referral=referral, reason="", acting_user=self.olivia)
        self.assertIn("Give the reason for withdrawing.", ctx.exception.messages)
        withdrawn = services.referral_withdraw(referral=referral, reason="Klien pindah", acting_user=self.olivia)
        self.assertEqual(withdrawn.state, State.WITHDRAWN)
        self.assertEqual(AuditEvent.objects.get(action="referral.withdrawn").data["reason"], "Klien pindah")
        with self.assertRaises(ValidationError):
            services.referral_withdraw(referral=referral, reason="lagi", acting_user=self.olivia)


class EpisodeEndTestCase(ReferralTestCase):
    def test_open_referrals_are_withdrawn_when_guidance_ends(self):
        open_one = self.accepted()
        declined = services.referral_decline(
            referral=self.refer(partner=self.lpk, field=ServiceField.INDEPENDENCE), reason="x", acting_user=self.lena
        )
        n = services.referrals_end_for_episode(episode=self.episode, reason="Bimbingan berakhir", acting_user=self.sam)
        self.assertEqual(n, 1)
        self.assertEqual(Referral.objects.get(pk=open_one.pk).state, State.WITHDRAWN)
        self.assertEqual(Referral.objects.get(pk=declined.pk).state, State.DECLINED)
