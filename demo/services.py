"""The synthetic demo: Bapas Kelas I Cirebon with 1,000 clients, two small offices to prove isolation,
and, on request, national-size data (`load_demo --offices 100 --clients-per-office 1000`).

All names and numbers are invented. Demo accounts are created only by
`manage.py load_demo`, which `make run` calls on an empty database; a
production start never runs it. The generated clients, staff and partners are
a system load written in bulk (demo/population.py): no audit rows are
recorded for them; the fifteen named demo accounts are created through the
account service and audited as before.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts import services as account_services
from accounts.models import Jenjang, Role, Section, User
from demo.population import OfficeBuilder, OfficeResult, OfficeSpec
from demo.synthetic import Identities
from organizations.models import Kanwil, Office, ServiceLocation
from partners.models import Partner
from regions.models import District, Regency

DEMO_PASSWORD = "demo-bapas-2026"

CIREBON_AREA = ["32.74", "32.09", "32.12", "32.10", "32.08"]  # Kota & Kab. Cirebon, Indramayu, Majalengka, Kuningan
BANDUNG_AREA = ["32.73", "32.04", "32.17", "32.77", "32.11"]
SEMARANG_AREA = ["33.74", "33.22", "33.24", "33.21"]
# Population in thousands (2020 census, rounded): clients are spread over the area roughly like this.
CIREBON_WEIGHTS = {"32.74": 333, "32.09": 2270, "32.12": 1835, "32.10": 1306, "32.08": 1168}
CIREBON_PARTNERS = 21  # 13 older Pokmas Lipas partners and 8 that signed at the evaluation meeting
SMALL_OFFICE_CLIENTS = {"Bapas Kelas I Bandung": 30, "Bapas Kelas I Semarang": 20}
# Partner users besides mitra.lbh: (username, full name, kind of the partner they belong to)
PARTNER_USERS = [
    ("mitra.lpk", "Hendra Saputra", Partner.Kind.JOB_TRAINING),
    ("mitra.yayasan", "Wulan Anggraeni", Partner.Kind.SOCIAL_FOUNDATION),
    ("mitra.kampus", "Rizal Maulana", Partner.Kind.UNIVERSITY),
]


@dataclass
class DemoAccount:
    username: str
    role: str
    description: str


class DemoError(Exception):
    pass


def _nip(rng: random.Random, sex: str, serial: int) -> str:
    birth_year = rng.randint(1970, 1998)
    appointed = birth_year + rng.randint(22, 30)
    return (
        f"{birth_year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        f"{min(appointed, 2024)}{rng.randint(1, 12):02d}{'1' if sex == 'L' else '2'}{serial:03d}"
    )


def _first_district(regency_code: str) -> District:
    return District.objects.filter(regency_id=regency_code).order_by("code").first()


def _office(kanwil: Kanwil, name: str, grade: str, regency_code: str, area: list[str], address: str) -> Office:
    office = Office.objects.create(kanwil=kanwil, name=name, grade=grade, regency_id=regency_code, address=address)
    office.working_area.set(Regency.objects.filter(code__in=area))
    return office


def _build_named(rng: random.Random, password_hash: str) -> tuple[list[DemoAccount], dict[str, Office]]:
    """The three demo offices, their first partners and places, and one named account per role."""
    jabar = Kanwil.objects.create(
        name="Kanwil Ditjenpas Jawa Barat", province_id="32", address="Jl. Jakarta No. 27, Bandung"
    )
    jateng = Kanwil.objects.create(
        name="Kanwil Ditjenpas Jawa Tengah", province_id="33", address="Jl. Dr. Cipto No. 64, Semarang"
    )
    cirebon = _office(
        jabar,
        "Bapas Kelas I Cirebon",
        Office.Grade.CLASS_I,
        "32.74",
        CIREBON_AREA,
        "Jl. Contoh Demo No. 1, Kota Cirebon",
    )
    bandung = _office(
        jabar,
        "Bapas Kelas I Bandung",
        Office.Grade.CLASS_I,
        "32.73",
        BANDUNG_AREA,
        "Jl. Contoh Demo No. 2, Kota Bandung",
    )
    semarang = _office(
        jateng,
        "Bapas Kelas I Semarang",
        Office.Grade.CLASS_I,
        "33.74",
        SEMARANG_AREA,
        "Jl. Contoh Demo No. 3, Kota Semarang",
    )

    lbh = Partner.objects.create(
        office=cirebon, name="LBH Demo Cirebon", kind=Partner.Kind.LEGAL_AID, status=Partner.Status.ACTIVE
    )
    lpk = Partner.objects.create(
        office=cirebon, name="LPK Demo Terampil Indramayu", kind=Partner.Kind.JOB_TRAINING, status=Partner.Status.ACTIVE
    )
    for office, kind, name, regency in [
        (cirebon, ServiceLocation.Kind.OFFICE, "Kantor Bapas Kelas I Cirebon", "32.74"),
        (cirebon, ServiceLocation.Kind.POS_BAPAS, "Pos Bapas Indramayu", "32.12"),
        (cirebon, ServiceLocation.Kind.POS_BAPAS, "Pos Bapas Kuningan", "32.08"),
        (cirebon, ServiceLocation.Kind.GRIYA_ABHIPRAYA, "Griya Abhipraya Cirebon", "32.09"),
        (bandung, ServiceLocation.Kind.OFFICE, "Kantor Bapas Kelas I Bandung", "32.73"),
        (semarang, ServiceLocation.Kind.OFFICE, "Kantor Bapas Kelas I Semarang", "33.74"),
    ]:
        ServiceLocation.objects.create(
            office=office, kind=kind, name=name, address=f"Alamat demo, {name}", district=_first_district(regency)
        )
    ServiceLocation.objects.create(
        office=cirebon,
        kind=ServiceLocation.Kind.PARTNER_SITE,
        partner=lpk,
        name="Bengkel latihan LPK Demo",
        address="Alamat demo, Indramayu",
        district=_first_district("32.12"),
    )

    people = [
        # username, full name, role, extra fields, description
        (
            "admin",
            "Administrator Nasional",
            Role.ADMINISTRATOR,
            {"is_staff": True, "is_superuser": True},
            "national administrator (all offices, Django admin)",
        ),
        ("admin.cirebon", "Rina Administrasi", Role.ADMINISTRATOR, {"office": cirebon}, "office administrator"),
        ("kabapas", "Budi Santoso", Role.HEAD, {"office": cirebon}, "Kepala Bapas"),
        (
            "kasi.bkd",
            "Siti Rahmawati",
            Role.SECTION_HEAD,
            {"office": cirebon, "section": Section.BKD},
            "section head, adult clients",
        ),
        (
            "kasi.bka",
            "Dewi Lestari",
            Role.SECTION_HEAD,
            {"office": cirebon, "section": Section.BKA},
            "section head, child clients",
        ),
        (
            "pk",
            "Agus Firmansyah",
            Role.PK,
            {"office": cirebon, "section": Section.BKD, "jenjang": Jenjang.AHLI_MUDA},
            "PK (Ahli Muda), adult clients",
        ),
        (
            "pk.bka",
            "Nur Aini",
            Role.PK,
            {"office": cirebon, "section": Section.BKA, "jenjang": Jenjang.AHLI_PERTAMA},
            "PK (Ahli Pertama), child clients",
        ),
        ("apk", "Rudi Hartono", Role.APK, {"office": cirebon, "section": Section.BKD}, "assistant PK"),
        ("registrasi", "Yuni Kartika", Role.REGISTRATION, {"office": cirebon}, "registration / front desk"),
        ("tpp", "Hendra Wijaya", Role.TPP_SECRETARY, {"office": cirebon}, "TPP secretary"),
        ("auditor", "Lina Marlina", Role.AUDITOR, {"office": cirebon}, "read-only auditor"),
        ("kanwil.jabar", "Teguh Prasetyo", Role.KANWIL_VIEWER, {"kanwil": jabar}, "Kanwil Jawa Barat viewer"),
        (
            "mitra.lbh",
            "Fajar Nugraha",
            Role.PARTNER,
            {"office": cirebon, "partner": lbh},
            "partner user, LBH Demo Cirebon",
        ),
        (
            "pk.bandung",
            "Maya Sari",
            Role.PK,
            {"office": bandung, "section": Section.BKD, "jenjang": Jenjang.AHLI_MADYA},
            "PK at Bapas Kelas I Bandung (another office)",
        ),
        ("kabapas.semarang", "Joko Susilo", Role.HEAD, {"office": semarang}, "Kepala Bapas Semarang (another Kanwil)"),
    ]
    accounts, created = [], []
    for serial, (username, full_name, role, extra, description) in enumerate(people, start=1):
        sex = "P" if full_name.split()[0] in {"Rina", "Siti", "Dewi", "Nur", "Yuni", "Lina", "Maya"} else "L"
        nip = _nip(rng, sex, serial) if role != Role.PARTNER else None
        user = account_services.staff_create(
            acting_user=None,
            password=None,  # the hash is computed once below: Argon2 takes ~0.2 s per account
            username=username,
            full_name=full_name,
            role=role,
            nip=nip,
            email=f"{username}@demo.invalid",
            **extra,
        )
        created.append(user.pk)
        accounts.append(DemoAccount(username, role, description))
    User.objects.filter(pk__in=created).update(password=password_hash)
    return accounts, {"cirebon": cirebon, "bandung": bandung, "semarang": semarang}


Log = Callable[[str], None]


def build_demo(
    *,
    seed: int = 2026,
    offices: int = 1,
    clients_per_office: int = 1000,
    today: datetime.date | None = None,
    log: Log | None = None,
) -> list[DemoAccount]:
    """Create the demo: Cirebon with `clients_per_office` clients, the two small offices, then
    `offices - 1` synthetic "Bapas Kelas II" offices of the same size. Requires the regions.

    The named offices and accounts and the Cirebon population are written in one transaction; each
    further office in its own, so a national build that stops half-way keeps the offices it finished.
    """
    if not Regency.objects.filter(code__in=CIREBON_AREA).count() == len(CIREBON_AREA):
        raise DemoError("Load the regions first (manage.py load_regions).")
    if offices < 1 or clients_per_office < 0:
        raise DemoError("Build at least one office, with zero or more clients each.")
    log = log or (lambda message: None)
    today = today or timezone.localdate()
    started = time.perf_counter()
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        accounts, named = _build_named(random.Random(seed), password_hash)
        identities = Identities(
            random.Random(f"{seed}/people"), today, reserved_names=set(User.objects.values_list("full_name", flat=True))
        )
        identities.nips.update(User.objects.exclude(nip=None).values_list("nip", flat=True))
        identities.usernames.update(User.objects.values_list("username", flat=True))
        builder = OfficeBuilder(
            rng=random.Random(f"{seed}/offices"), today=today, identities=identities, password_hash=password_hash
        )
        cirebon = builder.build(
            OfficeSpec(
                named["cirebon"],
                "cirebon",
                clients_per_office,
                CIREBON_WEIGHTS,
                partners=CIREBON_PARTNERS,
                after_partners=lambda office: _partner_users(office, password_hash),
            )
        )
        _report(log, 1, offices, cirebon)
        for key, area in (("bandung", BANDUNG_AREA), ("semarang", SEMARANG_AREA)):
            office = named[key]
            clients = min(clients_per_office, SMALL_OFFICE_CLIENTS[office.name])
            weights = {code: 0.4 if code.split(".")[1] >= "71" else 1.0 for code in area}
            builder.build(OfficeSpec(office, key, clients, weights, full_staff=False))
    areas = _national_areas(random.Random(f"{seed}/areas"), offices - 1) if offices > 1 else []
    taken_names = set(Office.objects.values_list("name", flat=True))
    slugs = {"cirebon", "bandung", "semarang"}
    for number, (area, weights) in enumerate(areas, start=2):
        with transaction.atomic():
            office, slug = _synthetic_office(number, area, taken_names, slugs)
            result = builder.build(OfficeSpec(office, slug, clients_per_office, weights, vary=True))
        _report(log, number, offices, result)
    log(f"Built {offices} office(s) in {time.perf_counter() - started:.1f} s.")
    return accounts


def _report(log: Log, number: int, total: int, result: OfficeResult) -> None:
    counts = result.counts
    log(
        f"[{number}/{total}] {result.office.name}: {counts['clients']} clients, {counts['episodes']} episodes, "
        f"{counts['staff']} staff, {counts['partners']} partners in {result.seconds:.2f} s"
    )


def _partner_users(office: Office, password_hash: str) -> None:
    """A few more partner users for Cirebon's partners (mitra.lbh is one of the named accounts)."""
    users = []
    for username, full_name, kind in PARTNER_USERS:
        partner = Partner.objects.filter(office=office, kind=kind).order_by("pk").first()
        if partner is None:
            continue
        user = User(
            username=username,
            full_name=full_name,
            role=Role.PARTNER,
            office=office,
            partner=partner,
            email=f"{username}@sintetis.demo.invalid",
            password=password_hash,
        )
        user.full_clean()
        users.append(user)
    User.objects.bulk_create(users)


def _national_areas(rng: random.Random, count: int) -> list[tuple[list[str], dict[str, float]]]:
    """Working areas of `count` synthetic offices: neighbouring regencies (by code) of one province, three to
    five each, taken province by province in turn so that even a few offices lie in different provinces.
    Regencies of the named demo offices are left out; past the ~120 areas Indonesia offers, they repeat."""
    excluded = set(CIREBON_AREA + BANDUNG_AREA + SEMARANG_AREA)
    by_province = defaultdict(list)
    for code, name, province in Regency.objects.order_by("code").values_list("code", "name", "province_id"):
        if code not in excluded:
            by_province[province].append((code, name))
    chunks_by_province = []
    for regencies in by_province.values():
        chunks, rest = [], list(regencies)
        while rest:
            size = rng.choice([3, 4, 4, 5])
            chunk, rest = rest[:size], rest[size:]
            if len(chunk) < 2 and chunks:
                chunks[-1] += chunk
            else:
                chunks.append(chunk)
        chunks_by_province.append(chunks)
    ordered = []
    for depth in range(max(len(c) for c in chunks_by_province)):
        ordered += [chunks[depth] for chunks in chunks_by_province if depth < len(chunks)]
    areas = []
    for index in range(count):
        chunk = ordered[index % len(ordered)]
        weights = {code: (0.4 if name.startswith("Kota ") else 1.0) * rng.uniform(0.7, 1.3) for code, name in chunk}
        areas.append(([code for code, _ in chunk], weights))
    return areas


