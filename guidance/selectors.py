"""Reads of guidance plans: the plans of an episode, the Litmas a plan starts from, and plan against done.

`progress()` counts what was recorded against each item of a plan, phase by phase:
- a guidance item (a type of guidance): the sessions (individual or group, `fieldwork.GuidanceActivity`) of
  that type the client attended (`GuidanceParticipant`, present) on a day of the phase;
- a referral item (a field of service, perhaps a named partner): the episode's referrals in that field (to
  that partner, when one is named) made on a day of the phase and accepted by the partner (done), or still
  awaiting an answer (waiting); declined and withdrawn ones do not count.
Home visits record no type of guidance (only their purpose), so they do not count against the plan.

A phase's days run from its start to the day before the next phase starts (the last phase to the end of
guidance). A phase starts on the day the board's phase change was applied (`board.PhaseProposal`); a phase
the episode reached without such a record (registered or imported in it) starts on its review date from the
rule set; a phase not reached yet has no days, so nothing counts in it yet.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from board.models import PhaseProposal
from clients import rules
from clients.codes import Phase
from clients.models import ProgramEpisode
from fieldwork.models import GuidanceParticipant
from guidance.models import OPEN_STATUSES, GuidancePlan, PlanItem, Status
from litmas.codes import State as LitmasState
from litmas.models import LitmasDocument, LitmasReport, LitmasRequest
from referrals.models import Referral

PHASES = (Phase.AWAL, Phase.LANJUTAN, Phase.AKHIR)
RECOMMENDATION_KEY = "rekomendasi"  # the section of the Litmas report templates (litmas migration 0002)


def _items() -> Prefetch:
    return Prefetch("items", queryset=PlanItem.objects.select_related("partner").order_by("pk"))


def episode_plans(episode: ProgramEpisode) -> tuple[GuidancePlan | None, GuidancePlan | None]:
    """The plan in force (approved) and the plan being drafted or before the board, with their items. Two
    queries."""
    plans = list(
        GuidancePlan.objects.filter(episode=episode, status__in=[Status.APPROVED, *OPEN_STATUSES])
        .select_related("agenda_item")
        .prefetch_related(_items())
    )
    approved = next((p for p in plans if p.status == Status.APPROVED), None)
    current = next((p for p in plans if p.status in OPEN_STATUSES), None)
    return approved, current


def plan_history(episode: ProgramEpisode) -> list[GuidancePlan]:
    return list(GuidancePlan.objects.filter(episode=episode).select_related("agenda_item"))


# --- Litmas -------------------------------------------------------------------------------------------


def litmas_choices(client, user):
    """The client's Litmas requests `user` may see (litmas.access decides), newest first, not cancelled."""
    return (
        LitmasRequest.objects.visible_to(user)
        .filter(client=client)
        .exclude(state=LitmasState.CANCELLED)
        .select_related("litmas_type")
        .order_by("-received_at", "-pk")
    )


def latest_litmas(client, user) -> LitmasRequest | None:
    return litmas_choices(client, user).first()


def litmas_recommendation(request: LitmasRequest) -> str:
    """The "rekomendasi" section of the request's report: of its latest signed version, else of the draft."""
    document = LitmasDocument.objects.filter(request=request).order_by("-number").only("content").first()
    if document is not None and document.content.get(RECOMMENDATION_KEY):
        return str(document.content[RECOMMENDATION_KEY]).strip()
    report = LitmasReport.objects.filter(request=request).only("content").first()
    if report is not None:
        return str(report.content.get(RECOMMENDATION_KEY) or "").strip()
    return ""


# --- plan against done ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    starts_on: datetime.date
    ends_on: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


@dataclass
class ItemProgress:
    item: PlanItem
    done: int = 0
    waiting: int = 0  # referrals sent and not yet answered

    @property
    def target(self) -> int:
        return self.item.target

    @property
    def shown(self) -> int:
        """Done, at most the target (for the bar)."""
        return min(self.done, self.target)

    @property
    def complete(self) -> bool:
        return self.done >= self.target


@dataclass
class PhaseProgress:
    phase: Phase
    period: Period | None  # None: not reached yet
    current: bool
    items: list[ItemProgress] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.phase.label)

    @property
    def done(self) -> int:
        return sum(i.shown for i in self.items)

    @property
    def target(self) -> int:
        return sum(i.target for i in self.items)


@dataclass
class PlanProgress:
    plan: GuidancePlan
    phases: list[PhaseProgress]

    @property
    def done(self) -> int:
        return sum(p.done for p in self.phases)

    @property
    def target(self) -> int:
        return sum(p.target for p in self.phases)


