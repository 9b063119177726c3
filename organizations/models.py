"""Kanwil (regional offices), Bapas offices and the places where clients report.

`Office` is the tenant key of the system: every row that belongs to one Bapas
points to it, and every query of such rows is scoped by it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.dates import site_date
from lib.models import VersionedModel
from regions.models import District, Province, Regency


class OfficeQuerySet(models.QuerySet):
    def visible_to(self, user):
        from organizations import access

        return access.offices_visible_to(self, user)


class Kanwil(models.Model):
    """A Kantor Wilayah Ditjenpas: the regional office that Bapas report to."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    province = models.ForeignKey(Province, models.PROTECT, verbose_name=_("province"))
    address = models.TextField(_("address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kanwil")
        verbose_name_plural = _("Kanwil")

    def __str__(self) -> str:
        return self.name


class Office(VersionedModel):
    """A Balai Pemasyarakatan (Bapas), class I or II, with its working area."""

    class Grade(models.TextChoices):
        CLASS_I = "I", _("Class I")
        CLASS_II = "II", _("Class II")

    kanwil = models.ForeignKey(Kanwil, models.PROTECT, related_name="offices", verbose_name=_("Kanwil"))
    name = models.CharField(_("name"), max_length=150, unique=True)
    grade = models.CharField(_("class"), max_length=2, choices=Grade.choices)
    address = models.TextField(_("address"))
    regency = models.ForeignKey(
        Regency, models.PROTECT, related_name="+", verbose_name=_("regency or city of the office")
    )
    working_area = models.ManyToManyField(
        Regency,
        related_name="offices",
        verbose_name=_("working area"),
        help_text=_("The regencies and cities whose clients this office supervises."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Bapas office")
        verbose_name_plural = _("Bapas offices")

    def __str__(self) -> str:
        return self.name


class ServiceLocationQuerySet(models.QuerySet):
    def visible_to(self, user):
        from organizations import access

        return access.locations_visible_to(self, user)

    def active(self):
        return self.filter(is_active=True)


class ServiceLocation(VersionedModel):
    """A place where clients can report (wajib lapor) and meet their officer."""

    class Kind(models.TextChoices):
        OFFICE = "kantor", _("Bapas office")
        POS_BAPAS = "pos_bapas", _("Pos Bapas")
        GRIYA_ABHIPRAYA = "griya_abhipraya", _("Griya Abhipraya")
        PARTNER_SITE = "mitra", _("Partner's site")

    office = models.ForeignKey(Office, models.PROTECT, related_name="service_locations", verbose_name=_("office"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    address = models.TextField(_("address"))
    district = models.ForeignKey(District, models.PROTECT, verbose_name=_("district"))
    partner = models.ForeignKey(
        "partners.Partner",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="service_locations",
        verbose_name=_("partner"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ServiceLocationQuerySet.as_manager()

    class Meta:
        ordering = ["office", "kind", "name"]
        verbose_name = _("service location")
        verbose_name_plural = _("service locations")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="organizations_servicelocation_unique_name",
                violation_error_message=_("This office already has a service location with this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="mitra", partner__isnull=False)
                | (~models.Q(kind="mitra") & models.Q(partner__isnull=True)),
                name="organizations_servicelocation_partner_iff_partner_site",
                violation_error_message=_("A partner's site names its partner; other locations do not."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="organizations_servicelocation_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="organizations_servicelocation_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CalendarDay(models.Model):
    """A national exception to the working-day calendar, set by the national administrator.

    Public holidays and the government's collective-leave days (cuti bersama, SKB 3 Menteri) come
    from the maintained `holidays` library; this table adds a collective-leave day the library does
    not know yet (`is_working_day=False`) or cancels one (`is_working_day=True`).
    """

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"), default=False, help_text=_("Tick to open a day that the holiday calendar closes.")
    )
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions (collective leave)")

    def __str__(self) -> str:
        return f"{site_date(self.date)} {self.description}"
