"""Demo violations for one office, written in bulk (like the rest of the demo data: no audit rows).

    from violations import demo
    counts = demo.populate(office, today=today, rng=rng)

About 1–2 % of the clients under guidance have an open violation, spread over the steps of the flow: a
draft the missed-report job opened (its three check-ins are turned into misses so the reporting history
agrees), reported, examined (BAP), before the board (on the planned meeting or waiting for one), approved by
the board and waiting for the head's response, and responded (written warning, added programme, or
intensified reporting with its schedule change). Two are closed (one the board rejected, one whose warning
was carried out) and one new offence suspended the client's guidance. Nothing is revoked.

Runs after board.demo: decided items go on its two past meetings (minute numbers continue theirs), pending
ones on its planned meeting. Without those meetings only the steps before the board are used. Offices with
fewer than MIN_ACTIVE clients under guidance get nothing.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import Role, User
from board.demo import minute_number
from board.models import AgendaItem, Meeting, PhaseProposal
from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from organizations.models import Office
from supervision.models import CheckIn, ScheduleChange
from violations.models import BoardDecision, ResponseType, Source, Violation, ViolationType

MIN_ACTIVE = 40
MIN_SPREAD = 8  # the first eight kinds below show every step of the flow
# The order in which open violations get their step; a small office takes the first few.
OPEN_KINDS = [
    "draft",
    "reported",
    "examined",
    "board_planned",
    "warning",
    "approved",
    "intensify",
    "suspended",
    "board_waiting",
    "reported",
    "examined",
    "programme",
    "warning",
    "reported",
    "examined",
    "board_planned",
]
REPEAT_KINDS = ["reported", "examined", "warning", "reported", "board_waiting"]
CLOSED_KINDS = ["closed_rejected", "closed_warning"]
NEEDS_PAST_MEETING = {"warning", "approved", "intensify", "programme", "closed_rejected", "closed_warning"}
NEEDS_ANY_MEETING = NEEDS_PAST_MEETING | {"board_planned"}

TYPES = [
    (ViolationType.SK_TIDAK_LAPOR_3X, Source.PK, 35),
    (ViolationType.SK_TIDAK_IKUT_PROGRAM, Source.PK, 20),
    (ViolationType.SK_PINDAH_ALAMAT_TANPA_LAPOR, Source.PK, 15),
    (ViolationType.SK_KERESAHAN, Source.COMMUNITY, 15),
    (ViolationType.LAIN, Source.PARTNER, 5),
]
DESCRIPTIONS = {
    ViolationType.SK_TIDAK_LAPOR_3X: [
        "Klien tidak hadir wajib lapor tiga kali berturut-turut tanpa keterangan; dihubungi lewat telepon tidak aktif.",
        "Klien tidak datang wajib lapor sejak bekerja di proyek bangunan; penjamin tidak mengetahui keberadaannya.",
    ],
    ViolationType.SK_TIDAK_IKUT_PROGRAM: [
        "Klien tidak mengikuti bimbingan kepribadian dua bulan berturut-turut.",
        "Klien keluar dari pelatihan kerja di LPK mitra tanpa izin PK.",
    ],
    ViolationType.SK_PINDAH_ALAMAT_TANPA_LAPOR: [
        "Saat kunjungan rumah, klien sudah tidak tinggal di alamat; menurut Ketua RT pindah ke rumah kontrakan.",
        "Klien pindah ke rumah saudara di kabupaten lain tanpa memberi tahu Bapas.",
    ],
    ViolationType.SK_KERESAHAN: [
        "Laporan Kepala Desa: klien terlibat keributan di warung dalam keadaan mabuk.",
        "Warga melaporkan klien sering membuat gaduh dan mengancam tetangga.",
    ],
    ViolationType.LAIN: ["Pokmas Lipas melaporkan klien tidak hadir kerja sosial yang disepakati."],
    ViolationType.SU_TINDAK_PIDANA: [
        "Polsek setempat memberitahukan klien ditetapkan sebagai tersangka kasus pencurian sepeda motor."
    ],
}
BAP_FINDINGS = [
    "Klien mengakui perbuatannya dan berjanji tidak mengulangi; penjamin hadir dan bersedia mengawasi.",
    "Klien beralasan sibuk bekerja; diberi pemahaman tentang kewajiban sebagai klien.",
    "Klien membantah sebagian keterangan pelapor; keterangan saksi (Ketua RT) membenarkan laporan.",
]
BOARD_SUMMARY = "Pelanggaran {type}: {description}"
RESPONSES = {
    "warning": (
        ResponseType.WARNING,
        "Teguran tertulis Kepala Bapas nomor W.PAS-PK.{n:03d}; dibacakan di depan penjamin.",
    ),
    "programme": (ResponseType.PROGRAMME, "Klien wajib mengikuti bimbingan kepribadian di Pokmas Lipas setiap pekan."),
    "intensify": (ResponseType.INTENSIFY, "Wajib lapor diperketat menjadi setiap {days} hari selama tiga bulan."),
}
REJECTED_NOTE = "Sidang TPP menilai ketidakhadiran klien beralasan (sakit, surat keterangan dokter menyusul)."
SUSPENSION_REASON = "Klien ditetapkan sebagai tersangka tindak pidana baru; bimbingan dihentikan sementara."


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the office's demo violations (with their board items and one schedule change); return counts."""
    episodes = list(
        ProgramEpisode.objects.filter(
            office=office,
            status=EpisodeStatus.ACTIVE,
            officer__isnull=False,
            starts_on__lte=today - _days(90),
            ends_on__gte=today + _days(30),
        )
        .exclude(pk__in=PhaseProposal.objects.filter(office=office).values("episode_id"))
        .select_related("rule_set")
        .order_by("pk")
    )
    active = ProgramEpisode.objects.filter(office=office, status=EpisodeStatus.ACTIVE).count()
    if active < MIN_ACTIVE or len(episodes) < 10:
        return {}
    head = User.objects.filter(office=office, role=Role.HEAD, is_active=True).order_by("pk").first()
    meetings = list(
        Meeting.objects.filter(office=office)
        .annotate(decided=Count("items", filter=~Q(items__minute_number="")))
        .order_by("held_on", "pk")
    )
    past = [m for m in meetings if m.held_on < today and m.status != Meeting.Status.PLANNED]
    planned = next((m for m in meetings if m.held_on >= today and m.status == Meeting.Status.PLANNED), None)

    # 1-2 % of the clients, but enough in a mid-sized office to show every step.
    wanted = max(round(active * rng.uniform(0.01, 0.02)), min(MIN_SPREAD, active // 30))
    kinds = (OPEN_KINDS + REPEAT_KINDS * (wanted // len(REPEAT_KINDS) + 1))[:wanted] + CLOSED_KINDS
    if len(past) < 2:
        kinds = [k for k in kinds if k not in NEEDS_PAST_MEETING]
    if planned is None:
        kinds = [k if k != "board_planned" else "board_waiting" for k in kinds]
    rng.shuffle(episodes)
    episodes = episodes[: len(kinds)]

    # The draft needs three recorded check-ins in a row to turn into misses.
    draft_misses: list[CheckIn] = []
    if "draft" in kinds:
        candidates = episodes[: min(len(episodes), 8)]
        recent: dict[int, list[CheckIn]] = {}
        for checkin in CheckIn.objects.filter(episode__in=candidates).order_by("episode_id", "-due_on"):
            recent.setdefault(checkin.episode_id, [])
            if len(recent[checkin.episode_id]) < 3:
                recent[checkin.episode_id].append(checkin)
        chosen = next(
            (
                e
                for e in candidates
                if len(recent.get(e.pk, [])) == 3
                and all(c.outcome in ("hadir", "izin", "tidak_hadir") for c in recent[e.pk])
            ),
            None,
        )
        if chosen is None:
            kinds.remove("draft")
        else:
            draft_misses = sorted(recent[chosen.pk], key=lambda c: c.due_on)
            episodes.remove(chosen)
            episodes.insert(kinds.index("draft"), chosen)

    first, second = (past[0], past[-1]) if len(past) >= 2 else (None, None)
    seq = {m.pk: m.decided for m in meetings}
    violations, plans, schedule = [], [], []
    for kind, episode in zip(kinds, episodes, strict=False):
        officer = episode.officer_id
        plan = {"kind": kind, "episode": episode, "meeting": None}
        if kind == "draft":
            dates = [c.due_on for c in draft_misses]
            violation = Violation(
                episode=episode,
                office=office,
                type=ViolationType.SK_TIDAK_LAPOR_3X,
                occurred_on=dates[2],
                reported_on=max(dates[2], today - _days(rng.randint(0, 2))),
                source=Source.SYSTEM,
                description="Klien tidak wajib lapor 3 kali berturut-turut: "
                + ", ".join(f"{d:%d-%m-%Y}" for d in dates)
                + ".",
                is_draft=True,
                missed_from=dates[0],
            )
            violation.reported_at = _at(violation.reported_on, 1)
            violations.append(violation)
            plans.append(plan)
            continue
        if kind == "suspended":
            vtype, source = ViolationType.SU_TINDAK_PIDANA, Source.POLICE
        else:
            vtype, source, _w = rng.choices(TYPES, weights=[t[2] for t in TYPES])[0]
        # When it was reported: recent for the early steps, before the meeting for the later ones.
        if kind in NEEDS_PAST_MEETING:
            meeting = first if kind in ("closed_rejected", "closed_warning") or rng.random() < 0.5 else second
            if kind in ("approved", "intensify"):
                meeting = second
            plan["meeting"] = meeting
            reported_on = meeting.held_on - _days(rng.randint(10, 20))
        elif kind in ("board_planned", "board_waiting"):
            plan["meeting"] = planned if kind == "board_planned" else None
            reported_on = today - _days(rng.randint(12, 20))
        elif kind in ("examined", "suspended"):
            reported_on = today - _days(rng.randint(5, 10))
        else:
            reported_on = today - _days(rng.randint(0, 4))
        occurred_on = max(episode.starts_on, reported_on - _days(rng.randint(0, 6)))
        violation = Violation(
            episode=episode,
            office=office,
            type=vtype,
            occurred_on=occurred_on,
            reported_on=reported_on,
            source=source,
            description=rng.choice(DESCRIPTIONS[vtype]),
            reported_by_id=officer,
        )
        violation.reported_at = _at(reported_on, rng.randint(8, 15), rng.randint(0, 59))
        if kind != "reported":
            bap_date = min(today, reported_on + _days(rng.randint(1, 4)))
            violation.bap_number = f"BAP/{office.pk}/{bap_date:%m}/{bap_date.year}/{len(violations) + 1:03d}"
            violation.bap_date = bap_date
            violation.bap_summary = rng.choice(BAP_FINDINGS)
            violation.examined_by_id = officer
            violation.examined_at = _at(bap_date, rng.randint(9, 15), rng.randint(0, 59))
        if kind == "suspended":
            violation.suspended_at = _at(violation.bap_date, 16)
            violation.suspended_by = head
            violation.suspension_reason = SUSPENSION_REASON
        if kind in NEEDS_ANY_MEETING or kind == "board_waiting":
            if plan["meeting"] is not None and plan["meeting"] is not planned:
                proposed_on = min(plan["meeting"].held_on - _days(1), violation.bap_date + _days(rng.randint(1, 3)))
            else:
                proposed_on = min(today, violation.bap_date + _days(rng.randint(1, 3)))
            violation.proposed_at = _at(proposed_on, rng.randint(9, 15), rng.randint(0, 59))
            violation.proposed_by_id = officer
        if kind in NEEDS_PAST_MEETING:
            meeting = plan["meeting"]
            seq[meeting.pk] += 1
            plan["minute"] = minute_number(meeting, seq[meeting.pk])
            plan["decided_at"] = _at(meeting.held_on, 11, (seq[meeting.pk] * 7) % 60)
            rejected = kind == "closed_rejected"
            violation.board_decision = BoardDecision.REJECTED if rejected else BoardDecision.APPROVED
            violation.board_decided_at = plan["decided_at"]
            responded_on = meeting.held_on + _days(rng.randint(1, 3))
            if kind in RESPONSES or kind == "closed_warning":
                response, detail = RESPONSES["warning" if kind == "closed_warning" else kind]
                days = max(1, min(14, _base_interval(episode) // 2))
                violation.response_type = response
                violation.response_detail = detail.format(n=len(violations) + 1, days=days)
                violation.response_decided_by = head
                violation.response_decided_at = _at(responded_on, 13)
                if kind == "intensify":
                    starts_on = today + _days(rng.randint(1, 4))
                    plan["schedule"] = ScheduleChange(
                        episode=episode,
                        office=office,
                        interval_days=days,
                        starts_on=starts_on,
                        ends_on=min(episode.ends_on, starts_on + _days(90)),
                        reason=violation.response_detail,
                        set_by=head,
                        set_at=violation.response_decided_at,
                    )
            if kind.startswith("closed"):
                closed_on = min(today - _days(1), responded_on + _days(rng.randint(3, 7)))
                violation.closed_at = _at(closed_on, 14)
                violation.closed_by_id = officer
                violation.closing_note = (
                    "Ditutup sesuai putusan sidang TPP." if rejected else "Teguran tertulis telah diterima klien."
                )
        violations.append(violation)
        plans.append(plan)

    Violation.objects.bulk_create(violations)
    subject_type = ContentType.objects.get_for_model(Violation)
    items, proposed = [], []
    for violation, plan in zip(violations, plans, strict=True):
        if violation.proposed_at is None:
            continue
        item = AgendaItem(
            office=office,
            meeting=plan["meeting"],
            kind=AgendaItem.Kind.VIOLATION,
            episode=plan["episode"],
            subject_type=subject_type,
            subject_id=violation.pk,
            summary=BOARD_SUMMARY.format(type=violation.get_type_display(), description=violation.description),
            proposed_by_id=violation.proposed_by_id,
            proposed_at=violation.proposed_at,
        )
        if violation.board_decision:
            item.decision = violation.board_decision
            item.decision_note = REJECTED_NOTE if violation.board_decision == BoardDecision.REJECTED else ""
            item.minute_number = plan["minute"]
            item.decided_at = plan["decided_at"]
            item.decided_by_id = plan["meeting"].secretary_id or (head.pk if head else None)
        items.append(item)
        proposed.append(violation)
        if "schedule" in plan:
            schedule.append(plan["schedule"])
    AgendaItem.objects.bulk_create(items)
    for violation, item in zip(proposed, items, strict=True):
        violation.agenda_item = item
    Violation.objects.bulk_update(proposed, ["agenda_item"])
    for change in schedule:
        change.violation_id = next(v.pk for v in violations if v.episode_id == change.episode_id)
    ScheduleChange.objects.bulk_create(schedule)
    suspended = [v.episode_id for v in violations if v.suspended_at is not None]
    if suspended:
        ProgramEpisode.objects.filter(pk__in=suspended).update(status=EpisodeStatus.SUSPENDED, version=F("version") + 1)
    if draft_misses:
        for checkin in draft_misses:
            checkin.outcome = CheckIn.Outcome.MISSED
            checkin.occurred_at = None
            checkin.location = None
            checkin.excuse_reason = ""
        CheckIn.objects.bulk_update(draft_misses, ["outcome", "occurred_at", "location", "excuse_reason"])
    return {
        "violations": len(violations),
        "open violations": sum(v.closed_at is None for v in violations),
        "violation agenda items": len(items),
        "suspended episodes": len(suspended),
    }


def _base_interval(episode: ProgramEpisode) -> int:
    rules = episode.rule_set
    return rules.reporting_interval_months * 30 + rules.reporting_interval_days
