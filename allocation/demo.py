"""Demo workload for one office: working hours, capacity reductions, a few clients waiting for a PK, and 12 months
of snapshots, written in bulk (like the rest of the demo data: no audit rows).

    from allocation import demo
    counts = demo.populate(office, today=today, rng=rng)

It runs after the other apps' populators, so the loads count their violations, transfers and referrals.
- A few PKs work part-time (30 or 18.75 hours), one has structural duties, one is on training this month and one
  takes leave next month.
- The fullest PKs get a structural duty (a coordinator's role) that takes hours enough to put them over their
  capacity: the demo's caseloads are even (28–36 clients a PK), so the spread comes from capacity, not clients.
- The newest clients of each section wait for a PK (their assignment is undone), so the head's and the section
  heads' pages have something to do.
- A few exclusions (a PK of the client's family, a conflict of interest) on clients waiting for a PK and on
  clients with one, and a recorded working area (the regency where most of their clients live) for every third
  PK, so the pages that list them show something and the proposals take them into account.
- The history: for each of the 11 past months, the clients each PK guided at the month's end (from the
  assignment history), weighed by program, child and phase (the phase estimated from the time served; open
  violations and referrals of past months are not reconstructed), against the capacity of that day; the current
  month is computed as the daily command does.
"""

from __future__ import annotations

import calendar
import datetime
import importlib
import math
import random
from collections import defaultdict
from decimal import Decimal

from django.apps import apps as django_apps
from django.utils import timezone

from accounts import scopes
from accounts.models import Role, User
from allocation import selectors, services, workload
from allocation.models import (
    AllocationExclusion,
    CapacityReduction,
    ExclusionReason,
    OfficerWorkingArea,
    PointScale,
    Reduction,
    WorkingHours,
    WorkloadSnapshot,
)
from clients.codes import EpisodeStatus
from clients.models import Assignment, Client, ProgramEpisode
from organizations.models import Office
from referrals.models import Referral
from regions.models import Regency

OVER_SHARE = 0.2  # about one PK in five over capacity
UNASSIGNED = {False: 3, True: 1}  # newest adult and child clients left waiting for a PK


def ensure_scale() -> PointScale:
    """The first scale; on a database that lost it (a test that emptied the tables), the one migration 0002 seeds,
    written by that migration's own function so the two never differ."""
    scale = PointScale.objects.order_by("valid_from").first()
    if scale is None:
        importlib.import_module("allocation.migrations.0002_seed_point_scale").seed(django_apps, None)
        scale = PointScale.objects.order_by("valid_from").first()
    assert scale is not None  # noqa: S101 (the seed writes one)
    return scale


def _unassign_newest(office: Office) -> int:
    """Leave the newest clients of each section without a PK (no referral yet: nobody has worked on them)."""
    chosen = []
    for is_child, count in UNASSIGNED.items():
        chosen += list(
            ProgramEpisode.objects.filter(office=office, status=EpisodeStatus.ACTIVE, is_child=is_child)
            .exclude(officer=None)
            .exclude(pk__in=Referral.objects.values("episode_id"))
            .order_by("-starts_on", "-pk")
            .values_list("pk", flat=True)[:count]
        )
    Assignment.objects.filter(episode_id__in=chosen).delete()
    ProgramEpisode.objects.filter(pk__in=chosen).update(officer=None, assistant=None)
    return len(chosen)


