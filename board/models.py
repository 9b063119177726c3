"""Models of the board app (see apps.py)."""

from django.db import models  # noqa: F401
