"""Staff and partner accounts, with the role and place that decide what each may see."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.models import VersionedModel
from lib.nip import parse_nip, validate_nip


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    HEAD = "kepala_bapas", _("Kepala Bapas")
    SECTION_HEAD = "kepala_seksi", _("Section head")
    PK = "pk", _("Pembimbing Kemasyarakatan (PK)")
    APK = "apk", _("Assistant PK (APK)")
    REGISTRATION = "registrasi", _("Registration / front desk")
    TPP_SECRETARY = "sekretaris_tpp", _("TPP secretary")
    KANWIL_VIEWER = "kanwil", _("Kanwil viewer")
    AUDITOR = "auditor", _("Read-only auditor")
    PARTNER = "mitra", _("Partner user")


class Jenjang(models.TextChoices):
    """Rank of the PK functional position (jabatan fungsional)."""

    AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Ahli Utama")


class Section(models.TextChoices):
    """BKD guides adult clients (dewasa); BKA guides children (anak)."""

    BKD = "BKD", _("Adult clients (BKD)")
    BKA = "BKA", _("Child clients (BKA)")


# Roles that work inside one office.
OFFICE_ROLES = frozenset(
    {Role.HEAD, Role.SECTION_HEAD, Role.PK, Role.APK, Role.REGISTRATION, Role.TPP_SECRETARY, Role.AUDITOR, Role.PARTNER}
)
# Roles that never change data.
READ_ONLY_ROLES = frozenset({Role.KANWIL_VIEWER, Role.AUDITOR})


class UserQuerySet(models.QuerySet["User"]):
    def visible_to(self, user: User) -> UserQuerySet:
        from accounts import scopes

        return scopes.filter_by_office(self, user, field="office")

    # --- clients, movements, referrals, partners, organizations -------------------------------------
    # The queryset forms of scopes.may_guide / may_assist / is_partner_role.

    def guides(self) -> UserQuerySet:
        """Accounts that may be a client's PK."""
        return self.filter(role=Role.PK)

    def assistants(self) -> UserQuerySet:
        """Accounts that may assist on an episode: APKs, and PKs standing in."""
        return self.filter(role__in=(Role.APK, Role.PK))

    def staff(self) -> UserQuerySet:
        """Office staff and Kanwil or national accounts: everyone but partner organisations' users."""
        return self.exclude(role=Role.PARTNER)

    # --- supervision, fieldwork, violations, board, dashboard -----------------------------------------

    def with_ability(self, ability: str) -> UserQuerySet:
        """Accounts whose role has `ability` (`scopes.can` for many users at once; activity is the caller's)."""
        from accounts import scopes

        return self.filter(role__in=sorted(scopes.roles_with(ability)))

    def caseload_officers(self) -> UserQuerySet:
        """PKs and APKs: the staff who guide a caseload of their own."""
        from accounts import scopes

        return self.filter(role__in=sorted(scopes.CASELOAD_ROLES))

    def officers_in_reach_of(self, user: User) -> UserQuerySet:
        """The active PKs and APKs whose work queues `user` opens (`scopes.officers_in_reach`)."""
        from accounts import scopes

        return scopes.officers_in_reach(self, user)


class BapasUserManager(UserManager["User"]):
    # Written out rather than `UserManager.from_queryset(UserQuerySet)`: mypy cannot type a class that
    # inherits from a from_queryset() result (django-stubs PR 1699), and this one has a name migrations use.
    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def visible_to(self, user: User) -> UserQuerySet:
        return self.get_queryset().visible_to(user)

    # supervision, fieldwork, violations, board, dashboard

    def staff(self) -> UserQuerySet:
        return self.get_queryset().staff()

    def with_ability(self, ability: str) -> UserQuerySet:
        return self.get_queryset().with_ability(ability)

    def caseload_officers(self) -> UserQuerySet:
        return self.get_queryset().caseload_officers()

    def officers_in_reach_of(self, user: User) -> UserQuerySet:
        return self.get_queryset().officers_in_reach_of(user)


class User(VersionedModel, AbstractUser):
    """A person who signs in: office staff, a Kanwil viewer, or a partner's user."""

    full_name = models.CharField(_("full name"), max_length=150)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nip],
        help_text=_("18-digit civil-servant number; required for staff, empty for partner users."),
        error_messages={"unique": _("Another account already has this NIP.")},
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    jenjang = models.CharField(_("rank (jenjang)"), max_length=20, choices=Jenjang.choices, blank=True)
    section = models.CharField(_("section"), max_length=3, choices=Section.choices, blank=True)
    office = models.ForeignKey(
        "organizations.Office",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("office"),
    )
    kanwil = models.ForeignKey(
        "organizations.Kanwil",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="viewers",
        verbose_name=_("Kanwil"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("partner"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("interface language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Chosen with the language switch; empty means Bahasa Indonesia."),
    )

    objects: ClassVar[BapasUserManager] = BapasUserManager()

    REQUIRED_FIELDS = ["email", "full_name", "role"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(r.value for r in OFFICE_ROLES)) | models.Q(office__isnull=False),
                name="accounts_user_office_role_has_office",
                violation_error_message=_("This role works in an office; choose the office."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.PARTNER) | models.Q(partner__isnull=False),
                name="accounts_user_partner_role_has_partner",
                violation_error_message=_("A partner user must belong to a partner organisation."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.KANWIL_VIEWER) | models.Q(kanwil__isnull=False),
                name="accounts_user_kanwil_role_has_kanwil",
                violation_error_message=_("A Kanwil viewer must belong to a Kanwil."),
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.SECTION_HEAD) | ~models.Q(section=""),
                name="accounts_user_section_head_has_section",
                violation_error_message=_("A section head must have a section (BKD or BKA)."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        role = self.role
        if role in OFFICE_ROLES and not self.office_id:
            errors.setdefault("office", []).append(_("This role works in an office; choose the office."))
        if role == Role.PARTNER:
            if not self.partner_id:
                errors.setdefault("partner", []).append(_("A partner user must belong to a partner organisation."))
            elif self.office_id and self.partner is not None and self.partner.office_id != self.office_id:
                errors.setdefault("partner", []).append(_("The partner works with another office."))
        elif self.partner_id:
            errors.setdefault("partner", []).append(_("Only partner users belong to a partner organisation."))
        if role == Role.KANWIL_VIEWER and not self.kanwil_id:
            errors.setdefault("kanwil", []).append(_("A Kanwil viewer must belong to a Kanwil."))
        if role in (Role.SECTION_HEAD, Role.PK, Role.APK) and not self.section:
            errors.setdefault("section", []).append(_("Choose the section (BKD or BKA) this person works in."))
        if role == Role.PK and not self.jenjang:
            errors.setdefault("jenjang", []).append(_("A PK has a rank (jenjang)."))
        if role != Role.PK and self.jenjang:
            errors.setdefault("jenjang", []).append(_("Only a PK has a rank (jenjang)."))
        if role not in (Role.PARTNER, Role.ADMINISTRATOR) and not self.nip:
            errors.setdefault("nip", []).append(_("Staff are identified by their NIP."))
        if errors:
            raise ValidationError(errors)

    @property
    def sex(self) -> str:
        """L or P, read from the NIP's sex digit; empty when there is no NIP."""
        if not self.nip:
            return ""
        try:
            return parse_nip(self.nip).sex
        except ValidationError:
            return ""

    @property
    def is_read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES
