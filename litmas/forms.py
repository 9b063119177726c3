"""Forms of the Litmas pages: the request letter, the filters, and one small form per step of the flow."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from board.models import Meeting
from clients.codes import Sex
from lib import forms as lib_forms
from litmas.codes import RequesterKind, State
from litmas.models import LitmasType

AUDIENCE_CHOICES = [("adult", _("Adult")), ("child", _("Child"))]


def _text(label, *, required: bool = False, max_length: int = 100, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kwargs)


def _note(label, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecordForm(forms.Form):
    """What the front desk copies from a request letter; the person is a client found by NIK or a new person."""

    litmas_type = forms.ModelChoiceField(LitmasType.objects.none(), label=_("Litmas type"))
    audience = forms.ChoiceField(label=_("Written about"), choices=AUDIENCE_CHOICES, widget=forms.RadioSelect)
    requester_kind = forms.ChoiceField(label=_("Requested by"), choices=RequesterKind.choices)
    requester_name = _text(_("Requesting institution"), required=True, max_length=150)
    letter_number = _text(_("Letter number"), required=True)
    letter_date = lib_forms.DateField(label=_("Letter date"))
    received_at = lib_forms.DateTimeField(
        label=_("Received at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    person_nik = _text(
        _("NIK"),
        max_length=16,
        help_text=_("A client of this office with this NIK is linked to the request; otherwise give the person below."),
    )
    person_name = _text(_("Name"), max_length=150)
    person_birth_date = lib_forms.DateField(label=_("Date of birth"), required=False)
    person_sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        lib_forms.field(self, "litmas_type", forms.ModelChoiceField).queryset = LitmasType.objects.filter(active=True)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.fields["audience"].initial = "adult"


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Name or letter number"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), ("late", _("Open and late")), *State.choices],
    )
    litmas_type = forms.ModelChoiceField(
        LitmasType.objects.all(), label=_("Litmas type"), required=False, empty_label=_("All")
    )
    audience = forms.ChoiceField(label=_("Adult or child"), required=False, choices=[("", _("All")), *AUDIENCE_CHOICES])


class VersionedForm(forms.Form):
    """A step taken on the request as it was shown: a stale page is refused (`VersionedModel.check_version`)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DisposeForm(VersionedForm):
    note = _note(_("Disposition note"))


class AssignForm(VersionedForm):
    officer = forms.TypedChoiceField(label=_("PK"), coerce=int, widget=forms.RadioSelect)
    task_letter_number = _text(_("Task letter number"), required=True)

    def __init__(self, *args, choices=(), suggested: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        officer = self.fields["officer"]
        assert isinstance(officer, forms.TypedChoiceField)
        officer.choices = [
            (
                choice.officer.pk,
                _("%(name)s · %(count)s open Litmas%(suggested)s")
                % {
                    "name": choice.officer.full_name,
                    "count": choice.open_count,
                    "suggested": _(" · suggested by the workload") if choice.officer.pk == suggested else "",
                },
            )
            for choice in choices
        ]
        if suggested is not None:
            officer.initial = suggested


class NoteForm(forms.Form):
    note = _note(_("Note"))


class BoardForm(forms.Form):
    meeting = forms.ModelChoiceField(Meeting.objects.none(), label=_("Board meeting"))
    minute_number = _text(_("Minute number"), required=True)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approved")), ("revise", _("Back to the PK for revision"))],
        widget=forms.RadioSelect,
    )
    note = _note(_("Note (what must be revised)"))

    def __init__(self, *args, meetings=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if meetings is not None:
            lib_forms.field(self, "meeting", forms.ModelChoiceField).queryset = meetings


class ReasonForm(forms.Form):
    reason = _note(_("Reason"), required=True)


class SendForm(forms.Form):
    reference = _text(_("Dispatch number"), required=True)