def _synthetic_office(number: int, area: list[str], taken_names: set[str], slugs: set[str]) -> tuple[Office, str]:
    regencies = {r.code: r for r in Regency.objects.filter(code__in=area).select_related("province")}
    seat = next((regencies[c] for c in area if regencies[c].is_city), regencies[area[0]])
    short = seat.name.removeprefix("Kabupaten ").removeprefix("Kota ")
    name = f"Bapas Kelas II {short}"
    if name in taken_names:
        name = f"Bapas Kelas II {seat.name}"
    base, n = name, 1
    while name in taken_names:
        n += 1
        name = f"{base} {n}"
    taken_names.add(name)
    slug = base_slug = slugify(short).replace("-", "")
    while slug in slugs:
        slug = f"{base_slug}{number}"
    slugs.add(slug)
    kanwil = Kanwil.objects.filter(province_id=seat.province_id).first() or Kanwil.objects.create(
        name=f"Kanwil Ditjenpas {seat.province.name}", province_id=seat.province_id
    )
    office = _office(kanwil, name, Office.Grade.CLASS_II, seat.code, area, f"Jl. Contoh Demo No. {number}, {seat.name}")
    ServiceLocation.objects.create(
        office=office,
        kind=ServiceLocation.Kind.OFFICE,
        name=f"Kantor {name}",
        address=f"Alamat demo, {name}",
        district=_first_district(seat.code),
    )
    return office, slug
