"""guidance.selectors: the days of each phase, and the sessions and referrals counted against a plan's items on
frozen dates (budi: guidance from 10 June 2025 to 10 January 2027; review dates 20 December 2025 and 1 July
2026 under the PB rules)."""

from __future__ import annotations

import datetime

from bapas.testclock import JAKARTA
from board.models import PhaseProposal
from clients import rules
from clients.models import ProgramEpisode
from fieldwork.models import GuidanceActivity, GuidanceParticipant
from guidance import selectors, services
from guidance.models import GuidancePlan
from guidance.selectors import Period
from guidance.tests.base import D, GuidanceTestCase
from partners.codes import ServiceField
from partners.tests.factories import make_partner
from referrals.models import Referral


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=JAKARTA)


class PeriodTests(GuidanceTestCase):
    def in_phase(self, phase: str) -> ProgramEpisode:
        ProgramEpisode.objects.filter(pk=self.episode_id).update(phase=phase)
        return ProgramEpisode.objects.select_related("rule_set").get(pk=self.episode_id)

    def setUp(self):
        super().setUp()
        self.episode_id = self.budi.current_episode_id

    def test_the_review_dates_of_the_rules(self):
        episode = self.in_phase("awal")
        review = rules.phase_review_dates(episode.rule_set, starts_on=episode.starts_on, ends_on=episode.ends_on)
        self.assertEqual((review.continued_from, review.final_from), (D(2025, 12, 20), D(2026, 7, 1)))

    def test_a_phase_not_reached_has_no_days(self):
        periods = selectors.phase_periods(self.in_phase("awal"), {})
        self.assertEqual(periods["awal"], Period(D(2025, 6, 10), D(2027, 1, 10)))
        self.assertIsNone(periods["lanjutan"])
        self.assertIsNone(periods["akhir"])

    def test_the_day_the_change_was_applied_starts_the_phase(self):
        periods = selectors.phase_periods(self.in_phase("lanjutan"), {"lanjutan": D(2026, 1, 5)})
        self.assertEqual(periods["awal"], Period(D(2025, 6, 10), D(2026, 1, 4)))
        self.assertEqual(periods["lanjutan"], Period(D(2026, 1, 5), D(2027, 1, 10)))
        self.assertIsNone(periods["akhir"])

    def test_a_phase_reached_without_a_record_starts_on_its_review_date(self):
        periods = selectors.phase_periods(self.in_phase("akhir"), {"lanjutan": D(2026, 1, 5)})
        self.assertEqual(periods["lanjutan"], Period(D(2026, 1, 5), D(2026, 6, 30)))
        self.assertEqual(periods["akhir"], Period(D(2026, 7, 1), D(2027, 1, 10)))


