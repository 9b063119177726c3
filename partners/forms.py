"""Forms of the partnership: shape only; the rules live in partners.services (STYLE C8)."""

from __future__ import annotations

import datetime

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import forms as lib_forms
from lib.ids import parse_id
from organizations.models import Office
from partners.codes import ServiceField
from partners.models import Agreement, Partner
from regions.models import Regency, Village

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

PARTNER_FORM_FIELDS = [
    "name",
    "kind",
    "group",
    "leader_name",
    "contact_name",
    "phone",
    "email",
    "address",
    "regency",
    "village",
    "latitude",
    "longitude",
    "service_area",
    "capacity",
]


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    field = forms.ChoiceField(
        label=_("Field of service"), choices=[("", _("All"))] + ServiceField.choices, required=False
    )
    regency = forms.ModelChoiceField(
        label=_("Serves regency or city"), queryset=Regency.objects.none(), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + Partner.Status.choices, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All"))] + Partner.Kind.choices, required=False)

    def __init__(self, *args, regencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = regencies


class PartnerForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    service_fields = forms.MultipleChoiceField(
        label=_("Fields of service"), choices=ServiceField.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Partner
        formfield_callback = lib_forms.formfield
        fields = PARTNER_FORM_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "service_area": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, office: Office | None, **kwargs):
        super().__init__(*args, **kwargs)
        if office is not None:
            self.instance.office = office
            self.fields["service_area"].queryset = office.working_area.order_by("name")
            self.fields["regency"].queryset = Regency.objects.filter(province_id=office.kanwil.province_id).order_by(
                "name"
            )
        else:
            self.fields["service_area"].queryset = Regency.objects.none()
            self.fields["regency"].queryset = Regency.objects.none()
        self.fields["service_area"].required = True
        # The posted regency is cleaned by its own field before it narrows the villages (never raw into SQL).
        regency = lib_forms.bound_choice(self, "regency") or (self.instance.regency_id if self.instance.pk else None)
        self.fields["village"].queryset = (
            Village.objects.filter(district__regency=regency).select_related("district").order_by("name")
            if regency
            else Village.objects.none()
        )
        self.fields["village"].label_from_instance = lambda v: f"{v.name} ({v.district.name})"
        self.fields["regency"].widget.attrs.update(
            {"hx-get": reverse_lazy("regions:village_options"), "hx-target": "#id_village", "hx-trigger": "change"}
        )
        self.fields["version"].initial = self.instance.version
        if self.instance.pk:
            self.fields["service_fields"].initial = list(self.instance.service_fields.values_list("field", flat=True))

    def validate_unique(self):
        # The service checks the constraints with the office set; nothing to do twice here.
        pass


class PartnerCreateForm(PartnerForm):
    """The partner form, with a choice of office for an administrator who works for no office."""

    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())

    def __init__(self, *args, office: Office | None, offices=None, **kwargs):
        if office is None and args and args[0]:
            # An administrator without an office chose one: the areas to offer are that office's.
            chosen = parse_id(args[0].get("office"))
            office = offices.filter(pk=chosen).first() if offices is not None and chosen else None
        super().__init__(*args, office=office, **kwargs)
        if offices is None:
            del self.fields["office"]
        else:
            self.fields["office"].queryset = offices
            self.order_fields(["office"])


class PartnerStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    on = lib_forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when the partner becomes inactive or the partnership ends."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices
        self.fields["on"].initial = timezone.localdate()


AGREEMENT_FORM_FIELDS = [
    "number_office",
    "number_partner",
    "signed_on",
    "occasion",
    "office_signatory",
    "partner_signatory",
    "witness",
    "starts_on",
    "ends_on",
    "note",
]


class AgreementForm(forms.ModelForm):
    scope = forms.MultipleChoiceField(
        label=_("Scope (fields of service)"), choices=ServiceField.choices, widget=forms.CheckboxSelectMultiple
    )
    document = forms.FileField(
        label=_("Signed agreement (PDF)"),
        help_text=_("A PDF file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    class Meta:
        model = Agreement
        formfield_callback = lib_forms.formfield
        fields = AGREEMENT_FORM_FIELDS
        widgets = {
            "signed_on": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, partner: Partner, offered, renews: Agreement | None = None, **kwargs):
        if renews is not None and not kwargs.get("initial"):
            starts_on = renews.ends_on + datetime.timedelta(days=1)
            kwargs["initial"] = {
                "scope": [s.field for s in renews.scope.all()],
                "office_signatory": renews.office_signatory,
                "partner_signatory": renews.partner_signatory,
                "starts_on": starts_on,
                # The same term as the agreement renewed.
                "ends_on": starts_on + (renews.ends_on - renews.starts_on),
            }
        super().__init__(*args, **kwargs)
        self.instance.partner = partner
        self.instance.office_id = partner.office_id
        self.fields["scope"].choices = [(f, label) for f, label in ServiceField.choices if f in offered]

    def validate_unique(self):
        pass


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Signed agreement (PDF)"),
        help_text=_("A PDF file of at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
