"""Demo field work for one office, written in bulk (like the rest of the demo data: no audit rows, no photos).

    from fieldwork import demo
    counts = demo.populate(office, today=today, rng=rng)

For the active episodes of `office` over the last six months: a guarantor-verification visit soon after the
start of guidance for most clients and a supervision or guidance visit every few months; individual guidance
sessions about monthly; one group session a month per officer with a handful of their clients (children and
adults apart); and a few notes.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from fieldwork.models import (
    INDEPENDENCE_TYPES,
    PERSONALITY_TYPES,
    CaseNote,
    GuidanceActivity,
    GuidanceParticipant,
    HomeVisit,
)
from organizations.models import Office, ServiceLocation

HISTORY_DAYS = 180

FINDINGS = [
    "Klien berada di rumah bersama keluarga; kondisi rumah baik dan tertata.",
    "Penjamin membenarkan klien tinggal di alamat ini dan bersedia membimbing.",
    "Klien bekerja sebagai buruh harian; tetangga menyatakan klien bersikap baik.",
    "Klien tidak di rumah saat kunjungan; istri menyampaikan klien sedang bekerja.",
    "Ketua RT menyatakan klien aktif dalam kegiatan lingkungan.",
    "Keluarga mendukung; klien rutin mengikuti pengajian di musala setempat.",
]
TOPICS = {
    "keagamaan": ["Kajian akhlak", "Sholat berjamaah dan tausiah", "Ibadah dan keluarga"],
    "kesadaran_berbangsa": ["Wawasan kebangsaan", "Bela negara"],
    "intelektual": ["Literasi dasar", "Perencanaan hidup"],
    "sikap_perilaku": ["Pengendalian emosi", "Menjauhi pergaulan negatif"],
    "kesehatan": ["Bahaya narkoba", "Kesehatan jiwa"],
    "kesadaran_hukum": ["Hak dan kewajiban klien PB", "Syarat khusus dan sanksi"],
    "reintegrasi_sehat": ["Kembali ke masyarakat", "Peran keluarga"],
    "keterampilan_kerja": ["Perbengkelan sepeda motor", "Tata boga", "Menjahit"],
    "latihan_kerja_produksi": ["Budidaya ikan lele", "Produksi batako"],
}
PROGRESS = [
    "Klien kooperatif dan terbuka.",
    "Klien mulai mencari pekerjaan tetap.",
    "Klien menyampaikan kendala biaya transportasi.",
    "Perkembangan baik; hubungan dengan keluarga membaik.",
    "",
]
NOTES = [
    ("kontak", "Klien menelepon, menyampaikan akan pindah kerja ke bengkel lain di kecamatan yang sama."),
    ("keluarga", "Istri klien melapor klien sakit dan dirawat di puskesmas."),
    ("pekerjaan", "Klien diterima bekerja sebagai pengemudi ojek daring."),
    ("perilaku", "Klien datang terlambat wajib lapor; sudah diberi arahan."),
    ("", "Penjamin datang ke kantor menanyakan jadwal wajib lapor klien."),
]


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(8, 15), rng.randint(0, 59))))


def _day_between(start: datetime.date, end: datetime.date, rng: random.Random) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def populate(office: Office, *, today: datetime.date, rng: random.Random, batch_size: int = 1000) -> dict[str, int]:
    """Write demo visits, sessions and notes for the office's active episodes; return the row counts."""
    since = today - datetime.timedelta(days=HISTORY_DAYS)
    yesterday = today - datetime.timedelta(days=1)
    episodes = list(
        ProgramEpisode.objects.filter(office=office, status=EpisodeStatus.ACTIVE, officer__isnull=False)
        .select_related("officer")
        .order_by("pk")
    )
    # Visits get coordinates near the office's first located service location, when it has one.
    located = ServiceLocation.objects.filter(office=office, latitude__isnull=False).order_by("pk").first()
    centre = (float(located.latitude), float(located.longitude)) if located else None
    visits, notes = [], []
    singles: list[tuple[GuidanceActivity, ProgramEpisode, str]] = []
    by_officer: dict[tuple[int, bool], list[ProgramEpisode]] = defaultdict(list)
    for episode in episodes:
        start = max(episode.starts_on, since)
        if start > yesterday:
            continue
        by_officer[(episode.officer_id, episode.is_child)].append(episode)
        if episode.starts_on >= since and rng.random() < 0.8:
            first = _day_between(start, min(start + datetime.timedelta(days=20), yesterday), rng)
            visits.append(_visit(episode, first, "verifikasi_penjamin", rng, centre))
        day = start + datetime.timedelta(days=rng.randint(30, 90))
        while day <= yesterday:
            visits.append(_visit(episode, day, rng.choice(["pengawasan", "bimbingan"]), rng, centre))
            day += datetime.timedelta(days=rng.randint(60, 120))
        day = start + datetime.timedelta(days=rng.randint(5, 35))
        while day <= yesterday:
            if rng.random() < 0.75:
                kind = rng.choice(PERSONALITY_TYPES if rng.random() < 0.7 else INDEPENDENCE_TYPES)
                activity = GuidanceActivity(
                    office=office,
                    held_on=day,
                    kind=GuidanceActivity.Kind.INDIVIDUAL,
                    guidance_type=kind,
                    topic=rng.choice(TOPICS[kind]),
                    place="Kantor Bapas" if rng.random() < 0.7 else "Rumah klien",
                    officer_id=episode.officer_id,
                    recorded_by_id=episode.officer_id,
                    created_at=_at(day, rng),
                )
                singles.append((activity, episode, rng.choice(PROGRESS)))
            day += datetime.timedelta(days=rng.randint(25, 40))
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            category, body = rng.choice(NOTES)
            day = _day_between(start, yesterday, rng)
            notes.append(
                CaseNote(
                    episode=episode,
                    office=office,
                    written_by_id=episode.officer_id,
                    body=body,
                    category=category,
                    created_at=_at(day, rng),
                )
            )
    groups: list[tuple[GuidanceActivity, list[ProgramEpisode]]] = []
    for (officer_id, _child), members in sorted(by_officer.items()):
        if len(members) < 3:
            continue
        month = since.replace(day=1)
        while month <= yesterday:
            held_on = min(month + datetime.timedelta(days=rng.randint(5, 25)), yesterday)
            eligible = [e for e in members if e.starts_on <= held_on]
            if len(eligible) >= 3:
                kind = rng.choice(PERSONALITY_TYPES + INDEPENDENCE_TYPES)
                activity = GuidanceActivity(
                    office=office,
                    held_on=held_on,
                    kind=GuidanceActivity.Kind.GROUP,
                    guidance_type=kind,
                    topic=rng.choice(TOPICS[kind]),
                    place="Aula Bapas",
                    officer_id=officer_id,
                    recorded_by_id=officer_id,
                    created_at=_at(held_on, rng),
                )
                groups.append((activity, rng.sample(eligible, min(len(eligible), rng.randint(3, 8)))))
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    HomeVisit.objects.bulk_create(visits, batch_size=batch_size)
    CaseNote.objects.bulk_create(notes, batch_size=batch_size)
    GuidanceActivity.objects.bulk_create([a for a, _e, _p in singles] + [a for a, _m in groups], batch_size=batch_size)
    participants = [
        GuidanceParticipant(activity=a, episode=e, attendance=GuidanceParticipant.Attendance.PRESENT, progress=p)
        for a, e, p in singles
    ]
    for activity, members in groups:
        for episode in members:
            roll = rng.random()
            attendance = "hadir" if roll < 0.85 else ("izin" if roll < 0.93 else "tidak_hadir")
            participants.append(GuidanceParticipant(activity=activity, episode=episode, attendance=attendance))
    GuidanceParticipant.objects.bulk_create(participants, batch_size=batch_size)
    return {
        "home_visits": len(visits),
        "guidance_activities": len(singles) + len(groups),
        "guidance_participants": len(participants),
        "case_notes": len(notes),
    }


def _visit(episode: ProgramEpisode, day: datetime.date, purpose: str, rng: random.Random, centre) -> HomeVisit:
    people = ["penjamin"] if purpose == "verifikasi_penjamin" else []
    people += rng.sample(["kepala_desa", "rt_rw", "tetangga", "keluarga"], rng.randint(1, 2))
    located = centre is not None and rng.random() < 0.6
    return HomeVisit(
        episode=episode,
        office_id=episode.office_id,
        visited_on=day,
        officer_id=episode.officer_id,
        purpose=purpose,
        people_met=[code for code in HomeVisit.Party.values if code in people],
        findings=rng.choice(FINDINGS),
        latitude=Decimal(f"{centre[0] + rng.uniform(-0.2, 0.2):.6f}") if located else None,
        longitude=Decimal(f"{centre[1] + rng.uniform(-0.2, 0.2):.6f}") if located else None,
        recorded_by_id=episode.officer_id,
        created_at=_at(day, rng),
    )
