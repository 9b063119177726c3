"""Forms of the violations app: shape only; the rules live in violations.services (STYLE C8)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lib import forms as lib_forms
from violations.models import ResponseType, Source, ViolationType

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ReportForm(forms.Form):
    type = forms.ChoiceField(label=_("Type of violation"), choices=ViolationType.choices)
    occurred_on = lib_forms.DateField(label=_("Date of the violation"), widget=DATE)
    source = forms.ChoiceField(
        label=_("Reported by"), choices=[(v, label) for v, label in Source.choices if v != Source.SYSTEM]
    )
    reported_on = lib_forms.DateField(
        label=_("Date of the report"), widget=DATE, required=False, help_text=_("Empty: today.")
    )
    description = forms.CharField(max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("What happened"), widget=TEXT)


class ConfirmForm(forms.Form):
    description = forms.CharField(max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("What happened"), widget=TEXT)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("Reason"), widget=TEXT)


class ExamineForm(forms.Form):
    bap_number = forms.CharField(label=_("BAP number"), max_length=100)
    bap_date = lib_forms.DateField(label=_("BAP date"), widget=DATE)
    summary = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Findings of the examination"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ProposeForm(forms.Form):
    summary = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Summary for the board"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RespondForm(forms.Form):
    response_type = forms.ChoiceField(label=_("Response"), choices=ResponseType.choices)
    detail = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Details"),
        widget=TEXT,
        help_text=_("What the board decided and what the client must do; letter numbers of a warning."),
    )
    interval_days = forms.IntegerField(
        label=_("Report every … days"),
        min_value=1,
        max_value=31,
        required=False,
        help_text=_("Intensified reporting only."),
    )
    starts_on = lib_forms.DateField(label=_("Intensified from"), widget=DATE, required=False)
    ends_on = lib_forms.DateField(
        label=_("Intensified until"), widget=DATE, required=False, help_text=_("Empty: until the end of guidance.")
    )


class RevokeForm(forms.Form):
    decree_number = forms.CharField(label=_("Decree (SK) number"), max_length=100)
    decree_date = lib_forms.DateField(label=_("Decree date"), widget=DATE)
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=150,
        help_text=_("The Minister or Director General (PB, CB, CMB), or the head of the prison (asimilasi)."),
    )
    returned_on = lib_forms.DateField(label=_("Returned to prison on"), widget=DATE)
    institution = forms.CharField(label=_("Prison (Lapas/Rutan)"), max_length=150)
    prosecuted_on = lib_forms.DateField(
        label=_("Prosecuted on"),
        widget=DATE,
        required=False,
        help_text=_("Only when the decree comes after the Pasal 73(5) window: the start of the prosecution."),
    )
    prosecution_reference = forms.CharField(label=_("Prosecution reference"), max_length=150, required=False)


class CloseForm(forms.Form):
    note = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("How the violation was dealt with"), widget=TEXT
    )
