"""Writes and rules of the partnership. Each write validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime
import os
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from lib import private_files
from lib.dates import long_date
from lib.transactions import in_callers_transaction
from organizations.models import Office
from partners import selectors
from partners.codes import ServiceField
from partners.models import STATUS_TRANSITIONS, Agreement, AgreementField, Partner, PartnerField

if TYPE_CHECKING:
    from accounts.models import User


@in_callers_transaction
def referral_allowed(
    *,
    partner: Partner,
    field: str,
    regency=None,
    office=None,
    on: datetime.date | None = None,
) -> Agreement:
    """Refuse a referral to `partner` in `field` the partnership rules do not allow; return the agreement
    that covers it.

    Raises ValidationError({"partner": message}) when the partner works with another office, is not
    active, does not offer the field, does not serve `regency` (the client's regency or city; skipped when
    None), or has no agreement in force on `on` covering the field. Capacity is the referrals app's to
    check (it counts the referrals). Two to four queries.
    """
    on = on or timezone.localdate()
    label = ServiceField(field).label if field in ServiceField.values else field
    if office is not None and partner.office_id != office.pk:
        raise ValidationError({"partner": _("%(partner)s works with another office.") % {"partner": partner}})
    if partner.status != Partner.Status.ACTIVE:
        raise ValidationError(
            {
                "partner": _("%(partner)s is %(status)s: clients can be referred only to an active partner.")
                % {"partner": partner, "status": partner.get_status_display().lower()}
            },
            code="partner_inactive",
        )
    if not partner.service_fields.filter(field=field).exists():
        raise ValidationError(
            {"partner": _("%(partner)s does not offer %(field)s.") % {"partner": partner, "field": label}},
            code="field_not_offered",
        )
    if regency is not None and not partner.service_area.filter(pk=regency.pk).exists():
        raise ValidationError(
            {
                "partner": _("%(partner)s does not serve clients in %(regency)s.")
                % {"partner": partner, "regency": regency}
            },
            code="outside_service_area",
        )
    agreement = selectors.current_agreement(partner, field, on)
    if agreement is None:
        raise ValidationError(
            {
                "partner": _(
                    "%(partner)s has no cooperation agreement in force on %(date)s that covers %(field)s. "
                    "Record a new or renewed agreement first."
                )
                % {"partner": partner, "date": long_date(on), "field": label}
            },
            code="no_agreement",
        )
    return agreement


# --- partners ---------------------------------------------------------------------------------------

PARTNER_FIELDS = [
    "name",
    "kind",
    "group",
    "address",
    "regency",
    "village",
    "latitude",
    "longitude",
    "leader_name",
    "contact_name",
    "phone",
    "email",
    "capacity",
    "service_area",
]


def _partner_snapshot(partner: Partner) -> dict:
    values = audit.snapshot(partner, PARTNER_FIELDS)
    values["service_fields"] = sorted(partner.service_fields.values_list("field", flat=True)) if partner.pk else []
    return values


def _check_partner(*, office: Office, fields: dict, service_fields, service_area) -> None:
    """Refuse what the form cannot know: regencies outside the office's working area, no field of service."""
    errors: dict[str, str] = {}
    if not service_fields:
        errors["service_fields"] = _("Choose at least one field of service.")
    elif any(f not in ServiceField.values for f in service_fields):
        errors["service_fields"] = _("Choose fields of service from the list.")
    area_codes = {r.pk for r in service_area}
    if area_codes:
        working = set(office.working_area.filter(pk__in=area_codes).values_list("pk", flat=True))
        outside = sorted(str(r) for r in service_area if r.pk not in working)
        if outside:
            errors["service_area"] = _("Outside the working area of %(office)s: %(regencies)s.") % {
                "office": office,
                "regencies": ", ".join(outside),
            }
    village = fields.get("village")
    regency = fields.get("regency")
    if village is not None and regency is not None and not village.code.startswith(regency.code + "."):
        errors["village"] = _("The village is not in %(regency)s.") % {"regency": regency}
    if errors:
        raise ValidationError(errors)


def _set_service_fields(partner: Partner, service_fields) -> None:
    wanted = set(service_fields)
    partner.service_fields.exclude(field__in=wanted).delete()
    have = set(partner.service_fields.values_list("field", flat=True))
    PartnerField.objects.bulk_create([PartnerField(partner=partner, field=f) for f in sorted(wanted - have)])


