"""Code lists of the client registry (domain notes §4, §5, §8)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Program(models.TextChoices):
    """The supervised order an episode carries out; never a free-text label."""

    ASIMILASI = "ASIMILASI", _("Asimilasi")
    PB = "PB", _("Pembebasan Bersyarat (PB)")
    CB = "CB", _("Cuti Bersyarat (CB)")
    CMB = "CMB", _("Cuti Menjelang Bebas (CMB)")
    CMK = "CMK", _("Cuti Mengunjungi Keluarga (CMK)")
    PIDANA_BERSYARAT = "PIDANA_BERSYARAT", _("Pidana bersyarat (old code)")
    PIDANA_PENGAWASAN = "PIDANA_PENGAWASAN", _("Pidana pengawasan (supervision sentence)")
    PIDANA_KERJA_SOSIAL = "PIDANA_KERJA_SOSIAL", _("Pidana kerja sosial (community service)")
    DIVERSI = "DIVERSI", _("Diversi (child)")
    AKOT = "AKOT", _("Returned to parents or guardian (AKOT, child)")
    PIDANA_DENGAN_SYARAT_ANAK = "PIDANA_DENGAN_SYARAT_ANAK", _("Conditional sentence (child)")
    PB_ANAK = "PB_ANAK", _("Pembebasan Bersyarat (child)")


CHILD_PROGRAMS = frozenset({Program.DIVERSI, Program.AKOT, Program.PIDANA_DENGAN_SYARAT_ANAK, Program.PB_ANAK})
# Programs whose rules follow the criminal code in force when the court decided; the rest follow
# the ministerial rules in force on the decree date.
COURT_GOVERNED = frozenset(
    {
        Program.PB,
        Program.PB_ANAK,
        Program.PIDANA_BERSYARAT,
        Program.PIDANA_PENGAWASAN,
        Program.PIDANA_KERJA_SOSIAL,
        Program.DIVERSI,
        Program.AKOT,
        Program.PIDANA_DENGAN_SYARAT_ANAK,
    }
)


class EpisodeStatus(models.TextChoices):
    ACTIVE = "active", _("Under guidance")
    SUSPENDED = "suspended", _("Temporarily suspended")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")
    TRANSFERRED = "transferred", _("Transferred out")
    DECEASED = "deceased", _("Deceased")


OPEN_STATUSES = frozenset({EpisodeStatus.ACTIVE, EpisodeStatus.SUSPENDED})


class Phase(models.TextChoices):
    """Guidance phases (PP 31/1999 Pasal 33): moved only by the case board."""

    AWAL = "awal", _("Initial phase")
    LANJUTAN = "lanjutan", _("Continued phase")
    AKHIR = "akhir", _("Final phase")


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Religion(models.TextChoices):
    ISLAM = "islam", _("Islam")
    PROTESTANT = "kristen", _("Protestant")
    CATHOLIC = "katolik", _("Catholic")
    HINDU = "hindu", _("Hindu")
    BUDDHIST = "buddha", _("Buddhist")
    CONFUCIAN = "konghucu", _("Confucian")
    OTHER = "lainnya", _("Other belief")


class MaritalStatus(models.TextChoices):
    SINGLE = "belum_kawin", _("Not married")
    MARRIED = "kawin", _("Married")
    DIVORCED = "cerai_hidup", _("Divorced")
    WIDOWED = "cerai_mati", _("Widowed")


class Education(models.TextChoices):
    NONE = "tidak_sekolah", _("No schooling")
    SD = "sd", _("Primary school (SD)")
    SMP = "smp", _("Junior secondary (SMP)")
    SMA = "sma", _("Senior secondary (SMA/SMK)")
    DIPLOMA = "diploma", _("Diploma")
    S1 = "s1", _("Bachelor (S1)")
    S2 = "s2", _("Postgraduate (S2/S3)")


class Employment(models.TextChoices):
    EMPLOYED = "bekerja", _("Working")
    UNEMPLOYED = "tidak_bekerja", _("Not working")
    STUDENT = "pelajar", _("In school")


class Relationship(models.TextChoices):
    FATHER = "ayah", _("Father")
    MOTHER = "ibu", _("Mother")
    SIBLING = "saudara", _("Brother or sister")
    HUSBAND = "suami", _("Husband")
    WIFE = "istri", _("Wife")
    CHILD = "anak", _("Son or daughter")
    OTHER_FAMILY = "keluarga", _("Other family")
    OTHER = "lainnya", _("Other")


class PrisonKind(models.TextChoices):
    LAPAS = "lapas", _("Lapas")
    RUTAN = "rutan", _("Rutan")
    LPKA = "lpka", _("LPKA")
    CABANG_RUTAN = "cabang_rutan", _("Cabang Rutan")


# UU 1/2023 (the new KUHP) applies to decisions from this day.
NEW_CODE_IN_FORCE = datetime.date(2026, 1, 2)


class CriminalCode(models.TextChoices):
    OLD = "lama", _("Old criminal code (KUHP 1946)")
    NEW = "baru", _("New criminal code (UU 1/2023)")


class CaseCategory(models.TextChoices):
    NARKOTIKA = "narkotika", _("Narcotics")
    PENCURIAN = "pencurian", _("Theft")
    KEKERASAN = "kekerasan", _("Robbery or violence")
    PENGGELAPAN = "penggelapan", _("Embezzlement")
    PENIPUAN = "penipuan", _("Fraud")
    PERJUDIAN = "perjudian", _("Gambling")
    PERLINDUNGAN_ANAK = "perlindungan_anak", _("Child protection")
    KDRT = "kdrt", _("Domestic violence")
    LALU_LINTAS = "lalu_lintas", _("Traffic")
    ITE = "ite", _("Electronic information (ITE)")
    KORUPSI = "korupsi", _("Corruption")
    LAINNYA = "lainnya", _("Other")


class Severity(models.TextChoices):
    """What a registration that breaks an eligibility rule gets (clients.rules.eligibility_findings)."""

    OFF = "", _("not checked")
    WARN = "warn", _("warning: the registering officer confirms with a reason")
    REFUSE = "refuse", _("refused")
