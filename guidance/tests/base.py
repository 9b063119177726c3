"""The guidance plan tests' cast: the BaseTestCase offices (the clock at Wednesday 2 December 2026), budi (a PB
client of olivia's from 10 June 2025 to 10 January 2027), a children's section in Cirebon (bella heads it, bima
guides a child), and helpers that walk a plan through the real services and the case board."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone, translation

from accounts.models import Jenjang, Role, Section
from bapas.test import BaseTestCase, make_user
from board import services as board_services
from board.models import AgendaItem
from clients.tests.factories import make_client
from guidance import services
from guidance.models import GuidancePlan

D = datetime.date
_minutes = itertools.count(1)


def decide(plan: GuidancePlan, decision: str, *, secretary, note: str = "") -> AgendaItem:
    """The case board decides the plan's agenda item in a meeting today (a new one each time)."""
    plan.refresh_from_db()
    item = plan.agenda_item
    assert item is not None
    meeting = board_services.meeting_create(
        office=plan.office, held_on=timezone.localdate(), title="Sidang TPP", acting_user=secretary
    )
    item = board_services.agenda_item_assign(item=item, meeting=meeting, acting_user=secretary)
    return board_services.decision_record(
        item=item,
        decision=decision,
        minute_number="" if decision == "deferred" else f"BA-{next(_minutes)}",
        note=note,
        acting_user=secretary,
    )


class GuidanceTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.budi = make_client(cls.cirebon, officer=cls.olivia, assistant=cls.alan, name="Budi Santoso")
        cls.episode = cls.budi.current_episode
        cls.bella = make_user("bella", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKA)
        cls.bima = make_user("bima", Role.PK, office=cls.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        cls.child = make_client(cls.cirebon, officer=cls.bima, name="Anak Uji", program="PB_ANAK")
        cls.oscar = make_user("oscar", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)

    def setUp(self):
        super().setUp()
        self.enterContext(translation.override("en"))  # messages are compared in English
        self.speak_english()

    def draft(self, episode=None, *, by=None, items=(("awal", "keagamaan", 4),), **fields) -> GuidancePlan:
        """A draft plan with `items` (phase, guidance type, target)."""
        by = by or self.olivia
        plan = services.plan_create(episode=episode or self.episode, acting_user=by, **fields)
        for phase, guidance_type, target in items:
            plan.refresh_from_db()
            services.item_add(
                plan=plan,
                acting_user=by,
                expected_version=plan.version,
                phase=phase,
                guidance_type=guidance_type,
                target=target,
            )
        plan.refresh_from_db()
        return plan

    def proposed(self, plan=None, *, by=None) -> GuidancePlan:
        plan = plan or self.draft()
        return services.plan_propose(plan=plan, acting_user=by or self.olivia, expected_version=plan.version)

    def approved(self, plan=None) -> GuidancePlan:
        plan = self.proposed(plan)
        decide(plan, "approved", secretary=self.tess)
        plan.refresh_from_db()
        return plan
