"""The client registry: the person (klien), their case (perkara), and the program episodes
(the supervised orders, e.g. asimilasi then PB) that a Bapas carries out, with the versioned
rule sets their dates are computed from.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.codes import (
    CaseCategory,
    CriminalCode,
    Education,
    Employment,
    EpisodeStatus,
    MaritalStatus,
    Phase,
    PrisonKind,
    Program,
    Relationship,
    Religion,
    Severity,
    Sex,
)
from lib import private_files
from lib.dates import site_date
from lib.models import OfficeRow, SeenThroughParentQuerySet, VersionedModel
from lib.nik import validate_nik
from organizations.models import Office
from regions.models import Regency, Village


class RuleSet(models.Model):
    """One version of the rules for one program, in force from `valid_from`.

    For court-governed programs `valid_from` is compared with the court decision date (the
    criminal code in force then applies); for the others with the decree date. New versions
    are added by an administrator without code changes.
    """

    program = models.CharField(_("program"), max_length=32, choices=Program.choices)
    valid_from = models.DateField(_("valid from"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    phase_continued_at = models.DecimalField(
        _("continued phase starts at (fraction of the period)"), max_digits=5, decimal_places=4, default="0.3333"
    )
    phase_final_at = models.DecimalField(
        _("final phase starts at (fraction of the period)"), max_digits=5, decimal_places=4, default="0.6667"
    )
    reporting_interval_months = models.PositiveSmallIntegerField(_("reporting every … months"), default=1)
    reporting_interval_days = models.PositiveSmallIntegerField(_("and … days"), default=0)
    grace_days = models.PositiveSmallIntegerField(
        _("grace period for reporting (days)"),
        default=3,
        help_text=_("A scheduled report still unrecorded this many days after its date is marked missed."),
    )
    probation_extra_months = models.PositiveSmallIntegerField(
        _("probation beyond the sentence expiry (months)"),
        null=True,
        blank=True,
        help_text=_("PB: remaining sentence plus this many months (KUHP Pasal 72(4): 12)."),
    )
    max_duration_months = models.PositiveSmallIntegerField(_("longest period (months)"), null=True, blank=True)
    min_hours = models.PositiveSmallIntegerField(_("fewest community-service hours"), null=True, blank=True)
    max_hours = models.PositiveSmallIntegerField(_("most community-service hours"), null=True, blank=True)
    max_hours_per_day = models.PositiveSmallIntegerField(_("most hours a day"), null=True, blank=True)
    completion_months = models.PositiveSmallIntegerField(_("hours must be done within (months)"), null=True, blank=True)
    revocation_window_months = models.PositiveSmallIntegerField(
        _("revocation window after probation ends (months)"),
        default=3,
        help_text=_("KUHP Pasal 73(5): no revocation later than three months after probation ends."),
    )
    phase_change_needs_head_approval = models.BooleanField(
        _("phase changes need the head's approval"),
        default=True,
        help_text=_(
            "After the case board (TPP) approves a move to the next guidance phase, the head of the Bapas "
            "must approve it before the phase changes."
        ),
    )
    # Eligibility checks at registration and import (clients.rules.eligibility_findings): each has its
    # thresholds and a severity; an empty threshold or severity switches the check off.
    min_served_fraction = models.DecimalField(
        _("starts once this fraction of the sentence is served"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Counted from the detention start, e.g. 0.6667 for 2/3 (PB), 0.5 for 1/2 (asimilasi, PB child)."),
    )
    served_fraction_severity = models.CharField(
        _("if it starts earlier"), max_length=6, choices=Severity.choices, blank=True, default=Severity.WARN
    )
    min_served_fraction_months = models.PositiveSmallIntegerField(
        _("that fraction of the sentence is at least (months)"),
        null=True,
        blank=True,
        help_text=_("PB: 2/3 of the sentence must be at least 9 months (Permenkumham 3/2018 Pasal 82)."),
    )
    served_months_severity = models.CharField(
        _("if it is shorter"), max_length=6, choices=Severity.choices, blank=True, default=Severity.WARN
    )
    max_sentence_months = models.PositiveSmallIntegerField(
        _("only for sentences of at most (months)"),
        null=True,
        blank=True,
        help_text=_("CB: sentences of at most 1 year 6 months."),
    )
    max_sentence_severity = models.CharField(
        _("if the sentence is longer"), max_length=6, choices=Severity.choices, blank=True, default=Severity.WARN
    )
    child_age_limit_years = models.PositiveSmallIntegerField(
        _("only for persons younger than (years) at the offence"),
        null=True,
        blank=True,
        help_text=_(
            "PB child: under 18 at the offence. The offence date is not recorded, so the age is taken at the "
            "detention start (or the court decision), the latest day the offence can have happened."
        ),
    )
    child_age_severity = models.CharField(
        _("if the person was older"), max_length=6, choices=Severity.choices, blank=True, default=Severity.WARN
    )
    start_before_decree_severity = models.CharField(
        _("if guidance starts before the decree date"),
        max_length=6,
        choices=Severity.choices,
        blank=True,
        default=Severity.REFUSE,
    )
    expiry_beyond_sentence_severity = models.CharField(
        _("if the expiry date is later than the detention start plus the sentence"),
        max_length=6,
        choices=Severity.choices,
        blank=True,
        default=Severity.WARN,
        help_text=_("Remission only shortens a sentence; subsidiary detention for an unpaid fine is counted."),
    )
    start_after_expiry_severity = models.CharField(
        _("if guidance starts after the sentence expired"),
        max_length=6,
        choices=Severity.choices,
        blank=True,
        default=Severity.OFF,
    )

    class Meta:
        ordering = ["program", "-valid_from"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "valid_from"],
                name="clients_ruleset_one_version_per_day",
                violation_error_message=_("This program already has a rule version starting on that date."),
            ),
            models.CheckConstraint(
                condition=models.Q(phase_continued_at__gt=0)
                & models.Q(phase_continued_at__lt=models.F("phase_final_at"))
                & models.Q(phase_final_at__lt=1),
                name="clients_ruleset_phase_fractions_ordered",
                violation_error_message=_("Phase fractions must satisfy 0 < continued < final < 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_served_fraction__isnull=True)
                | (models.Q(min_served_fraction__gt=0) & models.Q(min_served_fraction__lte=1)),
                name="clients_ruleset_served_fraction_in_range",
                violation_error_message=_("The fraction of the sentence served must be above 0 and at most 1."),
            ),
            models.CheckConstraint(
                condition=models.Q(reporting_interval_months__gt=0) | models.Q(reporting_interval_days__gt=0),
                name="clients_ruleset_reporting_interval_positive",
                violation_error_message=_("The reporting interval must be longer than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()} ({site_date(self.valid_from)})"


class ClientQuerySet(models.QuerySet):
    def visible_to(self, user):
        from clients import access

        return access.clients_visible_to(self, user)

    def for_list(self):
        return self.select_related("domicile_regency", "current_episode", "current_episode__officer")


class Client(VersionedModel):
    """A person under the guidance of a Bapas (klien pemasyarakatan), adult or child."""

    class Nationality(models.TextChoices):
        WNI = "WNI", _("Indonesian")
        WNA = "WNA", _("Foreign")

    office = models.ForeignKey(Office, models.PROTECT, related_name="clients", verbose_name=_("office"))
    register_number = models.CharField(_("Bapas register number"), max_length=32)
    nik = models.CharField(
        _("NIK"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nik],
        help_text=_("16-digit population number; may be empty for foreign nationals."),
        error_messages={"unique": _("A client with this NIK is already registered.")},
    )
    name = models.CharField(_("name"), max_length=150)
    alias = models.CharField(_("alias"), max_length=150, blank=True)
    parent_name = models.CharField(
        _("father's name (bin/binti)"),
        max_length=150,
        blank=True,
        help_text=_("Registers write names as 'X bin Y' (son of Y) or 'X binti Y' (daughter of Y)."),
    )
    # Lower-cased name, alias and parent name: what the search box matches.
    search_text = models.CharField(max_length=460, editable=False, db_index=True)
    birth_place = models.CharField(_("place of birth"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    religion = models.CharField(_("religion"), max_length=10, choices=Religion.choices)
    marital_status = models.CharField(_("marital status"), max_length=12, choices=MaritalStatus.choices)
    education = models.CharField(_("education"), max_length=14, choices=Education.choices)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    employment = models.CharField(_("employment"), max_length=14, choices=Employment.choices)
    nationality = models.CharField(_("nationality"), max_length=3, choices=Nationality.choices, default="WNI")
    domicile_regency = models.ForeignKey(
        Regency, models.PROTECT, related_name="+", verbose_name=_("regency or city of domicile")
    )
    domicile_village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("village of domicile")
    )
    address = models.TextField(_("address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Set from the current episode: BKA clients (children) are visible only to BKA staff and the head.
    is_child = models.BooleanField(_("child client"), default=False)
    current_episode = models.ForeignKey(
        "ProgramEpisode", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("current episode")
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "register_number"],
                name="clients_client_register_number_unique",
                violation_error_message=_("This register number is already used in this office."),
            ),
            models.CheckConstraint(
                condition=models.Q(nik__isnull=True) | models.Q(nik__regex=r"^[0-9]{16}$"),
                name="clients_client_nik_16_digits",
                violation_error_message=_("A NIK has exactly 16 digits."),
            ),
        ]
        indexes = [
            models.Index(fields=["office", "name"], name="clients_office_name_idx"),
            models.Index(fields=["office", "domicile_regency"], name="clients_office_regency_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The name as registers write it: 'Name bin Father' or 'Name binti Father'."""
        if not self.parent_name:
            return self.name
        return f"{self.name} {'binti' if self.sex == Sex.FEMALE else 'bin'} {self.parent_name}"


