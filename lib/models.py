"""Model helpers shared by the domain apps."""

from django.core.exceptions import ValidationError
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
