"""Demo referrals, sessions, end-of-service reports, group activities and partner documents for one office,
written in bulk (like the rest of the demo data: no audit rows).

    from referrals import demo
    counts = demo.populate(office, today=today, rng=rng)

Each active partner with an agreement in force gets referrals of adult clients living in its service area.
The partners the demo's partner accounts log in to (mitra.lbh, mitra.lpk, ...) get one referral in every
state: awaiting approval, awaiting the partner, accepted (a session planned), in progress (sessions held),
a concern flagged for the PK, the end-of-service report filed, completed, declined and withdrawn. The other
partners get a few in random states. The rows hold the same facts the services write (`referrals.services`):
the state is derived from them, never stored. Partners with clients under way hold a group activity with
them, and the end-of-service reports and activities carry a PDF (an attendance list, a certificate), so the
partner portal, the scorecards, the evaluation pack and the PK's home show real figures. Dates count back
from `today`; all names and texts are synthetic.
"""

from __future__ import annotations

import datetime
import decimal
import random
from collections import defaultdict

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Role, Section, User
from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from organizations import workdays
from organizations.models import Office
from partners import selectors as partner_selectors
from partners.codes import ServiceField
from partners.models import Partner
from referrals.models import (
    Attendance,
    DesiredOutcome,
    Document,
    GroupActivity,
    GroupParticipant,
    Need,
    OutcomeRating,
    Referral,
    ReferralSession,
    ReferralSettings,
    State,
)

