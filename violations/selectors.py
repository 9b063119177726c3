"""Reads of the violations app: open violations with their next step and deadline, and what a user may do.

Deadlines are counted in working days (organizations.workdays: weekends, national holidays and collective leave).
The office's service standard names only the 20 working days of a revocation (domain notes §6.5); the
other periods are the office's own targets, kept here in one place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from accounts import selectors as account_selectors
from clients import rules
from clients.codes import EpisodeStatus
from clients.models import ProgramEpisode
from organizations import workdays
from violations.models import BoardDecision, ResponseType, State, Violation

DRAFT_CONFIRM_DAYS = 3  # the PK confirms or dismisses a job's draft
EXAMINATION_DAYS = 7  # BAP after the report
BOARD_DAYS = 5  # before the board after the BAP
RESPONSE_DAYS = 5  # the head sets the response after the board's decision
REVOCATION_SERVICE_DAYS = 20  # the revocation service (layanan pencabutan), domain notes §6.5


class Step:
    """The next thing to do on a violation (a code for templates and the queue, and its label)."""

    CONFIRM = "confirm"
    EXAMINE = "examine"
    PROPOSE = "propose"
    BOARD = "board"
    RESPOND = "respond"
    REVOKE = "revoke"
    CLOSE = "close"

    LABELS = {
        CONFIRM: _("Confirm or dismiss the draft"),
        EXAMINE: _("Examine the client (BAP)"),
        PROPOSE: _("Put before the board (TPP)"),
        BOARD: _("Awaiting the board's decision"),
        RESPOND: _("Set the response"),
        REVOKE: _("Record the revocation decree"),
        CLOSE: _("Close when the response is carried out"),
    }


@dataclass(frozen=True)
class Deadline:
    step: str
    start: datetime.date | None  # the day the period is counted from (None: no deadline)
    days: int = 0

    @property
    def label(self) -> str:
        return str(Step.LABELS[self.step])


def next_step(violation: Violation) -> Deadline | None:
    """The next step of an open violation and where its deadline is counted from."""
    state = violation.state
    if state == State.CLOSED:
        return None
    if violation.is_draft:
        return Deadline(Step.CONFIRM, violation.reported_on, DRAFT_CONFIRM_DAYS)
    if state == State.REPORTED:
        return Deadline(Step.EXAMINE, violation.reported_on, EXAMINATION_DAYS)
    if state == State.EXAMINED:
        return Deadline(Step.PROPOSE, violation.bap_date, BOARD_DAYS)
    if state == State.AT_BOARD:
        if violation.board_decision == BoardDecision.APPROVED:
            return Deadline(Step.RESPOND, _local_date(violation.board_decided_at), RESPONSE_DAYS)
        if violation.board_decision == BoardDecision.REJECTED:
            return Deadline(Step.CLOSE, None)
        return Deadline(Step.BOARD, None)
    if violation.response_type == ResponseType.REVOCATION:
        return Deadline(Step.REVOKE, _local_date(violation.response_decided_at), REVOCATION_SERVICE_DAYS)
    return Deadline(Step.CLOSE, None)


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    from django.utils import timezone

    return timezone.localdate(value) if value else None


def due_dates(deadlines: list[Deadline | None]) -> list[datetime.date | None]:
    """The due date of each deadline, with one query for the working-day calendar of them all."""
    counted = [d for d in deadlines if d is not None and d.start is not None]
    if not counted:
        return [None] * len(deadlines)
    calendar = workdays.Calendar.around([d.start for d in counted], ahead=max(d.days for d in counted) * 2 + 30)
    return [
        calendar.add_working_days(d.start, d.days) if d is not None and d.start is not None else None for d in deadlines
    ]


@dataclass(frozen=True)
class ViolationRow:
    """One open violation in a list or a work queue."""

    violation: Violation
    state: str
    step: str
    step_label: str
    due_on: datetime.date | None
    overdue: bool

    @property
    def client(self):
        return self.violation.episode.client

    @property
    def episode(self) -> ProgramEpisode:
        return self.violation.episode

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)


def open_violations(episodes_qs: QuerySet, *, today: datetime.date) -> list[ViolationRow]:
    """The open violations of `episodes_qs` with their next step and its due date, most urgent first.

    Two queries: the violations with their episode, client and PK; the working-day calendar.
    """
    violations = list(
        Violation.objects.open()
        .filter(episode__in=episodes_qs)
        .select_related("episode__client", "episode__officer", "episode__rule_set")
        .order_by("reported_on", "pk")
    )
    return _rows(violations, today=today)


def _rows(violations: list[Violation], *, today: datetime.date) -> list[ViolationRow]:
    deadlines = [next_step(v) for v in violations]
    dates = due_dates(deadlines)
    rows = [
        ViolationRow(
            violation=v,
            state=v.state,
            step=d.step,
            step_label=d.label,
            due_on=due,
            overdue=due is not None and due < today,
        )
        for v, d, due in zip(violations, deadlines, dates, strict=True)
        if d is not None
    ]
    far = datetime.date.max
    rows.sort(key=lambda r: (r.due_on or far, r.violation.reported_on, r.violation.pk))
    return rows


def violations_for_user(user, *, today: datetime.date) -> list[ViolationRow]:
    """The open violations of the clients `user` sees (caseload, section or office). Two queries."""

    episodes = ProgramEpisode.objects.visible_to(user)
    return open_violations(episodes, today=today)


USER_FIELDS = (
    "reported_by",
    "confirmed_by",
    "examined_by",
    "proposed_by",
    "response_decided_by",
    "suspended_by",
    "lifted_by",
    "closed_by",
)


def client_violations(client, user) -> list[Violation]:
    """Every violation of `client`'s episodes, newest first, with its revocation and its people. One query, and
    one for the people when there are violations (none when the client page's panels already read them: see
    `clients.panels.render_panels`)."""
    memo = getattr(client, "panel_memo", None)
    if memo is not None and "violations" in memo:
        return memo["violations"]
    rows = list(
        Violation.objects.visible_to(user)
        .filter(episode__client=client)
        .select_related("episode", "revocation")
        .order_by("-reported_on", "-pk")
    )
    account_selectors.attach_users((rows, USER_FIELDS))
    if memo is not None:
        memo["violations"] = rows
    return rows


# What each step needs (ability), for the detail page's "next action".
ACTIONS = [
    ("confirm", "violation.examine", _("Confirm the draft")),
    ("dismiss", "violation.examine", _("Dismiss the draft")),
    ("examine", "violation.examine", _("Record the examination (BAP)")),
    ("propose", "violation.examine", _("Put before the board")),
    ("respond", "violation.respond", _("Set the response")),
    ("suspend", "violation.suspend", _("Suspend the guidance")),
    ("lift", "violation.suspend", _("Lift the suspension")),
    ("revoke", "violation.revoke", _("Record the revocation")),
    ("close", "violation.examine", _("Close")),
]


def allowed_steps(violation: Violation) -> set[str]:
    """The transitions the flow allows now, whoever asks."""

    if violation.closed_at:
        return set()
    if violation.is_draft:
        return {"confirm", "dismiss"}
    state = violation.state
    steps: set[str] = set()
    if state == State.REPORTED:
        steps.add("examine")
    elif state == State.EXAMINED:
        steps.add("propose")
    elif state == State.AT_BOARD:
        if violation.board_decision == BoardDecision.APPROVED:
            steps.add("respond")
        elif violation.board_decision == BoardDecision.REJECTED:
            steps.add("close")
    elif state == State.RESPONDED:
        if violation.response_type == ResponseType.REVOCATION and not hasattr(violation, "revocation"):
            steps.add("revoke")
        steps.add("close")
    if violation.is_suspending:
        steps.add("lift")
        steps.discard("close")
    elif violation.suspended_at is None and violation.episode.status == EpisodeStatus.ACTIVE:
        steps.add("suspend")
    return steps


def actions_for(violation: Violation, user) -> list[tuple[str, str]]:
    """(url name, label) of the steps `user` may take on `violation` now."""
    steps = allowed_steps(violation)
    return [
        (f"violations:{step}", str(label))
        for step, ability, label in ACTIONS
        if step in steps and scopes.can(user, ability)
    ]


def window_end(episode: ProgramEpisode) -> datetime.date:
    """The last day a revocation of `episode` may be decided (KUHP Pasal 73(5))."""
    return rules.revocation_window_end(episode.rule_set, probation_ends_on=episode.ends_on)


def open_violation_counts(episodes_qs: QuerySet, *, today: datetime.date) -> dict[int, int]:
    """How many rows `open_violations` would list, by episode id: one GROUP BY query."""
    rows = (
        Violation.objects.open()
        .filter(episode__in=episodes_qs)
        .order_by()
        .values("episode_id")
        .annotate(n=Count("pk"))
        .values_list("episode_id", "n")
    )
    return dict(rows)
