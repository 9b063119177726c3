"""Pokmas Lipas partner organisations and their cooperation agreements (PKS).

Pokmas Lipas (kelompok masyarakat peduli pemasyarakatan) are the community groups, foundations,
training institutes, law offices and businesses that take clients referred by a Bapas. Each partner works
with one office, offers some fields of service (bidang) in some regencies and cities, and is bound by a
cooperation agreement (perjanjian kerja sama, PKS) signed by the head of the Bapas and the partner's
leader, usually at the office's evaluation meeting (rapat evaluasi). A referral needs a current agreement
covering its field (domain notes §5.15, §6.6).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import private_files
from lib.models import OfficeRow, VersionedModel
from organizations.models import Office
from partners.codes import ServiceField
from regions.models import Regency, Village


class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The partners of the user's office scope; a partner user: their own organisation (partners.access)."""
        from partners import access

        return access.partners_visible_to(self, user)

    def offering(self, field: str):
        """Partners that offer `field` (a ServiceField value)."""
        return self.filter(pk__in=PartnerField.objects.filter(field=field).values("partner_id"))

    def serving(self, regency_code: str):
        """Partners whose service area includes the regency or city `regency_code`."""
        return self.filter(
            pk__in=Partner.service_area.through.objects.filter(regency_id=regency_code).values("partner_id")
        )


class Partner(VersionedModel):
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
    # Where it is and whom it serves.
    address = models.TextField(_("address"), blank=True)
    regency = models.ForeignKey(
        Regency, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("regency or city")
    )
    village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("village")
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    service_area = models.ManyToManyField(
        Regency,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
        help_text=_("The regencies and cities whose clients the partner takes."),
    )
    # Contacts.
    leader_name = models.CharField(_("leader"), max_length=150, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("How many referred clients the partner can take at once; empty when not agreed."),
    )
    # The dates of the status steps (identified → verified → active → inactive or ended).
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    activated_on = models.DateField(_("active since"), null=True, blank=True)
    inactive_since = models.DateField(_("inactive since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status_note = models.TextField(_("reason for the last status change"), blank=True)

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
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="partners_partner_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="partners_partner_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
        ]
        indexes = [models.Index(fields=["office", "status"], name="partners_office_status_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


# The steps a partner's status may take (domain notes §6.6). An ended partnership is final; an inactive
# partner may be taken up again once it has a current agreement.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    Partner.Status.IDENTIFIED: frozenset({Partner.Status.VERIFIED, Partner.Status.ENDED}),
    Partner.Status.VERIFIED: frozenset({Partner.Status.ACTIVE, Partner.Status.ENDED}),
    Partner.Status.ACTIVE: frozenset({Partner.Status.INACTIVE, Partner.Status.ENDED}),
    Partner.Status.INACTIVE: frozenset({Partner.Status.ACTIVE, Partner.Status.ENDED}),
    Partner.Status.ENDED: frozenset(),
}


class PartnerField(OfficeRow):
    """One field of service (bidang) a partner offers."""

    partner = models.ForeignKey(Partner, models.CASCADE, related_name="service_fields", verbose_name=_("partner"))
    field = models.CharField(_("field of service"), max_length=16, choices=ServiceField.choices)

    # The tenant key: the office of the partner (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("partner",)
    seen_through = "partner"  # visible to whoever sees its partner (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["partner", "field"]
        verbose_name = _("field of service")
        verbose_name_plural = _("fields of service")
        constraints = [
            models.UniqueConstraint(fields=["partner", "field"], name="partners_partnerfield_unique"),
        ]
        indexes = [models.Index(fields=["field", "partner"], name="partners_field_partner_idx")]

    def __str__(self) -> str:
        return self.get_field_display()


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Agreements of the partners the user may see (a partner user: their own organisation's)."""
        from partners import access

        return access.agreements_visible_to(self, user)

    def current(self, on: datetime.date | None = None):
        """Agreements in force on `on` (today by default): started and not yet ended."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)

    def covering(self, field: str):
        """Agreements whose scope includes `field` (a ServiceField value)."""
        return self.filter(pk__in=AgreementField.objects.filter(field=field).values("agreement_id"))

    def not_renewed(self):
        """Agreements no later agreement renews."""
        return self.exclude(pk__in=Agreement.objects.filter(renews__isnull=False).values("renews_id"))


def _document_path(agreement: Agreement, filename: str) -> str:
    # Never the uploader's file name on disk: it may carry a path or a misleading extension.
    return f"agreements/{agreement.office_id}/{uuid.uuid4().hex}.pdf"


class Agreement(models.Model):
    """A cooperation agreement (PKS) between the Bapas and one partner, in force from `starts_on` to `ends_on`.

    Both parties number the agreement in their own registers. A renewal is a new agreement that names
    the one it renews, so the chain of agreements with a partner stays readable.
    """

    partner = models.ForeignKey(Partner, models.PROTECT, related_name="agreements", verbose_name=_("partner"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    number_office = models.CharField(_("Bapas agreement number"), max_length=100)
    number_partner = models.CharField(_("partner's agreement number"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"))
    occasion = models.CharField(
        _("signing occasion"),
        max_length=200,
        blank=True,
        help_text=_("For example the annual Pokmas Lipas evaluation meeting."),
    )
    office_signatory = models.CharField(_("signed for the Bapas by"), max_length=150)
    partner_signatory = models.CharField(_("signed for the partner by"), max_length=150)
    witness = models.CharField(_("witness"), max_length=150, blank=True)
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    document = models.FileField(
        _("signed agreement (PDF)"),
        storage=private_files.storage,
        upload_to=_document_path,
        max_length=200,
        blank=True,
    )
    document_name = models.CharField(_("document file name"), max_length=200, blank=True)
    renews = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renews agreement"),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "-starts_on"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="partners_agreement_ends_after_start",
                violation_error_message=_("An agreement must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["office", "number_office"],
                name="partners_agreement_unique_office_number",
                violation_error_message=_("The office already has an agreement with this number."),
            ),
        ]
        indexes = [models.Index(fields=["office", "ends_on"], name="partners_agreement_ends_idx")]

    def __str__(self) -> str:
        return f"{self.number_office} ({self.partner})" if self.partner_id else self.number_office

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on <= self.ends_on

    def days_left(self, on: datetime.date | None = None) -> int:
        return (self.ends_on - (on or timezone.localdate())).days


class AgreementField(OfficeRow):
    """One field of service an agreement covers (its scope, ruang lingkup)."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="scope", verbose_name=_("agreement"))
    field = models.CharField(_("field of service"), max_length=16, choices=ServiceField.choices)

    # The tenant key: the office of the agreement (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("agreement",)
    seen_through = "agreement"  # visible to whoever sees its agreement (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["agreement", "field"]
        verbose_name = _("agreement scope")
        verbose_name_plural = _("agreement scopes")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "field"], name="partners_agreementfield_unique"),
        ]
        indexes = [models.Index(fields=["field", "agreement"], name="partners_field_agreement_idx")]

    def __str__(self) -> str:
        return self.get_field_display()
