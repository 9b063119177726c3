"""Writes and rules of the partnership. Each write validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partners import selectors
from partners.codes import ServiceField
from partners.models import Agreement, Partner


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


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
                % {"partner": partner, "date": _day(on), "field": label}
            },
            code="no_agreement",
        )
    return agreement
