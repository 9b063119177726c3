"""Reads of referrals: the lists of the pages and panels, and the PK's alerts.

Who may see which referral is decided in `referrals.access` (staff through the client; a partner's user
only the current referrals of their own organisation); the reads here start from what it lets through.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from clients.codes import OPEN_STATUSES
from clients.models import CaseArticle, Client, ProgramEpisode
from referrals import access
from referrals.models import (
    OPEN_STATES,
    Document,
    GroupActivity,
    GroupParticipant,
    Need,
    OutcomeRating,
    Referral,
    ReferralSession,
)

# How long a partner's concern stays on the PK's home page unread.
CONCERN_DAYS = 60
OPEN_CODES = frozenset(s.value for s in OPEN_STATES)


# --- Staff -------------------------------------------------------------------------------------------


def client_referrals(client: Client, user) -> list[Referral]:
    """The client's referrals `user` may see, newest first, with state, partner and held-session count (one
    query)."""
    return list(
        Referral.objects.visible_to(user)
        .filter(client=client)
        .with_state()
        .select_related("partner")
        .annotate(held=Count("sessions", filter=Q(sessions__held_on__isnull=False)))
        .order_by("-created_at", "-pk")
    )


def client_open_needs(client: Client, referrals: list[Referral]) -> list[Need]:
    """The open needs of the client's current episode, each with `met_by`: the partners of the episode's
    open referrals in the need's field, taken from `referrals` (client_referrals' list). One query."""
    if client.current_episode_id is None:
        return []
    needs = list(
        Need.objects.filter(episode_id=client.current_episode_id, closed_at__isnull=True).order_by("field", "pk")
    )
    for need in needs:
        need.met_by = [
            r.partner
            for r in referrals
            if r.episode_id == need.episode_id and r.field == need.field and r.state_code in OPEN_CODES
        ]
    return needs


def referral_detail(referral: Referral) -> dict:
    """Outcomes with their ratings, sessions and documents of one referral (three queries)."""
    return {
        "outcomes": list(referral.outcomes.select_related("rating")),
        "sessions": list(referral.sessions.select_related("recorded_by").order_by("-held_on", "-scheduled_for")),
        "documents": list(referral.documents.select_related("uploaded_by")),
    }


@dataclass
class Alerts:
    """What a PK or section head must look at: partners' concerns, referrals unanswered past their day,
    and (for approvers) referrals awaiting approval."""

    concerns: list[ReferralSession] = field(default_factory=list)
    overdue: list[Referral] = field(default_factory=list)
    to_approve: list[Referral] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.concerns or self.overdue or self.to_approve)


def alerts(user, *, today: datetime.date | None = None, approver: bool = False) -> Alerts:
    """Alerts about the referrals of the clients `user` may see. Two queries (three for approvers).

    The rows carry only what the home page's card shows (names, dates, the concern): the client, partner and
    user tables are wide, and reading every column of three joins cost more than the rest of the card.
    """
    today = today or timezone.localdate()
    visible = Referral.objects.visible_to(user)
    since = timezone.now() - datetime.timedelta(days=CONCERN_DAYS)
    names = ("client__name", "partner__name")
    result = Alerts(
        concerns=list(
            ReferralSession.objects.filter(
                referral__in=visible.open().values("pk"),
                concern=True,
                concern_seen_at__isnull=True,
                recorded_at__gte=since,
            )
            .select_related("referral__client", "referral__partner")
            .only("referral", "held_on", "concern_note", *(f"referral__{name}" for name in names))
            .order_by("-held_on", "-pk")
        ),
        overdue=list(
            visible.awaiting_partner_past(today)
            .select_related("client", "partner")
            .only("respond_by", *names)
            .order_by("respond_by")
        ),
    )
    if approver:
        result.to_approve = list(
            visible.open()
            .filter(needs_approval=True, approved_at__isnull=True, episode__status__in=OPEN_STATUSES)
            .select_related("client", "partner", "created_by")
            .only("created_at", *names, "created_by__full_name")
            .order_by("created_at")
        )
    return result


def office_activities(user) -> QuerySet:
    return (
        GroupActivity.objects.visible_to(user)
        .select_related("partner", "place", "office")
        .annotate(participant_count=Count("participants"))
        .order_by("-held_on", "-pk")
    )


def document_office(document: Document):
    return (document.referral or document.activity).office


# --- Partner portal ----------------------------------------------------------------------------------


def portal_home(user) -> list[Referral]:
    """The portal's list: client name, contact, regency, field, state and next session (two queries)."""
    now = timezone.now()
    return list(
        access.portal_referrals(user)
        .with_state()
        .select_related("client__domicile_regency")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=ReferralSession.objects.filter(held_on__isnull=True, scheduled_for__gte=now).order_by(
                    "scheduled_for"
                ),
                to_attr="upcoming",
            )
        )
        .order_by("respond_by", "client__name")
    )


def portal_articles(referral: Referral) -> list[CaseArticle]:
    """The case articles, for a legal-aid partner only; nothing for every other kind (one query or none)."""
    if not access.partner_sees_articles(referral):
        return []
    return list(CaseArticle.objects.filter(case__episodes=referral.episode_id).order_by("pk"))


