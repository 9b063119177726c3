"""Form helpers shared by every app: plausible dates, bounded free text, and showing a service's refusal.

Every date a person types (forms, filters, the import) goes through `validate_plausible_date`: a year
outside 1900–2100 is a typo, and 9999-12-31 or 0001-01-01 would overflow the date arithmetic
(`clients.rules.add_months`, a filter's "until the end of the day"). Every free text has a length limit,
and every text field refuses NUL (PostgreSQL cannot store it).
"""

from __future__ import annotations

import datetime
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2100

# Notes, reasons, findings: long enough for a careful page of text, short enough to refuse a paste accident.
FREE_TEXT_MAX_LENGTH = 5000

_F = TypeVar("_F", bound=forms.Field)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def validate_plausible_date(value: datetime.date | None) -> None:
    """Refuse a date (or datetime) outside MIN_YEAR–MAX_YEAR."""
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(min)s and %(max)s."),
            code="implausible_date",
            params={"min": MIN_YEAR, "max": MAX_YEAR},
        )


class DateField(forms.DateField):
    """A date between 1900 and 2100, with the browser's date picker."""

    widget = DATE_WIDGET
    default_validators = [validate_plausible_date]


class DateTimeField(forms.DateTimeField):
    """A date and time between 1900 and 2100."""

    default_validators = [validate_plausible_date]


def formfield(model_field: models.Field, **kwargs) -> forms.Field | None:
    """ModelForm `Meta.formfield_callback`: the shared date fields, and a length limit on every text."""
    if isinstance(model_field, models.DateTimeField):
        kwargs.setdefault("form_class", DateTimeField)
    elif isinstance(model_field, models.DateField):
        kwargs.setdefault("form_class", DateField)
    elif isinstance(model_field, models.TextField) and not model_field.max_length and not model_field.choices:
        kwargs.setdefault("max_length", FREE_TEXT_MAX_LENGTH)
    return model_field.formfield(**kwargs)


def field(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """The form's field `name`, known to be a `kind` (`form.fields` is typed as holding any Field).

    For a ModelForm's generated fields (a ForeignKey's ModelChoiceField), so that setting `queryset` or
    `choices` in `__init__` is type-checked.
    """
    found = form.fields[name]
    if not isinstance(found, kind):
        raise TypeError(f"The field {name!r} is a {type(found).__name__}, not a {kind.__name__}.")
    return found


def bound_choice(form: forms.BaseForm, name: str):
    """The object chosen in a bound form's ModelChoiceField, validated, or None.

    For choices that depend on another field (the villages of the chosen regency) before the form is
    validated: a posted value goes through the field's own cleaning, never raw into a query.
    """
    if not form.is_bound:
        return None
    field = form.fields[name]
    raw = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    try:
        return field.clean(raw)
    except ValidationError:
        return None


def apply_errors(exc: ValidationError, form) -> None:
    """Attach a service's ValidationError to the form's visible fields; the rest go to the form as a whole.

    Services raise `{field: message}` (or one message); a field the form does not show (absent or hidden)
    would swallow its message, so it is shown above the form instead.
    """
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        visible = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if visible else None, errors)