ACHIEVEMENTS = [
    OutcomeRating.Achievement.ACHIEVED,
    OutcomeRating.Achievement.PARTLY,
    OutcomeRating.Achievement.NOT_ACHIEVED,
]
MIN_ACTIVE = 20  # offices with fewer clients under guidance get no referrals
CONCERN = "concern"  # an in-progress referral whose last session raised a concern the PK has not read
# One of each, for the partners of the demo's partner accounts (CONCERN and IN_PROGRESS both derive "in progress").
EVERY_STATE = [
    State.AWAITING_APPROVAL,
    State.AWAITING_PARTNER,
    State.ACCEPTED,
    State.IN_PROGRESS,
    CONCERN,
    State.REPORTED,
    State.COMPLETED,
    State.DECLINED,
    State.WITHDRAWN,
]
# The other partners: a few referrals each, mostly under way.
OTHER_STATES = {
    State.AWAITING_PARTNER: 2,
    State.ACCEPTED: 2,
    State.IN_PROGRESS: 4,
    State.REPORTED: 1,
    State.COMPLETED: 3,
    State.DECLINED: 1,
    State.WITHDRAWN: 1,
}
NEEDS = {
    ServiceField.LEGAL_AID: (
        "Klien menghadapi sengketa waris keluarga dan membutuhkan pendampingan hukum.",
        ["Memahami hak dan kewajibannya", "Sengketa diselesaikan secara damai"],
    ),
    ServiceField.INDEPENDENCE: (
        "Klien belum bekerja sejak bebas dan ingin belajar keterampilan las.",
        ["Menyelesaikan pelatihan las dasar", "Memperoleh sertifikat keterampilan", "Bekerja atau membuka usaha"],
    ),
    ServiceField.EMPOWERMENT: (
        "Klien ingin membuka usaha kecil tetapi belum mempunyai modal dan pengetahuan usaha.",
        ["Menyusun rencana usaha sederhana", "Memulai usaha dengan pendampingan"],
    ),
    ServiceField.SOCIAL: (
        "Hubungan klien dengan lingkungan tempat tinggal renggang setelah kembali ke masyarakat.",
        ["Aktif dalam kegiatan warga", "Diterima kembali oleh lingkungan"],
    ),
    ServiceField.PERSONALITY: (
        "Klien masih mudah tersulut emosi dan membutuhkan bimbingan kepribadian.",
        ["Mengikuti bimbingan rohani secara rutin", "Mampu mengendalikan emosi"],
    ),
}
SUMMARIES = [
    "Klien hadir tepat waktu, mengikuti materi dengan baik dan aktif bertanya.",
    "Pendampingan berjalan lancar; klien menyelesaikan tugas yang diberikan.",
    "Klien menceritakan perkembangan di rumah; rencana tindak lanjut disepakati.",
]
BEHAVIOUR = ["Kooperatif dan sopan", "Bersemangat", "Agak pendiam, tetapi mengikuti kegiatan"]
CONCERNS = [
    "Klien mengaku kembali berkumpul dengan teman lama yang terlibat narkotika.",
    "Klien tampak tertekan dan menyebut masalah berat dengan keluarga; mohon PK menindaklanjuti.",
]
DECLINE_REASONS = [
    "Kuota peserta pelatihan bulan ini sudah penuh.",
    "Tempat tinggal klien terlalu jauh dari lokasi layanan kami.",
]
WITHDRAW_REASONS = [
    "Klien pindah domisili ke luar wilayah kerja Bapas.",
    "Klien sudah bekerja penuh waktu sehingga tidak dapat mengikuti layanan.",
]
REPORTS = [
    "Layanan selesai sesuai rencana; klien mengikuti seluruh sesi dan menunjukkan perubahan yang baik.",
    "Sebagian besar tujuan tercapai; klien disarankan melanjutkan kegiatan secara mandiri.",
]
ACTIVITIES = {
    ServiceField.LEGAL_AID: "Penyuluhan hukum bersama klien pemasyarakatan",
    ServiceField.INDEPENDENCE: "Pelatihan keterampilan kerja di Griya Abhipraya",
    ServiceField.EMPOWERMENT: "Pelatihan kewirausahaan dan pengelolaan modal usaha",
    ServiceField.SOCIAL: "Kerja bakti dan kegiatan sosial bersama warga",
    ServiceField.PERSONALITY: "Bimbingan rohani dan kepribadian bersama",
}
# A minimal one-page PDF: the demo's attendance lists and certificates (the file is a placeholder).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the office's demo referrals, sessions, reports, group activities and documents; return counts."""
    episodes = list(
        ProgramEpisode.objects.filter(
            office=office,
            status=EpisodeStatus.ACTIVE,
            is_child=False,
            officer__isnull=False,
            starts_on__lte=today - datetime.timedelta(days=120),
        )
        .select_related("client")
        .only("client_id", "client__domicile_regency_id", "officer_id", "office_id", "starts_on")
        .order_by("pk")
    )
    if len(episodes) < MIN_ACTIVE:
        return {}
    by_regency = defaultdict(list)
    for episode in episodes:
        by_regency[episode.client.domicile_regency_id].append(episode)
    for pool in by_regency.values():
        rng.shuffle(pool)
    partners = list(
        Partner.objects.filter(office=office, status=Partner.Status.ACTIVE)
        .prefetch_related("service_fields", "service_area")
        .order_by("pk")
    )
    users = {}
    for user in User.objects.filter(office=office, role=Role.PARTNER, is_active=True).order_by("pk"):
        users.setdefault(user.partner_id, user)
    approver = (
        User.objects.filter(office=office, role=Role.SECTION_HEAD, section=Section.BKD, is_active=True).first()
        or User.objects.filter(office=office, role=Role.HEAD, is_active=True).first()
    )
    if approver is None:
        return {}
    accept_within = ReferralSettings.for_office(office.pk).accept_within_days

    plans = []  # one per referral: the row, its outcomes, sessions and ratings
    used: set[tuple[int, int]] = set()  # (episode, partner): one referral of a client to a partner
    for partner in partners:
        fields = []
        for row in partner.service_fields.all():
            agreement = partner_selectors.current_agreement(partner, row.field, on=today)
            if agreement is not None:
                fields.append((row.field, agreement))
        regencies = [r.pk for r in partner.service_area.all()]
        if not fields or not regencies:
            continue
        user = users.get(partner.pk)
        if user is not None:
            states = list(EVERY_STATE)
        else:
            states = rng.choices(list(OTHER_STATES), weights=list(OTHER_STATES.values()), k=rng.randint(3, 6))
        for state in states:
            episode = _pick(by_regency, regencies, partner, used, rng)
            if episode is None:
                break
            field, agreement = fields[len(plans) % len(fields)]
            plans.append(_plan(state, episode, partner, field, agreement, user, approver, today, accept_within, rng))
    if not plans:
        return {}

    Referral.objects.bulk_create([p["referral"] for p in plans])
    outcomes, sessions = [], []
    for plan in plans:
        referral = plan["referral"]
        for n, text in enumerate(plan["outcomes"], start=1):
            outcome = DesiredOutcome(referral=referral, description=text, order=n)
            plan.setdefault("outcome_rows", []).append(outcome)
            outcomes.append(outcome)
        for session in plan["sessions"]:
            session.referral = referral
            sessions.append(session)
    DesiredOutcome.objects.bulk_create(outcomes)
    ReferralSession.objects.bulk_create(sessions)
    ratings = []
    for plan in plans:
        if plan["referral"].report_submitted_at is None:
            continue
        for outcome in plan["outcome_rows"]:
            achievement = rng.choices(ACHIEVEMENTS, weights=[6, 3, 1])[0]
            ratings.append(OutcomeRating(outcome=outcome, achievement=achievement, comment=""))
    OutcomeRating.objects.bulk_create(ratings)

    activities, participants, documents = _activities(plans, users, today, rng)
    for plan in plans:
        referral = plan["referral"]
        user = users.get(referral.partner_id)
        if user is not None and referral.report_submitted_at is not None:
            documents.append(
                _document(
                    referral=referral,
                    name=f"sertifikat-{referral.pk}.pdf",
                    description="Sertifikat dan daftar hadir layanan",
                    user=user,
                    at=referral.report_submitted_at,
                )
            )
    Document.objects.bulk_create(documents)
    needs = _needs(episodes, plans, today, rng)
    Need.objects.bulk_create(needs)
    return {
        "referrals": len(plans),
        "referral sessions": len(sessions),
        "outcome ratings": len(ratings),
        "group activities": len(activities),
        "group participants": len(participants),
        "partner documents": len(documents),
        "client needs": len(needs),
    }


