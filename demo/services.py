"""The synthetic demo office: Bapas Kelas I Cirebon and two other offices to prove isolation.

All names and numbers are invented. Demo accounts are created only by
`manage.py load_demo`, which `make run` calls on an empty database; a
production start never runs it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from accounts import services as account_services
from accounts.models import Jenjang, Role, Section, User
from organizations.models import Kanwil, Office, ServiceLocation
from partners.models import Partner
from regions.models import District, Regency

DEMO_PASSWORD = "demo-bapas-2026"

CIREBON_AREA = ["32.74", "32.09", "32.12", "32.10", "32.08"]  # Kota & Kab. Cirebon, Indramayu, Majalengka, Kuningan
BANDUNG_AREA = ["32.73", "32.04", "32.17", "32.77", "32.11"]
SEMARANG_AREA = ["33.74", "33.22", "33.24", "33.21"]


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


@transaction.atomic
def build_demo(*, seed: int = 2026) -> list[DemoAccount]:
    """Create the demo offices and one account per role. Requires the regions to be loaded."""
    if not Regency.objects.filter(code__in=CIREBON_AREA).count() == len(CIREBON_AREA):
        raise DemoError("Load the regions first (manage.py load_regions).")
    rng = random.Random(seed)
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
    accounts = []
    for serial, (username, full_name, role, extra, description) in enumerate(people, start=1):
        sex = "P" if full_name.split()[0] in {"Rina", "Siti", "Dewi", "Nur", "Yuni", "Lina", "Maya"} else "L"
        nip = _nip(rng, sex, serial) if role != Role.PARTNER else None
        account_services.staff_create(
            acting_user=None,
            password=DEMO_PASSWORD,
            username=username,
            full_name=full_name,
            role=role,
            nip=nip,
            email=f"{username}@demo.invalid",
            **extra,
        )
        accounts.append(DemoAccount(username, role, description))
    return accounts


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts present in the database, for the start-up message."""
    users = User.objects.filter(email__endswith="@demo.invalid").select_related("office", "kanwil", "partner")
    return [
        DemoAccount(
            u.username, u.role, f"{u.get_role_display()} · {u.partner or u.office or u.kanwil or 'all offices'}"
        )
        for u in users.order_by("pk")
    ]
