"""Small helpers that make partners and agreements for tests (also used by the referrals app's tests)."""

from __future__ import annotations

import datetime
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone

from partners.codes import ServiceField
from partners.models import Agreement, AgreementField, Partner, PartnerField

_serial = itertools.count(1)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_partner(
    office,
    *,
    name: str | None = None,
    kind: str = Partner.Kind.LEGAL_AID,
    status: str = Partner.Status.ACTIVE,
    fields=(ServiceField.LEGAL_AID,),
    area=("32.09", "32.74"),
    capacity: int | None = 10,
    **extra,
) -> Partner:
    """An (active by default) partner of `office` offering `fields` in the regencies `area`."""
    partner = Partner.objects.create(
        office=office,
        name=name or f"Mitra Uji {next(_serial)}",
        kind=kind,
        status=status,
        capacity=capacity,
        **extra,
    )
    PartnerField.objects.bulk_create([PartnerField(partner=partner, field=f) for f in fields])
    partner.service_area.set(area)
    return partner


def make_agreement(
    partner: Partner,
    *,
    fields=(ServiceField.LEGAL_AID,),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    renews: Agreement | None = None,
    document: bool = False,
    **extra,
) -> Agreement:
    """An agreement with `partner` covering `fields`; in force from a year ago to a year ahead by default."""
    today = timezone.localdate()
    n = next(_serial)
    agreement = Agreement(
        partner=partner,
        office_id=partner.office_id,
        number_office=extra.pop("number_office", f"W11.PAS.{n}-PK.01.05/2026"),
        number_partner=extra.pop("number_partner", f"{n}/MITRA/2026"),
        signed_on=extra.pop("signed_on", starts_on or today - datetime.timedelta(days=365)),
        office_signatory="Kepala Bapas Uji",
        partner_signatory="Pimpinan Mitra Uji",
        starts_on=starts_on or today - datetime.timedelta(days=365),
        ends_on=ends_on or today + datetime.timedelta(days=365),
        renews=renews,
        **extra,
    )
    if document:
        agreement.document.save("pks.pdf", ContentFile(PDF_BYTES), save=False)
        agreement.document_name = "pks.pdf"
    agreement.save()
    AgreementField.objects.bulk_create([AgreementField(agreement=agreement, field=f) for f in fields])
    return agreement
