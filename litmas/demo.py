"""Demo Litmas requests for one office, written through the services (so with their steps and audit rows), then
dated back: about 60 requests over the last three months in every state of the flow, adults' and children's,
some still open past their deadline and some sent after it.

    from litmas import demo
    counts = demo.populate(office, *, today=today, rng=rng)

Signing is the report editor's (`litmas.documents.report_sign`): without it the demo stops at "approved" and
writes no final, acknowledged or sent request (the requests meant for them stay approved).
Offices without a head or without PKs get nothing.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import random
from collections import Counter

from django.utils import timezone

from accounts.models import Role, Section, User
from board.models import Meeting
from clients.models import Client
from litmas import services
from litmas.codes import RequesterKind, State
from litmas.models import LitmasRequest, LitmasStep, LitmasType
from organizations.models import Office

# A few common names for the people who are not yet clients (the demo app's word lists sit above this app).
MALE_GIVEN = ["Asep", "Dedi", "Eko", "Rizky", "Wahyu", "Yusuf", "Fajar", "Ilham", "Dimas", "Bagus"]
FEMALE_GIVEN = ["Siti", "Dewi", "Rina", "Ayu", "Nurul", "Putri"]
SECOND = ["Saputra", "Hidayat", "Setiawan", "Kurniawan", "Nugroho", "Rahmawati", "Lestari", "Permana", "Suryadi"]

REQUESTS = 60
SMALL_OFFICE_REQUESTS = 20
SMALL_OFFICE_CLIENTS = 300

ADULT_TYPES = ["pb", "pb", "pb", "cb", "cmb", "asimilasi", "asimilasi", "pembinaan-awal", "perubahan-pidana"]
CHILD_TYPES = ["diversi", "diversi", "sidang-anak", "akot", "pb-anak", "lpka"]
ADULT_REQUESTERS = [
    (RequesterKind.LAPAS, "Lapas Kelas I Cirebon"),
    (RequesterKind.LAPAS, "Lapas Kelas III Indramayu"),
    (RequesterKind.RUTAN, "Rutan Kelas I Cirebon"),
    (RequesterKind.COURT, "Pengadilan Negeri Sumber"),
]
CHILD_REQUESTERS = [
    (RequesterKind.INVESTIGATOR, "Polres Cirebon Kota"),
    (RequesterKind.INVESTIGATOR, "Polresta Cirebon"),
    (RequesterKind.PROSECUTOR, "Kejaksaan Negeri Kabupaten Cirebon"),
    (RequesterKind.LPKA, "LPKA Kelas II Bandung"),
]
# The states of the flow and how many requests of a hundred end in each.
STATES = [
    (State.RECEIVED, 8),
    (State.DISPOSED, 8),
    (State.ASSIGNED, 10),
    (State.GATHERING, 12),
    (State.DRAFT, 10),
    (State.BOARD, 6),
    (State.APPROVED, 6),
    (State.FINAL, 5),
    (State.ACKNOWLEDGED, 5),
    (State.SENT, 22),
    (State.CANCELLED, 8),
]
ORDER: list[str] = [s for s, _w in STATES if s != State.CANCELLED]
SIGNED = {State.FINAL, State.ACKNOWLEDGED, State.SENT}
CANCEL_REASONS = [
    "Permintaan ditarik oleh instansi peminta.",
    "Surat permintaan tercatat dua kali.",
    "Klien dipindahkan ke wilayah Bapas lain sebelum Litmas dimulai.",
]
REVISIONS = [
    "Lengkapi hasil kunjungan rumah.",
    "Perbaiki analisis risiko dan rekomendasi.",
    "Tambahkan tanggapan korban.",
]


def report_sign():
    """`litmas.documents.report_sign` when the report editor is installed, else None."""
    if importlib.util.find_spec("litmas.documents") is None:
        return None
    return getattr(importlib.import_module("litmas.documents"), "report_sign", None)


def _first(*groups: list[User]) -> User | None:
    """The first user of the first group that has one."""
    return next((group[0] for group in groups if group), None)


def _staff(office: Office) -> dict:
    users = list(User.objects.filter(office=office, is_active=True).order_by("pk"))
    by_role: dict[str, list[User]] = {}
    for user in users:
        by_role.setdefault(user.role, []).append(user)
    heads = by_role.get(Role.HEAD, [])
    section_heads = by_role.get(Role.SECTION_HEAD, [])
    pks = by_role.get(Role.PK, [])
    recorder = _first(by_role.get(Role.REGISTRATION, []), section_heads, heads)
    return {
        "head": heads[0] if heads else None,
        "recorder": recorder,
        "secretary": _first(by_role.get(Role.TPP_SECRETARY, []), heads),
        "section_head": {
            True: next((u for u in section_heads if u.section == Section.BKA), heads[0] if heads else None),
            False: next((u for u in section_heads if u.section != Section.BKA), heads[0] if heads else None),
        },
        "pks": {
            True: [u for u in pks if u.section == Section.BKA],
            False: [u for u in pks if u.section != Section.BKA],
        },
    }


def _received_at(state: str, is_child: bool, *, late: bool, now: datetime.datetime, rng: random.Random):
    """When the letter came: long ago for what is done, recently for what is open (unless it is late)."""
    if state in (State.SENT, State.CANCELLED):
        days = rng.randint(15, 88)
    elif late:
        days = rng.randint(5, 10) if is_child else rng.randint(18, 40)
    elif is_child:  # 72 hours: still within them
        days = 0 if state in (State.RECEIVED, State.DISPOSED) else rng.randint(0, 1)
    else:
        days = rng.randint(0, 6) + ORDER.index(state) // 2
    day = timezone.localtime(now).date() - datetime.timedelta(days=days)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(8, 14), rng.randint(0, 59))))
    return min(moment, now - datetime.timedelta(hours=2 + ORDER.index(state) if state in ORDER else 2))


def _meeting(office: Office, today: datetime.date) -> Meeting:
    meeting = Meeting.objects.filter(office=office).exclude(status=Meeting.Status.CLOSED).order_by("held_on").first()
    if meeting is None:
        meeting = Meeting.objects.create(
            office=office, held_on=today, title="Sidang TPP Litmas", number=f"TPP-LITMAS/{today:%Y%m%d}"
        )
    return meeting


def _person(is_child: bool, office: Office, clients: dict, rng: random.Random) -> dict:
    pool = clients[is_child]
    if pool and rng.random() < 0.4:
        return {"client": pool.pop()}
    male = rng.random() < 0.8
    given = rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
    second = rng.choice(SECOND)
    today = timezone.localdate()
    age = rng.randint(13, 17) if is_child else rng.randint(19, 60)
    return {
        "person_name": f"{given} {second}",
        "person_birth_date": today.replace(year=today.year - age) - datetime.timedelta(days=rng.randint(0, 360)),
        "person_sex": "L" if male else "P",
    }


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the office's demo Litmas requests; return the counts by state."""
    staff = _staff(office)
    if staff["head"] is None or staff["recorder"] is None or not (staff["pks"][False] or staff["pks"][True]):
        return {}
    now = min(timezone.now(), timezone.make_aware(datetime.datetime.combine(today, datetime.time(16, 0))))
    total = REQUESTS if Client.objects.filter(office=office).count() >= SMALL_OFFICE_CLIENTS else SMALL_OFFICE_REQUESTS
    sign = report_sign()
    clients = {
        flag: list(Client.objects.filter(office=office, current_episode__is_child=flag).order_by("?")[:total])
        for flag in (True, False)
    }
    for pool in clients.values():
        rng.shuffle(pool)
    states = [state for state, weight in STATES for _ in range(max(1, round(weight * total / 100)))][:total]
    rng.shuffle(states)
    meeting = None
    counts: Counter = Counter()
    for serial, state in enumerate(states, start=1):
        is_child = bool(staff["pks"][True]) and (serial % 3 == 0 or not staff["pks"][False])
        if state in SIGNED and sign is None:
            state = State.APPROVED
        late = state not in (State.SENT, State.CANCELLED) and rng.random() < 0.2
        received_at = _received_at(state, is_child, late=late, now=now, rng=rng)
        kind, requester = rng.choice(CHILD_REQUESTERS if is_child else ADULT_REQUESTERS)
        data = services.RequestInput(
            litmas_type=LitmasType.objects.get(code=rng.choice(CHILD_TYPES if is_child else ADULT_TYPES)),
            is_child=is_child,
            requester_kind=kind,
            requester_name=requester,
            letter_number=f"W11.{kind.upper()}.PK.01.05-{rng.randint(100, 999)}/{serial:03d}/{received_at:%Y}",
            letter_date=timezone.localtime(received_at).date() - datetime.timedelta(days=rng.randint(0, 3)),
            received_at=received_at,
            **_person(is_child, office, clients, rng),
        )
        req = services.request_record(office=office, acting_user=staff["recorder"], data=data)
        target: str = rng.choice(ORDER[:4]) if state == State.CANCELLED else str(state)
        if state == State.CANCELLED or target != State.RECEIVED:
            meeting = meeting or _meeting(office, today)
            _advance(req, target, staff=staff, meeting=meeting, sign=sign, rng=rng, sent_late=rng.random() < 0.3)
        if state == State.CANCELLED:
            services.request_cancel(request=req, acting_user=staff["head"], reason=rng.choice(CANCEL_REASONS))
        _backdate(req, now=now, rng=rng)
        counts[f"Litmas {state}"] += 1
    counts["Litmas requests"] = len(states)
    return dict(counts)


