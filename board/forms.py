"""Shapes of the board's forms; the rules live in board.services (STYLE C8)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from board.models import AgendaItem, Meeting
from lib import forms as lib_forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    """Date, number, title, chair and secretary of a board meeting."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        formfield_callback = lib_forms.formfield
        fields = ["held_on", "number", "title", "chair", "secretary", "notes"]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(office=office, is_active=True).order_by("full_name")
        self.fields["chair"].queryset = staff
        self.fields["secretary"].queryset = staff
        self.fields["version"].initial = self.instance.version


class AssignForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— no meeting (awaiting one) —"),
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(v, label) for v, label in AgendaItem.Decision.choices if v != AgendaItem.Decision.PENDING],
        widget=forms.RadioSelect,
    )
    minute_number = forms.CharField(
        label=_("Minute number"),
        max_length=60,
        required=False,
        help_text=_("The number of the meeting's minutes (berita acara) for this decision; not needed to defer."),
    )
    note = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ProposeForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("Propose the move to"))
    reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the client achieved in this phase: reporting, programmes, conduct, the PK's assessment."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = choices


class ApproveForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Your decision"),
        choices=[("yes", _("Approve the phase change")), ("no", _("Refuse it"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when you refuse."),
    )
