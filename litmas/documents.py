"""The signed Litmas: the PDF rendered from the approved report, its register number, and its integrity.

The assigned PK signs a report the case board approved (`report_sign`). The first signature gives the request
the office's next Litmas register number of the year (`0012/LIT-BKD/2026`; `LIT-BKA` for a child); the PDF
(WeasyPrint) carries the office's letterhead, that number, the request letter, every section of the
template and the signature blocks. It is stored once, in private storage, with the SHA-256 of its bytes: a
`LitmasDocument` is never changed, a corrected report signed again is the next version beside it, and the
file is checked against its hash before it is served (`verified_bytes`).
"""

from __future__ import annotations

import hashlib
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from assessment import selectors as assessment_selectors
from lib.transactions import in_callers_transaction
from litmas import selectors, services
from litmas.codes import State, Step
from litmas.models import LitmasDocument, LitmasReport, LitmasRequest
from organizations.models import Office

PDF_TEMPLATE = "litmas/pdf_report.html"
_REGISTER = re.compile(r"^(\d+)/LIT-BK[AD]/(\d{4})$")


class DocumentAltered(Exception):
    """The stored file of a signed report no longer matches the SHA-256 recorded when it was signed."""


def register_number(request: LitmasRequest, *, year: int) -> str:
    """The office's next Litmas register number of `year`: one sequence per office and year, the section
    (BKA for a child, BKD for an adult) in the middle. The caller holds the office's row lock."""
    used = LitmasRequest.objects.filter(office_id=request.office_id, register_number__endswith=f"/{year}")
    numbers = used.values_list("register_number", flat=True)
    serials = [int(m.group(1)) for number in numbers if (m := _REGISTER.match(number))]
    section = "BKA" if request.is_child else "BKD"
    return f"{max(serials, default=0) + 1:04d}/LIT-{section}/{year}"


@in_callers_transaction
def _take_register_number(request: LitmasRequest, *, year: int) -> str:
    """Lock the office's row (one signature at a time per office takes a number), then take the next one."""
    Office.objects.select_for_update().filter(pk=request.office_id).first()
    return register_number(request, year=year)


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"The Litmas PDF fetches nothing ({url}).")


def _head_of(office: Office) -> User | None:
    """Who acknowledges the office's reports (the head), for the "Mengetahui" block."""
    return User.objects.with_ability("litmas.acknowledge").filter(office=office, is_active=True).order_by("pk").first()


def snapshot(request: LitmasRequest, content: dict[str, str]) -> dict:
    """What a document is rendered from: the template's sections, in order, with their titles and text."""
    template = request.litmas_type.template
    return {
        "template": template.code,
        "sections": [
            {"key": s["key"], "title": s["title"], "text": str(content.get(s["key"], ""))} for s in template.sections
        ],
    }


def render_pdf(request: LitmasRequest, document: LitmasDocument, *, head: User | None) -> bytes:
    """The PDF of `document` (not yet saved), `head` in the "Mengetahui" block: always in Indonesian, the
    language of the report."""
    from weasyprint import HTML  # imported here: it loads Pango, which only the PDFs need

    with translation.override("id"):
        html = render_to_string(
            PDF_TEMPLATE,
            {
                "request": request,
                "document": document,
                "office": request.office,
                "kanwil": request.office.kanwil,
                "sections": document.content["sections"],
                "officer": document.signed_by,
                "head": head,
                "signed_on": timezone.localdate(document.signed_at),
            },
        )
    # The page links nothing; refusing every fetch keeps text typed by users from reaching files or URLs.
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


@transaction.atomic
def report_sign(*, request: LitmasRequest, acting_user: User) -> LitmasDocument:
    """The assigned PK signs the report the board approved: register number (first time), PDF, hash, SIGN step.

    Refused unless the request is approved and every required section is written. A report reopened for
    correction and signed again becomes the next version; the earlier ones stay as they are.
    """
    locked = services._lock(request)
    services._only_assigned(locked, acting_user)
    if locked.state != State.APPROVED:
        raise ValidationError(
            _("Only a report approved by the case board can be signed; the request is at “%(state)s”.")
            % {"state": State(locked.state).label},
            code="refused_step",
        )
    report = LitmasReport.objects.filter(request=locked).first()
    content = report.content if report else {}
    missing = selectors.missing_sections(locked, content)
    if missing:
        raise services._missing_error(missing)
    signed_at = timezone.now()
    before = locked.register_number
    if not locked.register_number:
        locked.register_number = _take_register_number(locked, year=timezone.localdate(signed_at).year)
    number = (LitmasDocument.objects.filter(request=locked).aggregate(top=Max("number"))["top"] or 0) + 1
    document = LitmasDocument(
        request=locked,
        office_id=locked.office_id,
        number=number,
        register_number=locked.register_number,
        content=snapshot(locked, content),
        signed_by=acting_user,
        signed_at=signed_at,
        assessment=assessment_selectors.latest_final_of(locked.client_id) if locked.client_id else None,
    )
    pdf = render_pdf(locked, document, head=_head_of(locked.office))
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    # The file is written before the row: if anything below fails, this transaction rolls back and the file
    # goes too. (A rollback of an enclosing transaction after this returns leaves an unreferenced file.)
    document.pdf.save(f"v{number}.pdf", ContentFile(pdf), save=False)
    try:
        document.save()
        services._append(locked, Step.SIGN, acting_user, reference=locked.register_number)
        services._save(
            locked,
            acting_user,
            "litmas.signed",
            fields=["register_number"],
            changes={"register_number": [before, locked.register_number]} if before != locked.register_number else None,
            document=document.pk,
            number=number,
            register_number=locked.register_number,
            sha256=document.sha256,
        )
    except BaseException:
        document.pdf.delete(save=False)
        raise
    return document


def verified_bytes(document: LitmasDocument) -> bytes:
    """The stored PDF, after checking it against the SHA-256 recorded at signing (DocumentAltered if not)."""
    try:
        with document.pdf.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise DocumentAltered(document.pdf.name) from exc
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise DocumentAltered(document.pdf.name)
    return data
