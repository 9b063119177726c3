"""Pokmas Lipas partner organisations.

Only what the platform needs to bind a partner user to one organisation lives
here so far; agreements, referrals and the portal come with the partnership
capability.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Office


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts import scopes

        qs = scopes.filter_by_office(self, user, field="office")
        if user.is_authenticated and user.partner_id:
            qs = qs.filter(pk=user.partner_id)
        return qs


class Partner(models.Model):
    """A Pokmas Lipas member organisation working with one Bapas office."""

    class Kind(models.TextChoices):
        LEGAL_AID = "lbh", _("Legal-aid institute")
        LAW_OFFICE = "kantor_hukum", _("Law office")
        JOB_TRAINING = "lpk", _("Job-training institute")
        SOCIAL_FOUNDATION = "yayasan_sosial", _("Social foundation")
        COMMUNITY_ORGANISATION = "ormas", _("Community organisation")
        UNIVERSITY = "perguruan_tinggi", _("University")
        PESANTREN = "pesantren", _("Pesantren")
        BUSINESS = "usaha", _("Business")
        GOVERNMENT = "instansi", _("Government agency")
        REHABILITATION = "rehabilitasi", _("Rehabilitation centre")
        OTHER = "lainnya", _("Other")

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        VERIFIED = "verified", _("Verified")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        ENDED = "ended", _("Ended")

    class Group(models.TextChoices):
        """The two groups the 2020 guideline (Kepdirjenpas PAS-06.OT.02.02) asks every Bapas to form."""

        LEGAL_COMMUNITY = "hukum_kemasyarakatan", _("Legal aid and community")
        INDEPENDENCE_PERSONALITY = "kemandirian_kepribadian", _("Independence and personality guidance")

    office = models.ForeignKey(Office, models.PROTECT, related_name="partners", verbose_name=_("office"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    group = models.CharField(_("Pokmas Lipas group"), max_length=24, choices=Group.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    joined_on = models.DateField(
        _("partner since"),
        null=True,
        blank=True,
        help_text=_("When the organisation joined (its first cooperation agreement)."),
    )

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="partners_partner_unique_name",
                violation_error_message=_("This office already has a partner with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