NEED_TEXTS = {
    ServiceField.LEGAL_AID: "Perlu pendampingan hukum untuk urusan hak asuh anak.",
    ServiceField.EMPOWERMENT: "Ingin membuka usaha kecil; butuh pelatihan dan modal awal.",
    ServiceField.PERSONALITY: "Perlu bimbingan keagamaan rutin; keluarga meminta pendampingan.",
    ServiceField.INDEPENDENCE: "Belum bekerja; berminat pelatihan las atau otomotif.",
    ServiceField.SOCIAL: "Keluarga membutuhkan bantuan sosial dan pendampingan pekerja sosial.",
}


def _needs(episodes, plans, today: datetime.date, rng: random.Random) -> list[Need]:
    """Needs the PKs noted in the last two months: most of clients not yet referred (the unmet needs the office
    summary and the allocation of partners work on), a few met by a referral in that field."""
    referred = {p["referral"].episode_id: p["referral"] for p in plans}
    fields = list(ServiceField)
    needs = []
    for episode in episodes:
        referral = referred.get(episode.pk)
        if referral is not None:
            if rng.random() < 0.2:
                field = referral.field
            else:
                continue
        elif rng.random() < 0.12:
            field = rng.choice(fields)
        else:
            continue
        noted = _at(today - datetime.timedelta(days=rng.randint(1, 60)), 9 + rng.randint(0, 6))
        needs.append(
            Need(
                episode=episode,
                office_id=episode.office_id,
                field=field,
                description=NEED_TEXTS[ServiceField(field)],
                noted_at=min(noted, _at(today, 8)),
                noted_by_id=episode.officer_id,
            )
        )
    return needs


