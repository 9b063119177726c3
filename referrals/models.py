"""Models of the referrals app (see apps.py)."""

from django.db import models  # noqa: F401
