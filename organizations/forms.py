from django import forms

from lib import forms as lib_forms
from organizations.models import Office, ServiceLocation
from regions.models import District, Regency


class ServiceLocationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceLocation
        formfield_callback = lib_forms.formfield
        fields = ["kind", "name", "address", "district", "partner", "latitude", "longitude", "is_active"]

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office
        # Only districts inside the office's working area, and the office's own partners.
        self.fields["district"].queryset = (
            District.objects.filter(regency__in=office.working_area.all())
            .select_related("regency")
            .order_by("regency__name", "name")
        )
        self.fields["district"].label_from_instance = lambda d: f"{d.name} — {d.regency.name}"
        self.fields["partner"].queryset = office.partners.all()
        self.fields["version"].initial = self.instance.version


class OfficeForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Office
        formfield_callback = lib_forms.formfield
        fields = ["name", "grade", "address", "regency", "phone", "email", "working_area"]
        widgets = {"working_area": forms.SelectMultiple(attrs={"size": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regencies = Regency.objects.filter(province=self.instance.kanwil.province_id)
        self.fields["regency"].queryset = regencies
        self.fields["working_area"].queryset = regencies
        self.fields["version"].initial = self.instance.version
