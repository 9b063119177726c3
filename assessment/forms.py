"""Forms of the assessment: choosing an instrument, and the answer sheet (one radio group per question)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.codes import Source
from assessment.models import Instrument, InstrumentDomain
from lib.forms import DateField, field


class StartForm(forms.Form):
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.none(), label=_("Instrument"), empty_label=None)

    def __init__(self, *args, instruments, **kwargs):
        super().__init__(*args, **kwargs)
        field(self, "instrument", forms.ModelChoiceField).queryset = instruments


def item_field_name(item_id: int) -> str:
    return f"item_{item_id}"


class AnswerSheetForm(forms.Form):
    """The date, sources and consent, and a radio group per question. No question is required here: a draft may
    be saved half done; the service refuses to finalise with a required question unanswered, naming it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assessed_on = DateField(label=_("Date of the assessment"))
    sources = forms.MultipleChoiceField(
        label=_("Verification sources"),
        choices=Source.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sources_note = forms.CharField(label=_("Note on the sources"), max_length=300, required=False)
    consent = forms.BooleanField(label=_("The client gave informed consent to the assessment"), required=False)

    def __init__(self, *args, domains: list[InstrumentDomain], **kwargs):
        super().__init__(*args, **kwargs)
        self.domains = domains
        for domain in domains:
            for item in domain.items.all():
                question = self.fields[item_field_name(item.pk)] = forms.TypedChoiceField(
                    label=f"{domain.order}.{item.order} {item.text}",
                    choices=[(o.pk, f"{o.label} ({o.score})") for o in item.options.all()],
                    coerce=int,
                    widget=forms.RadioSelect,
                    required=False,
                )
                setattr(question, "question_required", item.required)  # noqa: B010  (the template's *)

    def grouped(self) -> list[tuple[InstrumentDomain, list[forms.BoundField]]]:
        """The question fields grouped by domain, in the instrument's order (for the template)."""
        return [(d, [self[item_field_name(i.pk)] for i in d.items.all()]) for d in self.domains]

    def answers(self) -> dict[int, int]:
        """{item id: option id} of the questions answered."""
        found = {}
        for domain in self.domains:
            for item in domain.items.all():
                value = self.cleaned_data.get(item_field_name(item.pk))
                if value is not None and value != "":
                    found[item.pk] = int(value)
        return found
