"""Risk and needs instruments defined as data, and the assessments PKs fill with them.

An instrument version is one `Instrument` row with its domains, items and answer options, and the cut-offs of
its categories. A new version is a new row (same code, next version number); a version already used by an
assessment is never edited (`selectors.instrument_check_editable`, enforced in the admin). The instruments are
national like the rule sets: the sample shipped with the code is labelled as such (`is_sample`), because the
real RRI weights are not public; the office's administrators enter their own as a new instrument.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.codes import Category, Kind, Source, Status
from lib.models import OfficeRow, OfficeRowQuerySet, VersionedModel


class Instrument(models.Model):
    """One version of a risk or needs instrument, with the cut-offs of its categories."""

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.RISK)
    is_sample = models.BooleanField(
        _("sample"),
        default=False,
        help_text=_("A sample shipped with the application: its weights are not the official RRI weights."),
    )
    valid_from = models.DateField(_("valid from"))
    active = models.BooleanField(_("offered for new assessments"), default=True)
    low_max = models.PositiveSmallIntegerField(
        _("highest score of the low category"), help_text=_("A total up to this score is low (rendah).")
    )
    medium_max = models.PositiveSmallIntegerField(
        _("highest score of the medium category"),
        help_text=_("A total above the low cut-off up to this score is medium (sedang); above it, high (tinggi)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="assessment_instrument_one_per_version",
                violation_error_message=_("This instrument already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(medium_max__gt=models.F("low_max")),
                name="assessment_instrument_cutoffs_increase",
                violation_error_message=_("The medium cut-off must be higher than the low cut-off."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class InstrumentDomain(models.Model):
    """A domain of an instrument (criminal history, education and employment, …): its items' scores add up."""

    instrument = models.ForeignKey(Instrument, models.CASCADE, related_name="domains", verbose_name=_("instrument"))
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["instrument", "order", "pk"]
        verbose_name = _("instrument domain")
        verbose_name_plural = _("instrument domains")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="assessment_domain_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    """A question of an instrument, answered by choosing one option."""

    domain = models.ForeignKey(InstrumentDomain, models.CASCADE, related_name="items", verbose_name=_("domain"))
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["domain__order", "order", "pk"]
        verbose_name = _("instrument item")
        verbose_name_plural = _("instrument items")

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    """An answer to an item, with the score it adds (the instrument's weight)."""

    item = models.ForeignKey(Item, models.CASCADE, related_name="options", verbose_name=_("item"))
    label = models.CharField(_("answer"), max_length=200)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        ordering = ["item", "order", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self) -> str:
        return f"{self.label} ({self.score})"


class AssessmentQuerySet(OfficeRowQuerySet):
    def visible_to(self, user):
        from assessment import access

        return access.assessments_visible_to(self, user)

    def final(self):
        return self.filter(status=Status.FINAL)


class Assessment(OfficeRow, VersionedModel):
    """One filling of an instrument for a client by a PK: a draft until finalised, then fixed."""

    client = models.ForeignKey("clients.Client", models.CASCADE, related_name="assessments", verbose_name=_("client"))
    episode = models.ForeignKey(
        "clients.ProgramEpisode",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("program episode"),
    )
    instrument = models.ForeignKey(Instrument, models.PROTECT, related_name="assessments", verbose_name=_("instrument"))
    # Whether the assessment is about a child (from the episode when it started): children's records are for the
    # head and the children's section only (UU 11/2012), also once the client is an adult.
    is_child = models.BooleanField(_("child client"), default=False)
    assessed_on = models.DateField(_("date of the assessment"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("assessor"))
    sources = models.JSONField(_("verification sources"), default=list, blank=True)
    sources_note = models.CharField(_("note on the sources"), max_length=300, blank=True)
    consent = models.BooleanField(_("informed consent given"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    total_score = models.PositiveSmallIntegerField(_("total score"), null=True, blank=True)
    category = models.CharField(_("risk category"), max_length=8, choices=Category.choices, blank=True)
    domain_scores = models.JSONField(_("scores by domain"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)

    # The tenant key: the office of the client (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("client",)

    objects = AssessmentQuerySet.as_manager()  # type: ignore[misc]  # OfficeRow's manager, with visible_to

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | (models.Q(total_score__isnull=False) & ~models.Q(category="")),
                name="assessment_final_has_result",
                violation_error_message=_("A final assessment has a score and a category."),
            ),
        ]
        indexes = [models.Index(fields=["client", "status", "assessed_on"], name="assessment_client_idx")]

    def __str__(self) -> str:
        return f"{self.instrument.name} · {self.assessed_on:%d-%m-%Y}"

    @property
    def is_final(self) -> bool:
        return self.status == Status.FINAL

    def source_labels(self) -> list[str]:
        labels = dict(Source.choices)
        return [str(labels.get(code, code)) for code in self.sources]


class Answer(OfficeRow):
    """The option chosen for one item of an assessment."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="answers", verbose_name=_("assessment"))
    item = models.ForeignKey(Item, models.PROTECT, related_name="+", verbose_name=_("item"))
    option = models.ForeignKey(Option, models.PROTECT, related_name="+", verbose_name=_("answer"))

    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("assessment",)
    seen_through = "assessment"

    class Meta:
        ordering = ["assessment", "item__domain__order", "item__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="assessment_answer_one_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.option_id}"
