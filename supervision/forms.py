"""Forms of reporting: shape only; the rules live in supervision.services (STYLE C8)."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from lib import forms as lib_forms
from organizations.models import ServiceLocation
from supervision.models import ANSWER_MAX_LENGTH, CheckIn
from supervision.services import RemoteDetails

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CheckInForm(forms.Form):
    due_on = forms.TypedChoiceField(label=_("Scheduled date"), coerce=datetime.date.fromisoformat)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CheckIn.Outcome.choices)
    occurred_at = lib_forms.DateTimeField(
        label=_("Reported at"), widget=DATETIME, required=False, help_text=_("Leave empty for a missed report.")
    )
    location = forms.ModelChoiceField(
        label=_("Service location"),
        queryset=ServiceLocation.objects.none(),
        required=False,
        help_text=_("Required when the client attended in person; not used for a remote or missed report."),
    )
    excuse_reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Reason for the excuse"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    rescheduled_to = lib_forms.DateField(label=_("Rescheduled to"), widget=DATE, required=False)

    # Date, attendance and location first: the whole of most reports.
    field_order = ["due_on", "outcome", "location", "occurred_at", "excuse_reason", "rescheduled_to"]

    # Fields that apply only to some outcomes: the page hides the others (static/js/bapas.js); the form
    # ignores the pre-filled location and time of an outcome without them, so the first save does not fail
    # on what the page filled in itself (the service still refuses them when called otherwise).
    SHOWN_FOR = {
        "location": (CheckIn.Outcome.ATTENDED, CheckIn.Outcome.EXCUSED),
        "occurred_at": (CheckIn.Outcome.ATTENDED, CheckIn.Outcome.ATTENDED_REMOTE, CheckIn.Outcome.EXCUSED),
        "excuse_reason": (CheckIn.Outcome.EXCUSED,),
        "rescheduled_to": (CheckIn.Outcome.EXCUSED,),
    }
    REQUIRED_FOR = {"location": (CheckIn.Outcome.ATTENDED,)}

    def __init__(self, *args, dates: list[datetime.date], office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].choices = [(d.isoformat(), formats.date_format(d, "DATE_FORMAT")) for d in dates]
        locations = ServiceLocation.objects.filter(office=office, is_active=True).order_by("kind", "name")
        self.fields["location"].queryset = locations
        main = locations.filter(kind=ServiceLocation.Kind.OFFICE).first()
        if main is not None:
            self.initial.setdefault("location", main.pk)
        remote = dict.fromkeys(getattr(self, "REMOTE_FIELDS", ()), (CheckIn.Outcome.ATTENDED_REMOTE,))
        shown_for = {**self.SHOWN_FOR, **remote}
        for name, outcomes in shown_for.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-shown-for"] = " ".join(outcomes)
        for name, outcomes in self.REQUIRED_FOR.items():
            self.fields[name].widget.attrs["data-required-for"] = " ".join(outcomes)
        self.fields["outcome"].widget.attrs["data-outcome"] = ""

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome:
            for name in ("location", "occurred_at"):
                if outcome not in self.SHOWN_FOR[name]:
                    data[name] = None  # hidden for this outcome; its value is the page's pre-fill
        return data


ANSWER = forms.Textarea(attrs={"rows": 2, "maxlength": ANSWER_MAX_LENGTH})


class RemoteDetailsMixin(forms.Form):
    """The three answers, place and photo of a remote report."""

    condition = forms.CharField(label=_("How are you?"), widget=ANSWER, required=False, max_length=ANSWER_MAX_LENGTH)
    activity = forms.CharField(
        label=_("What are you doing (work or activity)?"), widget=ANSWER, required=False, max_length=ANSWER_MAX_LENGTH
    )
    obstacles = forms.CharField(label=_("Any obstacles?"), widget=ANSWER, required=False, max_length=ANSWER_MAX_LENGTH)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("Optional: a recent photo of the client (JPEG, PNG or WebP, at most 5 MB)."),
    )
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=12, decimal_places=8)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=12, decimal_places=8)
    accuracy_m = forms.IntegerField(label=_("Accuracy (metres)"), required=False)

    REMOTE_FIELDS = ("condition", "activity", "obstacles", "photo", "latitude", "longitude", "accuracy_m")

    def remote_details(self):
        """The details as the service takes them, or None when none was given."""

        data = self.cleaned_data
        if not any(data.get(name) not in (None, "") for name in self.REMOTE_FIELDS):
            return None
        accuracy = data.get("accuracy_m")
        return RemoteDetails(
            condition=data.get("condition", ""),
            activity=data.get("activity", ""),
            obstacles=data.get("obstacles", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            accuracy_m=accuracy,
            photo=data.get("photo") or None,
        )


class StaffCheckInForm(CheckInForm, RemoteDetailsMixin):
    """The desk's check-in form; the remote fields are filled only for a report by video call."""


class LaporForm(RemoteDetailsMixin):
    """The client's own remote report through the personal link (coordinates come from the browser, if allowed)."""

    due_on = lib_forms.DateField(widget=forms.HiddenInput)
    latitude = forms.DecimalField(required=False, max_digits=12, decimal_places=8, widget=forms.HiddenInput)
    longitude = forms.DecimalField(required=False, max_digits=12, decimal_places=8, widget=forms.HiddenInput)
    accuracy_m = forms.DecimalField(required=False, max_digits=12, decimal_places=2, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("condition", "activity", "obstacles"):
            self.fields[name].required = True
        self.fields["photo"].widget = forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "user"})
        self.fields["photo"].help_text = _("Optional: a photo of yourself now.")

    def full_clean(self):
        """Errors of the hidden fields (tampered or stale values) show at the top of the form."""
        super().full_clean()
        for name in ("due_on", "latitude", "longitude", "accuracy_m"):
            if name in self._errors:
                for message in self._errors.pop(name):
                    self._errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
                    self._errors[NON_FIELD_ERRORS].append(message)

    def clean_accuracy_m(self):
        value = self.cleaned_data.get("accuracy_m")
        return None if value is None else int(round(value))


class RemoteAllowForm(forms.Form):
    reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Pressing circumstances"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the client cannot come in person (keadaan mendesak): illness, work far away, disaster…"),
    )
    valid_from = lib_forms.DateField(label=_("Valid from"), widget=DATE)
    valid_until = lib_forms.DateField(
        label=_("Valid until"), widget=DATE, required=False, help_text=_("Leave empty for the rest of guidance.")
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("dikonfirmasi", _("Confirm: the report is in order")),
            ("ditandai", _("Flag: something is wrong or worrying")),
        ],
    )
    note = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when flagging; a flag shows on the client's page and can support a violation report."),
    )


class IntensifyForm(forms.Form):
    interval_days = forms.TypedChoiceField(
        label=_("Report every"),
        coerce=int,
        choices=[(7, _("week (7 days)")), (14, _("two weeks (14 days)"))],
    )
    starts_on = lib_forms.DateField(label=_("First report on"), widget=DATE)
    ends_on = lib_forms.DateField(
        label=_("Until"), widget=DATE, required=False, help_text=_("Leave empty for the rest of guidance.")
    )
    reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )
