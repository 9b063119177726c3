"""Forms of the guidance plan pages. Each carries the plan's `version`, so a stale edit is refused."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clients.codes import Phase
from fieldwork.models import GROUPED_GUIDANCE_TYPES
from lib.forms import FREE_TEXT_MAX_LENGTH
from litmas.models import LitmasRequest
from partners.codes import ServiceField
from partners.models import Partner

GUIDANCE = "g:"
REFERRAL = "r:"


def what_choices() -> list:
    """The types of guidance grouped as kepribadian and kemandirian, then the fields of service to refer in."""
    groups: list = [("", "—")]
    for label, choices in GROUPED_GUIDANCE_TYPES:
        groups.append((label, [(GUIDANCE + value, text) for value, text in choices]))
    groups.append(
        (_("Referral to a partner (field of service)"), [(REFERRAL + v, label) for v, label in ServiceField.choices])
    )
    return groups


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PlanForm(VersionForm):
    litmas_request = forms.ModelChoiceField(
        queryset=LitmasRequest.objects.none(),
        required=False,
        label=_("Litmas"),
        help_text=_("The Litmas whose recommendation the plan follows."),
    )
    recommendation = forms.CharField(
        label=_("Litmas recommendation"),
        required=False,
        max_length=FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Left empty, it is copied from the chosen Litmas report's recommendation."),
    )

    def __init__(self, *args, litmas_requests, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["litmas_request"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = litmas_requests
        field.label_from_instance = lambda r: f"{r.litmas_type} · {r.letter_number} ({r.get_state_display()})"


class NewPlanForm(PlanForm):
    """The first form of a plan has no version yet."""

    version = None  # type: ignore[assignment]


class ItemForm(VersionForm):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    what = forms.ChoiceField(label=_("Guidance or referral"), choices=what_choices)
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(),
        required=False,
        label=_("Partner"),
        help_text=_("For a referral: the partner to refer the client to, when already known."),
    )
    target = forms.IntegerField(
        label=_("Target"), min_value=1, max_value=99, help_text=_("Sessions to hold, or referrals to make.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partners

    def kind(self) -> dict[str, str]:
        """The chosen type of guidance or field of service, as the service takes them."""
        what = self.cleaned_data["what"]
        if what.startswith(REFERRAL):
            return {"guidance_type": "", "referral_field": what.removeprefix(REFERRAL)}
        return {"guidance_type": what.removeprefix(GUIDANCE), "referral_field": ""}
