"""Field work: what officers do with a client between reporting dates (domain notes §5.7, §5.10).

- `HomeVisit` (kunjungan rumah, "HV"): an officer goes to the client's home to verify the guarantor,
  to supervise or to guide, meets people there and writes down what they found.
- `GuidanceActivity` (kegiatan pembimbingan): a guidance session on one of the guidance types of the
  guidance plan, held with one client (individual) or several clients of one office (group); each
  client's attendance and progress is a `GuidanceParticipant`.
- `CaseNote` (catatan kasus): a free-text note in a client's file. Notes are append-only: a correction
  is a new note that names the note it corrects.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.models import ProgramEpisode
from lib import dates, private_files
from lib.models import OfficeRow, OfficeRowQuerySet
from organizations.models import Office


def _photo_path(instance, filename: str) -> str:
    """A random name: a client's name never appears on disk."""
    return f"fieldwork/visits/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class HomeVisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows of clients `user` may see (fieldwork.access decides)."""
        from fieldwork import access

        return access.home_visits_visible_to(self, user)


class HomeVisit(models.Model):
    """A visit by an officer to a client's home or neighbourhood (kunjungan rumah)."""

    class Purpose(models.TextChoices):
        GUARANTOR_VERIFICATION = "verifikasi_penjamin", _("Guarantor verification")
        SUPERVISION = "pengawasan", _("Supervision")
        GUIDANCE = "bimbingan", _("Guidance")

    class Party(models.TextChoices):
        """People an officer may meet on a visit (pihak yang ditemui)."""

        GUARANTOR = "penjamin", _("Guarantor")
        VILLAGE_HEAD = "kepala_desa", _("Village head or lurah")
        RT_RW = "rt_rw", _("RT/RW head")
        NEIGHBOUR = "tetangga", _("Neighbour")
        FAMILY = "keluarga", _("Family")
        EMPLOYER = "pemberi_kerja", _("Employer")
        OTHER = "lainnya", _("Other")

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="home_visits", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    visited_on = models.DateField(_("date of the visit"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("officer who visited")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    # A list of Party codes: a handful of values that are only shown, never joined on.
    people_met = models.JSONField(_("people met"), default=list, blank=True)
    people_met_other = models.CharField(_("other people met"), max_length=200, blank=True)
    findings = models.TextField(_("findings"))
    photo = models.FileField(
        _("photo"), upload_to=_photo_path, storage=private_files.storage, blank=True, max_length=200
    )
    photo_content_type = models.CharField(max_length=20, blank=True, editable=False)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = HomeVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        indexes = [models.Index(fields=["office", "visited_on"], name="fieldwork_visit_office_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="fieldwork_homevisit_both_coordinates",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="fieldwork_homevisit_latitude_range",
                violation_error_message=_("Latitude must be between -90 and 90."),
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="fieldwork_homevisit_longitude_range",
                violation_error_message=_("Longitude must be between -180 and 180."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.visited_on:%d-%m-%Y}"

    @property
    def people_met_labels(self) -> list[str]:
        labels = dict(self.Party.choices)
        names = [str(labels.get(code, code)) for code in self.people_met if code != self.Party.OTHER]
        if self.people_met_other:
            names.append(self.people_met_other)
        elif self.Party.OTHER in self.people_met:
            names.append(str(self.Party.OTHER.label))
        return names


class GuidanceType(models.TextChoices):
    """Jenis bimbingan: personality guidance (kepribadian) and independence guidance (kemandirian)."""

    RELIGIOUS = "keagamaan", _("Religious awareness (keagamaan)")
    NATIONAL = "kesadaran_berbangsa", _("National and civic awareness (kesadaran berbangsa dan bernegara)")
    INTELLECTUAL = "intelektual", _("Intellectual ability (intelektual)")
    ATTITUDE = "sikap_perilaku", _("Attitude and behaviour (sikap dan perilaku)")
    HEALTH = "kesehatan", _("Physical and mental health (kesehatan jasmani dan rohani)")
    LEGAL = "kesadaran_hukum", _("Legal awareness (kesadaran hukum)")
    REINTEGRATION = "reintegrasi_sehat", _("Healthy reintegration into society (reintegrasi sehat)")
    WORK_SKILLS = "keterampilan_kerja", _("Work skills (keterampilan kerja)")
    WORK_TRAINING = "latihan_kerja_produksi", _("Work training and production (latihan kerja dan produksi)")


PERSONALITY_TYPES = (
    GuidanceType.RELIGIOUS,
    GuidanceType.NATIONAL,
    GuidanceType.INTELLECTUAL,
    GuidanceType.ATTITUDE,
    GuidanceType.HEALTH,
    GuidanceType.LEGAL,
    GuidanceType.REINTEGRATION,
)
INDEPENDENCE_TYPES = (GuidanceType.WORK_SKILLS, GuidanceType.WORK_TRAINING)
# For a <select> with <optgroup>s.
GROUPED_GUIDANCE_TYPES = [
    (_("Personality guidance (kepribadian)"), [(t.value, t.label) for t in PERSONALITY_TYPES]),
    (_("Independence guidance (kemandirian)"), [(t.value, t.label) for t in INDEPENDENCE_TYPES]),
]


class GuidanceActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sessions with a participant `user` may see (fieldwork.access decides)."""
        from fieldwork import access

        return access.activities_visible_to(self, user)


class GuidanceActivity(models.Model):
    """A guidance session held by an officer with one client or a group of clients of one office."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individu", _("Individual")
        GROUP = "kelompok", _("Group")

    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("individual or group"), max_length=10, choices=Kind.choices)
    guidance_type = models.CharField(_("type of guidance"), max_length=24, choices=GuidanceType.choices)
    topic = models.CharField(_("topic"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("officer who led it")
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    objects = GuidanceActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("guidance activity")
        verbose_name_plural = _("guidance activities")
        indexes = [models.Index(fields=["office", "held_on"], name="fieldwork_activity_office_idx")]

    def __str__(self) -> str:
        return f"{self.get_guidance_type_display()} · {self.held_on:%d-%m-%Y}"

    @property
    def is_personality(self) -> bool:
        return self.guidance_type in PERSONALITY_TYPES

    @property
    def concerns_a_child(self) -> bool:
        """A child takes part: what is recorded about the session is restricted, like a child's record."""
        return self.pk is not None and self.participants.filter(episode__is_child=True).exists()


class GuidanceParticipantQuerySet(OfficeRowQuerySet):
    def visible_to(self, user):
        """The rows of clients `user` may see (fieldwork.access decides)."""
        from fieldwork import access

        return access.participants_visible_to(self, user)


class GuidanceParticipant(OfficeRow):
    """One client's place in a guidance activity: did they attend, and how are they progressing."""

    class Attendance(models.TextChoices):
        PRESENT = "hadir", _("Present")
        EXCUSED = "izin", _("Excused")
        ABSENT = "tidak_hadir", _("Absent")

    activity = models.ForeignKey(
        GuidanceActivity, models.CASCADE, related_name="participants", verbose_name=_("guidance activity")
    )
    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="guidance_participations", verbose_name=_("program episode")
    )
    attendance = models.CharField(_("attendance"), max_length=12, choices=Attendance.choices)
    progress = models.TextField(_("progress notes"), blank=True)

    # The tenant key: the office of the activity (lib.models.OfficeRow).
    office = models.ForeignKey(
        "organizations.Office", models.PROTECT, related_name="+", editable=False, verbose_name=_("office")
    )
    office_parents = ("activity",)

    objects = GuidanceParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "episode"],
                name="fieldwork_participant_once_per_activity",
                violation_error_message=_("A client takes part in an activity only once."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.get_attendance_display()}"


class CaseNoteIsAppendOnly(Exception):
    """Raised when code tries to change or remove a case note."""


class CaseNoteQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise CaseNoteIsAppendOnly("Case notes are never updated; add a correcting note.")

    def delete(self):
        raise CaseNoteIsAppendOnly("Case notes are never deleted; add a correcting note.")

    def visible_to(self, user):
        """The notes of clients `user` may see (fieldwork.access decides)."""
        from fieldwork import access

        return access.case_notes_visible_to(self, user)


class CaseNote(models.Model):
    """A note in a client's file (catatan kasus). Never edited: a correction is a new note naming the old one."""

    class Category(models.TextChoices):
        PROGRESS = "perkembangan", _("Progress")
        FAMILY = "keluarga", _("Family and home")
        WORK = "pekerjaan", _("Work and income")
        HEALTH = "kesehatan", _("Health")
        CONDUCT = "perilaku", _("Conduct and compliance")
        CONTACT = "kontak", _("Contact with others (phone, letters)")
        OTHER = "lainnya", _("Other")

    episode = models.ForeignKey(
        ProgramEpisode, models.PROTECT, related_name="case_notes", verbose_name=_("program episode")
    )
    office = models.ForeignKey(Office, models.PROTECT, related_name="+", verbose_name=_("office"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    body = models.TextField(_("note"))
    category = models.CharField(_("category"), max_length=14, choices=Category.choices, blank=True)
    corrects = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects the note"),
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    objects = CaseNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"{dates.site_datetime(self.created_at)} · {self.body[:40]}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise CaseNoteIsAppendOnly("Case notes are never updated; add a correcting note.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise CaseNoteIsAppendOnly("Case notes are never deleted; add a correcting note.")
