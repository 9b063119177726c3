"""Models of the movements app (see apps.py)."""

from django.db import models  # noqa: F401
