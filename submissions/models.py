"""One-time tokens of create forms: a row per form that was sent, so the same form cannot be sent twice.

The lowest app: it imports no other app, and any app's form may carry a token (`{% once_field %}`).
"""

from django.db import models
from django.utils import timezone

from lib.dates import site_datetime


class FormSubmission(models.Model):
    """A form sent with its one-time token; the unique key lets only one of two identical posts through."""

    key = models.CharField(max_length=64, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Where the first post's answer sent the user; a second post of the same form goes there too.
    redirect_to = models.CharField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return f"{self.key[:8]}… {site_datetime(self.submitted_at)}"
