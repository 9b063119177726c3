"""Code lists of the partnership (domain notes §5.15, §8.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceField(models.TextChoices):
    """A field of service (bidang) a partner offers and an agreement covers.

    The 2020 guideline groups them as hukum & kemasyarakatan and kemandirian & kepribadian; offices add
    economic empowerment (pemberdayaan) and social work. Stored as these codes, never as free text.
    """

    LEGAL_AID = "hukum", _("Legal aid")
    EMPOWERMENT = "pemberdayaan", _("Empowerment and economic")
    PERSONALITY = "kepribadian", _("Personality guidance")
    INDEPENDENCE = "kemandirian", _("Independence guidance")
    SOCIAL = "sosial", _("Social and community")


# Days before an agreement's end when the head and the administrator are warned, widest first.
EXPIRY_WARNING_DAYS = (90, 30)
