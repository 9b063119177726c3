from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from lib import forms as lib_forms

AUDITED_APPS = ["accounts", "clients", "organizations", "partners"]


class AuditSearchForm(forms.Form):
    person = forms.CharField(label=_("Person (name, username or NIP)"), required=False, max_length=100)
    object_type = forms.ModelChoiceField(
        label=_("Object type"), required=False, queryset=ContentType.objects.none(), empty_label=_("All")
    )
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    object_label = forms.CharField(label=_("Object name contains"), required=False, max_length=100)
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    date_from = lib_forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = lib_forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The audited record types (a fixed list: scanning the trail for them grows with every page view).
        self.fields["object_type"].queryset = ContentType.objects.filter(app_label__in=AUDITED_APPS).order_by("model")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date is before the start date."))
        return cleaned
