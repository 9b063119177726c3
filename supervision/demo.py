"""Demo data of remote reporting for one office: permissions, remote reports awaiting review, one flagged and
one confirmed, one intensified schedule. Called by the demo loader after the office's clients and check-ins exist."""

from __future__ import annotations

import datetime
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role, Section, User
from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from supervision import selectors, services
from supervision.models import CheckIn

REASONS = [
    "Dirawat inap setelah kecelakaan kerja; surat keterangan dokter terlampir.",
    "Bekerja sebagai ABK di luar pulau sampai akhir tahun.",
    "Merawat orang tua yang sakit berat di kampung halaman.",
    "Menjalani kontrak kerja proyek di Kalimantan selama enam bulan.",
]
ANSWERS = [
    ("Sehat, sudah bisa berjalan lagi", "Membantu usaha warung keluarga", "Belum ada modal tambahan"),
    ("Baik", "Bekerja di kapal ikan", "Sinyal di laut lemah"),
    ("Agak lelah", "Merawat ibu dan bertani", "Tidak ada"),
    ("Sehat", "Bekerja sebagai tukang di proyek gedung", "Tidak ada"),
]


def populate(office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Give a few adult clients of `office` remote reporting; returns what was created, by kind."""
    counts = {"permissions": 0, "remote_checkins": 0, "flagged": 0, "confirmed": 0, "intensified": 0}
    approver = (
        User.objects.filter(office=office, role=Role.SECTION_HEAD, section=Section.BKD, is_active=True).first()
        or User.objects.filter(office=office, role=Role.HEAD, is_active=True).first()
    )
    if approver is None:
        return counts
    episodes = list(
        ProgramEpisode.objects.filter(office=office, status=EpisodeStatus.ACTIVE, is_child=False)
        .exclude(officer=None)
        .select_related("rule_set", "officer", "office")
        .order_by("pk")
    )
    rng.shuffle(episodes)
    # The demo's PK account ("pk") comes first, so its home shows reports awaiting review and one reviewed.
    episodes.sort(key=lambda e: e.officer.username != "pk")
    selectors.prefetch_schedule(episodes)
    for index, episode in enumerate(episodes[: len(REASONS)]):
        valid_from = max(episode.starts_on, today - datetime.timedelta(days=45))
        try:
            services.remote_reporting_allow(
                episode=episode,
                acting_user=approver,
                reason=REASONS[index],
                valid_from=valid_from,
                valid_until=None,
            )
        except ValidationError:
            continue
        counts["permissions"] += 1
        checkins = list(CheckIn.objects.filter(episode=episode))
        open_dates = [d for d in selectors.unrecorded_dates(episode, checkins, until=today) if d >= valid_from]
        if not open_dates:
            # The generated history records every date up to today: the latest one since the permission
            # becomes the remote report (the generated row is a system load, not a record anyone made).
            latest = max((c for c in checkins if c.due_on >= valid_from), key=lambda c: c.due_on, default=None)
            if latest is None:
                continue
            latest.delete()
            open_dates = [latest.due_on]
        due_on = open_dates[-1]
        occurred_at = timezone.make_aware(datetime.datetime.combine(due_on, datetime.time(9 + index, 15)))
        condition, activity, obstacles = ANSWERS[index]
        try:
            checkin = services.checkin_record(
                episode=episode,
                acting_user=episode.officer,
                outcome=CheckIn.Outcome.ATTENDED_REMOTE,
                due_on=due_on,
                occurred_at=min(occurred_at, timezone.now()),
                remote=services.RemoteDetails(condition=condition, activity=activity, obstacles=obstacles),
            )
        except ValidationError:
            continue
        counts["remote_checkins"] += 1
        if index == 2:
            services.remote_checkin_review(
                remote=checkin.remote,
                acting_user=episode.officer,
                decision="ditandai",
                note="Klien tidak tampak di panggilan video; hanya suara.",
            )
            counts["flagged"] += 1
        elif index == 3:
            services.remote_checkin_review(remote=checkin.remote, acting_user=episode.officer, decision="dikonfirmasi")
            counts["confirmed"] += 1
    for episode in episodes[len(REASONS) : len(REASONS) + 1]:
        try:
            services.reporting_intensify(
                episode=episode,
                acting_user=approver,
                interval_days=14,
                starts_on=today,
                ends_on=min(episode.ends_on, today + datetime.timedelta(days=90)),
                reason="Sanksi: tidak hadir wajib lapor tiga kali berturut-turut.",
            )
        except ValidationError:
            continue
        counts["intensified"] += 1
    return counts
