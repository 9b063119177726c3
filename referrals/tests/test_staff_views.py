"""Staff pages: refer from the client page, the referral page, approve, withdraw, close, concerns;
the client-page panel, the home alerts and the client's log."""

from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from clients import log
from clients.tests.factories import make_client
from partners.codes import ServiceField
from referrals import services
from referrals.models import Referral, ReferralSettings, State
from referrals.tests.base import ReferralTestCase


class ReferralCreateViewTestCase(ReferralTestCase):
    def url(self, client=None):
        return reverse("referrals:create", args=[(client or self.budi).pk])

    def post(self, **extra):
        data = {
            "partner": self.lbh.pk,
            "field": ServiceField.LEGAL_AID,
            "needs": "Pendampingan hukum",
            "outcomes": "Memahami haknya\n\nMendapat penasihat hukum\n",
            "over_capacity_reason": "",
        }
        data.update(extra)
        return self.client.post(self.url(), data)

    def test_the_pk_refers_from_the_client_page(self):
        self.client.force_login(self.olivia)
        page = self.client.get(reverse("clients:detail", args=[self.budi.pk]))
        self.assertContains(page, self.url())
        response = self.post()
        referral = Referral.objects.get()
        self.assertRedirects(response, reverse("referrals:detail", args=[referral.pk]))
        self.assertEqual(
            [o.description for o in referral.outcomes.all()], ["Memahami haknya", "Mendapat penasihat hukum"]
        )
        detail = self.client.get(reverse("referrals:detail", args=[referral.pk]))
        self.assertContains(detail, "Awaiting the partner")

    def test_refusals_are_shown_on_the_form_and_nothing_is_saved(self):
        self.client.force_login(self.olivia)
        response = self.post(field=ServiceField.INDEPENDENCE)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "does not offer Independence guidance")
        self.lbh.capacity = 0
        self.lbh.save(update_fields=["capacity"])
        response = self.post()
        self.assertContains(response, "Give a reason to refer this client all the same.")
        self.assertTrue(response.context["over_capacity"])
        self.assertFalse(Referral.objects.exists())
        self.assertRedirects(
            self.post(over_capacity_reason="Mendesak"), reverse("referrals:detail", args=[Referral.objects.get().pk])
        )

    def test_other_roles_and_offices(self):
        self.client.force_login(self.alan)  # an APK does not refer
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.post().status_code, 404)
        self.assertFalse(Referral.objects.exists())


class ReferralStepsViewTestCase(ReferralTestCase):
    def test_the_section_head_approves_after_a_confirmation(self):
        ReferralSettings.objects.create(office=self.cirebon, requires_approval=True)
        referral = self.refer()
        url = reverse("referrals:approve", args=[referral.pk])
        self.client.force_login(self.olivia)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.sam)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(Referral.objects.get().state, State.AWAITING_APPROVAL)
        self.assertRedirects(self.client.post(url), reverse("referrals:detail", args=[referral.pk]))
        self.assertEqual(Referral.objects.get().state, State.AWAITING_PARTNER)

    def test_withdraw_needs_a_reason(self):
        referral = self.refer()
        url = reverse("referrals:withdraw", args=[referral.pk])
        self.client.force_login(self.olivia)
        self.assertContains(self.client.post(url, {"reason": ""}), "This field is required.")
        self.assertRedirects(
            self.client.post(url, {"reason": "Klien pindah"}), reverse("referrals:detail", args=[referral.pk])
        )
        self.assertEqual(Referral.objects.get().state, State.WITHDRAWN)

    def test_close_is_refused_with_its_reason_until_the_report_is_in(self):
        referral = self.accepted()
        self.held(referral)
        self.client.force_login(self.olivia)
        response = self.client.post(reverse("referrals:close", args=[referral.pk]))
        self.assertContains(response, "end-of-service report is required")
        self.assertIsNone(Referral.objects.get().closed_at)

    def test_other_offices_get_404(self):
        referral = self.refer()
        self.client.force_login(self.pat)
        for name in ("detail", "withdraw", "close"):
            self.assertEqual(self.client.get(reverse(f"referrals:{name}", args=[referral.pk])).status_code, 404)
        self.assertEqual(
            self.client.post(reverse("referrals:withdraw", args=[referral.pk]), {"reason": "x"}).status_code, 404
        )
        self.assertEqual(Referral.objects.get().state, State.AWAITING_PARTNER)

    def test_the_pk_reads_a_concern(self):
        referral = self.accepted()
        session = self.held(referral, concern=True, concern_note="Mengancam petugas")
        self.client.force_login(self.olivia)
        home = self.client.get(reverse("dashboard:home"))
        self.assertContains(home, "Mengancam petugas")
        url = reverse("referrals:concern", args=[session.pk])
        self.assertRedirects(self.client.post(url), reverse("referrals:detail", args=[referral.pk]))
        self.assertNotContains(self.client.get(reverse("dashboard:home")), "Mengancam petugas")
        self.client.force_login(self.pat)
        self.assertEqual(self.client.get(url).status_code, 404)