def _advance(req, target: str, *, staff, meeting, sign, rng: random.Random, sent_late: bool) -> None:
    head, pk = staff["head"], rng.choice(staff["pks"][req.is_child])
    revise_once = rng.random() < 0.25
    for state in ORDER[1 : ORDER.index(target) + 1]:
        req.refresh_from_db()
        if state == State.DISPOSED:
            services.request_dispose(request=req, acting_user=head, note="Untuk ditindaklanjuti.")
        elif state == State.ASSIGNED:
            services.request_assign(
                request=req,
                officer=pk,
                task_letter_number=f"ST-{req.pk:05d}/PK/{req.received_at:%Y}",
                acting_user=staff["section_head"][req.is_child],
            )
        elif state == State.GATHERING:
            services.gathering_start(request=req, acting_user=pk, note="Wawancara klien dan kunjungan rumah.")
        elif state == State.DRAFT:
            _write(req, pk)
        elif state == State.BOARD:
            services.board_submit(request=req, acting_user=pk)
            if revise_once and target != State.BOARD:
                services.board_decide(
                    request=req,
                    approve=False,
                    meeting=meeting,
                    minute_number=f"BA-R/{req.pk:05d}",
                    note=rng.choice(REVISIONS),
                    acting_user=staff["secretary"],
                )
                req.refresh_from_db()
                _write(req, pk, note=" (diperbaiki)")
                services.board_submit(request=req, acting_user=pk)
        elif state == State.APPROVED:
            services.board_decide(
                request=req,
                approve=True,
                meeting=meeting,
                minute_number=f"BA/{req.pk:05d}",
                note="",
                acting_user=staff["secretary"],
            )
        elif state == State.FINAL:
            sign(request=req, acting_user=pk)
        elif state == State.ACKNOWLEDGED:
            services.request_acknowledge(request=req, acting_user=head)
        elif state == State.SENT:
            if sent_late:
                sent_at = req.deadline_at + datetime.timedelta(hours=rng.randint(5, 72))
            else:
                sent_at = req.received_at + (req.deadline_at - req.received_at) * rng.uniform(0.5, 0.95)
            services.request_send(
                request=req,
                acting_user=staff["recorder"],
                reference=f"PAS.{req.pk:05d}/{sent_at:%Y}",
                sent_at=min(sent_at, timezone.now() - datetime.timedelta(minutes=10)),
            )


