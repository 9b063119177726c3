"""Demo movements for one office, written in bulk (like the rest of the demo data: no audit rows).

    from movements import demo
    counts = demo.populate(office, today=today, rng=rng)

- Transfers (pelimpahan), when another office exists (one of the same Kanwil first): one waiting for
  the head's decision, requested a few days ago so it is within its 10-working-day deadline; in a larger
  office also one the head approved whose files were sent, waiting for the receiving office.
- Travel permits: one waiting for a decision, some approved (trips over, and one still ahead; abroad for a
  client on parole when there is one), and one refused in a larger office.
- One closing report draft for an episode whose guidance ends within the next 30 days (reason: completed,
  ended on the end of guidance; the office closes the episode on or after that day).

Runs after violations.demo: clients with a violation or an open phase proposal are left out. Offices with
fewer than MIN_ACTIVE clients under guidance get nothing.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import F
from django.utils import timezone

from accounts.models import Role, Section, User
from board.models import PhaseProposal
from clients.codes import EpisodeStatus, Program, Relationship
from clients.models import ProgramEpisode
from movements.models import ClosingReport, Transfer, TravelPermit
from organizations.models import Office
from violations.models import Violation

MIN_ACTIVE = 40
LARGE = 100  # eligible clients from which an office also gets an approved transfer, an abroad and a refused permit
DESTINATIONS = [
    ("Jakarta Timur", "Menghadiri pernikahan adik kandung."),
    ("Kota Bandung", "Mengikuti tes kerja di pabrik garmen."),
    ("Kabupaten Brebes", "Menjenguk orang tua yang dirawat di rumah sakit."),
    ("Kota Semarang", "Mengantar barang dagangan untuk majikan."),
    ("Kabupaten Tegal", "Menghadiri acara keluarga (khitanan keponakan)."),
]
ABROAD = ("Makkah, Arab Saudi", "Menunaikan ibadah umrah bersama orang tua.")
REFUSAL = "Alamat tujuan dan penanggung jawab selama perjalanan tidak jelas; penjamin tidak dapat dihubungi."
GUARANTORS = [
    ("Siti Maryam", Relationship.MOTHER),
    ("Ahmad Suryadi", Relationship.SIBLING),
    ("Nining Kurniasih", Relationship.WIFE),
    ("Dadang Hermawan", Relationship.OTHER_FAMILY),
]
TRANSFER_REASONS = [
    "Klien ikut istri pindah ke rumah mertua dan bekerja sebagai buruh pabrik di sana.",
    "Klien diterima bekerja di bengkel milik saudara di kota tujuan.",
]
REVIEWS = [
    "Risiko rendah; wajib lapor tertib. Penjamin di alamat baru sanggup membimbing; keluarga mendukung.",
    "Klien kooperatif selama bimbingan; pekerjaan di alamat baru sudah pasti (surat keterangan kerja terlampir).",
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the office's demo transfers, travel permits and one closing report draft; return the row counts."""
    episodes = list(
        ProgramEpisode.objects.filter(
            office=office,
            status=EpisodeStatus.ACTIVE,
            officer__isnull=False,
            client__current_episode=F("pk"),
            starts_on__lte=today - _days(90),
            ends_on__gt=today,
        )
        .exclude(pk__in=Violation.objects.filter(office=office).values("episode_id"))
        .exclude(
            pk__in=PhaseProposal.objects.filter(office=office, status__in=PhaseProposal.OPEN_STATUSES).values(
                "episode_id"
            )
        )
        .order_by("pk")
    )
    if len(episodes) < MIN_ACTIVE:
        return {}
    deciders: dict[str, User] = {}
    for user in User.objects.filter(office=office, is_active=True, role__in=[Role.HEAD, Role.SECTION_HEAD]).order_by(
        "pk"
    ):
        deciders.setdefault(user.section if user.role == Role.SECTION_HEAD else "head", user)
    head = deciders.get("head")
    rng.shuffle(episodes)
    ending = [e for e in episodes if e.ends_on <= today + _days(30)]
    long = [e for e in episodes if e.ends_on >= today + _days(60)]
    large = len(episodes) >= LARGE

    # Transfers: to an office of the same Kanwil if there is one, else to any other office.
    through = Office.working_area.through
    areas: dict[int, list[str]] = {}
    others = (
        through.objects.all()
        .exclude(office_id=office.pk)
        .values_list("office_id", "office__kanwil_id", "regency_id")
        .order_by("office_id", "regency_id")
    )
    same_kanwil = []
    for office_id, kanwil_id, regency_id in others:
        areas.setdefault(office_id, []).append(regency_id)
        if kanwil_id == office.kanwil_id and office_id not in same_kanwil:
            same_kanwil.append(office_id)
    transfers = []
    if areas:
        to_office_id = same_kanwil[0] if same_kanwil else min(areas)
        for approved in [False, True] if large else [False]:
            if not long:
                break
            episode = long.pop()
            guarantor, relationship = rng.choice(GUARANTORS)
            regency = rng.choice(areas[to_office_id])
            transfer = Transfer(
                episode=episode,
                from_office=office,
                to_office_id=to_office_id,
                requested_by_id=episode.officer_id,
                new_address=f"Jl. Melati No. {rng.randint(1, 120)} RT {rng.randint(1, 9):03d}/RW 00{rng.randint(1, 9)}",
                new_regency_id=regency,
                guarantor_name=guarantor,
                guarantor_relationship=relationship,
                guarantor_phone=f"08{rng.randint(11, 99)}{rng.randint(10_000_000, 99_999_999)}",
                reason=rng.choice(TRANSFER_REASONS),
                review=rng.choice(REVIEWS),
            )
            if approved:
                transfer.requested_on = today - _days(rng.randint(18, 28))
                decided_on = transfer.requested_on + _days(rng.randint(5, 8))
                transfer.approved = True
                transfer.decided_at = _at(decided_on, 14)
                transfer.decided_by = head
                transfer.decision_reason = "Disetujui; alamat dan penjamin baru telah diverifikasi."
                transfer.letter_number = f"W.PAS.{office.pk}-PK.01.05-{rng.randint(100, 999)}/{decided_on.year}"
                transfer.files_sent_on = min(today - _days(1), decided_on + _days(rng.randint(1, 3)))
            else:
                transfer.requested_on = today - _days(rng.randint(1, 5))
            transfer.created_at = _at(transfer.requested_on, rng.randint(8, 15), rng.randint(0, 59))
            transfers.append(transfer)
    Transfer.objects.bulk_create(transfers)

    # Travel permits on other clients, one each.
    permits = []
    plan = ["waiting"] + ["approved_past"] * max(1, min(3, round(len(episodes) / 300))) + ["approved_ahead"]
    if large:
        plan.append("refused")
    for kind in plan:
        parole = [e for e in long if e.program == Program.PB] if kind == "approved_ahead" and large else []
        abroad = bool(parole)
        if abroad:
            episode = parole[-1]
            long.remove(episode)
        elif long:
            episode = long.pop()
        else:
            break
        destination, purpose = ABROAD if abroad else rng.choice(DESTINATIONS)
        if kind == "waiting":
            requested_on = today - _days(rng.randint(1, 4))
            starts_on = today + _days(rng.randint(5, 15))
        elif kind == "approved_past":
            requested_on = today - _days(rng.randint(30, 75))
            starts_on = requested_on + _days(rng.randint(3, 10))
        else:
            requested_on = today - _days(rng.randint(5, 12))
            starts_on = today + _days(rng.randint(2, 10))
        ends_on = starts_on + _days(rng.randint(9, 14) if abroad else rng.randint(1, 5))
        family = rng.random() < 0.25
        permit = TravelPermit(
            episode=episode,
            kind=TravelPermit.Kind.ABROAD if abroad else TravelPermit.Kind.OUT_OF_TOWN,
            applicant=TravelPermit.Applicant.FAMILY if family else TravelPermit.Applicant.CLIENT,
            applicant_name=rng.choice(GUARANTORS)[0] if family else "",
            destination=destination,
            purpose=purpose,
            starts_on=starts_on,
            ends_on=ends_on,
            requested_on=requested_on,
            requested_by_id=episode.officer_id,
            created_at=_at(requested_on, rng.randint(8, 15), rng.randint(0, 59)),
        )
        if kind != "waiting":
            decided_on = min(today, requested_on + _days(rng.randint(1, 3)))
            permit.decided_at = _at(decided_on, 15)
            permit.decided_by = deciders.get(Section.BKA if episode.is_child else Section.BKD) or head
            permit.approved = kind != "refused"
            permit.decision_reason = REFUSAL if kind == "refused" else ""
            if permit.approved:
                permit.letter_number = f"W.PAS.{office.pk}-PK.05.02-{rng.randint(100, 999)}/{decided_on.year}"
        permits.append(permit)
    TravelPermit.objects.bulk_create(permits)

    reports = []
    if ending:
        episode = ending[0]
        reports.append(
            ClosingReport(
                episode=episode,
                reason=ClosingReport.Reason.COMPLETED,
                ended_on=episode.ends_on,
                summary="Klien menjalani bimbingan sampai selesai: wajib lapor tertib, mengikuti bimbingan "
                "kepribadian dan kemandirian, kunjungan rumah menunjukkan dukungan keluarga yang baik.",
                conduct="Baik dan kooperatif; tidak ada pelanggaran selama masa bimbingan.",
                recommendation="Bimbingan diakhiri pada tanggal berakhirnya masa bimbingan.",
                written_by_id=episode.officer_id,
                written_at=_at(today - _days(rng.randint(0, 3)), 10),
            )
        )
    ClosingReport.objects.bulk_create(reports)
    return {"transfers": len(transfers), "travel permits": len(permits), "closing reports": len(reports)}