class PanelsAndLogTestCase(ReferralTestCase):
    def test_the_client_panel_lists_referrals_and_needs_in_two_queries(self):
        from django.test import RequestFactory

        from clients.panels import client_page

        self.refer()
        services.referral_decline(
            referral=self.refer(partner=self.lpk, field=ServiceField.INDEPENDENCE), reason="x", acting_user=self.lena
        )
        services.need_record(
            episode=self.episode, field=ServiceField.SOCIAL, description="Tempat tinggal", acting_user=self.olivia
        )
        services.need_record(
            episode=self.episode, field=ServiceField.LEGAL_AID, description="Sengketa", acting_user=self.olivia
        )
        request = RequestFactory().get("/")
        request.user = self.olivia
        panel = client_page.get("referrals")
        with self.assertNumQueries(2):
            html = panel(request, self.budi, self.episode)
        self.assertIn("no partner yet", html)
        self.assertIn("met by referral to LBH Uji", html)
        self.assertIn("LBH Uji", html)
        self.assertIn("Awaiting the partner", html)
        self.assertIn("Declined by the partner", html)

    def test_the_home_alerts_keep_a_fixed_number_of_queries(self):
        from django.test import RequestFactory

        from lib.registry import home_page

        for _n in range(3):
            referral = self.accepted(episode=make_client(self.cirebon, officer=self.olivia).current_episode)
            self.held(referral, concern=True, concern_note="Perlu perhatian")
        request = RequestFactory().get("/")
        request.user = self.sam
        with self.assertNumQueries(3):
            html = home_page.get("referrals")(request)
        self.assertEqual(html.count("Perlu perhatian"), 3)
        request.user = self.paula
        with self.assertNumQueries(2):
            html = home_page.get("referrals")(request)
        self.assertEqual(html.count("/mitra/rujukan/"), 3)

    def test_overdue_referrals_reach_the_pks_home(self):
        referral = self.refer()
        Referral.objects.filter(pk=referral.pk).update(respond_by=timezone.localdate() - timezone.timedelta(days=1))
        self.client.force_login(self.olivia)
        self.assertContains(self.client.get(reverse("dashboard:home")), 'id="referral-overdue"')

    def test_the_log_shows_state_changes_and_sessions_to_staff_only(self):
        referral = self.accepted()
        self.held(referral, concern=True, concern_note="Perlu perhatian", summary="Sesi pertama")
        with self.assertNumQueries(3):  # referrals, sessions, and the people who acted (one read)
            entries = list(log.sources.get("referral")(self.budi, self.olivia))
        titles = [e.title for e in entries]
        self.assertIn("Referred to LBH Uji for Legal aid", titles)
        self.assertIn("LBH Uji accepted the referral", titles)
        session = next(e for e in entries if e.title.startswith("Session with"))
        self.assertTrue(session.flagged)
        self.assertIn("Sesi pertama", session.detail)
        self.assertEqual(list(log.sources.get("referral")(self.budi, self.paula)), [])
        self.client.force_login(self.olivia)
        page = self.client.get(reverse("fieldwork:client_log", args=[self.budi.pk]))
        self.assertContains(page, "Session with LBH Uji")


class SettingsViewTestCase(ReferralTestCase):
    def test_the_head_turns_approval_on(self):
        self.client.force_login(self.hana)
        url = reverse("referrals:settings", args=[self.cirebon.pk])
        self.assertRedirects(self.client.post(url, {"requires_approval": "on", "accept_within_days": "5"}), url)
        row = ReferralSettings.objects.get(office=self.cirebon)
        self.assertTrue(row.requires_approval)
        self.assertEqual(row.accept_within_days, 5)
        self.assertTrue(AuditEvent.objects.filter(action="referral_settings.updated").exists())
        self.assertContains(self.client.post(url, {"accept_within_days": "0"}), "1 to 60")


class PartnerCardTestCase(ReferralTestCase):
    def test_the_partner_page_lists_its_open_referrals_of_visible_clients(self):
        from django.test import RequestFactory

        from partners.panels import partner_page

        self.refer()
        other = self.refer(episode=make_client(self.cirebon, officer=self.olivia, assistant=self.alan).current_episode)
        request = RequestFactory().get("/")
        request.user = self.alan  # the APK of the second client only
        with self.assertNumQueries(2):
            html = partner_page.get("referrals")(request, self.lbh)
        self.assertIn(reverse("referrals:detail", args=[other.pk]), html)
        self.assertNotIn(reverse("referrals:detail", args=[Referral.objects.filter(client=self.budi).get().pk]), html)
        request.user = self.paula
        self.assertIsNone(partner_page.get("referrals")(request, self.lbh))
        self.client.force_login(self.hana)
        page = self.client.get(reverse("partners:detail", args=[self.lbh.pk]))
        self.assertContains(page, 'id="partner-referrals"')
