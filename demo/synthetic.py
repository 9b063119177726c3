"""Invented people and numbers for the demo: names, NIKs, NIPs, offences and the dates of their orders.

Nothing here writes to the database. Dates of guidance are never computed by hand: the end of every
episode comes from `clients.rules.end_of_guidance` under the rule version that
`clients.selectors.rule_set_for` picks, exactly as a registration through the services would.
"""

from __future__ import annotations

import bisect
import datetime
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from clients import rules, selectors
from clients.codes import COURT_GOVERNED, CriminalCode, Phase, Program
from clients.models import RuleSet
from demo import names

# UU 1/2023 (the new criminal code) is in force from this day; decisions from then on apply it.
NEW_CODE_IN_FORCE = datetime.date(2026, 1, 2)
DAY = datetime.timedelta(days=1)


def weighted_counts(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` over the keys in proportion to the weights (largest remainder, deterministic)."""
    weight_sum = sum(weights.values())
    if total <= 0 or weight_sum <= 0:
        return dict.fromkeys(weights, 0)
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: (-(exact[k] - counts[k]), list(weights).index(k)))[
        : total - sum(counts.values())
    ]:
        counts[key] += 1
    return counts


class Identities:
    """Hands out names and identity numbers that are unique within one build."""

    def __init__(self, rng: random.Random, today: datetime.date, reserved_names: set[str] = frozenset()):
        self.rng = rng
        self.today = today
        self.niks: set[str] = set()
        self.nips: set[str] = set()
        self.usernames: set[str] = set()
        self.reserved_names = set(reserved_names)

    def person_name(self, sex: str) -> str:
        """A given name, usually followed by a second name; never one of the demo accounts' names."""
        male = sex == "L"
        while True:
            given = self.rng.choice(names.MALE_GIVEN if male else names.FEMALE_GIVEN)
            if self.rng.random() < 0.22:
                name = given  # single names are common in Indonesian registers
            else:
                second = self.rng.choice(names.MALE_SECOND if male else names.FEMALE_SECOND)
                name = f"{given} {second}" if second != given else given
            if name not in self.reserved_names:
                return name

    def nik(self, district_code: str, birth: datetime.date, sex: str) -> str:
        """A NIK: district of domicile · DDMMYY (women: day + 40) · serial, unique in the build.

        Serials run 0100–9999: 0001–0099 stay free for hand-typed examples and tests (a browser test
        registers 3209015507900003), so the demo never holds their NIK already.
        """
        day = birth.day + (40 if sex == "P" else 0)
        stem = f"{district_code.replace('.', '')}{day:02d}{birth:%m%y}"
        while True:
            value = f"{stem}{self.rng.randint(100, 9999):04d}"
            if value not in self.niks:
                self.niks.add(value)
                return value

    def nip(self, sex: str) -> str:
        """An 18-digit NIP: birth date · appointment year and month · sex digit · serial (lib/nip.py)."""
        while True:
            birth = datetime.date(self.rng.randint(1968, 1999), self.rng.randint(1, 12), self.rng.randint(1, 28))
            appointed = min(birth.year + self.rng.randint(22, 32), self.today.year - 1)
            value = (
                f"{birth:%Y%m%d}{appointed}{self.rng.randint(1, 12):02d}"
                f"{'1' if sex == 'L' else '2'}{self.rng.randint(1, 999):03d}"
            )
            if value not in self.nips:
                self.nips.add(value)
                return value

    def username(self, wanted: str) -> str:
        value, n = wanted, 1
        while value in self.usernames:
            n += 1
            value = f"{wanted}{n}"
        self.usernames.add(value)
        return value


@dataclass(frozen=True)
class Offence:
    """An offence as registers record it, with the usual sentence for it."""

    category: str
    articles: tuple[tuple[str, str, str], ...]  # (article, paragraph, law) under the old code or a special law
    months: tuple[int, int]  # usual prison sentence
    threat_years: float  # the maximum the law threatens; decides supervision and community service
    weight: int
    new_articles: tuple[tuple[str, str, str], ...] | None = None  # under UU 1/2023; None: a special law
    fine_millions: tuple[int, int] = (0, 0)

    @property
    def special_law(self) -> bool:
        return self.new_articles is None


def _k(article: str, paragraph: str = "") -> tuple[str, str, str]:
    return (article, paragraph, "KUHP")


def _n(article: str, paragraph: str = "") -> tuple[str, str, str]:
    return (article, paragraph, "UU 1/2023")


OFFENCES = [
    Offence("narkotika", (("112", "1", "UU 35/2009"),), (48, 96), 12, 24, fine_millions=(800, 1000)),
    Offence("narkotika", (("114", "1", "UU 35/2009"),), (60, 120), 20, 10, fine_millions=(1000, 1500)),
    Offence("narkotika", (("127", "1 huruf a", "UU 35/2009"),), (8, 36), 4, 10),
    Offence("narkotika", (("111", "1", "UU 35/2009"),), (48, 84), 12, 3, fine_millions=(800, 1000)),
    Offence("pencurian", (_k("362"),), (6, 30), 5, 8, new_articles=(_n("476"),)),
    Offence("pencurian", (_k("363", "1 ke-4"),), (10, 42), 7, 10, new_articles=(_n("477", "1 huruf e"),)),
    Offence("kekerasan", (_k("365", "1"),), (24, 72), 9, 3, new_articles=(_n("479", "1"),)),
    Offence("kekerasan", (_k("351", "1"),), (4, 24), 2.7, 4, new_articles=(_n("466", "1"),)),
    Offence("kekerasan", (_k("170", "1"),), (12, 48), 5.5, 2, new_articles=(_n("262", "1"),)),
    Offence("penggelapan", (_k("372"),), (6, 30), 4, 4, new_articles=(_n("486"),)),
    Offence("penipuan", (_k("378"),), (6, 36), 4, 5, new_articles=(_n("492"),)),
    Offence("perjudian", (_k("303", "1 ke-2"),), (6, 24), 10, 3, new_articles=(_n("426", "1"),)),
    Offence("perlindungan_anak", (("81", "1", "UU 35/2014"),), (60, 120), 15, 2, fine_millions=(60, 100)),
    Offence("perlindungan_anak", (("82", "1", "UU 35/2014"),), (60, 108), 15, 2, fine_millions=(60, 100)),
    Offence("kdrt", (("44", "1", "UU 23/2004"),), (6, 30), 5, 2),
    Offence("lalu_lintas", (("310", "4", "UU 22/2009"),), (12, 48), 6, 2),
    Offence("ite", (("45", "3", "UU 19/2016"),), (6, 24), 4, 1),
    Offence("korupsi", (("3", "", "UU 31/1999"),), (12, 60), 20, 1, fine_millions=(50, 200)),
    Offence("lainnya", (_k("480", "1"),), (6, 24), 4, 2, new_articles=(_n("591"),)),
]
# Sentences (months) for which each custodial program is usually granted.
PROGRAM_MONTHS = {
    Program.PB: (14, 120),  # 2/3 of the sentence must be at least 9 months (Permenkumham 3/2018 Pasal 82)
    Program.ASIMILASI: (12, 96),
    Program.CMB: (18, 96),
    Program.CB: (6, 18),
    Program.PB_ANAK: (6, 48),
}
CHILD_PROGRAMS_HERE = (Program.PB_ANAK, Program.DIVERSI)


class RuleLookup:
    """`selectors.rule_set_for`, asked once per program and rule period instead of once per episode.

    Between two consecutive `valid_from` dates of a program the answer cannot change, so the first
    answer for a period is reused for every other reference date in it.
    """

    def __init__(self):
        self._starts: dict[str, list[datetime.date]] | None = None
        self._cache: dict[tuple[str, int], RuleSet] = {}

    def __call__(self, program: str, *, decision_date: datetime.date | None, decree_date: datetime.date) -> RuleSet:
        if self._starts is None:
            self._starts = defaultdict(list)
            for name, valid_from in RuleSet.objects.order_by("valid_from").values_list("program", "valid_from"):
                self._starts[name].append(valid_from)
        reference = decision_date if program in COURT_GOVERNED and decision_date else decree_date
        key = (program, bisect.bisect_right(self._starts[program], reference))
        if key not in self._cache:
            self._cache[key] = selectors.rule_set_for(program, decision_date=decision_date, decree_date=decree_date)
        return self._cache[key]


@dataclass
class EpisodePlan:
    program: str
    rule: RuleSet
    decree_number: str
    decree_date: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    phase: str
    community_service_hours: int | None = None
    special_conditions: str = ""


@dataclass
class CasePlan:
    offence: Offence
    criminal_code: str
    decision_number: str
    decision_date: datetime.date
    court: str
    sentence_months: int = 0  # total; split into years and months on the row
    fine: int = 0
    subsidiary_months: int = 0
    detention_start: datetime.date | None = None
    expiry_date: datetime.date | None = None
    prison_kind: str = ""
    origin_prison: str = ""
    prison_register_number: str = ""
    is_repeat_offender: bool = False
    articles: list[tuple[str, str, str]] = field(default_factory=list)
    episodes: list[EpisodePlan] = field(default_factory=list)  # oldest first; the last is current


@dataclass
class Place:
    """Where a client lives and which court and prison serve that place."""

    regency_code: str
    regency_name: str
    province_name: str
    court: str  # "Pengadilan Negeri Sumber"
    court_abbr: str  # "Sbr"
    province_code: str = ""


def phase_on(rule: RuleSet, starts_on: datetime.date, ends_on: datetime.date, day: datetime.date) -> str:
    """The phase the case board would have reached by `day`, from the rule's review dates."""
    review = rules.phase_review_dates(rule, starts_on=starts_on, ends_on=ends_on)
    if day >= review.final_from:
        return Phase.AKHIR
    if day >= review.continued_from:
        return Phase.LANJUTAN
    return Phase.AWAL


class CaseMaker:
    """Draws an offence, a court decision and the program episodes of one client."""

    def __init__(self, rng: random.Random, today: datetime.date, lookup: RuleLookup):
        self.rng = rng
        self.today = today
        self.rule_for = lookup

    # --- small helpers -------------------------------------------------------------------------------
    def _days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, max(low, high)))

    def _offence(self, program: str) -> tuple[Offence, int]:
        """An offence that fits the program, and the sentence in months (0 when no prison term)."""
        if program in PROGRAM_MONTHS:
            low, high = PROGRAM_MONTHS[program]
            child = program == Program.PB_ANAK
            fits = []
            for offence in OFFENCES:
                o_low, o_high = offence.months
                if child:  # a child's sentence is at most half the adult one (UU 11/2012 Pasal 81(2))
                    o_low, o_high = max(6, o_low // 2), max(6, o_high // 2)
                if max(low, o_low) <= min(high, o_high):
                    fits.append((offence, max(low, o_low), min(high, o_high)))
            offence, low, high = self.rng.choices(fits, weights=[o.weight for o, _, _ in fits])[0]
            return offence, self.rng.randint(low, high)
        limit = {Program.PIDANA_KERJA_SOSIAL: 4.99, Program.PIDANA_PENGAWASAN: 5, Program.DIVERSI: 6.99}[program]
        fits = [o for o in OFFENCES if o.threat_years <= limit and o.category not in ("korupsi", "ite")]
        return self.rng.choices(fits, weights=[o.weight for o in fits])[0], 0

    def _decision_number(self, place: Place, offence: Offence, day: datetime.date, child: bool) -> str:
        if child:
            kind = "Pid.Sus-Anak"
        elif offence.category == "korupsi":
            kind = "Pid.Sus-TPK"
        else:
            kind = "Pid.Sus" if offence.special_law else "Pid.B"
        return f"{self.rng.randint(12, 640)}/{kind}/{day.year}/PN {place.court_abbr}"

    def _prison(self, place: Place, child: bool, months: int, detained: datetime.date) -> tuple[str, str, str]:
        short = place.regency_name.removeprefix("Kabupaten ").removeprefix("Kota ")
        if child:
            kind, name = "lpka", f"LPKA {place.province_name}"
        elif place.regency_name.startswith("Kota "):
            kind, name = "lapas", f"Lapas Kelas IIA {short}"
        else:
            kind, name = self.rng.choice([("rutan", f"Rutan Kelas IIB {short}"), ("lapas", f"Lapas Kelas IIB {short}")])
        register = f"{'B.I' if months >= 12 else 'B.IIa'}-{self.rng.randint(1, 2999):04d}/{detained.year}"
        return kind, name, register

    def _decree_number(self, program: str, day: datetime.date) -> str:
        serial = self.rng.randint(100, 9999)
        code = {Program.PB: "09", Program.PB_ANAK: "09", Program.CB: "10", Program.CMB: "11"}.get(program)
        if code:
            return f"PAS-{serial}.PK.05.{code} Tahun {day.year}"
        if program == Program.ASIMILASI:
            return f"W.{serial:04d}.PAS-PK.05.04 Tahun {day.year}"
        # court sentences: the prosecutor's order to carry out the decision (P-48)
        return f"Print-{serial}/M.2.{self.rng.randint(10, 40)}/Eku.3/{day:%m}/{day.year}"

    def _episode(
        self, program, case: CasePlan, *, decree_date, starts_on, status="active", on=None, **end
    ) -> EpisodePlan:
        rule = self.rule_for(program, decision_date=case.decision_date, decree_date=decree_date)
        hours = end.pop("hours", None)
        if hours is not None:
            rules.check_community_service_hours(rule, hours)
        ends_on = rules.end_of_guidance(rule, starts_on=starts_on, **end)
        return EpisodePlan(
            program=program,
            rule=rule,
            decree_number=self._decree_number(program, decree_date),
            decree_date=decree_date,
            starts_on=starts_on,
            ends_on=ends_on,
            status=status,
            phase=phase_on(rule, starts_on, ends_on, on or self.today),
            community_service_hours=hours,
            special_conditions=names.SPECIAL_CONDITIONS.get(case.offence.category, ""),
        )

    def _articles(self, offence: Offence, new_code: bool) -> list[tuple[str, str, str]]:
        articles = list(offence.new_articles if new_code and offence.new_articles else offence.articles)
        if self.rng.random() < 0.3:
            if offence.category == "narkotika" and articles[0][0] in ("112", "114"):
                articles.append(("132", "1", "UU 35/2009"))  # conspiracy
            elif not offence.special_law:
                articles.append(_n("20", "huruf c") if new_code else _k("55", "1 ke-1"))  # participation
        return articles

    # --- one client's conviction and orders ----------------------------------------------------------
    def make(self, program: str, place: Place, *, prior_asimilasi: bool = False) -> CasePlan:
        for _ in range(200):
            plan = self._try(program, place, prior_asimilasi)
            if plan is not None:
                return plan
        raise RuntimeError(f"Could not draw dates for an active {program} episode")  # pragma: no cover

    def _try(self, program: str, place: Place, prior_asimilasi: bool) -> CasePlan | None:
        offence, months = self._offence(program)
        child = program in CHILD_PROGRAMS_HERE
        today = self.today
        if program in (Program.PB, Program.PB_ANAK):
            served = math.ceil(months / 2) if child else max(9, math.ceil(months * 2 / 3))
            if served >= months:
                return None
            length = (months - served) * 30 + 365
            starts = today - self._days(5, length - 5)
            detained = rules.add_months(starts, -served) - self._days(0, 20)
            expiry = rules.add_months(detained, months) - self._days(0, min(90, (months - served) * 10))
            case = self._case(offence, place, months, detained, expiry, child)
            if case.decision_date >= starts - 30 * DAY or expiry <= starts:
                return None
            if prior_asimilasi and not child:
                asim_start = rules.add_months(detained, math.ceil(months / 2)) + self._days(0, 20)
                if asim_start < starts - 30 * DAY and asim_start > case.decision_date:
                    case.episodes.append(
                        self._episode(
                            Program.ASIMILASI,
                            case,
                            decree_date=asim_start - self._days(2, 10),
                            starts_on=asim_start,
                            status="completed",
                            on=starts - DAY,
                            decided_end=starts - DAY,
                            expiry_date=expiry,
                        )
                    )
            episode = self._episode(
                program, case, decree_date=starts - self._days(3, 14), starts_on=starts, expiry_date=expiry
            )
        elif program == Program.ASIMILASI:
            half, two_thirds = math.ceil(months / 2), max(9, math.ceil(months * 2 / 3))
            if two_thirds >= months:
                two_thirds = months - 1
            starts = today - self._days(3, (two_thirds - half) * 30 - 3)
            detained = rules.add_months(starts, -half) - self._days(0, 10)
            expiry = rules.add_months(detained, months) - self._days(0, 30)
            case = self._case(offence, place, months, detained, expiry, child)
            if case.decision_date >= starts - 30 * DAY:
                return None
            episode = self._episode(
                program,
                case,
                decree_date=starts - self._days(2, 10),
                starts_on=starts,
                decided_end=rules.add_months(detained, two_thirds),
                expiry_date=expiry,
            )
        elif program in (Program.CB, Program.CMB):
            longest = min(180, months * 10) if program == Program.CB else 180
            length = self.rng.randint(min(45, longest), longest)
            expiry = today + self._days(3, length - 3)
            starts = expiry - length * DAY
            detained = rules.add_months(expiry + self._days(0, 60), -months)
            while rules.add_months(detained, months) < expiry:  # month-end clamping; remission only shortens
                detained -= DAY
            case = self._case(offence, place, months, detained, expiry, child)
            if case.decision_date >= starts - 14 * DAY:
                return None
            episode = self._episode(
                program,
                case,
                decree_date=starts - self._days(3, 14),
                starts_on=starts,
                expiry_date=expiry,
                decided_end=expiry,
            )
        elif program in (Program.PIDANA_PENGAWASAN, Program.PIDANA_KERJA_SOSIAL):
            window = 330 if program == Program.PIDANA_PENGAWASAN else 170
            earliest = max(NEW_CODE_IN_FORCE, today - window * DAY)
            if earliest > today - 14 * DAY:
                return None
            decided = earliest + self._days(0, (today - 14 * DAY - earliest).days)
            case = self._case(offence, place, 0, None, None, child, decided=decided)
            starts = min(decided + self._days(5, 20), today - DAY)
            decree = max(decided, starts - self._days(1, 4))
            if program == Program.PIDANA_PENGAWASAN:
                episode = self._episode(
                    program, case, decree_date=decree, starts_on=starts, duration_months=self.rng.randint(6, 24)
                )
            else:
                episode = self._episode(
                    program, case, decree_date=decree, starts_on=starts, hours=8 * self.rng.randint(3, 20)
                )
        elif program == Program.DIVERSI:
            decided = today - self._days(14, 300)
            case = self._case(offence, place, 0, None, None, child, decided=decided)
            starts = decided + self._days(3, 14)
            episode = self._episode(
                program,
                case,
                decree_date=decided,
                starts_on=starts,
                decided_end=rules.add_months(starts, self.rng.randint(3, 12)),
            )
            episode.decree_number = f"{self.rng.randint(1, 60)}/Pen.Div/{decided.year}/PN {place.court_abbr}"
        else:  # pragma: no cover - the demo mix uses only the programs above
            raise ValueError(program)
        if not (episode.starts_on <= today < episode.ends_on):
            return None
        case.episodes.append(episode)
        return case

    def _case(self, offence, place, months, detained, expiry, child, decided=None) -> CasePlan:
        if decided is None:
            decided = detained + self._days(60, 150)
        new_code = decided >= NEW_CODE_IN_FORCE
        low, high = offence.fine_millions
        fine = self.rng.randint(low, high) * 1_000_000 if high else 0
        case = CasePlan(
            offence=offence,
            criminal_code=CriminalCode.NEW if new_code else CriminalCode.OLD,
            decision_number=self._decision_number(place, offence, decided, child),
            decision_date=decided,
            court=place.court,
            sentence_months=months,
            fine=fine,
            subsidiary_months=self.rng.randint(1, 6) if fine else 0,
            detention_start=detained,
            expiry_date=expiry,
            is_repeat_offender=not child and self.rng.random() < 0.08,
            articles=self._articles(offence, new_code),
        )
        if detained is not None:
            case.prison_kind, case.origin_prison, case.prison_register_number = self._prison(
                place, child, months, detained
            )
        return case
