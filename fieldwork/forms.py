"""Forms of field work: shape only; the rules live in fieldwork.services (STYLE C8)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from fieldwork.models import GROUPED_GUIDANCE_TYPES, CaseNote, GuidanceParticipant, HomeVisit
from lib import forms as lib_forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def officers_of(office):
    """The office's active staff who may lead a visit or a session (`fieldwork.record`)."""
    return (
        User.objects.filter(office=office, is_active=True).with_ability("fieldwork.record").order_by("full_name", "pk")
    )


class _OfficerMixin:
    """An 'officer' select of the office's field staff, defaulting to the user filling in the form."""

    def _officers(self, office, user) -> None:
        field = self.fields["officer"]
        field.queryset = officers_of(office)
        field.label_from_instance = lambda u: u.full_name or u.username
        if not self.is_bound and user.office_id == getattr(office, "pk", None):
            self.initial.setdefault("officer", user.pk)


class HomeVisitForm(_OfficerMixin, forms.Form):
    visited_on = lib_forms.DateField(label=_("Date of the visit"), widget=DATE)
    officer = forms.ModelChoiceField(label=_("Officer who visited"), queryset=User.objects.none())
    purpose = forms.ChoiceField(label=_("Purpose"), choices=HomeVisit.Purpose.choices)
    people_met = forms.MultipleChoiceField(
        label=_("People met"),
        choices=HomeVisit.Party.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    people_met_other = forms.CharField(
        label=_("Other people met"), max_length=200, required=False, help_text=_("Who, when “Other” is ticked.")
    )
    findings = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5})
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Optional: a JPEG, PNG or WebP image of at most 5 MB."),
    )
    latitude = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, required=False)
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        required=False,
        help_text=_("Optional: where the visit took place, e.g. -6.732000 and 108.552000."),
    )

    def __init__(self, *args, office, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._officers(office, user)


class _ActivityFields(forms.Form):
    held_on = lib_forms.DateField(label=_("Date"), widget=DATE)
    officer = forms.ModelChoiceField(label=_("Officer who led it"), queryset=User.objects.none())
    guidance_type = forms.ChoiceField(label=_("Type of guidance"), choices=GROUPED_GUIDANCE_TYPES)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200)


class GuidanceForm(_OfficerMixin, _ActivityFields):
    """An individual session with the client whose page it was opened from."""

    attendance = forms.ChoiceField(
        label=_("Attendance"),
        choices=GuidanceParticipant.Attendance.choices,
        initial=GuidanceParticipant.Attendance.PRESENT,
    )
    progress = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Progress notes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("What was discussed, and how the client is progressing."),
    )

    def __init__(self, *args, office, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._officers(office, user)


class GroupGuidanceForm(_OfficerMixin, _ActivityFields):
    """A group session; the participants are ticked in the list of clients below the form."""

    notes = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, office, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._officers(office, user)


class CaseNoteForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("(none)")), *CaseNote.Category.choices], required=False
    )
    body = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("Note"), widget=forms.Textarea(attrs={"rows": 6})
    )


class LogFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(label=_("Show"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds
