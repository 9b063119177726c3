"""Demo guidance plans for one office, written in bulk (like the rest of the demo data: no audit rows).

    from guidance import demo
    counts = demo.populate(office, today=today, rng=rng)

About two thirds of the clients under guidance for more than a month get a plan the case board approved (on
its latest past meeting, when the board demo held one): for each phase reached, the types of guidance the
client attended most in it (targets a little above or at what was done, so the plan shows partly done) and a
type still to start, a referral in the field of a referral already made, and for the next phase a couple of
items ahead. A few clients without a plan have one before the board, waiting for a meeting. Runs after the
field-work, board and referrals demos, whose rows it counts.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from board.models import AgendaItem, Meeting, PhaseProposal
from clients.codes import EpisodeStatus, Phase
from clients.models import ProgramEpisode
from fieldwork.models import INDEPENDENCE_TYPES, PERSONALITY_TYPES, GuidanceParticipant
from guidance import selectors
from guidance.models import GuidancePlan, PlanItem, Status
from organizations.models import Office
from referrals.models import Referral

PLANNED_SHARE = 0.65
PROPOSED = 4
RECOMMENDATIONS = [
    "Klien layak menjalani program dengan bimbingan kepribadian (keagamaan, kesadaran hukum) dan pelatihan "
    "keterampilan kerja agar mandiri secara ekonomi.",
    "Direkomendasikan bimbingan sikap dan perilaku serta rujukan ke mitra untuk pelatihan kerja; keluarga "
    "mendukung dan bersedia menjadi penjamin.",
    "Klien memerlukan penguatan kesadaran hukum dan reintegrasi sehat; dirujuk ke mitra untuk bantuan usaha.",
    "Bimbingan keagamaan rutin, konseling pengendalian emosi, dan latihan kerja produksi di Griya Abhipraya.",
]
NEXT = {Phase.AWAL: Phase.LANJUTAN, Phase.LANJUTAN: Phase.AKHIR}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _items_for(
    episode: ProgramEpisode,
    periods: dict,
    sessions: list[tuple[str, datetime.date]],
    fields: set[str],
    rng: random.Random,
) -> list[PlanItem]:
    items: list[PlanItem] = []
    for phase in selectors.PHASES:
        period = periods[phase]
        if period is None:
            continue
        seen = Counter(t for t, day in sessions if day in period)
        for guidance_type, done in seen.most_common(rng.randint(1, 3)):
            items.append(PlanItem(phase=phase, guidance_type=guidance_type, target=done + rng.choice([0, 1, 1, 2, 3])))
        fresh = [t for t in PERSONALITY_TYPES + INDEPENDENCE_TYPES if t not in seen]
        if fresh and rng.random() < 0.6:
            items.append(PlanItem(phase=phase, guidance_type=rng.choice(fresh), target=rng.randint(1, 3)))
        if phase == episode.phase:
            for field in sorted(fields)[:1]:
                items.append(PlanItem(phase=phase, referral_field=field, target=1))
    following = NEXT.get(Phase(episode.phase))
    if following is not None:
        for guidance_type in rng.sample(PERSONALITY_TYPES + INDEPENDENCE_TYPES, 2):
            items.append(PlanItem(phase=following, guidance_type=guidance_type, target=rng.randint(2, 4)))
    return items


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the office's demo plans, their items and their agenda items; return the row counts."""
    episodes = list(
        ProgramEpisode.objects.filter(
            office=office,
            status=EpisodeStatus.ACTIVE,
            officer__isnull=False,
            starts_on__lte=today - datetime.timedelta(days=30),
        )
        .select_related("rule_set")
        .order_by("pk")
    )
    if not episodes:
        return {}
    ids = [e.pk for e in episodes]
    sessions: dict[int, list[tuple[str, datetime.date]]] = defaultdict(list)
    for episode_id, guidance_type, held_on in GuidanceParticipant.objects.filter(
        episode_id__in=ids, attendance=GuidanceParticipant.Attendance.PRESENT
    ).values_list("episode_id", "activity__guidance_type", "activity__held_on"):
        sessions[episode_id].append((guidance_type, held_on))
    fields: dict[int, set[str]] = defaultdict(set)
    for episode_id, field in Referral.objects.filter(episode_id__in=ids, declined_at__isnull=True).values_list(
        "episode_id", "field"
    ):
        fields[episode_id].add(field)
    applied: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    for episode_id, to_phase, at in PhaseProposal.objects.filter(
        episode_id__in=ids, status=PhaseProposal.Status.APPLIED, applied_at__isnull=False
    ).values_list("episode_id", "to_phase", "applied_at"):
        applied[episode_id][to_phase] = timezone.localdate(at)
    meeting = (
        Meeting.objects.filter(office=office, held_on__lt=today)
        .exclude(status=Meeting.Status.PLANNED)
        .order_by("-held_on", "-pk")
        .first()
    )

    order = list(episodes)
    rng.shuffle(order)
    approved_for = order[: int(len(order) * PLANNED_SHARE)]
    proposed_for = order[len(approved_for) : len(approved_for) + PROPOSED]
    plans: list[GuidancePlan] = []
    items: dict[int, list[PlanItem]] = {}
    meetings: dict[int, Meeting | None] = {}
    for episode in approved_for + proposed_for:
        periods = selectors.phase_periods(episode, applied[episode.pk])
        planned = _items_for(episode, periods, sessions[episode.pk], fields[episode.pk], rng)
        if not planned:
            continue
        drafted_on = min(today - datetime.timedelta(days=1), episode.starts_on + datetime.timedelta(days=14))
        board = (
            meeting
            if meeting is not None and meeting.held_on > episode.starts_on + datetime.timedelta(days=2)
            else None
        )
        if board is not None:
            drafted_on = min(drafted_on, board.held_on - datetime.timedelta(days=2))
        plan = GuidancePlan(
            episode=episode,
            office=office,
            recommendation=rng.choice(RECOMMENDATIONS),
            created_by_id=episode.officer_id,
            created_at=_at(drafted_on, 9),
            proposed_by_id=episode.officer_id,
        )
        if episode in approved_for:
            plan.status = Status.APPROVED
            plan.proposed_at = _at(drafted_on, 10)
            plan.approved_at = _at(board.held_on if board else drafted_on + datetime.timedelta(days=7), 11)
            meetings[id(plan)] = board
        else:
            plan.status = Status.PROPOSED
            plan.proposed_at = _at(today - datetime.timedelta(days=rng.randint(1, 6)), 10)
        plans.append(plan)
        items[id(plan)] = planned
    GuidancePlan.objects.bulk_create(plans)
    rows = []
    for plan in plans:
        for item in items[id(plan)]:
            item.plan = plan
            item.office = office
            rows.append(item)
    PlanItem.objects.bulk_create(rows)

    subject_type = ContentType.objects.get_for_model(GuidancePlan)
    agenda: list[AgendaItem] = []
    for seq, plan in enumerate(plans, start=1):
        board = meetings.get(id(plan))
        if plan.status == Status.APPROVED and board is None:
            continue
        agenda_item = AgendaItem(
            office=office,
            kind=AgendaItem.Kind.PLAN,
            episode=plan.episode,
            subject_type=subject_type,
            subject_id=plan.pk,
            summary=selectors.board_summary(plan, items[id(plan)]),
            proposed_by_id=plan.proposed_by_id,
            proposed_at=plan.proposed_at or timezone.now(),
        )
        if board is not None:
            agenda_item.meeting = board
            agenda_item.decision = AgendaItem.Decision.APPROVED
            agenda_item.minute_number = f"BA-{board.number or board.pk}-RP{seq:03d}"
            agenda_item.decided_at = plan.approved_at
            agenda_item.decided_by_id = board.secretary_id
        agenda.append(agenda_item)
    AgendaItem.objects.bulk_create(agenda)
    by_plan = {item.subject_id: item for item in agenda}
    for plan in plans:
        if plan.pk in by_plan:
            plan.agenda_item = by_plan[plan.pk]
    GuidancePlan.objects.bulk_update([p for p in plans if p.pk in by_plan], ["agenda_item"])
    return {
        "guidance_plans": len(plans),
        "guidance_plan_items": len(rows),
        "guidance_plans_proposed": sum(p.status == Status.PROPOSED for p in plans),
    }
