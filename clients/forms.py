"""Shapes of the registry forms; the rules live in clients.services and the models."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User, UserQuerySet
from clients import services
from clients.codes import CaseCategory, CriminalCode, EpisodeStatus, Phase, PrisonKind, Program
from clients.models import Client, Guarantor
from lib import forms as lib_forms
from organizations.models import Office
from regions.models import Regency, Village

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClientForm(forms.ModelForm):
    """The person: names, birth, family, domicile."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Client
        formfield_callback = lib_forms.formfield
        fields = services.CLIENT_FIELDS
        widgets = {"birth_date": DATE, "address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, office, intake: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # At intake a known NIK is not an error: the service adds the new episode to that person.
        self.intake = intake
        regencies = office.working_area.order_by("name")
        lib_forms.field(self, "domicile_regency", forms.ModelChoiceField).queryset = regencies
        # The posted regency is cleaned by its own field before it narrows the villages (never raw into SQL).
        regency = (
            lib_forms.bound_choice(self, "domicile_regency")
            or self.initial.get("domicile_regency")
            or (self.instance.domicile_regency_id if self.instance.pk else None)
        )
        villages = lib_forms.field(self, "domicile_village", forms.ModelChoiceField)
        villages.queryset = (
            Village.objects.filter(district__regency=regency).select_related("district").order_by("name")
            if regency
            else Village.objects.none()
        )
        # An instance attribute overrides the method for this form only (mypy expects a subclass).
        villages.label_from_instance = lambda obj: f"{obj.name} ({obj.district.name})"  # type: ignore[method-assign]
        self.fields["domicile_regency"].widget.attrs.update(
            {
                "hx-get": reverse_lazy("regions:village_options"),
                "hx-target": f"#id_{self.add_prefix('domicile_village')}",
                "hx-trigger": "change",
            }
        )
        self.fields["version"].initial = self.instance.version
        self.fields["nik"].required = False

    def clean_nik(self):
        return self.cleaned_data.get("nik") or None

    def validate_unique(self):
        if not self.intake:
            super().validate_unique()

    def clean(self):
        cleaned = super().clean()
        village, regency = cleaned.get("domicile_village"), cleaned.get("domicile_regency")
        if village and regency and village.district.regency_id != regency.code:
            self.add_error("domicile_village", _("This village is not in the chosen regency or city."))
        return cleaned


class GuarantorForm(forms.ModelForm):
    """Optional at intake: a client may have no guarantor yet (a PK can act as one for asimilasi)."""

    class Meta:
        model = Guarantor
        formfield_callback = lib_forms.formfield
        fields = ["name", "relationship", "nik", "phone", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        labels = {"name": _("Guarantor's name")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["relationship"].required = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("name") and not cleaned.get("relationship"):
            self.add_error("relationship", _("Give the guarantor's relationship to the client."))
        elif cleaned.get("relationship") and not cleaned.get("name"):
            self.add_error("name", _("Give the guarantor's name, or leave all guarantor fields empty."))
        return cleaned

    def _post_clean(self):
        # The guarantor is saved by the service only when a name is given.
        if self.cleaned_data.get("name"):
            super()._post_clean()


class CaseForm(forms.Form):
    criminal_code = forms.ChoiceField(label=_("Criminal code"), choices=CriminalCode.choices)
    decision_number = forms.CharField(label=_("Court decision number"), max_length=100)
    decision_date = lib_forms.DateField(label=_("Court decision date"), widget=DATE)
    court = forms.CharField(label=_("Court"), max_length=150, required=False)
    sentence_years = forms.IntegerField(label=_("Sentence: years"), min_value=0, max_value=99, initial=0)
    sentence_months = forms.IntegerField(label=_("Sentence: months"), min_value=0, max_value=11, initial=0)
    sentence_days = forms.IntegerField(label=_("Sentence: days"), min_value=0, max_value=30, initial=0)
    fine = forms.IntegerField(label=_("Fine (Rp)"), min_value=0, initial=0)
    subsidiary_months = forms.IntegerField(label=_("Subsidiary detention: months"), min_value=0, initial=0)
    subsidiary_days = forms.IntegerField(label=_("Subsidiary detention: days"), min_value=0, initial=0)
    detention_start = lib_forms.DateField(label=_("Detained since"), widget=DATE, required=False)
    expiry_date = lib_forms.DateField(
        label=_("Sentence expiry date"),
        widget=DATE,
        required=False,
        help_text=_("Required for PB: probation runs until expiry plus one year."),
    )
    prison_kind = forms.ChoiceField(
        label=_("Origin prison type"), choices=[("", "—"), *PrisonKind.choices], required=False
    )
    origin_prison = forms.CharField(label=_("Origin prison (UPT)"), max_length=150, required=False)
    prison_register_number = forms.CharField(label=_("Prison register number"), max_length=50, required=False)
    is_repeat_offender = forms.BooleanField(label=_("Repeat offender"), required=False)
    article = forms.CharField(label=_("Article (pasal)"), max_length=20)
    paragraph = forms.CharField(label=_("Paragraph (ayat)"), max_length=20, required=False)
    law = forms.CharField(label=_("Law"), max_length=60, help_text=_("e.g. KUHP, UU 1/2023, UU 35/2009"))
    category = forms.ChoiceField(label=_("Case category"), choices=CaseCategory.choices)

    def clean(self):
        cleaned = super().clean()
        start, expiry = cleaned.get("detention_start"), cleaned.get("expiry_date")
        if start and expiry and expiry <= start:
            self.add_error("expiry_date", _("The sentence expiry date must be after the detention start."))
        return cleaned


def guides_of(office) -> UserQuerySet:
    """The active staff of `office` who may be a client's PK."""
    return User.objects.get_queryset().guides().filter(office=office, is_active=True).order_by("full_name")


def assistants_of(office) -> UserQuerySet:
    """The active staff of `office` who may assist on an episode (APKs, and PKs standing in)."""
    return User.objects.get_queryset().assistants().filter(office=office, is_active=True).order_by("full_name")


class EpisodeForm(forms.Form):
    program = forms.ChoiceField(label=_("Program"), choices=Program.choices)
    decree_number = forms.CharField(label=_("Decree (SK) number"), max_length=100)
    decree_date = lib_forms.DateField(label=_("Decree date"), widget=DATE)
    starts_on = lib_forms.DateField(label=_("Start of guidance"), widget=DATE)
    ends_on = lib_forms.DateField(
        label=_("End of guidance stated in the decree"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty for PB and court sentences: the end is computed from the rules."),
    )
    duration_months = forms.IntegerField(label=_("Supervision sentence length (months)"), min_value=1, required=False)
    community_service_hours = forms.IntegerField(label=_("Community-service hours"), min_value=1, required=False)
    general_conditions = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("General conditions"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    special_conditions = forms.CharField(
        max_length=lib_forms.FREE_TEXT_MAX_LENGTH,
        label=_("Special conditions"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    officer = forms.ModelChoiceField(label=_("PK"), queryset=User.objects.none(), required=False)
    assistant = forms.ModelChoiceField(label=_("APK"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, office, may_assign: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if may_assign:
            lib_forms.field(self, "officer", forms.ModelChoiceField).queryset = guides_of(office)
            lib_forms.field(self, "assistant", forms.ModelChoiceField).queryset = assistants_of(office)
        else:
            # Allocating officers is the section head's decision (client.assign).
            del self.fields["officer"]
            del self.fields["assistant"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end <= start:
            self.add_error("ends_on", _("The end of guidance must be after its start."))
        return cleaned


class ConfirmWarningsForm(forms.Form):
    """With eligibility warnings (clients.rules): why the officer registers anyway, and which warnings they saw."""

    reason = forms.CharField(
        label=_("Reason for registering despite these warnings"),
        max_length=services.MAX_CONFIRMATION_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    codes = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def confirmed_codes(self) -> frozenset[str]:
        return frozenset(filter(None, self.cleaned_data.get("codes", "").split(",")))


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("New PK"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=255)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        lib_forms.field(self, "officer", forms.ModelChoiceField).queryset = guides_of(office)


class ClientFilterForm(forms.Form):
    office = forms.ModelChoiceField(
        label=_("Office"), required=False, queryset=Office.objects.none(), empty_label=_("— choose an office —")
    )
    q = forms.CharField(label=_("Name, alias, NIK or register number"), required=False, max_length=100)
    program = forms.ChoiceField(label=_("Program"), required=False, choices=[("", _("All programs")), *Program.choices])
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *EpisodeStatus.choices]
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices])
    regency = forms.ModelChoiceField(
        label=_("Regency or city"), required=False, queryset=Regency.objects.none(), empty_label=_("All regencies")
    )
    officer = forms.ModelChoiceField(
        label=_("PK"), required=False, queryset=User.objects.none(), empty_label=_("All officers")
    )
    age_group = forms.ChoiceField(
        label=_("Adult or child"),
        required=False,
        choices=[("", _("Adults and children")), ("adult", _("Adults")), ("child", _("Children"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("end", _("End of guidance, soonest")),
            ("-end", _("End of guidance, latest")),
            ("-registered", _("Newest registered")),
        ],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.office_id:
            lib_forms.field(self, "regency", forms.ModelChoiceField).queryset = user.office.working_area.order_by(
                "name"
            )
            lib_forms.field(self, "officer", forms.ModelChoiceField).queryset = guides_of(user.office)
            del self.fields["office"]
        else:
            # Without an office of their own, users browse one office at a time: a national list of
            # 100,000 people serves nobody and shows more personal data than any task needs.
            lib_forms.field(self, "office", forms.ModelChoiceField).queryset = Office.objects.visible_to(user).order_by(
                "name"
            )
            del self.fields["regency"]  # 514 options for every page view; the office filter narrows enough
            del self.fields["officer"]
