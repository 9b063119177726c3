#!/usr/bin/env python
"""Time to render and sign a 10-page Litmas (issue 13, point 3): the PDF from the report's sections with
WeasyPrint, its SHA-256 and the write to private storage, as `litmas.documents.report_sign` does them.

No database: the request, its office and the PK are built in memory (the locks, the step and the audit row
that signing also writes cost milliseconds and are covered by the tests). The sections of the adult PB
template are filled with the same number of paragraphs each, the fewest that make at least 10 pages. Target: under 2 s.

    .venv/bin/python bench/litmas_pdf.py            # 5 runs, prints the median and the slowest
    .venv/bin/python bench/litmas_pdf.py --runs 10
"""

from __future__ import annotations

import argparse
import atexit
import datetime
import hashlib
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bapas.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
# The PDFs go to a folder of their own, removed at the end, never to the real private files.
_FILES = tempfile.mkdtemp(prefix="bapas-bench-litmas-")
atexit.register(shutil.rmtree, _FILES, ignore_errors=True)
os.environ["PRIVATE_FILES_ROOT"] = _FILES

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress lines, one per step and page

from django.core.files.base import ContentFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from litmas import documents  # noqa: E402
from litmas.models import LitmasDocument, LitmasRequest, LitmasType, ReportTemplate  # noqa: E402
from organizations.models import Kanwil, Office  # noqa: E402
from regions.models import Regency  # noqa: E402

TARGET_SECONDS = 2.0
PAGES = 10
PARAGRAPH = (
    "Klien tinggal bersama ibu dan dua adiknya di rumah milik keluarga di Kelurahan Kesambi. Menurut keterangan "
    "penjamin, klien membantu usaha warung keluarga dan aktif dalam kegiatan pengajian di lingkungan RT. Tokoh "
    "masyarakat dan pemerintah setempat tidak keberatan klien menjalani pembimbingan di lingkungannya. "
)


def sections() -> list[dict]:
    seed = import_module("litmas.migrations.0002_seed_types")
    return seed.PB_ADULT


def build(paragraphs: int) -> tuple[LitmasRequest, LitmasDocument, User]:
    """An approved PB request of Bapas Kelas I Cirebon with `paragraphs` paragraphs in every section."""
    kanwil = Kanwil(pk=1, name="Kantor Wilayah Direktorat Jenderal Pemasyarakatan Jawa Barat")
    office = Office(
        pk=1,
        kanwil=kanwil,
        name="Bapas Kelas I Cirebon",
        address="Jl. Dr. Cipto Mangunkusumo No. 3, Kota Cirebon",
        phone="(0231) 203456",
        regency=Regency(code="32.74", name="KOTA CIREBON"),
    )
    template = ReportTemplate(code="integrasi-dewasa", name="Litmas integrasi dewasa", sections=sections())
    officer = User(pk=2, username="pk", full_name="Olivia Putri, S.Sos.", role=Role.PK, nip="198503122010012003")
    head = User(pk=3, username="kabapas", full_name="Hana Wijaya, Bc.IP., S.H.", role=Role.HEAD, nip="19700101199")
    now = timezone.now()
    request = LitmasRequest(
        pk=1,
        office=office,
        litmas_type=LitmasType(code="pb", name="Pembebasan Bersyarat (PB)", template=template, deadline_amount=10),
        requester_kind="lapas",
        requester_name="Lapas Kelas I Cirebon",
        letter_number="W11.PAS.PAS.2-PK.04.01-1234",
        letter_date=now.date() - datetime.timedelta(days=3),
        received_at=now - datetime.timedelta(days=2),
        person_name="Budi Santoso bin Ahmad",
        officer=officer,
        task_letter_number="W11.PAS.26-PK.04.01-77",
        register_number="0012/LIT-BKD/2026",
    )
    content = {s["key"]: "\n\n".join([PARAGRAPH] * paragraphs) for s in template.sections}
    document = LitmasDocument(
        request=request,
        office_id=1,
        number=1,
        register_number=request.register_number,
        content=documents.snapshot(request, content),
        signed_by=officer,
        signed_at=now,
    )
    return request, document, head


def sign(request: LitmasRequest, document: LitmasDocument, head: User) -> bytes:
    """What report_sign does with the file: render, hash, store."""
    pdf = documents.render_pdf(request, document, head=head)
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.pdf.save(f"bench-{time.perf_counter_ns()}.pdf", ContentFile(pdf), save=False)
    return pdf


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # Find how much text makes 10 pages (the first render also warms WeasyPrint's fonts up).
    paragraphs = 1
    while pages(sign(*build(paragraphs))) < PAGES:
        paragraphs += 1
    request, document, head = build(paragraphs)
    times, cpu, pdf = [], [], b""
    for _run in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = sign(request, document, head)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    chars = sum(len(s["text"]) for s in document.content["sections"])
    median, worst = statistics.median(times), max(times)
    print(
        f"Litmas PDF: {pages(pdf)} pages, {len(document.content['sections'])} sections, {chars:,} characters, "
        f"{len(pdf) / 1024:.0f} KiB; render + SHA-256 + store: median {median:.2f} s, slowest {worst:.2f} s "
        f"over {args.runs} runs (target < {TARGET_SECONDS:.0f} s); CPU median {statistics.median(cpu):.2f} s"
    )
    if worst >= TARGET_SECONDS:
        print("Litmas PDF: SLOWER THAN THE TARGET", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
