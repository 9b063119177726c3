"""The period of the scorecards and the evaluation pack: shape only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lib import forms as lib_forms
from organizations.models import Office

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# Scorecards cover a year or a few; a longer period is a typo (implausible years are refused by the date fields).
MAX_PERIOD_DAYS = 5 * 366


class PeriodForm(forms.Form):
    """A period of the scorecards (this year so far by default), and the office for users without one."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none(), required=False)
    start = lib_forms.DateField(label=_("From"), widget=DATE)
    end = lib_forms.DateField(label=_("Until"), widget=DATE)

    def __init__(self, *args, offices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if offices is None:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period must not be before its start."))
        elif start and end and (end - start).days > MAX_PERIOD_DAYS:
            self.add_error("end", _("Choose a period of at most five years."))
        return cleaned
