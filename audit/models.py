"""The append-only audit trail: who did what to which record, and who looked at it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from lib.dates import site_datetime


class AuditTrailIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit row."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("Audit rows are never updated.")

    def delete(self):
        raise AuditTrailIsAppendOnly("Audit rows are never deleted.")

    def visible_to(self, user):
        qs = scopes.filter_by_office(self, user, field="office")
        if not scopes.may_see_children(user):
            qs = qs.filter(restricted=False)
        return qs


class AuditEvent(models.Model):
    """One thing someone did to a record, or one view of a sensitive record.

    Rows are written by services inside the transaction of the change itself and
    are never updated or deleted: the model refuses it, and database triggers
    refuse it for any code that goes around the model.
    """

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    # Kept as text too, so the trail still reads right after an account is renamed.
    actor_label = models.CharField(_("who (as recorded)"), max_length=200, blank=True)
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("office")
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.ForeignKey(ContentType, models.PROTECT, verbose_name=_("object type"))
    object_id = models.CharField(_("object id"), max_length=64)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True, help_text=_("{field: [before, after]}"))
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Events about children's records (UU 11/2012): shown only to BKA staff and the head.
    restricted = models.BooleanField(_("restricted"), default=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["object_type", "object_id", "occurred_at"], name="audit_object_idx"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_idx"),
            models.Index(fields=["office", "occurred_at"], name="audit_office_idx"),
        ]

    def __str__(self) -> str:
        return f"{site_datetime(self.occurred_at)} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit rows are never deleted.")