def _write(req, pk, *, note: str = "") -> None:
    report = getattr(req, "report", None)
    if report is not None:
        report.refresh_from_db()
    services.report_save(
        request=req,
        acting_user=pk,
        content={s["key"]: f"{s['title']}: uraian hasil penelitian{note}." for s in req.litmas_type.template.sections},
        expected_version=report.version if report is not None else None,
    )


def _backdate(req: LitmasRequest, *, now: datetime.datetime, rng: random.Random) -> None:
    """Spread the steps between the receipt and their end: the sending (kept), or before the deadline (or now,
    for a request left late) for the rest; a cancellation's time becomes the request's `done_at`."""
    req.refresh_from_db()
    steps = list(req.steps.order_by("pk"))  # the order they were taken in (a sending is recorded at its own time)
    if len(steps) < 2:
        return
    if req.state == State.SENT:
        end = req.done_at or now
        moving = steps[1:-1]
    else:
        end = min(
            now, max(req.deadline_at - datetime.timedelta(hours=1), req.received_at + datetime.timedelta(hours=1))
        )
        if now > req.deadline_at and req.state != State.CANCELLED:
            end = now - datetime.timedelta(minutes=30)
        moving = steps[1:]
    span = end - req.received_at
    for index, step in enumerate(moving, start=1):
        step.at = req.received_at + span * index / (len(moving) + (1 if req.state == State.SENT else 0))
    LitmasStep.objects.bulk_update(moving, ["at"])
    if req.state == State.CANCELLED:
        LitmasRequest.objects.filter(pk=req.pk).update(done_at=steps[-1].at)
