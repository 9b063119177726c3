"""Model helpers shared by the domain apps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A row edited through forms: `version` detects a concurrent edit.

    An edit form carries the version it was loaded with; the service compares it
    with the locked row and refuses a stale one instead of overwriting someone
    else's change.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def check_version(self, expected: int | None) -> None:
        if expected is not None and expected != self.version:
            raise ValidationError(
                _(
                    "This record was changed by someone else while you were editing it. "
                    "Reload the page, check their change and try again."
                ),
                code="stale",
            )


def _parent_link(model: type[models.Model], link: str) -> models.ForeignKey:
    field = model._meta.get_field(link)
    if not isinstance(field, models.ForeignKey):
        raise TypeError(f"{model.__name__}.office_parents names {link!r}, which is not a foreign key")
    return field


class SeenThroughParentQuerySet(models.QuerySet):
    """Rows of a record that belongs to another (a guarantor to its client, a session to its referral).

    `visible_to(user)` keeps the rows whose parent, the foreign key the model names in `seen_through`, the user
    may see, as the parent model's own `visible_to` (its access module) decides. No rule of its own lives here:
    whoever may see a client may see its guarantors, and nobody else.
    """

    def visible_to(self, user):
        link = getattr(self.model, "seen_through", "")
        if not link:
            raise ImproperlyConfigured(f"{self.model.__name__} names no `seen_through` parent to take access from.")
        parent: Any = self.model._meta.get_field(link).related_model
        return self.filter(**{f"{link}__in": parent._default_manager.visible_to(user).values("pk")})


class OfficeRowQuerySet(SeenThroughParentQuerySet):
    """The rows of an `OfficeRow`: `bulk_create` fills each row's office from its parent, as `save()` does."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        fill_office(self.model, objs)
        return super().bulk_create(objs, *args, **kwargs)


def fill_office(model: type[OfficeRow], objs: list[Any]) -> None:
    """Set `office_id` of the rows of `objs` that have none from their parent (`model.office_parents`).

    A parent already in memory gives its office for free (the demo builder and the services build
    rows with their parent); rows that carry only the parent's id cost one query per parent model.
    """
    missing: dict[str, dict[int, list[Any]]] = {}
    for obj in objs:
        if obj.office_id is not None:
            continue
        for link in model.office_parents:
            field = _parent_link(model, link)
            parent_id = getattr(obj, field.attname)
            parent: Any = field.get_cached_value(obj, default=None)
            if parent_id is None and parent is None:
                continue
            if parent is not None and parent.office_id is not None:
                obj.office_id = parent.office_id
            elif parent_id is not None:
                missing.setdefault(link, {}).setdefault(parent_id, []).append(obj)
            break
    for link, by_parent in missing.items():
        parent_model: Any = _parent_link(model, link).related_model
        rows = parent_model._base_manager.filter(pk__in=list(by_parent)).values_list("pk", "office_id")
        for parent_id, office_id in rows:
            for obj in by_parent[parent_id]:
                obj.office_id = office_id


class OfficeRow(models.Model):
    """A row of one office's data reached through a parent row: the tenant key (DESIGN.md, "Tenant key").

    The concrete model declares `office` (a foreign key to organizations.Office) and `office_parents`,
    the foreign keys (tried in order, the first one set wins) whose row's `office` this row takes. That
    declaration is the one place the rule lives: `save()` and the manager's `bulk_create()` fill a
    missing office from it, so services, imports, demo builders, factories and the admin cannot forget
    it; bapas/tests/test_tenant_key.py checks every row against its parent with the same attribute.
    A row keeps the office it was written in; only a move of the parent itself (a client's transfer moves
    its guarantors) updates it, in the service that moves the parent.
    """

    office_parents: tuple[str, ...] = ()

    objects = OfficeRowQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.office_id is None:
            fill_office(type(self), [self])
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        # The office is derived, not entered: fill it and leave it out of validation (its parent was
        # validated when it was written; checking it again would cost a query per row).
        if self.office_id is None:
            fill_office(type(self), [self])
        super().clean_fields(exclude={*(exclude or ()), "office"})
