"""Models of the violations app (see apps.py)."""

from django.db import models  # noqa: F401