class ProgressTests(GuidanceTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        episode = cls.episode
        PhaseProposal.objects.create(
            episode=episode,
            office=cls.cirebon,
            from_phase="awal",
            to_phase="lanjutan",
            reason="1/3 masa bimbingan.",
            proposed_by=cls.olivia,
            status=PhaseProposal.Status.APPLIED,
            applied_at=at(D(2026, 1, 5)),
        )
        ProgramEpisode.objects.filter(pk=episode.pk).update(phase="lanjutan")
        cls.lbh = make_partner(cls.cirebon, name="LBH Satu", fields=[ServiceField.LEGAL_AID])
        cls.lbh2 = make_partner(cls.cirebon, name="LBH Dua", fields=[ServiceField.LEGAL_AID])
        cls.bengkel = make_partner(cls.cirebon, name="Bengkel Maju", fields=[ServiceField.INDEPENDENCE])
        cls.tani = make_partner(cls.cirebon, name="Kelompok Tani", fields=[ServiceField.INDEPENDENCE])

        def session(day, guidance_type, attendance="hadir", kind="individu"):
            activity = GuidanceActivity.objects.create(
                office=cls.cirebon,
                held_on=day,
                kind=kind,
                guidance_type=guidance_type,
                topic="Topik",
                place="Kantor Bapas",
                officer=cls.olivia,
                recorded_by=cls.olivia,
            )
            GuidanceParticipant.objects.create(activity=activity, episode=episode, attendance=attendance)

        session(D(2025, 6, 1), "keagamaan")  # before guidance started
        session(D(2025, 8, 1), "keagamaan")
        session(D(2025, 9, 1), "keagamaan")
        session(D(2025, 10, 1), "keagamaan", attendance="tidak_hadir")
        session(D(2025, 11, 3), "keagamaan", attendance="izin")
        session(D(2026, 1, 4), "keagamaan")  # the initial phase's last day
        session(D(2026, 1, 5), "keagamaan")  # the continued phase's first day
        session(D(2026, 3, 1), "keagamaan", kind="kelompok")
        session(D(2026, 2, 1), "intelektual")  # not in the plan
        session(D(2026, 2, 10), "keterampilan_kerja")

        def referral(day, partner, field, **facts):
            Referral.objects.create(
                client=cls.budi,
                episode=episode,
                office=cls.cirebon,
                partner=partner,
                field=field,
                needs="Kebutuhan klien.",
                created_by=cls.olivia,
                created_at=at(day),
                sent_at=at(day),
                **facts,
            )

        referral(D(2025, 7, 1), cls.lbh, "hukum", accepted_at=at(D(2025, 7, 3)))
        referral(D(2025, 8, 1), cls.lbh2, "hukum")  # awaiting the partner
        referral(D(2025, 9, 1), cls.lbh, "hukum", declined_at=at(D(2025, 9, 2)), decline_reason="Penuh.")
        referral(D(2026, 2, 1), cls.bengkel, "kemandirian", accepted_at=at(D(2026, 2, 2)))
        referral(D(2026, 2, 2), cls.tani, "kemandirian", accepted_at=at(D(2026, 2, 3)))  # not the partner named

    def setUp(self):
        super().setUp()
        plan = services.plan_create(episode=self.episode, acting_user=self.olivia)
        for fields in (
            {"phase": "awal", "guidance_type": "keagamaan", "target": 3},
            {"phase": "awal", "referral_field": "hukum", "target": 2},
            {"phase": "lanjutan", "guidance_type": "keagamaan", "target": 4},
            {"phase": "lanjutan", "guidance_type": "keterampilan_kerja", "target": 2},
            {"phase": "lanjutan", "referral_field": "kemandirian", "partner": self.bengkel, "target": 1},
            {"phase": "akhir", "guidance_type": "reintegrasi_sehat", "target": 2},
        ):
            plan.refresh_from_db()
            services.item_add(plan=plan, acting_user=self.olivia, expected_version=plan.version, **fields)
        self.plan = GuidancePlan.objects.get(pk=plan.pk)

    def test_counts_by_phase_and_item(self):
        episode = ProgramEpisode.objects.select_related("rule_set").get(pk=self.episode.pk)
        with self.assertNumQueries(4):  # items, applied phase changes, sessions, referrals
            result = selectors.progress(episode, self.plan)
        rows = {
            (p.phase.value, i.item.guidance_type or i.item.referral_field): (i.done, i.target, i.waiting)
            for p in result.phases
            for i in p.items
        }
        self.assertEqual(
            rows,
            {
                ("awal", "keagamaan"): (3, 3, 0),
                ("awal", "hukum"): (1, 2, 1),
                ("lanjutan", "keagamaan"): (2, 4, 0),
                ("lanjutan", "keterampilan_kerja"): (1, 2, 0),
                ("lanjutan", "kemandirian"): (1, 1, 0),
                ("akhir", "reintegrasi_sehat"): (0, 2, 0),
            },
        )
        phases = {p.phase.value: p for p in result.phases}
        self.assertIsNone(phases["akhir"].period)
        self.assertTrue(phases["lanjutan"].current)
        self.assertEqual((result.done, result.target), (8, 14))