def portal_episodes(user) -> list[ProgramEpisode]:
    """Episodes of clients currently referred to the user's partner: who may take part in its activities."""
    ids = access.portal_referrals(user).values("episode_id")
    return list(ProgramEpisode.objects.filter(pk__in=ids).select_related("client").order_by("client__name"))


# --- Figures for the partners' scorecards (EvaluasiMitra) --------------------------------------------


@dataclass
class PartnerFigures:
    """What one partner did in a period. Counts are by the date of each fact (sent, answered, held…)."""

    received: int = 0  # referrals sent to the partner (sent_at)
    accepted: int = 0  # accepted_at
    declined: int = 0  # declined_at
    answered_late: int = 0  # accepted or declined after respond_by
    completed: int = 0  # closed_at
    withdrawn: int = 0  # withdrawn_at
    current: int = 0  # under way now, whatever the period
    sessions_held: int = 0  # held_on
    sessions_attended: int = 0  # attended or late
    sessions_absent: int = 0
    concerns: int = 0
    reports: int = 0  # report_submitted_at
    outcomes_rated: int = 0
    achievement_score: float | None = None  # mean of 1 / 0.5 / 0 over the outcomes rated in the period
    activities: int = 0  # group activities held_on in the period
    activity_hours: float = 0.0
    activity_participants: int = 0


def partner_figures(partner_ids, start: datetime.date, end: datetime.date) -> dict[int, PartnerFigures]:
    """Figures of the partners `partner_ids` from `start` to `end` (inclusive), by partner id. Six queries."""
    from django.db.models import Avg, Case, F, FloatField, Sum, Value, When
    from django.db.models.functions import TruncDate

    ids = list(partner_ids)
    result = {pk: PartnerFigures() for pk in ids}
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)

    def within(name: str) -> Q:
        return Q(**{f"{name}__gte": lo, f"{name}__lt": hi})

    answered = Case(
        When(accepted_at__isnull=False, then=TruncDate("accepted_at", tzinfo=tz)),
        When(declined_at__isnull=False, then=TruncDate("declined_at", tzinfo=tz)),
    )
    rows = (
        Referral.objects.filter(partner_id__in=ids)
        .annotate(answered_on=answered)
        .values("partner_id")
        .annotate(
            received=Count("pk", filter=within("sent_at")),
            accepted=Count("pk", filter=within("accepted_at")),
            declined=Count("pk", filter=within("declined_at")),
            answered_late=Count(
                "pk", filter=(within("accepted_at") | within("declined_at")) & Q(answered_on__gt=F("respond_by"))
            ),
            completed=Count("pk", filter=within("closed_at")),
            withdrawn=Count("pk", filter=within("withdrawn_at")),
            reports=Count("pk", filter=within("report_submitted_at")),
        )
        .order_by()
    )
    for row in rows:
        figures = result[row.pop("partner_id")]
        for key, value in row.items():
            setattr(figures, key, value)
    for row in (
        Referral.objects.filter(partner_id__in=ids).current().values("partner_id").annotate(n=Count("pk")).order_by()
    ):
        result[row["partner_id"]].current = row["n"]
    for row in (
        ReferralSession.objects.filter(referral__partner_id__in=ids, held_on__range=(start, end))
        .values("referral__partner_id")
        .annotate(
            held=Count("pk"),
            attended=Count("pk", filter=Q(attendance__in=["attended", "late"])),
            absent=Count("pk", filter=Q(attendance="absent")),
            concerns=Count("pk", filter=Q(concern=True)),
        )
        .order_by()
    ):
        figures = result[row["referral__partner_id"]]
        figures.sessions_held, figures.sessions_attended = row["held"], row["attended"]
        figures.sessions_absent, figures.concerns = row["absent"], row["concerns"]
    score = Case(
        *(When(achievement=a.value, then=Value(s)) for a, s in OutcomeRating.SCORES.items()),
        output_field=FloatField(),
    )
    for row in (
        OutcomeRating.objects.filter(outcome__referral__partner_id__in=ids)
        .filter(within("outcome__referral__report_submitted_at"))
        .values("outcome__referral__partner_id")
        .annotate(n=Count("pk"), score=Avg(score))
        .order_by()
    ):
        figures = result[row["outcome__referral__partner_id"]]
        figures.outcomes_rated, figures.achievement_score = row["n"], row["score"]
    for row in (
        GroupActivity.objects.filter(partner_id__in=ids, held_on__range=(start, end))
        .values("partner_id")
        .annotate(n=Count("pk"), hours=Sum("hours"))
        .order_by()
    ):
        result[row["partner_id"]].activities = row["n"]
        result[row["partner_id"]].activity_hours = float(row["hours"] or 0)
    for row in (
        GroupParticipant.objects.filter(activity__partner_id__in=ids, activity__held_on__range=(start, end))
        .values("activity__partner_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        result[row["activity__partner_id"]].activity_participants = row["n"]
    return result
