"""Models of the fieldwork app (see apps.py)."""

from django.db import models  # noqa: F401
