#!/usr/bin/env python
"""Server time of the Litmas pages (issue 13) at national scale: 100 offices × 2,000 requests (`make bench`).

Builds the data once with bulk_create into its own SQLite database, var/bench/litmas_bench.sqlite3 (or the
database of BENCH_LITMAS_DATABASE_URL), and reuses it on later runs (`--rebuild` starts afresh): each office
has a head, a section head per section, 16 PKs (4 in the children's section) and 2,000 requests received over
the last year in every state, with their steps. Then it requests the list page (first page, a state filter, a
search) and a request's page many times through Django's test client, in-process, DEBUG off, signed in as a
section head (BKD) and as a PK, and prints p50 and p95 per page and user. The target is a p95 under 100 ms.

    .venv/bin/python bench/litmas_pages.py
    .venv/bin/python bench/litmas_pages.py --requests 50 --offices 20 --per-office 500 --rebuild
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
SQLITE_PATH = VAR / "litmas_bench.sqlite3"
TARGET_MS = 100.0
MARK = "Bapas Litmas Bench"  # offices of the bench data are named "<MARK> <n>"
STATES = [  # (state, steps leading to it, share of a hundred)
    ("received", ["receive"], 4),
    ("disposed", ["receive", "dispose"], 4),
    ("assigned", ["receive", "dispose", "assign"], 6),
    ("gathering", ["receive", "dispose", "assign", "gather"], 8),
    ("draft", ["receive", "dispose", "assign", "gather", "draft"], 8),
    ("board", ["receive", "dispose", "assign", "gather", "draft", "submit"], 4),
    ("approved", ["receive", "dispose", "assign", "gather", "draft", "submit", "approve"], 3),
    ("final", ["receive", "dispose", "assign", "gather", "draft", "submit", "approve", "sign"], 2),
    (
        "acknowledged",
        ["receive", "dispose", "assign", "gather", "draft", "submit", "approve", "sign", "acknowledge"],
        2,
    ),
    (
        "sent",
        ["receive", "dispose", "assign", "gather", "draft", "submit", "approve", "sign", "acknowledge", "send"],
        54,
    ),
    ("cancelled", ["receive", "cancel"], 5),
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def setup(rebuild: bool) -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_LITMAS_DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
    if rebuild and url.startswith("sqlite:"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bapas.settings",
            "DEBUG": "0",
            "HTTPS": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "testserver",
            "STATIC_MANIFEST": "0",
        }
    )
    os.environ.pop("SECRET_KEY_FILE", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(offices: int, per_office: int) -> float:
    """Write the bench data unless it is there; the seconds it took (0 when reused)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Jenjang, Role, Section, User
    from litmas.models import LitmasRequest, LitmasStep, LitmasType
    from organizations.models import Kanwil, Office

    if Office.objects.filter(name__startswith=MARK).count() >= offices:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(13)
    password = make_password("bench")
    now = timezone.now()
    types = {
        flag: list(LitmasType.objects.filter(audience__in=["child" if flag else "adult", "both"])) for flag in (0, 1)
    }
    from regions.models import Province, Regency

    Province.objects.get_or_create(code="32", defaults={"name": "Jawa Barat"})
    Regency.objects.get_or_create(code="32.74", defaults={"province_id": "32", "name": "Kota Cirebon"})
    kanwil, _ = Kanwil.objects.get_or_create(name="Kanwil Bench Jawa Barat", defaults={"province_id": "32"})
    shares = [(state, steps) for state, steps, weight in STATES for _ in range(weight)]
    nip = 0
    for n in range(offices):
        with transaction.atomic():
            office = Office.objects.create(
                kanwil=kanwil,
                name=f"{MARK} {n:03d}",
                grade=Office.Grade.CLASS_I,
                address="Jl. Bench",
                regency_id="32.74",
            )
            plan = [
                ("kabapas", Role.HEAD, "", ""),
                ("kasi.bkd", Role.SECTION_HEAD, Section.BKD, ""),
                ("kasi.bka", Role.SECTION_HEAD, Section.BKA, ""),
                ("registrasi", Role.REGISTRATION, "", ""),
            ] + [(f"pk{j:02d}", Role.PK, Section.BKA if j < 4 else Section.BKD, Jenjang.AHLI_MUDA) for j in range(16)]
            staff = []
            for username, role, section, jenjang in plan:
                nip += 1
                staff.append(
                    User(
                        username=f"{username}.{n:03d}",
                        full_name=f"{username.title()} {n:03d}",
                        role=role,
                        section=section,
                        jenjang=jenjang,
                        office=office,
                        nip=f"198503122010{nip:06d}",
                        password=password,
                    )
                )
            User.objects.bulk_create(staff)
            staff = list(User.objects.filter(office=office).order_by("pk"))
            head, registrar = staff[0], staff[3]
            pks = {1: staff[4:8], 0: staff[8:]}
            requests, plans = [], []
            for i in range(per_office):
                is_child = int(rng.random() < 0.25)
                state, steps = rng.choice(shares)
                received = now - datetime.timedelta(
                    days=rng.uniform(0, 365) if state in ("sent", "cancelled") else rng.uniform(0, 30)
                )
                litmas_type = rng.choice(types[is_child])
                hours = (
                    litmas_type.deadline_amount
                    if litmas_type.deadline_unit == "hours"
                    else litmas_type.deadline_amount * 34
                )
                deadline = received + datetime.timedelta(hours=hours)
                officer = rng.choice(pks[is_child]) if "assign" in steps else None
                done = (
                    received + datetime.timedelta(hours=hours * rng.uniform(0.4, 1.3))
                    if state in ("sent", "cancelled")
                    else None
                )
                requests.append(
                    LitmasRequest(
                        office=office,
                        litmas_type=litmas_type,
                        is_child=bool(is_child),
                        requester_kind="lapas",
                        requester_name="Lapas Bench",
                        letter_number=f"W11/{n}/{i}",
                        letter_date=received.date(),
                        received_at=received,
                        person_name=f"Orang Bench {rng.randint(1, 99999)} Hidayat",
                        deadline_at=deadline,
                        state=state,
                        officer=officer,
                        task_letter_number="ST-1" if officer else "",
                        done_at=done,
                        created_at=received,
                    )
                )
                plans.append((steps, officer, received, done or min(now, deadline)))
            LitmasRequest.objects.bulk_create(requests, batch_size=1000)
            rows = []
            for req, (steps, officer, start, end) in zip(requests, plans, strict=True):
                for k, step in enumerate(steps):
                    at = start + (end - start) * k / max(1, len(steps) - 1)
                    by = (
                        officer
                        if step in ("gather", "draft", "submit", "sign")
                        else head
                        if step in ("dispose", "acknowledge", "assign", "cancel")
                        else registrar
                    )
                    rows.append(
                        LitmasStep(
                            request=req,
                            office=office,
                            step=step,
                            at=at,
                            by=by,
                            officer=officer if step == "assign" else None,
                        )
                    )
            LitmasStep.objects.bulk_create(rows, batch_size=2000)
        if n % 10 == 9:
            print(f"  {n + 1} offices built", file=sys.stderr)
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def measure(requests: int, warmup: int) -> list[tuple[str, str, float, float, int]]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User
    from litmas.models import LitmasReport, LitmasRequest

    rng = random.Random(2026)
    office = f"{MARK} 042" if LitmasRequest.objects.filter(office__name=f"{MARK} 042").exists() else f"{MARK} 000"
    results = []
    for label, username in (("section head (BKD)", "kasi.bkd"), ("PK", "pk10")):
        user = User.objects.get(username=f"{username}.{office[-3:]}")
        http = Client()
        http.force_login(user)
        visible = list(LitmasRequest.objects.visible_to(user).values_list("pk", flat=True))
        sample = rng.sample(visible, min(200, len(visible)))
        list_url = reverse("litmas:list")
        detail = [reverse("litmas:detail", args=[pk]) for pk in sample]
        pages = {
            "list, first page": [list_url],
            "list, open": [f"{list_url}?state=open"],
            "list, search 'hidayat'": [f"{list_url}?q=hidayat"],
            "request page": detail,
        }
        waiting = list(
            LitmasRequest.objects.visible_to(user).filter(state="disposed").values_list("pk", flat=True)[:50]
        )
        if waiting and user.username.startswith("kasi"):  # the assign form: the PK chooser and the suggestion
            pages["request page, assigning a PK"] = [reverse("litmas:detail", args=[pk]) for pk in waiting]
        # The report editor of requests being written: the PK's editable form, the section head's reading of it;
        # each report has every section of its template written (about 1,000 characters each).
        drafting = list(
            LitmasRequest.objects.visible_to(user)
            .filter(state__in=["gathering", "draft"])
            .select_related("litmas_type__template")[:50]
        )
        for req in drafting:
            text = "Uraian hasil penelitian kemasyarakatan. " * 25
            LitmasReport.objects.get_or_create(
                request=req,
                defaults={
                    "office_id": req.office_id,
                    "content": {section["key"]: text for section in req.litmas_type.template.sections},
                },
            )
        if drafting:
            pages["report editor"] = [reverse("litmas:report", args=[req.pk]) for req in drafting]
        for page, url in pages.items():
            for i in range(warmup):
                http.get(url[i % len(url)])
            times = []
            with CaptureQueriesContext(connection) as ctx:
                http.get(url[0])
            queries = len(ctx.captured_queries)
            for i in range(requests):
                reset_queries()
                started = time.perf_counter()
                response = http.get(url[i % len(url)])
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (page, response.status_code)
            results.append((page, label, percentile(times, 0.5), percentile(times, 0.95), queries))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--offices", type=int, default=100)
    parser.add_argument("--per-office", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    setup(args.rebuild)
    seconds = build(args.offices, args.per_office)
    from django.db import connection

    from litmas.models import LitmasRequest, LitmasStep

    print(
        f"Litmas pages: {LitmasRequest.objects.count():,} requests, {LitmasStep.objects.count():,} steps on "
        f"{connection.vendor}" + (f" (built in {seconds / 60:.1f} min)" if seconds else " (reused)")
    )
    rows = measure(args.requests, args.warmup)
    print("\n| Page | User | p50 ms | p95 ms | Queries |\n|---|---|---:|---:|---:|")
    for page, user, p50, p95, queries in rows:
        mark = " ⚠" if p95 > TARGET_MS else ""
        print(f"| {page} | {user} | {p50:.1f} | {p95:.1f}{mark} | {queries} |")
    print(f"\n{args.requests} requests per page after {args.warmup} warm-up; ⚠ marks a p95 above {TARGET_MS:.0f} ms.")


if __name__ == "__main__":
    main()