def phase_periods(episode: ProgramEpisode, applied: dict[str, datetime.date]) -> dict[str, Period | None]:
    """The days of each phase (see the module's docstring); `applied` maps a phase to the day it was applied."""
    current = PHASES.index(Phase(episode.phase))
    review = rules.phase_review_dates(episode.rule_set, starts_on=episode.starts_on, ends_on=episode.ends_on)
    planned = {Phase.LANJUTAN: review.continued_from, Phase.AKHIR: review.final_from}
    starts: dict[str, datetime.date | None] = {Phase.AWAL: episode.starts_on}
    previous = episode.starts_on
    for n, phase in enumerate(PHASES[1:], start=1):
        start = applied.get(phase) or (planned[phase] if n <= current else None)
        if start is not None:
            start = max(start, previous)
            previous = start
        starts[phase] = start
    periods: dict[str, Period | None] = {}
    for n, phase in enumerate(PHASES):
        start = starts[phase]
        if start is None:
            periods[phase] = None
            continue
        following = next((starts[p] for p in PHASES[n + 1 :] if starts[p] is not None), None)
        end = following - datetime.timedelta(days=1) if following is not None else episode.ends_on
        periods[phase] = Period(start, max(start, end)) if following is None or following > start else None
    return periods


def _phase_of(day: datetime.date, periods: dict[str, Period | None]) -> str | None:
    for phase, period in periods.items():
        if period is not None and day in period:
            return phase
    return None


def progress(episode: ProgramEpisode, plan: GuidancePlan) -> PlanProgress:
    """Plan against done for `plan` of `episode` (whose rule set should be loaded). Four queries: the items
    (none when prefetched), the applied phase changes, the attended sessions and the referrals."""
    items = list(plan.items.all())
    applied: dict[str, datetime.date] = {}
    for to_phase, at in (
        PhaseProposal.objects.filter(episode=episode, status=PhaseProposal.Status.APPLIED, applied_at__isnull=False)
        .order_by("applied_at")
        .values_list("to_phase", "applied_at")
    ):
        applied[to_phase] = timezone.localdate(at)
    periods = phase_periods(episode, applied)

    sessions: Counter[tuple[str, str]] = Counter()
    for guidance_type, held_on in GuidanceParticipant.objects.filter(
        episode=episode, attendance=GuidanceParticipant.Attendance.PRESENT
    ).values_list("activity__guidance_type", "activity__held_on"):
        phase = _phase_of(held_on, periods)
        if phase is not None:
            sessions[(phase, guidance_type)] += 1

    referrals: list[tuple[str, str, int, bool]] = []  # phase, field, partner, accepted
    for field_code, partner_id, created_at, accepted_at in Referral.objects.filter(
        episode=episode, declined_at__isnull=True, withdrawn_at__isnull=True
    ).values_list("field", "partner_id", "created_at", "accepted_at"):
        phase = _phase_of(timezone.localdate(created_at), periods)
        if phase is not None:
            referrals.append((phase, field_code, partner_id, accepted_at is not None))

    phases = []
    for phase in PHASES:
        period = periods[phase]
        row = PhaseProgress(phase=phase, period=period, current=episode.phase == phase)
        for item in (i for i in items if i.phase == phase):
            shown = ItemProgress(item)
            if item.guidance_type:
                shown.done = sessions[(phase, item.guidance_type)]
            else:
                for r_phase, r_field, r_partner, accepted in referrals:
                    if r_phase != phase or r_field != item.referral_field:
                        continue
                    if item.partner_id and r_partner != item.partner_id:
                        continue
                    if accepted:
                        shown.done += 1
                    else:
                        shown.waiting += 1
            row.items.append(shown)
        if row.items:
            phases.append(row)
    return PlanProgress(plan=plan, phases=phases)


def board_summary(plan: GuidancePlan, items: list[PlanItem]) -> str:
    """What the board reads on its agenda: the plan, its items by phase and the recommendation it follows."""
    lines = [_("Guidance plan %(number)s:") % {"number": plan.number}]
    for phase in Phase:
        planned = [i for i in items if i.phase == phase]
        if planned:
            parts = ", ".join(f"{i.label} ×{i.target}" for i in planned)
            lines.append(f"{phase.label}: {parts}")
    if plan.recommendation:
        lines.append(_("Litmas recommendation: %(text)s") % {"text": plan.recommendation[:300]})
    return "\n".join(lines)