def _hours_and_reductions(pks: list[User], *, today: datetime.date, rng: random.Random) -> list[CapacityReduction]:
    year_ago = today - datetime.timedelta(days=400)
    shuffled = pks[:]
    rng.shuffle(shuffled)
    part_time = shuffled[: max(1, len(pks) // 8)]
    WorkingHours.objects.bulk_create(
        WorkingHours(
            officer=officer,
            valid_from=year_ago,
            hours_per_week=Decimal("30") if n % 2 == 0 else Decimal("18.75"),
            note="Paruh waktu",
        )
        for n, officer in enumerate(part_time)
    )
    rest = shuffled[len(part_time) :]
    month_start = today.replace(day=1)
    next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
    reductions = []
    if len(rest) >= 3:
        reductions += [
            CapacityReduction(
                officer=rest[0],
                kind=Reduction.TRAINING,
                starts_on=today - datetime.timedelta(days=3),
                ends_on=today + datetime.timedelta(days=10),
                hours_per_week=Decimal("15"),
                note="Diklat teknis PK",
            ),
            CapacityReduction(
                officer=rest[1],
                kind=Reduction.LEAVE,
                starts_on=next_month,
                ends_on=next_month + datetime.timedelta(days=11),
                hours_per_week=Decimal("37.5"),
                note="Cuti tahunan",
            ),
            CapacityReduction(
                officer=rest[2],
                kind=Reduction.STRUCTURAL,
                starts_on=year_ago,
                ends_on=today + datetime.timedelta(days=365),
                hours_per_week=Decimal("7.5"),
                note="Sekretaris TPP pengganti",
            ),
        ]
    return reductions


def _over_capacity(pks: list[User], *, today: datetime.date) -> list[CapacityReduction]:
    """Structural duties for the fullest PKs that are not over capacity yet, enough to take them to about 110%."""
    scale, _version = selectors.scale_in_force(today)
    loads = selectors.officer_loads(pks, on=today, scale=scale)
    ranked = sorted(pks, key=lambda o: loads[o.pk].points / max(loads[o.pk].capacity, Decimal("1")), reverse=True)
    wanted = max(2, round(len(pks) * OVER_SHARE))
    reductions = []
    for officer in ranked[:wanted]:
        load = loads[officer.pk]
        if load.over_capacity or load.points <= 0:
            continue
        needed = load.points * scale.full_time_hours / scale.full_time_points / Decimal("1.1")
        hours = Decimal(math.ceil((load.hours - needed) * 2)) / 2  # to the half hour
        if 0 < hours < load.hours:
            reductions.append(
                CapacityReduction(
                    officer=officer,
                    kind=Reduction.STRUCTURAL,
                    starts_on=today - datetime.timedelta(days=45),
                    ends_on=today + datetime.timedelta(days=180),
                    hours_per_week=hours,
                    note="Koordinator wilayah",
                )
            )
    return reductions


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _phase(starts_on: datetime.date, ends_on: datetime.date, day: datetime.date) -> str:
    served = (day - starts_on).days / max(1, (ends_on - starts_on).days)
    return "awal" if served < 1 / 3 else "lanjutan" if served < 2 / 3 else "akhir"


def _history(office: Office, pks: list[User], *, today: datetime.date) -> list[WorkloadSnapshot]:
    """Snapshots of the 11 past months, from the assignment history."""
    scale, _version = selectors.scale_in_force(today)
    ids = [o.pk for o in pks]
    assignments = list(
        Assignment.objects.filter(office=office, kind=Assignment.Kind.PK, officer_id__in=ids).values_list(
            "officer_id",
            "started_at",
            "ended_at",
            "episode__program",
            "episode__is_child",
            "episode__starts_on",
            "episode__ends_on",
        )
    )
    tz = timezone.get_current_timezone()
    rows = []
    for month in selectors.months_back(today)[:-1]:
        day = _month_end(month)
        cases: dict[int, list[workload.Case]] = defaultdict(list)
        for officer_id, started_at, ended_at, program, is_child, starts_on, ends_on in assignments:
            if started_at.astimezone(tz).date() > day or (ended_at and ended_at.astimezone(tz).date() <= day):
                continue
            if not starts_on <= day <= ends_on:
                continue
            cases[officer_id].append(workload.Case(program, _phase(starts_on, ends_on, day), is_child))
        contracted, reductions = selectors.hours_by_officer(ids, on=day, full_time=scale.full_time_hours)
        for officer in pks:
            load = workload.officer_load(
                cases.get(officer.pk, []),
                contracted_hours=contracted[officer.pk],
                reductions=reductions.get(officer.pk, []),
                scale=scale,
            )
            rows.append(
                WorkloadSnapshot(
                    officer=officer,
                    office=office,
                    month=month,
                    points=load.points,
                    capacity_points=load.capacity,
                    clients=load.clients,
                    computed_at=datetime.datetime.combine(day, datetime.time(2, 0), tzinfo=tz),
                )
            )
    return rows


def _exclusions(office: Office, pks: list[User], *, rng: random.Random) -> list[AllocationExclusion]:
    """Two exclusions on a client waiting for a PK (the proposal page then skips those PKs), and one on each of
    three clients with a PK (another PK of the same section who may not take them over)."""
    head = User.objects.filter(office=office, role=Role.HEAD).first()
    rows: list[AllocationExclusion] = []
    waiting = list(
        Client.objects.filter(
            office=office, current_episode__officer=None, current_episode__status=EpisodeStatus.ACTIVE
        )
        .filter(is_child=False)
        .order_by("pk")[:1]
    )
    guided = list(
        Client.objects.filter(office=office, current_episode__officer__isnull=False, is_child=False)
        .select_related("current_episode")
        .order_by("pk")[:3]
    )
    adults = [pk for pk in pks if scopes.in_pool(pk, is_child=False)]
    if len(adults) < 3:
        return rows
    for client in waiting:
        first, second = rng.sample(adults, 2)
        rows.append(
            AllocationExclusion(
                officer=first, client=client, reason=ExclusionReason.SAME_FAMILY, note="Ipar klien.", created_by=head
            )
        )
        rows.append(
            AllocationExclusion(
                officer=second,
                client=client,
                reason=ExclusionReason.CONFLICT_OF_INTEREST,
                note="Pernah menjadi saksi dalam perkara klien.",
                created_by=head,
            )
        )
    for client in guided:
        others = [pk for pk in adults if pk.pk != client.current_episode.officer_id]
        rows.append(
            AllocationExclusion(
                officer=rng.choice(others), client=client, reason=ExclusionReason.CONFLICT_OF_INTEREST, created_by=head
            )
        )
    return rows


def _working_areas(pks: list[User]) -> int:
    """Every third PK gets a recorded working area: the regency where most of the clients they guide live."""
    chosen = pks[::3]
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = ProgramEpisode.objects.filter(officer__in=chosen, status=EpisodeStatus.ACTIVE).values_list(
        "officer_id", "client__domicile_regency_id"
    )
    for officer_id, regency in rows:
        if regency:
            counts[officer_id][regency] += 1
    written = 0
    for officer in chosen:
        if not counts[officer.pk]:
            continue
        regency = max(sorted(counts[officer.pk]), key=lambda code: counts[officer.pk][code])
        area = OfficerWorkingArea.objects.create(officer=officer, note="Wilayah kerja demo.")
        area.regencies.set(Regency.objects.filter(pk=regency))
        written += 1
    return written


def populate(office: Office, *, today: datetime.date, rng: random.Random) -> dict[str, int]:
    """Write the office's demo working hours, reductions, unassigned clients and workload history."""
    ensure_scale()
    pks = list(User.objects.filter(office=office, role=Role.PK, is_active=True).order_by("pk"))
    if not pks:
        return {}
    unassigned = _unassign_newest(office)
    reductions = _hours_and_reductions(pks, today=today, rng=rng)
    CapacityReduction.objects.bulk_create(reductions)
    extra = _over_capacity(pks, today=today)
    CapacityReduction.objects.bulk_create(extra)
    exclusions = AllocationExclusion.objects.bulk_create(_exclusions(office, pks, rng=rng))
    areas = _working_areas(pks)
    snapshots = _history(office, pks, today=today)
    WorkloadSnapshot.objects.bulk_create(snapshots, batch_size=500)
    services.snapshots_write(on=today, officers=pks)
    return {
        "unassigned clients": unassigned,
        "capacity reductions": len(reductions) + len(extra),
        "workload snapshots": len(snapshots) + len(pks),
        "allocation exclusions": len(exclusions),
        "officers' working areas": areas,
    }
