"""Demo case-board (TPP) rows for one office, written in bulk (like the rest of the demo data: no audit rows).

    from board import demo
    counts = demo.populate(office, today=today, rng=rng)

Two past meetings (about four and two weeks ago; the older one closed, the newer one held and waiting to be
closed) whose decided items carry minute numbers: phase changes the board approved and the head applied (the
episode already is in the new phase, as the demo builder set it from the review dates), one premature
proposal rejected in a large office, and one approval still waiting for the head. One planned meeting in the
next two weeks with the phase proposals of clients whose review is due, and one or two proposals still
waiting for a meeting. The violations demo puts its own items on these meetings (it runs after this one).
Offices with fewer than MIN_ACTIVE clients under guidance get nothing.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import Role, User
from board.models import AgendaItem, Meeting, PhaseProposal
from clients import rules
from clients.codes import EpisodeStatus, Phase
from clients.models import ProgramEpisode
from organizations.models import Office

MIN_ACTIVE = 40
PHASE_NAMES = {Phase.AWAL: "tahap awal", Phase.LANJUTAN: "tahap lanjutan", Phase.AKHIR: "tahap akhir"}
REASONS = {
    Phase.LANJUTAN: [
        "Klien telah menjalani 1/3 masa bimbingan, rutin wajib lapor dan kooperatif.",
        "Hasil litmas evaluasi menunjukkan perubahan sikap yang baik; penjamin mendukung.",
        "Klien aktif mengikuti bimbingan kepribadian dan sudah bekerja.",
    ],
    Phase.AKHIR: [
        "Klien telah menjalani 2/3 masa bimbingan tanpa pelanggaran; siap reintegrasi penuh.",
        "Klien mandiri secara ekonomi dan hubungan dengan keluarga baik.",
        "Evaluasi PK: risiko pengulangan rendah, wajib lapor tertib.",
    ],
}
APPROVED_NOTES = ["Disetujui sidang TPP.", "Disetujui; lanjutkan bimbingan sesuai program tahap berikutnya.", ""]
REJECTED_REASON = "Klien belum menjalani 1/3 masa bimbingan; diajukan kembali pada waktunya."
NEXT = {Phase.AWAL: Phase.LANJUTAN, Phase.LANJUTAN: Phase.AKHIR}

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def _weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def minute_number(meeting: Meeting, seq: int) -> str:
    """The minute number (nomor berita acara) of the `seq`-th decision of a demo meeting."""
    return f"BA-{meeting.number}-{seq:02d}"


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the office's demo board meetings, agenda items and phase proposals; return the row counts."""
    episodes = list(
        ProgramEpisode.objects.filter(office=office, status=EpisodeStatus.ACTIVE, officer__isnull=False)
        .select_related("rule_set")
        .only(
            "office_id",
            "officer_id",
            "phase",
            "starts_on",
            "ends_on",
            "rule_set__phase_continued_at",
            "rule_set__phase_final_at",
            "rule_set__phase_change_needs_head_approval",
        )
        .order_by("pk")
    )
    active = len(episodes)
    if active < MIN_ACTIVE:
        return {}
    staff = {}
    for user in User.objects.filter(
        office=office, is_active=True, role__in=[Role.HEAD, Role.TPP_SECRETARY, Role.SECTION_HEAD]
    ).order_by("pk"):
        staff.setdefault(user.role, user)
    head = staff.get(Role.HEAD)
    secretary = staff.get(Role.TPP_SECRETARY) or staff.get(Role.SECTION_HEAD)
    recorder = secretary or head

    first_day = _weekday_on_or_before(today - datetime.timedelta(days=rng.randint(26, 30)))
    second_day = _weekday_on_or_before(today - datetime.timedelta(days=rng.randint(12, 15)))
    planned_day = _weekday_on_or_after(today + datetime.timedelta(days=rng.randint(3, 12)))
    meetings = []
    for n, (day, status) in enumerate(
        [(first_day, Meeting.Status.CLOSED), (second_day, Meeting.Status.HELD), (planned_day, Meeting.Status.PLANNED)],
        start=1,
    ):
        meetings.append(
            Meeting(
                office=office,
                held_on=day,
                number=f"TPP/{day.year}/{day:%m}-{n}",
                title=f"Sidang TPP {day.day} {MONTHS[day.month - 1]} {day.year}",
                chair=head,
                secretary=secretary,
                status=status,
                notes="Sidang TPP rutin: perubahan tahap bimbingan dan pelanggaran klien.",
                created_by=recorder,
                created_at=_at(day - datetime.timedelta(days=rng.randint(7, 10)), 9),
            )
        )
    first, second, planned = meetings

    # Sort the active episodes by what the board would do with them.
    recent: list[tuple[ProgramEpisode, datetime.date]] = []  # the phase changed lately: applied proposals
    due: list[tuple[ProgramEpisode, datetime.date]] = []  # the next review is due within 30 days
    early: list[ProgramEpisode] = []  # far from their next review
    window_start = first_day - datetime.timedelta(days=45)
    window_end = second_day + datetime.timedelta(days=7)
    horizon = today + datetime.timedelta(days=30)
    for episode in episodes:
        dates = rules.phase_review_dates(episode.rule_set, starts_on=episode.starts_on, ends_on=episode.ends_on)
        if episode.phase == Phase.LANJUTAN and window_start <= dates.continued_from <= window_end:
            recent.append((episode, dates.continued_from))
        elif episode.phase == Phase.AKHIR and window_start <= dates.final_from <= window_end:
            recent.append((episode, dates.final_from))
        if episode.phase != Phase.AKHIR:
            following = dates.continued_from if episode.phase == Phase.AWAL else dates.final_from
            if today < following <= horizon:
                due.append((episode, following))
            elif episode.phase == Phase.AWAL and following > today + datetime.timedelta(days=90):
                early.append(episode)
    rng.shuffle(recent)
    rng.shuffle(due)

    per_meeting = max(1, min(6, round(active / 200)))
    plans: list[dict] = []  # one per proposal: the proposal and where its agenda item goes
    taken = {id(first): 0, id(second): 0}
    for episode, day in recent:
        meeting = first if day <= first_day + datetime.timedelta(days=7) else second
        if taken[id(meeting)] >= per_meeting:
            continue
        taken[id(meeting)] += 1
        from_phase = Phase.AWAL if episode.phase == Phase.LANJUTAN else Phase.LANJUTAN
        plans.append({"episode": episode, "from": from_phase, "meeting": meeting, "outcome": "applied"})
    if early and active >= 200:
        plans.append({"episode": rng.choice(early), "from": Phase.AWAL, "meeting": first, "outcome": "rejected"})
    needs_head = [(e, d) for e, d in due if e.rule_set.phase_change_needs_head_approval]
    head_episode = needs_head[0][0] if needs_head else None
    if head_episode is not None:
        plans.append({"episode": head_episode, "from": head_episode.phase, "meeting": second, "outcome": "head"})
    waiting = [e for e, _d in due if e is not head_episode]
    on_planned = max(1, min(4, round(active / 250)))
    awaiting_meeting = 2 if active >= 300 else 1
    for i, episode in enumerate(waiting[: on_planned + awaiting_meeting]):
        meeting = planned if i < on_planned else None
        plans.append({"episode": episode, "from": episode.phase, "meeting": meeting, "outcome": "pending"})

    Meeting.objects.bulk_create(meetings)
    seq = {id(first): 0, id(second): 0}
    proposals = []
    for plan in plans:
        episode, meeting, from_phase = plan["episode"], plan["meeting"], plan["from"]
        to_phase = NEXT[from_phase]
        meeting_day = meeting.held_on if meeting is not None else today
        if meeting is None or meeting is planned:
            proposed_on = today - datetime.timedelta(days=rng.randint(1, 12))
        else:
            proposed_on = meeting_day - datetime.timedelta(days=rng.randint(4, 12))
        plan["proposed_at"] = _at(proposed_on, rng.randint(8, 15), rng.randint(0, 59))
        proposal = PhaseProposal(
            episode=episode,
            office=office,
            from_phase=from_phase,
            to_phase=to_phase,
            reason=rng.choice(REASONS[to_phase]),
            proposed_by_id=episode.officer_id,
            proposed_at=plan["proposed_at"],
        )
        if plan["outcome"] in ("applied", "rejected", "head"):
            seq[id(meeting)] += 1
            n = seq[id(meeting)]
            plan["minute"] = minute_number(meeting, n)
            plan["decided_at"] = _at(meeting.held_on, 10 + n // 4, (n * 13) % 60)
        if plan["outcome"] == "applied":
            proposal.status = PhaseProposal.Status.APPLIED
            applied_at = _at(meeting.held_on + datetime.timedelta(days=rng.randint(1, 3)), 14)
            if episode.rule_set.phase_change_needs_head_approval:
                proposal.head_approved = True
                proposal.head_decided_by = head
                proposal.head_decided_at = applied_at
            proposal.applied_at = applied_at
        elif plan["outcome"] == "rejected":
            proposal.status = PhaseProposal.Status.REJECTED
        elif plan["outcome"] == "head":
            proposal.status = PhaseProposal.Status.AWAITING_HEAD
        plan["proposal"] = proposal
        proposals.append(proposal)
    PhaseProposal.objects.bulk_create(proposals)
    subject_type = ContentType.objects.get_for_model(PhaseProposal)
    items = []
    for plan in plans:
        proposal = plan["proposal"]
        summary = (
            f"Usul perubahan dari {PHASE_NAMES[proposal.from_phase]} ke {PHASE_NAMES[proposal.to_phase]}: "
            f"{proposal.reason}"
        )
        item = AgendaItem(
            office=office,
            meeting=plan["meeting"],
            kind=AgendaItem.Kind.PHASE,
            episode=proposal.episode,
            subject_type=subject_type,
            subject_id=proposal.pk,
            summary=summary,
            proposed_by_id=proposal.proposed_by_id,
            proposed_at=plan["proposed_at"],
        )
        if plan["outcome"] in ("applied", "head"):
            item.decision = AgendaItem.Decision.APPROVED
            item.decision_note = rng.choice(APPROVED_NOTES)
        elif plan["outcome"] == "rejected":
            item.decision = AgendaItem.Decision.REJECTED
            item.decision_note = REJECTED_REASON
        if item.decision != AgendaItem.Decision.PENDING:
            item.minute_number = plan["minute"]
            item.decided_at = plan["decided_at"]
            item.decided_by = recorder
        items.append(item)
    AgendaItem.objects.bulk_create(items)
    for proposal, item in zip(proposals, items, strict=True):
        proposal.agenda_item = item
    PhaseProposal.objects.bulk_update(proposals, ["agenda_item"])
    return {
        "board meetings": len(meetings),
        "agenda items": len(items),
        "phase proposals": len(proposals),
    }
