"""Forms of reporting: shape only; the rules live in supervision.services (STYLE C8)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from organizations.models import ServiceLocation
from supervision.models import CheckIn

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CheckInForm(forms.Form):
    due_on = forms.TypedChoiceField(label=_("Scheduled date"), coerce=datetime.date.fromisoformat)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CheckIn.Outcome.choices)
    occurred_at = forms.DateTimeField(
        label=_("Reported at"), widget=DATETIME, required=False, help_text=_("Leave empty for a missed report.")
    )
    location = forms.ModelChoiceField(
        label=_("Service location"),
        queryset=ServiceLocation.objects.none(),
        required=False,
        help_text=_("Where the client came; empty for a remote or missed report."),
    )
    excuse_reason = forms.CharField(
        label=_("Reason for the excuse"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    rescheduled_to = forms.DateField(label=_("Rescheduled to"), widget=DATE, required=False)

    def __init__(self, *args, dates: list[datetime.date], office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].choices = [(d.isoformat(), formats.date_format(d, "j F Y")) for d in dates]
        self.fields["location"].queryset = ServiceLocation.objects.filter(office=office, is_active=True).order_by(
            "kind", "name"
        )