def _pick(by_regency, regencies, partner, used, rng) -> ProgramEpisode | None:
    """An adult client under guidance living in the partner's area, not yet referred to it."""
    candidates = [code for code in regencies if by_regency.get(code)]
    rng.shuffle(candidates)
    for code in candidates:
        pool = by_regency[code]
        for i, episode in enumerate(pool):
            if (episode.pk, partner.pk) not in used:
                used.add((episode.pk, partner.pk))
                pool.append(pool.pop(i))  # spread the referrals over the clients
                return episode
    return None


def _plan(state, episode, partner, field, agreement, user, approver, today, accept_within, rng) -> dict:
    """The referral's facts for `state`, with its desired outcomes and sessions (not saved)."""
    ages = {
        State.AWAITING_APPROVAL: (1, 4),
        State.AWAITING_PARTNER: (1, 12),
        State.ACCEPTED: (6, 15),
        State.IN_PROGRESS: (30, 70),
        CONCERN: (25, 60),
        State.REPORTED: (45, 80),
        State.COMPLETED: (60, 100),
        State.DECLINED: (10, 40),
        State.WITHDRAWN: (20, 50),
    }[state]
    created_on = _weekday_on_or_before(today - datetime.timedelta(days=rng.randint(*ages)))
    created_at = _at(created_on, rng.randint(8, 14), rng.randint(0, 59))
    needs, outcomes = NEEDS.get(field, NEEDS[ServiceField.SOCIAL])
    referral = Referral(
        client_id=episode.client_id,
        episode=episode,
        office_id=episode.office_id,
        partner=partner,
        field=field,
        agreement=agreement,
        needs=needs,
        created_at=created_at,
        created_by_id=episode.officer_id,
        needs_approval=state == State.AWAITING_APPROVAL,
    )
    plan = {"referral": referral, "outcomes": outcomes, "sessions": []}
    if state == State.AWAITING_APPROVAL:
        return plan
    referral.sent_at = created_at
    referral.respond_by = workdays.add_working_days(created_on, accept_within)
    answered_on = min(created_on + datetime.timedelta(days=rng.randint(1, 4)), today)
    answered_at = _at(answered_on, rng.randint(9, 15), rng.randint(0, 59))
    if state == State.AWAITING_PARTNER:
        return plan
    if state == State.DECLINED:
        referral.declined_at, referral.declined_by = answered_at, user
        referral.decline_reason = rng.choice(DECLINE_REASONS)
        return plan
    referral.accepted_at, referral.accepted_by = answered_at, user
    if state == State.ACCEPTED:
        plan["sessions"].append(
            ReferralSession(
                scheduled_for=_at(today + datetime.timedelta(days=rng.randint(2, 7)), 9),
                place=f"Kantor {partner.name}",
                scheduled_by=user,
                created_at=answered_at,
            )
        )
        return plan
    # Weekly sessions from a few days after acceptance, until today (or the report).
    held = []
    day = answered_on + datetime.timedelta(days=rng.randint(2, 5))
    count = {State.WITHDRAWN: 1, CONCERN: 3}.get(state, rng.randint(2, 5))
    while len(held) < count and day < today:
        held.append(max(_weekday_on_or_before(day), answered_on))
        day += datetime.timedelta(days=7)
    for n, held_on in enumerate(held):
        absent = n > 0 and rng.random() < 0.15
        late = not absent and rng.random() < 0.15
        session = ReferralSession(
            held_on=held_on,
            attendance=Attendance.ABSENT if absent else Attendance.LATE if late else Attendance.ATTENDED,
            absence_reason="Klien sakit; keluarga memberi kabar." if absent else "",
            summary="" if absent else rng.choice(SUMMARIES),
            behaviour="" if absent else rng.choice(BEHAVIOUR),
            recorded_by=user,
            recorded_at=_at(held_on, 16),
            created_at=_at(held_on, 16),
        )
        if state == CONCERN and n == len(held) - 1:
            session.attendance, session.absence_reason = Attendance.ATTENDED, ""
            session.summary = session.summary or rng.choice(SUMMARIES)
            session.concern, session.concern_note = True, rng.choice(CONCERNS)
        plan["sessions"].append(session)
    last = held[-1] if held else answered_on
    if state == State.WITHDRAWN:
        referral.withdrawn_at = _at(min(last + datetime.timedelta(days=3), today), 10)
        referral.withdrawn_by_id = episode.officer_id
        referral.withdraw_reason = rng.choice(WITHDRAW_REASONS)
    elif state in (State.REPORTED, State.COMPLETED):
        reported_on = min(last + datetime.timedelta(days=rng.randint(1, 3)), today)
        referral.report_submitted_at, referral.report_submitted_by = _at(reported_on, 15), user
        referral.report_summary = rng.choice(REPORTS)
        if state == State.COMPLETED:
            referral.closed_at = _at(min(reported_on + datetime.timedelta(days=rng.randint(1, 4)), today), 16)
            referral.closed_by_id = episode.officer_id
    return plan


