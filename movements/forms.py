"""Shapes of the movements forms; the rules live in movements.services (STYLE C8)."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from clients.codes import Relationship
from lib import forms as lib_forms
from movements.models import ClosingReport, TravelPermit
from organizations.models import Office
from regions.models import Regency, Village

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class TransferRequestForm(forms.Form):
    to_office = forms.ModelChoiceField(label=_("Receiving office"), queryset=Office.objects.none())
    new_address = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("New address"), widget=forms.Textarea(attrs={"rows": 2})
    )
    new_regency = forms.ModelChoiceField(label=_("New regency or city"), queryset=Regency.objects.order_by("name"))
    new_village = forms.ModelChoiceField(label=_("New village"), queryset=Village.objects.none(), required=False)
    guarantor_name = forms.CharField(label=_("Guarantor at the new address"), max_length=150)
    guarantor_relationship = forms.ChoiceField(label=_("Guarantor's relationship"), choices=Relationship.choices)
    guarantor_phone = forms.CharField(label=_("Guarantor's phone"), max_length=30, required=False)
    guarantor_address = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Guarantor's address"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    reason = forms.CharField(max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("Reason for the transfer"), widget=TEXT)
    review = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("PK's review (telaah)"),
        widget=TEXT,
        help_text=_("Risk, family support at the new address, and the new guarantor's statement."),
    )

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        # Every other office is listed, so choosing the client's own office is possible — and refused
        # by the service with a clear message.
        self.fields["to_office"].queryset = offices
        # The posted regency is cleaned by its own field before it narrows the villages (never raw into SQL).
        regency = lib_forms.bound_choice(self, "new_regency") or self.initial.get("new_regency")
        self.fields["new_village"].queryset = (
            Village.objects.filter(district__regency=regency).select_related("district").order_by("name")
            if regency
            else Village.objects.none()
        )
        self.fields["new_village"].label_from_instance = lambda v: f"{v.name} ({v.district.name})"
        self.fields["new_regency"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("regions:village_options"),
                "hx-target": f"#id_{self.add_prefix('new_village')}",
                "hx-trigger": "change",
            }
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Reason"),
        widget=TEXT,
        required=False,
        help_text=_("Required when refusing."),
    )
    letter_number = forms.CharField(label=_("Letter number"), max_length=100, required=False)

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class TransferDecisionForm(DecisionForm):
    files_sent_on = lib_forms.DateField(
        label=_("Files sent on"),
        widget=DATE,
        required=False,
        help_text=_("If the files already left for the receiving office; it can be recorded later."),
    )


class FilesSentForm(forms.Form):
    files_sent_on = lib_forms.DateField(label=_("Files sent on"), widget=DATE)


class TransferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[("accept", _("Accept the client")), ("return", _("Return to the sending office"))],
        widget=forms.RadioSelect,
    )
    return_reason = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Reason for returning"),
        widget=TEXT,
        required=False,
        help_text=_("Required when returning."),
    )


class BoardForm(forms.Form):
    summary = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH, label=_("Summary for the board"), widget=TEXT, required=False
    )


class PermitRequestForm(forms.ModelForm):
    class Meta:
        model = TravelPermit
        formfield_callback = lib_forms.formfield
        fields = ["kind", "applicant", "applicant_name", "destination", "purpose", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "purpose": TEXT}

    def _post_clean(self):
        # The service validates the whole permit (with the episode) and reports every rule at once.
        pass


class ClosingReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ClosingReport
        formfield_callback = lib_forms.formfield
        fields = ["reason", "ended_on", "date_of_death", "reference", "summary", "conduct", "recommendation"]
        widgets = {
            "ended_on": DATE,
            "date_of_death": DATE,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "conduct": TEXT,
            "recommendation": TEXT,
        }
        help_texts = {
            "reference": _(
                "Required for another court decision. For a revocation, the decree recorded on the violation is "
                "filled in when left empty."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else None

    def _post_clean(self):
        pass
