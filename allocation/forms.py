"""Forms of the allocation pages: an exclusion, an officer's working area."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from allocation import access
from allocation.models import ExclusionReason
from clients import access as client_access
from clients.codes import OPEN_STATUSES
from clients.models import Client
from regions.models import District, Regency


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class ClientChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class ExclusionForm(forms.Form):
    """An officer who may not guide a client: the PKs the user manages, the clients under guidance they see."""

    client = ClientChoiceField(label=_("Client"), queryset=Client.objects.none())
    officer = OfficerChoiceField(label=_("Officer who may not guide the client"), queryset=User.objects.none())
    reason = forms.ChoiceField(label=_("Reason"), choices=ExclusionReason.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("Required when the reason is Other."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        clients = client_access.clients_visible_to(Client.objects.all(), user).filter(
            current_episode__status__in=sorted(OPEN_STATUSES)
        )
        self.fields["client"].queryset = clients.order_by("name", "pk")
        self.fields["officer"].queryset = access.manageable_officers(user).order_by("full_name", "pk")

    def clean(self):
        data = super().clean()
        if data.get("reason") == ExclusionReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why when the reason is Other."))
        return data


class WorkingAreaForm(forms.Form):
    """The regencies and districts of an officer's working area, among those of the office's service area."""

    regencies = forms.ModelMultipleChoiceField(
        label=_("Regencies or cities"),
        queryset=Regency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        regencies = (
            Regency.objects.filter(pk__in=office.working_area.values("pk")) if office else Regency.objects.none()
        )
        self.fields["regencies"].queryset = regencies.order_by("name")
        self.fields["districts"].queryset = (
            District.objects.filter(regency__in=regencies).select_related("regency").order_by("regency__name", "name")
        )
        self.fields["districts"].label_from_instance = lambda d: f"{d.name} ({d.regency.name})"


class PolicyForm(forms.Form):
    """The office's allocation policy, with the version it was loaded with."""

    continuity = forms.DecimalField(
        label=_("Continuity threshold"),
        min_value=0,
        max_value=200,
        decimal_places=1,
        help_text=_(
            "How much better (in cost points) a move must be before a client is proposed a new PK. "
            "10 is about a PK 40 load points fuller; 0 moves clients for any gain."
        ),
    )
    seniority = forms.DecimalField(
        label=_("Cost of a high-risk client with a junior PK"), min_value=0, max_value=200, decimal_places=1
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
