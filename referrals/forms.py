"""Forms of referrals and the partner portal: shape only; the rules live in referrals.services (STYLE C8)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lib import forms as lib_forms
from organizations.models import ServiceLocation
from partners.codes import ServiceField
from partners.models import Partner
from referrals.models import Attendance, OutcomeRating, ReferralSettings

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ReferralForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    field = forms.ChoiceField(label=_("Field of service"), choices=ServiceField.choices)
    needs = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Needs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the client needs from the partner, and why (criminogenic need or interest)."),
    )
    outcomes = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Desired outcomes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line; the partner rates each in its end-of-service report."),
    )
    over_capacity_reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Reason to refer beyond capacity"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Only needed when the partner already serves as many clients as its capacity."),
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(office=office, status=Partner.Status.ACTIVE).order_by(
            "name"
        )

    def clean_outcomes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["outcomes"].splitlines() if line.strip()]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ConfirmForm(forms.Form):
    """A confirmation step with nothing to fill in."""


class SessionScheduleForm(forms.Form):
    scheduled_for = lib_forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class SessionRecordForm(forms.Form):
    held_on = lib_forms.DateField(label=_("Held on"), widget=DATE)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    absence_reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Reason for the absence or lateness"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    summary = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    behaviour = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Client's behaviour"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    concern = forms.BooleanField(
        label=_("Alert the PK to a concern"),
        required=False,
        help_text=_("For example signs of drug use, threats, or a risk to the client or others."),
    )
    concern_note = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("What the PK should know"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ReportForm(forms.Form):
    """The end-of-service report: one rating and comment per desired outcome, and a summary."""

    summary = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Summary of the service"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, outcomes, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        for outcome in outcomes:
            self.fields[f"rating_{outcome.pk}"] = forms.ChoiceField(
                label=outcome.description, choices=OutcomeRating.Achievement.choices, widget=forms.RadioSelect
            )
            self.fields[f"comment_{outcome.pk}"] = forms.CharField(
                max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def ratings(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {o.pk: (data.get(f"rating_{o.pk}", ""), data.get(f"comment_{o.pk}", "")) for o in self.outcomes}


NOT_TAKING_PART = ""


class ActivityForm(forms.Form):
    held_on = lib_forms.DateField(label=_("Held on"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    field = forms.ChoiceField(label=_("Field of service"), choices=ServiceField.choices)
    place = forms.ModelChoiceField(
        label=_("Service location"),
        queryset=ServiceLocation.objects.none(),
        required=False,
        help_text=_("For example a Griya Abhipraya; leave empty for the partner's own place."),
    )
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, min_value=0)
    outcome = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, partner, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.episodes = episodes
        self.fields["place"].queryset = ServiceLocation.objects.filter(
            office_id=partner.office_id, is_active=True
        ).order_by("kind", "name")
        offered = set(partner.service_fields.values_list("field", flat=True))
        self.fields["field"].choices = [c for c in ServiceField.choices if c[0] in offered] or ServiceField.choices
        choices = [(NOT_TAKING_PART, _("Not taking part")), *Attendance.choices]
        for episode in episodes:
            self.fields[f"participant_{episode.pk}"] = forms.ChoiceField(
                label=episode.client.name, choices=choices, required=False
            )

    def participant_fields(self):
        return [self[f"participant_{e.pk}"] for e in self.episodes]

    def other_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith("participant_")]

    def participants(self) -> list:
        data = self.cleaned_data
        return [(e, data[f"participant_{e.pk}"]) for e in self.episodes if data.get(f"participant_{e.pk}")]


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("A PDF document or a JPEG, PNG or WebP photo."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ReferralSettings
        formfield_callback = lib_forms.formfield
        fields = ["requires_approval", "accept_within_days"]


class NeedForm(forms.Form):
    field = forms.ChoiceField(label=_("Field of service"), choices=ServiceField.choices)
    description = forms.CharField(
        label=_("What the client needs"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