def _document(*, user, at, name: str, description: str, referral=None, activity=None) -> Document:
    document = Document(
        referral=referral,
        activity=activity,
        content_type="application/pdf",
        original_name=name,
        description=description,
        uploaded_by=user,
        uploaded_at=at,
    )
    document.file.save(name, ContentFile(PDF), save=False)
    return document


def _activities(plans, users, today, rng):
    """A group activity of each partner with a user and two or more clients under way (participants must be
    currently referred to it), held in the last two weeks, with its attendance list."""
    running = defaultdict(list)
    for plan in plans:
        referral = plan["referral"]
        if (
            referral.accepted_at is not None
            and referral.closed_at is None
            and referral.withdrawn_at is None
            and referral.partner_id in users
        ):
            running[referral.partner_id].append(referral)
    activities, participants, documents = [], [], []
    for partner_id, under_way in running.items():
        held_on = _weekday_on_or_before(today - datetime.timedelta(days=rng.randint(2, 10)))
        referrals = [r for r in under_way if timezone.localdate(r.accepted_at) <= held_on]
        if len(referrals) < 2:
            continue
        field = referrals[0].field
        activity = GroupActivity(
            partner_id=partner_id,
            office_id=referrals[0].office_id,
            held_on=held_on,
            title=ACTIVITIES.get(field, ACTIVITIES[ServiceField.SOCIAL]),
            field=field,
            hours=decimal.Decimal(rng.choice(["2.0", "3.0", "4.0"])),
            outcome="Peserta mengikuti kegiatan sampai selesai; materi dipahami dengan baik.",
            created_by=users[partner_id],
            created_at=_at(held_on, 16),
        )
        activities.append(activity)
        seen = set()
        for referral in referrals:
            if referral.episode_id in seen:
                continue
            seen.add(referral.episode_id)
            participants.append(
                GroupParticipant(
                    activity=activity,
                    episode_id=referral.episode_id,
                    client_id=referral.client_id,
                    attendance=rng.choice([Attendance.ATTENDED, Attendance.ATTENDED, Attendance.LATE]),
                )
            )
    GroupActivity.objects.bulk_create(activities)
    for participant in participants:
        participant.activity_id = participant.activity.pk
    GroupParticipant.objects.bulk_create(participants)
    for activity in activities:
        documents.append(
            _document(
                activity=activity,
                name=f"daftar-hadir-kegiatan-{activity.pk}.pdf",
                description="Daftar hadir dan foto kegiatan",
                user=activity.created_by,
                at=activity.created_at,
            )
        )
    return activities, participants, documents
