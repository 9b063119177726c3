"""Every form of every app uses the shared plausible-date fields and limits its free texts (issue #9, point 11)."""

import importlib
import inspect
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.test import SimpleTestCase

from lib import forms as lib_forms


def project_forms():
    for config in apps.get_app_configs():
        if Path(config.path).parent != settings.BASE_DIR:
            continue  # Django's and third-party apps
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", form


class FormFieldsTestCase(SimpleTestCase):
    def test_the_forms_are_found(self):
        names = {name for name, _form in project_forms()}
        self.assertIn("clients.forms.CaseForm", names)
        self.assertIn("clients.forms.ClientForm", names)
        self.assertIn("audit.forms.AuditSearchForm", names)

    def test_every_date_field_refuses_implausible_years(self):
        for name, form in project_forms():
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.DateField | forms.DateTimeField):
                    with self.subTest(form=name, field=field_name):
                        self.assertIn(lib_forms.validate_plausible_date, field.validators)

    def test_every_text_field_has_a_length_limit(self):
        for name, form in project_forms():
            for field_name, field in form.base_fields.items():
                text = type(field) in (forms.CharField, forms.EmailField, forms.RegexField, forms.SlugField)
                if text and not isinstance(field.widget, forms.PasswordInput):
                    with self.subTest(form=name, field=field_name):
                        self.assertIsNotNone(field.max_length)
                        self.assertLessEqual(field.max_length, lib_forms.FREE_TEXT_MAX_LENGTH)
