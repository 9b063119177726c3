"""A client's needs (referrals.Need): recorded even when no partner serves the field or the regency,
met while a referral in the field is open, and counted on the office's partnership summary."""

from django.urls import reverse

from audit.models import AuditEvent
from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from clients.tests.factories import make_client
from partners.codes import ServiceField
from referrals import services
from referrals.models import Need
from referrals.tests.base import ReferralTestCase
from reports import scorecards


class NeedServiceTestCase(ReferralTestCase):
    def record(self, **extra):
        args = {
            "episode": self.episode,
            "field": ServiceField.SOCIAL,
            "description": "Bantuan sembako dan tempat tinggal sementara.",
            "acting_user": self.olivia,
        }
        args.update(extra)
        return services.need_record(**args)

    def assertRefused(self, key, message, **extra):
        events = AuditEvent.objects.count()
        needs = list(Need.objects.values_list("pk", "closed_at"))
        with self.assertRaises(services.ValidationError) as caught:
            self.record(**extra)
        self.assertIn(message, caught.exception.message_dict.get(key, caught.exception.messages))
        self.assertEqual(list(Need.objects.values_list("pk", "closed_at")), needs)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_the_pk_records_a_need_no_partner_serves_and_it_is_audited(self):
        need = self.record()
        self.assertEqual((need.office, need.noted_by, need.field), (self.cirebon, self.olivia, ServiceField.SOCIAL))
        event = AuditEvent.objects.get(action="need.recorded")
        self.assertEqual(event.object_id, str(need.pk))
        self.assertEqual(event.data["episode"], self.episode.pk)
        self.assertFalse(event.restricted)
        self.assertEqual(list(Need.objects.unmet()), [need])

    def test_a_need_of_a_child_is_audited_restricted(self):
        child = make_client(self.cirebon, program="PB_ANAK")
        self.record(episode=child.current_episode)
        self.assertTrue(AuditEvent.objects.get(action="need.recorded").restricted)

    def test_refusals_change_nothing(self):
        self.record()
        self.assertRefused("field", "This client already has an open need in this field.")
        self.assertRefused("field", "Choose a field of service.", field="astrologi")
        self.assertRefused(
            "description", "Describe what the client needs.", field=ServiceField.LEGAL_AID, description="  "
        )
        ProgramEpisode.objects.filter(pk=self.episode.pk).update(status=EpisodeStatus.COMPLETED)
        with self.assertRaises(services.ValidationError) as caught:
            self.record(field=ServiceField.LEGAL_AID)
        self.assertIn("a need is recorded only while it is under way", caught.exception.messages[0])
        self.assertEqual(Need.objects.count(), 1)

    def test_closing_a_need_takes_a_reason_and_allows_a_new_one(self):
        need = self.record()
        with self.assertRaises(services.ValidationError) as caught:
            services.need_close(need=need, reason=" ", acting_user=self.olivia)
        self.assertEqual(caught.exception.message_dict["reason"], ["Give the reason for closing the need."])
        self.assertFalse(AuditEvent.objects.filter(action="need.closed").exists())
        services.need_close(need=need, reason="Dibantu keluarga", acting_user=self.olivia)
        need.refresh_from_db()
        self.assertEqual((need.closed_by, need.close_reason), (self.olivia, "Dibantu keluarga"))
        self.assertEqual(AuditEvent.objects.get(action="need.closed").data["reason"], "Dibantu keluarga")
        with self.assertRaises(services.ValidationError):
            services.need_close(need=need, reason="Lagi", acting_user=self.olivia)
        self.record()  # a new open need in the same field
        self.assertEqual(Need.objects.unmet().count(), 1)

    def test_an_open_referral_in_the_field_meets_the_need(self):
        self.record(field=ServiceField.LEGAL_AID)
        self.assertEqual(Need.objects.unmet().count(), 1)
        referral = self.refer()
        self.assertEqual(Need.objects.unmet().count(), 0)
        services.referral_withdraw(referral=referral, reason="Salah mitra", acting_user=self.olivia)
        self.assertEqual(Need.objects.unmet().count(), 1)

    def test_the_summary_counts_a_need_without_a_partner(self):
        self.record()
        self.record(field=ServiceField.LEGAL_AID)
        rows = {r.regency.pk: r for r in scorecards.partnership_summary(self.cirebon).rows}
        self.assertEqual(rows["32.09"].cells["sosial"].unmet, 1)
        self.assertEqual(rows["32.09"].cells["hukum"].unmet, 1)
        self.refer()
        rows = {r.regency.pk: r for r in scorecards.partnership_summary(self.cirebon).rows}
        self.assertEqual(rows["32.09"].cells["sosial"].unmet, 1)
        self.assertEqual(rows["32.09"].cells["hukum"].unmet, 0)


class NeedViewTestCase(ReferralTestCase):
    def create_url(self, client=None):
        return reverse("referrals:need_create", args=[(client or self.budi).pk])

    def test_the_panel_shows_needs_met_and_unmet_and_the_pk_records_one(self):
        self.client.force_login(self.olivia)
        page_url = reverse("clients:detail", args=[self.budi.pk])
        self.assertContains(self.client.get(page_url), self.create_url())
        self.assertEqual(self.client.get(self.create_url()).status_code, 200)
        response = self.client.post(
            self.create_url(), {"field": ServiceField.SOCIAL, "description": "Perlu tempat tinggal"}
        )
        self.assertRedirects(response, page_url + "#referrals", fetch_redirect_response=False)
        services.need_record(
            episode=self.episode, field=ServiceField.LEGAL_AID, description="Sengketa tanah", acting_user=self.olivia
        )
        self.refer()
        page = self.client.get(page_url)
        self.assertContains(page, "Perlu tempat tinggal")
        self.assertContains(page, "no partner yet")
        self.assertContains(page, "met by referral to LBH Uji")

    def test_a_refused_need_shows_the_message_and_records_nothing(self):
        self.client.force_login(self.olivia)
        response = self.client.post(self.create_url(), {"field": ServiceField.SOCIAL, "description": "   "})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Need.objects.exists())

    def test_the_pk_closes_a_need_after_confirming(self):
        need = services.need_record(
            episode=self.episode, field=ServiceField.SOCIAL, description="Tempat tinggal", acting_user=self.olivia
        )
        self.client.force_login(self.olivia)
        url = reverse("referrals:need_close", args=[need.pk])
        self.assertContains(self.client.get(url), "Close the need")
        need.refresh_from_db()
        self.assertIsNone(need.closed_at)
        self.client.post(url, {"reason": "Dibantu keluarga"})
        need.refresh_from_db()
        self.assertIsNotNone(need.closed_at)

    def test_others_get_403_or_404(self):
        need = services.need_record(
            episode=self.episode, field=ServiceField.SOCIAL, description="Tempat tinggal", acting_user=self.olivia
        )
        close_url = reverse("referrals:need_close", args=[need.pk])
        for user, status in ((self.pat, 404), (self.alan, 403), (self.rita, 403), (self.paula, 403)):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.create_url()).status_code, status, user)
            self.assertEqual(self.client.post(close_url, {"reason": "x"}).status_code, status, user)
        need.refresh_from_db()
        self.assertIsNone(need.closed_at)
        self.assertEqual(Need.objects.count(), 1)
