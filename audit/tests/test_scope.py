"""An audit row's office and restricted flag come from the object itself, for every model holding a client's data.

The models are found by following foreign keys to a client or an episode (the records that carry
`is_child`), independently of the links `audit.services` follows, so a new model whose link the audit
does not know fails here instead of showing a child's trail to staff who may not see children.
"""

from __future__ import annotations

import itertools

from django.apps import apps
from django.db import models
from django.test import SimpleTestCase

from audit import services
from clients.models import Client, ProgramEpisode

RECORDS = (Client, ProgramEpisode)
PROJECT_APPS = {
    "accounts",
    "audit",
    "board",
    "clients",
    "fieldwork",
    "movements",
    "organizations",
    "partners",
    "referrals",
    "supervision",
    "violations",
    "ops",
    "submissions",
    "dashboard",
}
# Rows about several clients answer for themselves (a property that asks the database); tested in referrals.
SELF_ANSWERING = {"referrals.groupactivity", "referrals.document"}
OFFICE_ID = 7
_pks = itertools.count(1000)


def links_to_a_record(model, seen=()) -> list[models.Field]:
    """The forward foreign keys of `model` from which a client or an episode can be reached."""
    found = []
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model is None or field.related_model in seen:
            continue
        target = field.related_model
        if target in RECORDS or links_to_a_record(target, (*seen, model)):
            found.append(field)
    return found


def holds_client_data(model) -> bool:
    return model._meta.app_label in PROJECT_APPS and model not in RECORDS and bool(links_to_a_record(model))


def build(model, *, child: bool, seen=()):
    """An unsaved instance of `model` whose every link to a client or an episode leads to one with `is_child`."""
    instance = model()
    instance.pk = next(_pks)
    if model in RECORDS:
        instance.is_child = child
        instance.office_id = OFFICE_ID
        return instance
    if any(f.name == "office" for f in model._meta.concrete_fields):
        instance.office_id = OFFICE_ID
    for field in links_to_a_record(model, seen):
        setattr(instance, field.name, build(field.related_model, child=child, seen=(*seen, model)))
    return instance


class AuditScopeTestCase(SimpleTestCase):
    def test_there_are_models_to_check(self):
        checked = [m._meta.label_lower for m in apps.get_models() if holds_client_data(m)]
        for expected in ("supervision.checkin", "referrals.referralsession", "movements.travelpermit"):
            self.assertIn(expected, checked)
        self.assertGreater(len(checked), 20)

    def test_every_model_with_a_client_is_restricted_exactly_when_the_client_is_a_child(self):
        for model in apps.get_models():
            label = model._meta.label_lower
            if not holds_client_data(model) or label in SELF_ANSWERING:
                continue
            with self.subTest(model=label):
                self.assertTrue(services.concerns_a_child(build(model, child=True)))
                self.assertFalse(services.concerns_a_child(build(model, child=False)))

    def test_every_model_with_a_client_files_its_events_under_the_clients_office(self):
        for model in apps.get_models():
            label = model._meta.label_lower
            if not holds_client_data(model) or label in SELF_ANSWERING:
                continue
            with self.subTest(model=label):
                self.assertEqual(services.office_of(build(model, child=False)), OFFICE_ID)

    def test_rows_listing_clients_as_participants_answer_for_themselves(self):
        """A session or activity has no client of its own: it says whether a child takes part (tested with the
        database in fieldwork and referrals)."""
        containers = {
            field.related_model
            for model in apps.get_models()
            if holds_client_data(model)
            for field in model._meta.concrete_fields
            if field.is_relation and field.remote_field.related_name == "participants"
        }
        self.assertEqual(
            {m._meta.label_lower for m in containers}, {"fieldwork.guidanceactivity", "referrals.groupactivity"}
        )
        for model in containers:
            with self.subTest(model=model._meta.label_lower):
                self.assertTrue(hasattr(model, "concerns_a_child"))

    def test_the_records_themselves(self):
        for model in RECORDS:
            with self.subTest(model=model.__name__):
                self.assertTrue(services.concerns_a_child(build(model, child=True)))
                self.assertFalse(services.concerns_a_child(build(model, child=False)))
                self.assertEqual(services.office_of(build(model, child=False)), OFFICE_ID)

    def test_callers_cannot_pass_the_flag_by_hand(self):
        with self.assertRaises(TypeError):
            services.event(actor=None, action="client.viewed", obj=build(Client, child=True), restricted=False)