class Guarantor(OfficeRow):
    """A guarantor (penjamin), usually family, who vouches for the client at home."""

    client = models.ForeignKey(Client, models.CASCADE, related_name="guarantors", verbose_name=_("client"))
    name = models.CharField(_("name"), max_length=150)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    relationship = models.CharField(_("relationship"), max_length=10, choices=Relationship.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.TextField(_("address"), blank=True)
    village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("village")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    # The tenant key: the office of the client (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("client",)
    seen_through = "client"  # visible to whoever sees its client (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["client", "order", "pk"]
        verbose_name = _("guarantor")
        verbose_name_plural = _("guarantors")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class CaseQuerySet(SeenThroughParentQuerySet):
    def visible_to(self, user):
        from clients import access

        return access.cases_visible_to(super().visible_to(user), user)


class Case(models.Model):
    """The conviction (perkara) an episode stems from: decision, sentence, origin prison."""

    seen_through = "client"  # visible to whoever sees its client, a child's case only to those who may see children
    client = models.ForeignKey(Client, models.CASCADE, related_name="cases", verbose_name=_("client"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    criminal_code = models.CharField(_("criminal code"), max_length=4, choices=CriminalCode.choices)
    decision_number = models.CharField(_("court decision number"), max_length=100)
    decision_date = models.DateField(_("court decision date"))
    court = models.CharField(_("court"), max_length=150, blank=True)
    sentence_years = models.PositiveSmallIntegerField(_("sentence: years"), default=0)
    sentence_months = models.PositiveSmallIntegerField(_("sentence: months"), default=0)
    sentence_days = models.PositiveSmallIntegerField(_("sentence: days"), default=0)
    fine = models.DecimalField(_("fine (Rp)"), max_digits=14, decimal_places=0, default=0)
    subsidiary_months = models.PositiveSmallIntegerField(_("subsidiary detention: months"), default=0)
    subsidiary_days = models.PositiveSmallIntegerField(_("subsidiary detention: days"), default=0)
    detention_start = models.DateField(_("detained since"), null=True, blank=True)
    expiry_date = models.DateField(_("sentence expiry date"), null=True, blank=True)
    prison_kind = models.CharField(_("origin prison type"), max_length=12, choices=PrisonKind.choices, blank=True)
    origin_prison = models.CharField(_("origin prison (UPT)"), max_length=150, blank=True)
    prison_register_number = models.CharField(_("prison register number"), max_length=50, blank=True, db_index=True)
    is_repeat_offender = models.BooleanField(_("repeat offender"), default=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["client", "-decision_date"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sentence_months__lt=12) & models.Q(sentence_days__lt=31),
                name="clients_case_sentence_parts_in_range",
                violation_error_message=_("Write the sentence as years, months (0–11) and days (0–30)."),
            ),
            models.CheckConstraint(
                condition=models.Q(expiry_date__isnull=True)
                | models.Q(detention_start__isnull=True)
                | models.Q(expiry_date__gt=models.F("detention_start")),
                name="clients_case_expiry_after_detention",
                violation_error_message=_("The sentence expiry date must be after the detention start."),
            ),
        ]

    def __str__(self) -> str:
        return self.decision_number

    @property
    def sentence_label(self) -> str:
        parts = []
        if self.sentence_years:
            parts.append(f"{self.sentence_years} th")
        if self.sentence_months:
            parts.append(f"{self.sentence_months} bln")
        if self.sentence_days:
            parts.append(f"{self.sentence_days} hr")
        return " ".join(parts) or "—"


class CaseArticle(OfficeRow):
    """One article of one law the client was convicted under (e.g. Pasal 112 UU 35/2009)."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="articles", verbose_name=_("case"))
    article = models.CharField(_("article (pasal)"), max_length=20)
    paragraph = models.CharField(_("paragraph (ayat)"), max_length=20, blank=True)
    law = models.CharField(_("law"), max_length=60, help_text=_("e.g. KUHP, UU 1/2023, UU 35/2009"))
    category = models.CharField(_("category"), max_length=20, choices=CaseCategory.choices)

    # The tenant key: the office of the case (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("case",)
    seen_through = "case"  # visible to whoever sees its case (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        paragraph = f" ayat ({self.paragraph})" if self.paragraph else ""
        return f"Pasal {self.article}{paragraph} {self.law}"


class ProgramEpisodeQuerySet(SeenThroughParentQuerySet):
    def visible_to(self, user):
        from clients import access

        return access.episodes_visible_to(super().visible_to(user), user)


class ProgramEpisode(VersionedModel):
    """One supervised order (e.g. PB from a decree), from its start to the end of guidance."""

    seen_through = "client"  # visible to whoever sees its client, a child's episode only to those who may see children
    client = models.ForeignKey(Client, models.CASCADE, related_name="episodes", verbose_name=_("client"))
    case = models.ForeignKey(Case, models.PROTECT, related_name="episodes", verbose_name=_("case"))
    office = models.ForeignKey(Office, models.PROTECT, related_name="episodes", verbose_name=_("office"))
    program = models.CharField(_("program"), max_length=32, choices=Program.choices)
    rule_set = models.ForeignKey(RuleSet, models.PROTECT, related_name="+", verbose_name=_("rule version"))
    decree_number = models.CharField(_("decree (SK) number"), max_length=100)
    decree_date = models.DateField(_("decree date"))
    starts_on = models.DateField(_("start of guidance"))
    ends_on = models.DateField(_("end of guidance or probation"))
    general_conditions = models.TextField(_("general conditions"), blank=True)
    special_conditions = models.TextField(_("special conditions"), blank=True)
    community_service_hours = models.PositiveSmallIntegerField(_("community-service hours"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EpisodeStatus.choices, default=EpisodeStatus.ACTIVE)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.AWAL)
    is_child = models.BooleanField(_("child client"), default=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="episodes_as_officer",
        verbose_name=_("PK"),
    )
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="episodes_as_assistant",
        verbose_name=_("APK"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)

    objects = ProgramEpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["client", "starts_on"]
        verbose_name = _("program episode")
        verbose_name_plural = _("program episodes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="clients_episode_ends_after_start",
                violation_error_message=_("The end of guidance must be after its start."),
            ),
            models.UniqueConstraint(
                fields=["client", "program", "decree_number"],
                name="clients_episode_one_per_decree",
                violation_error_message=_("This client already has an episode for this decree."),
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "program"], name="clients_episode_office_idx"),
            models.Index(fields=["officer", "status"], name="clients_episode_officer_idx"),
            models.Index(fields=["assistant", "status"], name="clients_episode_assistant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_program_display()} · {self.decree_number}"


class Assignment(OfficeRow):
    """Who guided an episode when: the history behind `ProgramEpisode.officer`/`assistant`."""

    class Kind(models.TextChoices):
        PK = "pk", _("PK")
        APK = "apk", _("APK")

    episode = models.ForeignKey(ProgramEpisode, models.CASCADE, related_name="assignments")
    kind = models.CharField(_("as"), max_length=3, choices=Kind.choices)
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("officer"))
    started_at = models.DateTimeField(_("from"), default=timezone.now)
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("assigned by")
    )

    # The tenant key: the office of the episode (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("episode",)
    seen_through = "episode"  # visible to whoever sees its episode (lib.models.SeenThroughParentQuerySet)

    class Meta:
        ordering = ["episode", "started_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "kind"],
                condition=models.Q(ended_at__isnull=True),
                name="clients_assignment_one_open_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} ({self.get_kind_display()})"


class ClientCount(models.Model):
    """How many clients an office has, adults and children apart: the figure the home pages show.

    Kept by database triggers on clients_client (insert, delete, a change of office or of is_child), in
    the transaction of the change itself, so every path that writes clients (the services, imports, the
    demo builder's bulk_create, a transfer, the Django admin) keeps it right without remembering to.
    `manage.py client_counts --check` compares it with a fresh count; without `--check` it rewrites it.
    """

    office = models.ForeignKey(Office, models.CASCADE, related_name="+", verbose_name=_("office"))
    is_child = models.BooleanField(_("child client"))
    count = models.IntegerField(_("clients"), default=0)

    class Meta:
        verbose_name = _("client count")
        verbose_name_plural = _("client counts")
        constraints = [models.UniqueConstraint(fields=["office", "is_child"], name="clients_clientcount_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.office_id}/{'child' if self.is_child else 'adult'}: {self.count}"


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        from clients import access

        return access.import_jobs_visible_to(self, user)


class ImportJob(models.Model):
    """A batch import (penghadapan) run by the background worker: the uploaded file, its progress, its outcome."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("checking the rows")
        DONE = "done", _("imported")
        FAILED = "failed", _("not imported")

    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    # Deleted once the job has run: the file holds personal data the register now has (or refused).
    file = models.FileField(_("file"), storage=private_files.storage, upload_to="imports/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    language = models.CharField(_("language"), max_length=10, default="id")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    # ImportResult as JSON (rows, registered, skipped, errors) and file_errors for a file refused as a whole.
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["office", "created_at"], name="clients_importjob_office_idx")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
