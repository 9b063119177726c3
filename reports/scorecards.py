"""Scorecards of the partners (evaluasi mitra) and the office's partnership summary, for the evaluation
meeting (rapat evaluasi) where agreements are renewed.

The referral figures come from `referrals.selectors.partner_figures` (the referrals app owns the facts);
this module adds the time partners take to accept, the outcomes achieved, each partner's agreement
status, and the summary by field of service and regency. Every read is a fixed number of queries,
whatever the number of partners.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from clients.codes import OPEN_STATUSES
from clients.models import Client
from lib.dates import site_date
from organizations.models import Office
from partners import selectors
from partners.codes import ServiceField
from partners.models import Agreement, AgreementField, Partner, PartnerField
from referrals.models import Need, OutcomeRating, Referral
from referrals.selectors import partner_figures
from regions.models import Regency


@dataclass
class AgreementStatus:
    """A partner's agreement on the last day of the period: in force (until when), ended, or none."""

    code: str  # "in_force", "expiring" (ends within 90 days of the period's end), "ended" or "none"
    ends_on: datetime.date | None = None
    number: str = ""

    @property
    def label(self) -> str:
        if self.code == "none":
            return _("no agreement")
        if self.code == "ended":
            return _("ended %(date)s") % {"date": site_date(self.ends_on)}
        if self.code == "expiring":
            return _("ends %(date)s") % {"date": site_date(self.ends_on)}
        return _("in force until %(date)s") % {"date": site_date(self.ends_on)}


@dataclass
class Scorecard:
    """One partner's figures in the period."""

    partner: Partner
    received: int = 0
    accepted: int = 0
    declined: int = 0
    answered_late: int = 0
    days_to_accept: float | None = None  # mean days from sending to acceptance, of those accepted in the period
    sessions_held: int = 0
    sessions_attended: int = 0
    outcomes_rated: int = 0
    outcomes_achieved: int = 0
    achievement_score: float | None = None
    current: int = 0
    activities: int = 0
    agreement: AgreementStatus = field(default_factory=lambda: AgreementStatus("none"))

    @property
    def attendance_rate(self) -> float | None:
        """Share of held sessions the client attended (on time or late), 0–1; None without sessions."""
        return self.sessions_attended / self.sessions_held if self.sessions_held else None

    @property
    def attendance_percent(self) -> int | None:
        rate = self.attendance_rate
        return None if rate is None else round(rate * 100)


def _agreement_statuses(partner_ids: list[int], end: datetime.date) -> dict[int, AgreementStatus]:
    """One query: each partner's agreement status on `end`."""
    result: dict[int, AgreementStatus] = {}
    rows = (
        Agreement.objects.filter(partner_id__in=partner_ids, starts_on__lte=end)
        .values_list("partner_id", "ends_on", "number_office")
        .order_by("partner_id", "ends_on")
    )
    warn = datetime.timedelta(days=90)
    # Ordered by end: an agreement in force ends after any that ended, and the longest in force comes last.
    for partner_id, ends_on, number in rows:
        if ends_on < end:
            result[partner_id] = AgreementStatus("ended", ends_on, number)
        else:
            result[partner_id] = AgreementStatus("expiring" if ends_on - end <= warn else "in_force", ends_on, number)
    return result


def scorecards(partners: list[Partner], start: datetime.date, end: datetime.date) -> list[Scorecard]:
    """The scorecard of each partner from `start` to `end` (inclusive). Nine queries for any number."""
    ids = [p.pk for p in partners]
    figures = partner_figures(ids, start, end)
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    waits: dict[int, list[float]] = defaultdict(list)
    for partner_id, sent_at, accepted_at in Referral.objects.filter(
        partner_id__in=ids, accepted_at__gte=lo, accepted_at__lt=hi, sent_at__isnull=False
    ).values_list("partner_id", "sent_at", "accepted_at"):
        waits[partner_id].append(max((accepted_at - sent_at).total_seconds(), 0) / 86400)
    achieved = dict(
        OutcomeRating.objects.filter(
            outcome__referral__partner_id__in=ids,
            outcome__referral__report_submitted_at__gte=lo,
            outcome__referral__report_submitted_at__lt=hi,
            achievement=OutcomeRating.Achievement.ACHIEVED,
        )
        .values("outcome__referral__partner_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("outcome__referral__partner_id", "n")
    )
    statuses = _agreement_statuses(ids, end)
    cards = []
    for partner in partners:
        f = figures[partner.pk]
        wait = waits.get(partner.pk)
        cards.append(
            Scorecard(
                partner=partner,
                received=f.received,
                accepted=f.accepted,
                declined=f.declined,
                answered_late=f.answered_late,
                days_to_accept=round(sum(wait) / len(wait), 1) if wait else None,
                sessions_held=f.sessions_held,
                sessions_attended=f.sessions_attended,
                outcomes_rated=f.outcomes_rated,
                outcomes_achieved=achieved.get(partner.pk, 0),
                achievement_score=f.achievement_score,
                current=f.current,
                activities=f.activities,
                agreement=statuses.get(partner.pk, AgreementStatus("none")),
            )
        )
    return cards


def office_partners(office: Office) -> list[Partner]:
    """The partners to score: every partner of the office past identification. One query."""
    return list(Partner.objects.filter(office=office).exclude(status=Partner.Status.IDENTIFIED).order_by("name"))


@dataclass
class SummaryCell:
    """One field of service in one regency or city."""

    partners: int = 0  # active partners serving the regency under an agreement in force covering the field
    referred: int = 0  # clients with a referral under way in the field
    unmet: int = 0  # clients with a need (recorded, or a declined/withdrawn referral) and no open referral


@dataclass
class SummaryRow:
    regency: Regency
    clients: int  # clients under supervision living there
    cells: dict[str, SummaryCell]

    @property
    def ordered_cells(self) -> list[SummaryCell]:
        return [self.cells[f] for f in ServiceField.values]


@dataclass
class Summary:
    """The office's partnership by field of service and regency, on `on`."""

    office: Office
    on: datetime.date
    rows: list[SummaryRow]
    fields: list[tuple[str, StrOrPromise]]
    partners_by_status: list[tuple[StrOrPromise, int]]  # (status label, count)

    def total(self, field_code: str, attr: str) -> int:
        return sum(getattr(r.cells[field_code], attr) for r in self.rows)

    @property
    def totals(self) -> list[dict]:
        return [
            {
                "field": code,
                "label": label,
                "partners": self.total(code, "partners"),
                "referred": self.total(code, "referred"),
                "unmet": self.total(code, "unmet"),
            }
            for code, label in self.fields
        ]

    @property
    def clients(self) -> int:
        return sum(r.clients for r in self.rows)

    @property
    def gaps(self) -> list[tuple[Regency, StrOrPromise]]:
        """(regency, field label) where clients are under supervision and no partner is available."""
        return [
            (r.regency, label)
            for r in self.rows
            if r.clients
            for code, label in self.fields
            if not r.cells[code].partners
        ]


def partnership_summary(office: Office, on: datetime.date | None = None) -> Summary:
    """Partners available, clients referred and clients whose need is unmet, by field and regency. Eight queries.

    A client under supervision has an unmet need in a field when the PK recorded an open need
    (referrals.Need) in that field, or the client's referral in that field was declined or withdrawn, and
    no referral of the episode in that field is open. Each client counts once per field.
    """
    on = on or timezone.localdate()
    area = Office.working_area.through.objects.filter(office_id=office.pk).values("regency_id")
    regencies = list(Regency.objects.filter(pk__in=area).order_by("name"))
    codes = ServiceField.values
    cells = {r.pk: {f: SummaryCell() for f in codes} for r in regencies}

    active = Partner.objects.filter(office=office, status=Partner.Status.ACTIVE).values("pk")
    offered = set(PartnerField.objects.filter(partner_id__in=active).values_list("partner_id", "field"))
    covered = set(
        AgreementField.objects.filter(
            agreement__partner_id__in=active, agreement__starts_on__lte=on, agreement__ends_on__gte=on
        ).values_list("agreement__partner_id", "field")
    )
    served = Partner.service_area.through.objects.filter(partner_id__in=active).values_list("partner_id", "regency_id")
    for partner_id, regency_id in served:
        if regency_id not in cells:
            continue
        for code in codes:
            if (partner_id, code) in offered and (partner_id, code) in covered:
                cells[regency_id][code].partners += 1

    supervised = Client.objects.filter(office=office, current_episode__status__in=OPEN_STATUSES)
    clients = dict(
        supervised.values("domicile_regency_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("domicile_regency_id", "n")
    )
    office_referrals = Referral.objects.filter(office=office, episode__status__in=OPEN_STATUSES)
    for code, regency_id, n in (
        office_referrals.current()
        .values("field", "client__domicile_regency_id")
        .annotate(n=Count("client_id", distinct=True))
        .order_by()
        .values_list("field", "client__domicile_regency_id", "n")
    ):
        if regency_id in cells and code in cells[regency_id]:
            cells[regency_id][code].referred = n
    still_open = Referral.objects.open().filter(episode_id=OuterRef("episode_id"), field=OuterRef("field"))
    ended = (
        office_referrals.filter(Q(declined_at__isnull=False) | Q(withdrawn_at__isnull=False))
        .exclude(Exists(still_open))
        .order_by()
        .values_list("field", "client_id", "client__domicile_regency_id")
    )
    recorded = (
        Need.objects.unmet()
        .filter(office=office)
        .order_by()
        .values_list("field", "episode__client_id", "episode__client__domicile_regency_id")
    )
    # UNION (not ALL) counts each client once per field, whether the need shows in both or one.
    for code, _client_id, regency_id in ended.union(recorded):
        if regency_id in cells and code in cells[regency_id]:
            cells[regency_id][code].unmet += 1
    by_status = dict(
        Partner.objects.filter(office=office)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("status", "n")
    )
    return Summary(
        office=office,
        on=on,
        rows=[SummaryRow(regency=r, clients=clients.get(r.pk, 0), cells=cells[r.pk]) for r in regencies],
        fields=list(ServiceField.choices),
        partners_by_status=[(label, by_status.get(code, 0)) for code, label in Partner.Status.choices],
    )


@dataclass
class Bar:
    label: str
    value: float
    width: float  # of the bar, in the SVG's user units
    y: int
    text_x: float
    text: str


@dataclass
class Chart:
    """A horizontal bar chart, drawn as inline SVG by the template (no JavaScript)."""

    bars: list[Bar]
    height: int
    empty_reason: str = ""  # shown instead of the chart when no row has a figure to draw


LABEL_WIDTH = 200


def bar_chart(
    items: list[tuple[str, float | None]],
    *,
    width: int = 300,
    step: int = 18,
    suffix: str = "",
    empty_reason: str = "",
    zero_is_data: bool = False,
) -> Chart:
    """Rows of a horizontal bar chart scaled to the largest value; None is drawn as no bar and a dash.

    When no row has a figure (all None, or all None or zero unless `zero_is_data`), the chart carries
    `empty_reason` for the template to show instead of a chart of empty rows."""
    top = max((v or 0 for _label, v in items), default=0) or 1
    bars = []
    for i, (label, v) in enumerate(items):
        length = round((v or 0) / top * width, 1)
        bars.append(
            Bar(
                label=label,
                value=v or 0,
                width=length,
                y=i * step,
                text_x=LABEL_WIDTH + length + 5,
                text="—" if v is None else f"{v:g}{suffix}",
            )
        )
    has_data = any(v is not None and (zero_is_data or v) for _label, v in items)
    return Chart(bars=bars, height=max(len(items), 1) * step, empty_reason="" if has_data else empty_reason)


@dataclass
class Pack:
    """Everything the evaluation meeting's pack shows, computed once for the page, the PDF and the XLSX."""

    office: Office
    start: datetime.date
    end: datetime.date
    summary: Summary
    cards: list[Scorecard]
    warnings: selectors.ExpiryWarnings
    charts: dict[str, Chart]


def evaluation_pack(office: Office, start: datetime.date, end: datetime.date) -> Pack:
    """The figures of the evaluation meeting: summary, scorecards, agreements to act on, and chart rows."""
    partners = office_partners(office)
    cards = scorecards(partners, start, end)
    return Pack(
        office=office,
        start=start,
        end=end,
        summary=partnership_summary(office, end),
        cards=cards,
        warnings=selectors.expiry_warnings([office.pk], end),
        charts={
            "received": bar_chart(
                [(c.partner.name, c.received) for c in cards], empty_reason=_("No referrals in this period.")
            ),
            "attendance": bar_chart(
                [(c.partner.name, c.attendance_percent) for c in cards],
                suffix="%",
                zero_is_data=True,  # 0 % attendance is a figure; no session at all is not
                empty_reason=_("No partner sessions held in this period, so there is no attendance to show."),
            ),
        },
    )