@transaction.atomic
def partner_create(*, office: Office, acting_user: User, service_fields, service_area, **fields) -> Partner:
    """Record an organisation the office has identified as a possible partner (status identified)."""
    _check_partner(office=office, fields=fields, service_fields=service_fields, service_area=service_area)
    partner = Partner(office=office, status=Partner.Status.IDENTIFIED, identified_on=timezone.localdate(), **fields)
    partner.full_clean()
    partner.save()
    partner.service_area.set(service_area)
    _set_service_fields(partner, service_fields)
    audit.record(
        actor=acting_user,
        action="partner.created",
        obj=partner,
        office=office,
        changes=audit.diff({}, _partner_snapshot(partner)),
    )
    return partner


@transaction.atomic
def partner_update(
    *, partner: Partner, acting_user: User, expected_version: int | None, service_fields, service_area, **fields
) -> Partner:
    """Edit a partner's profile (not its status, which changes only through `partner_status_change`)."""
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    locked.check_version(expected_version)
    _check_partner(office=locked.office, fields=fields, service_fields=service_fields, service_area=service_area)
    before = _partner_snapshot(locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.service_area.set(service_area)
    _set_service_fields(locked, service_fields)
    changes = audit.diff(before, _partner_snapshot(locked))
    if not changes:
        return locked
    locked.version += 1
    locked.save(update_fields=[*fields, "version"])
    audit.record(actor=acting_user, action="partner.updated", obj=locked, office=locked.office, changes=changes)
    return locked


# Which date field each status step sets.
_STATUS_DATES = {
    Partner.Status.VERIFIED: "verified_on",
    Partner.Status.ACTIVE: "activated_on",
    Partner.Status.INACTIVE: "inactive_since",
    Partner.Status.ENDED: "ended_on",
}


@transaction.atomic
def partner_status_change(
    *, partner: Partner, acting_user: User, status: str, on: datetime.date | None = None, note: str = ""
) -> Partner:
    """Move a partner one step: identified → verified → active → inactive or ended (domain notes §6.6).

    Activation needs an agreement in force on that day; stepping down (inactive, ended) needs a reason.
    """
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    on = on or timezone.localdate()
    note = note.strip()
    old = locked.status
    if status not in STATUS_TRANSITIONS.get(old, ()):
        raise ValidationError(
            {
                "status": _("A partner that is %(old)s cannot become %(new)s.")
                % {
                    "old": locked.get_status_display().lower(),
                    "new": Partner.Status(status).label.lower() if status in Partner.Status.values else status,
                }
            },
            code="transition",
        )
    errors: dict[str, str] = {}
    if on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    if status == Partner.Status.ACTIVE and not Agreement.objects.filter(partner=locked).current(on).exists():
        errors["status"] = _(
            "%(partner)s has no cooperation agreement in force on %(date)s. Record the signed agreement first."
        ) % {"partner": locked, "date": long_date(on)}
    if status in (Partner.Status.INACTIVE, Partner.Status.ENDED) and not note:
        errors["note"] = _("Give the reason.")
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(locked, ["status", *_STATUS_DATES.values(), "joined_on", "status_note"])
    locked.status = status
    setattr(locked, _STATUS_DATES[status], on)
    if status == Partner.Status.ACTIVE:
        locked.inactive_since = None
        locked.joined_on = locked.joined_on or on
    locked.status_note = note
    locked.version += 1
    locked.save(update_fields=["status", *_STATUS_DATES.values(), "joined_on", "status_note", "version"])
    audit.record(
        actor=acting_user,
        action="partner.status_changed",
        obj=locked,
        office=locked.office,
        changes=audit.diff(before, audit.snapshot(locked, list(before))),
        data={"note": note} if note else None,
    )
    return locked


# --- agreements -------------------------------------------------------------------------------------

AGREEMENT_FIELDS = [
    "number_office",
    "number_partner",
    "signed_on",
    "occasion",
    "office_signatory",
    "partner_signatory",
    "witness",
    "starts_on",
    "ends_on",
    "note",
]
PDF_CONTENT_TYPES = frozenset({"application/pdf", "application/x-pdf"})


def _check_document(upload) -> None:
    """Refuse anything but a PDF within the size limit: checked by its content, its name and the type the
    browser declared, so a renamed file is refused as well as a disguised one."""
    private_files.validate_pdf(upload)
    name = (getattr(upload, "name", "") or "").lower()
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if not name.endswith(".pdf") or (declared and declared not in PDF_CONTENT_TYPES):
        raise ValidationError(_("The document must be a PDF file."), code="not_pdf")


def _clean_name(upload) -> str:
    return os.path.basename((upload.name or "").replace("\\", "/"))[:200] or "agreement.pdf"


@transaction.atomic
def agreement_create(
    *,
    partner: Partner,
    acting_user: User,
    scope,
    document,
    renews: Agreement | None = None,
    **fields,
) -> Agreement:
    """Record a signed cooperation agreement with `partner` covering the fields `scope`, with its PDF.

    `renews` names the agreement this one renews (it must be the partner's and not renewed already).
    The partner's 'partner since' date is set from the first agreement.
    """
    locked = Partner.objects.select_for_update().get(pk=partner.pk)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if locked.status == Partner.Status.ENDED:
        message = _("The partnership with %(partner)s has ended: it takes no new agreement.")
        raise ValidationError({"partner": message % {"partner": locked}})
    if document is None:
        add("document", _("Attach the signed agreement as a PDF file."))
    else:
        try:
            _check_document(document)
        except ValidationError as exc:
            add("document", exc.messages[0])
    scope = sorted(set(scope))
    offered = set(locked.service_fields.values_list("field", flat=True))
    if not scope:
        add("scope", _("Choose the fields of service the agreement covers."))
    elif not set(scope) <= offered:
        add(
            "scope",
            _("%(partner)s does not offer %(fields)s. Add the field to the partner first.")
            % {"partner": locked, "fields": ", ".join(str(ServiceField(f).label) for f in scope if f not in offered)},
        )
    signed_on = fields.get("signed_on")
    if signed_on and signed_on > timezone.localdate():
        add("signed_on", _("The signing date cannot be in the future."))
    if renews is not None:
        if renews.partner_id != locked.pk:
            add("renews", _("The agreement to renew belongs to another partner."))
        else:
            taken = renews.renewals.first()
            if taken is not None:
                add("renews", _("This agreement was already renewed by %(number)s.") % {"number": taken.number_office})
            starts_on = fields.get("starts_on")
            if starts_on and starts_on <= renews.starts_on:
                add(
                    "starts_on",
                    _("A renewal starts after the agreement it renews (%(date)s).")
                    % {"date": long_date(renews.starts_on)},
                )
    agreement = Agreement(partner=locked, office_id=locked.office_id, renews=renews, created_by=acting_user, **fields)
    try:
        agreement.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                add(name, message)
    if errors:
        raise ValidationError(errors)
    agreement.document_name = _clean_name(document)
    agreement.document.save(agreement.document_name, document, save=False)
    agreement.save()
    AgreementField.objects.bulk_create([AgreementField(agreement=agreement, field=f) for f in scope])
    joined = None
    if locked.joined_on is None or locked.joined_on > agreement.signed_on:
        joined = agreement.signed_on
        locked.joined_on = agreement.signed_on
        locked.save(update_fields=["joined_on"])
    changes = audit.diff({}, audit.snapshot(agreement, AGREEMENT_FIELDS))
    changes["scope"] = [[], scope]
    audit.record(
        actor=acting_user,
        action="agreement.renewed" if renews else "agreement.created",
        obj=agreement,
        office=locked.office,
        changes=changes,
        data={
            "partner": locked.pk,
            "renews": renews.pk if renews else None,
            "document": agreement.document_name,
            **({"joined_on": joined} if joined else {}),
        },
    )
    return agreement


@transaction.atomic
def agreement_renew(*, agreement: Agreement, acting_user: User, scope, document, **fields) -> Agreement:
    """Record the agreement that renews `agreement` (a new agreement naming the old one)."""
    return agreement_create(
        partner=agreement.partner, acting_user=acting_user, scope=scope, document=document, renews=agreement, **fields
    )


@transaction.atomic
def agreement_attach_document(*, agreement: Agreement, acting_user: User, document) -> Agreement:
    """Attach (or replace) the signed PDF of an agreement recorded without one."""
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
    try:
        _check_document(document)
    except ValidationError as exc:
        raise ValidationError({"document": exc.messages[0]}) from exc
    old = locked.document_name
    locked.document_name = _clean_name(document)
    locked.document.save(locked.document_name, document, save=False)
    locked.save(update_fields=["document", "document_name"])
    audit.record(
        actor=acting_user,
        action="agreement.document_attached",
        obj=locked,
        office=locked.office,
        changes={"document_name": [old, locked.document_name]},
    )
    return locked
