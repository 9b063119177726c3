"""Code lists of the Litmas app: who asks, the stages of a request and the facts that move it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequesterKind(models.TextChoices):
    """Who sent the request letter (peminta)."""

    LAPAS = "lapas", _("Prison (Lapas)")
    RUTAN = "rutan", _("Detention centre (Rutan)")
    LPKA = "lpka", _("Juvenile institution (LPKA)")
    INVESTIGATOR = "penyidik", _("Investigator (police)")
    PROSECUTOR = "jaksa", _("Prosecutor")
    COURT = "pengadilan", _("Court")
    OTHER = "lainnya", _("Other")


class Audience(models.TextChoices):
    """Whom a Litmas type is written about: adults (BKD), children (BKA) or either."""

    ADULT = "adult", _("Adults (BKD)")
    CHILD = "child", _("Children (BKA)")
    BOTH = "both", _("Adults or children")


class DeadlineUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    HOURS = "hours", _("hours (calendar)")


class State(models.TextChoices):
    """Where a request stands (domain notes §6.1), derived from its steps (`litmas.flow.derive_state`)."""

    RECEIVED = "received", _("Received")
    DISPOSED = "disposed", _("Disposition by the head")
    ASSIGNED = "assigned", _("Assigned to a PK")
    GATHERING = "gathering", _("Gathering data")
    DRAFT = "draft", _("Draft")
    BOARD = "board", _("Before the case board (TPP)")
    APPROVED = "approved", _("Approved by the board, awaiting signature")
    FINAL = "final", _("Final, signed by the PK")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the head")
    SENT = "sent", _("Sent to the requester")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATES = frozenset(State) - {State.SENT, State.CANCELLED}


class Step(models.TextChoices):
    """A fact in the life of a request: who did what, when. The state follows from the sequence."""

    RECEIVE = "receive", _("Request recorded")
    DISPOSE = "dispose", _("Disposition by the head")
    ASSIGN = "assign", _("Assigned to a PK")
    GATHER = "gather", _("Data gathering started")
    DRAFT = "draft", _("Draft started")
    SUBMIT = "submit", _("Put before the case board")
    APPROVE = "approve", _("Approved by the board")
    REVISE = "revise", _("Sent back for revision")
    SIGN = "sign", _("Signed by the PK")
    ACKNOWLEDGE = "acknowledge", _("Acknowledged by the head")
    SEND = "send", _("Sent to the requester")
    CANCEL = "cancel", _("Cancelled")
