"""Fill one office with synthetic staff, Pokmas Lipas partners and clients, in bulk.

Rows are built in memory and written with `bulk_create` (clients, cases, articles, episodes,
guarantors, assignments), then `Client.current_episode` is set with one `bulk_update`. This is a
system load: no audit rows are written for the generated data, and `services.client_register` is not
called per row (it validates, locks and audits each client, far too slow at national scale). The
dates still come from the rule versions (see demo/synthetic.py).
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Jenjang, Role, Section, User
from allocation import demo as allocation_demo
from assessment import demo as assessment_demo
from board import demo as board_demo
from clients import services as client_services
from clients.codes import (
    CHILD_PROGRAMS,
    Education,
    Employment,
    EpisodeStatus,
    MaritalStatus,
    Program,
    Relationship,
    Religion,
    Sex,
)
from clients.models import Assignment, Case, CaseArticle, Client, Guarantor, ProgramEpisode
from clients.rules import add_months
from demo import names
from demo.synthetic import NEW_CODE_IN_FORCE, CaseMaker, Identities, Place, RuleLookup, weighted_counts
from fieldwork import demo as fieldwork_demo
from guidance import demo as guidance_demo
from litmas import demo as litmas_demo
from movements import demo as movements_demo
from organizations.models import Office, ServiceLocation
from partners import demo as partners_demo
from partners.models import Partner
from referrals import demo as referrals_demo
from regions.models import Regency, Village
from supervision import demo as supervision_demo
from supervision import selectors as supervision_selectors
from supervision.models import CheckIn
from violations import demo as violations_demo

BATCH_SIZE = 2000
CLIENTS_PER_PK = 33.3  # domain notes §1.2: 25–40 clients per PK
CHILD_SHARE = 0.03
# The program mix of adult clients: mostly PB, then CB, asimilasi and CMB, and the new-code sentences.
ADULT_PROGRAMS = {
    Program.PB: 56,
    Program.CB: 13,
    Program.ASIMILASI: 12,
    Program.CMB: 7,
    Program.PIDANA_PENGAWASAN: 5,
    Program.PIDANA_KERJA_SOSIAL: 4,
}
CHILD_PROGRAMS_MIX = {Program.PB_ANAK: 2, Program.DIVERSI: 1}
PRIOR_ASIMILASI_SHARE = 0.25  # PB clients whose record starts with the asimilasi they had before
# Partners by kind, in the proportions of the Cirebon article (21 partners).
PARTNER_KINDS = {
    Partner.Kind.LEGAL_AID: 4,
    Partner.Kind.LAW_OFFICE: 3,
    Partner.Kind.JOB_TRAINING: 5,
    Partner.Kind.SOCIAL_FOUNDATION: 4,
    Partner.Kind.COMMUNITY_ORGANISATION: 3,
    Partner.Kind.UNIVERSITY: 2,
}
PARTNERS_PER_CLIENT = 21 / 1000
NEW_PARTNER_SHARE = 8 / 21
EXCUSES = [
    "Sakit, surat dokter menyusul",
    "Bekerja di luar kota",
    "Keluarga meninggal dunia",
    "Banjir di desa",
]  # partners that signed at the latest evaluation meeting
PARTNER_GROUPS = {
    Partner.Kind.LEGAL_AID: Partner.Group.LEGAL_COMMUNITY,
    Partner.Kind.LAW_OFFICE: Partner.Group.LEGAL_COMMUNITY,
    Partner.Kind.COMMUNITY_ORGANISATION: Partner.Group.LEGAL_COMMUNITY,
    Partner.Kind.JOB_TRAINING: Partner.Group.INDEPENDENCE_PERSONALITY,
    Partner.Kind.SOCIAL_FOUNDATION: Partner.Group.INDEPENDENCE_PERSONALITY,
    Partner.Kind.UNIVERSITY: Partner.Group.INDEPENDENCE_PERSONALITY,
}
# Courts (Pengadilan Negeri) of the Cirebon area; elsewhere the court is named after the regency.
COURTS = {
    "32.74": ("Cirebon", "Cbn"),
    "32.09": ("Sumber", "Sbr"),
    "32.12": ("Indramayu", "Idm"),
    "32.10": ("Majalengka", "Mjl"),
    "32.08": ("Kuningan", "Kng"),
}
RELIGION_BY_PROVINCE = {
    "default": {
        Religion.ISLAM: 87,
        Religion.PROTESTANT: 7,
        Religion.CATHOLIC: 3,
        Religion.HINDU: 2,
        Religion.BUDDHIST: 1,
    },
    "32": {Religion.ISLAM: 97, Religion.PROTESTANT: 2, Religion.CATHOLIC: 1},
    "51": {Religion.HINDU: 86, Religion.ISLAM: 10, Religion.PROTESTANT: 2, Religion.CATHOLIC: 2},
    "53": {Religion.CATHOLIC: 53, Religion.PROTESTANT: 36, Religion.ISLAM: 10, Religion.HINDU: 1},
    "71": {Religion.PROTESTANT: 63, Religion.ISLAM: 31, Religion.CATHOLIC: 6},
    "12": {Religion.ISLAM: 64, Religion.PROTESTANT: 27, Religion.CATHOLIC: 6, Religion.BUDDHIST: 3},
    "61": {
        Religion.ISLAM: 60,
        Religion.CATHOLIC: 22,
        Religion.PROTESTANT: 11,
        Religion.BUDDHIST: 6,
        Religion.CONFUCIAN: 1,
    },
    "81": {Religion.ISLAM: 50, Religion.PROTESTANT: 42, Religion.CATHOLIC: 8},
    "papua": {Religion.PROTESTANT: 62, Religion.CATHOLIC: 20, Religion.ISLAM: 18},
}
EDUCATION = {
    Education.NONE: 3,
    Education.SD: 30,
    Education.SMP: 30,
    Education.SMA: 33,
    Education.DIPLOMA: 1,
    Education.S1: 2.5,
    Education.S2: 0.5,
}


@dataclass
class OfficeSpec:
    """What to build in one office."""

    office: Office
    slug: str  # for usernames: pk03.cirebon
    clients: int
    weights: dict[str, float]  # regency code → share of the clients (roughly the population)
    full_staff: bool = True  # head, section heads, registration, TPP, administrator, auditor, APK
    partners: int | None = None  # total wanted (existing included); None: in proportion to clients
    vary: bool = False  # vary the program mix a little, so offices differ as real ones do
    # Called with the office once its partners exist, before the apps' populators (the demo's partner users,
    # so the referrals demo has partner users to answer with).
    after_partners: Callable[[Office], None] | None = None


# Each app that builds on the registry adds its own demo rows for an office: populate(office, *, today, rng)
# -> counts by kind. They run after the office's clients and reporting history exist, in this order.
APP_POPULATORS = [
    supervision_demo.populate,
    fieldwork_demo.populate,
    partners_demo.populate,
    board_demo.populate,
    violations_demo.populate,
    movements_demo.populate,
    referrals_demo.populate,  # refers only clients whose guidance the apps above left under way
    litmas_demo.populate,  # after the board's: its requests go before the board's open meeting
    guidance_demo.populate,  # plans count the sessions and referrals written above, and take the Litmas advice
    assessment_demo.populate,  # before the workload: the latest risk category adds points
    allocation_demo.populate,  # last: the loads count the violations, transfers and referrals written above
]


@dataclass
class OfficeResult:
    office: Office
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def _aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _short(regency_name: str) -> str:
    return regency_name.removeprefix("Kabupaten ").removeprefix("Kota ")


class OfficeBuilder:
    """Builds the population of offices one after another, sharing the identity registry of one build."""

    def __init__(
        self,
        *,
        rng: random.Random,
        today: datetime.date,
        identities: Identities,
        password_hash: str,
        batch_size: int = BATCH_SIZE,
    ):
        self.rng = rng
        self.today = today
        # The office's latest partner evaluation meeting (rapat evaluasi), where new agreements are signed.
        self.evaluation_meeting = today - datetime.timedelta(days=7)
        self.ids = identities
        self.password_hash = password_hash
        self.batch_size = batch_size
        self.cases = CaseMaker(rng, today, RuleLookup())
        self._birth_places: list[str] = []

    # --- staff -------------------------------------------------------------------------------------
    def staff_plan(self, clients: int, children: int, full: bool) -> list[tuple[str, str]]:
        """(role, section) of every staff member the office should have."""
        pks = max(2, round(clients / CLIENTS_PER_PK)) if clients else 1
        bka_pks = min(pks - 1, max(1, round(children / (clients / pks)))) if children else 0
        plan = [(Role.PK, Section.BKD)] * (pks - bka_pks) + [(Role.PK, Section.BKA)] * bka_pks
        if full:
            apks = max(1, round(pks / 10))
            apk_sections = [Section.BKD] * apks
            if children and apks > 1:
                apk_sections[-1] = Section.BKA
            plan += [(Role.APK, section) for section in apk_sections]
            plan += [
                (Role.HEAD, ""),
                (Role.SECTION_HEAD, Section.BKD),
                (Role.SECTION_HEAD, Section.BKA),
                (Role.REGISTRATION, ""),
                (Role.TPP_SECRETARY, ""),
                (Role.ADMINISTRATOR, ""),
                (Role.AUDITOR, ""),
            ]
        return plan

    def _make_staff(self, spec: OfficeSpec, plan: list[tuple[str, str]]) -> list[User]:
        existing = list(User.objects.filter(office=spec.office).exclude(role=Role.PARTNER))
        have = Counter((u.role, u.section) for u in existing)
        prefixes = {
            Role.PK: "pk",
            Role.APK: "apk",
            Role.HEAD: "kabapas",
            Role.REGISTRATION: "registrasi",
            Role.TPP_SECRETARY: "tpp",
            Role.ADMINISTRATOR: "admin",
            Role.AUDITOR: "auditor",
        }
        numbers = Counter(u.role for u in existing)
        jenjang = [Jenjang.AHLI_PERTAMA] * 9 + [Jenjang.AHLI_MUDA] * 7 + [Jenjang.AHLI_MADYA] * 4
        new = []
        for role, section in plan:
            if have[(role, section)]:
                have[(role, section)] -= 1
                continue
            numbers[role] += 1
            if role == Role.SECTION_HEAD:
                wanted = f"kasi.{section.lower()}.{spec.slug}"
            else:
                wanted = f"{prefixes[role]}{numbers[role]:02d}.{spec.slug}"
            sex = "P" if self.rng.random() < 0.42 else "L"
            full_name = self.ids.person_name(sex)
            if role in (Role.PK, Role.HEAD, Role.SECTION_HEAD) and self.rng.random() < 0.6:
                full_name += self.rng.choice(names.STAFF_TITLES)
            username = self.ids.username(wanted)
            new.append(
                User(
                    username=username,
                    full_name=full_name,
                    role=role,
                    section=section,
                    jenjang=self.rng.choice(jenjang) if role == Role.PK else "",
                    office=spec.office,
                    nip=self.ids.nip(sex),
                    email=f"{username}@sintetis.demo.invalid",
                    password=self.password_hash,
                )
            )
        User.objects.bulk_create(new, batch_size=self.batch_size)
        return existing + new

    # --- reporting history -------------------------------------------------------------------------
    def _checkin_history(self, office: Office, episodes: list[ProgramEpisode]) -> list[CheckIn]:
        """Past wajib-lapor records of the active episodes: mostly attended, some excused or missed.

        Dates within the grace period stay unrecorded, so the officers' queues show today's work.
        """
        location = ServiceLocation.objects.filter(office=office, is_active=True).order_by("pk").first()
        # Intensified periods, working days and the tracking start for every episode in three queries.
        supervision_selectors.prefetch_schedule(e for e in episodes if e.status == EpisodeStatus.ACTIVE)
        rows = []
        for episode in episodes:
            if episode.status != EpisodeStatus.ACTIVE:
                continue
            until = self.today - datetime.timedelta(days=episode.rule_set.grace_days + 1)
            for due_on in supervision_selectors.scheduled_dates(episode, until=until):
                roll = self.rng.random()
                at = _aware(due_on, self.rng.randint(8, 14))
                if roll < 0.05:
                    rows.append(CheckIn(episode=episode, office=office, due_on=due_on, outcome="tidak_hadir"))
                elif roll < 0.09:
                    rows.append(
                        CheckIn(
                            episode=episode,
                            office=office,
                            due_on=due_on,
                            outcome="izin",
                            occurred_at=at,
                            excuse_reason=self.rng.choice(EXCUSES),
                        )
                    )
                elif location is None or roll > 0.97:
                    rows.append(
                        CheckIn(episode=episode, office=office, due_on=due_on, outcome="hadir_daring", occurred_at=at)
                    )
                else:
                    rows.append(
                        CheckIn(
                            episode=episode,
                            office=office,
                            due_on=due_on,
                            outcome="hadir",
                            occurred_at=at,
                            location=location,
                        )
                    )
        return rows

    # --- partners ----------------------------------------------------------------------------------
    def _make_partners(self, spec: OfficeSpec, places: list[str]) -> list[Partner]:
        wanted = spec.partners if spec.partners is not None else max(2, round(spec.clients * PARTNERS_PER_CLIENT))
        existing = list(Partner.objects.filter(office=spec.office))
        per_kind = weighted_counts(wanted, PARTNER_KINDS)
        for partner in existing:
            if per_kind.get(partner.kind):
                per_kind[partner.kind] -= 1
        taken = {p.name for p in existing}
        new = []
        for kind, count in per_kind.items():
            patterns = names.PARTNER_NAMES[kind]
            for _ in range(count):
                for attempt in range(50):
                    name = self.rng.choice(patterns).format(place=self.rng.choice(places))
                    if attempt > 20:
                        name = f"{name} {attempt}"
                    if name not in taken:
                        break
                taken.add(name)
                new.append(
                    Partner(
                        office=spec.office,
                        name=name,
                        kind=kind,
                        status=Partner.Status.ACTIVE,
                        group=PARTNER_GROUPS[kind],
                    )
                )
        # Most partners joined in earlier years; the rest signed at this year's evaluation meeting
        # (Cirebon: 13 older and 8 new of 21).
        everyone = existing + new
        newcomers = round(len(everyone) * NEW_PARTNER_SHARE)
        for index, partner in enumerate(everyone):
            if index >= len(everyone) - newcomers:
                partner.joined_on = self.evaluation_meeting
            else:
                partner.joined_on = self.evaluation_meeting - datetime.timedelta(days=self.rng.randint(365, 5 * 365))
            partner.group = partner.group or PARTNER_GROUPS[partner.kind]
        Partner.objects.bulk_create(new, batch_size=self.batch_size)
        Partner.objects.bulk_update(existing, ["joined_on", "group"])
        return everyone

    # --- clients -----------------------------------------------------------------------------------
    def program_mix(self, clients: int, vary: bool = False) -> list[str]:
        children = round(clients * CHILD_SHARE * (self.rng.uniform(0.5, 1.5) if vary else 1))
        adult = {p: w * (self.rng.uniform(0.75, 1.25) if vary else 1) for p, w in ADULT_PROGRAMS.items()}
        if self.today < NEW_CODE_IN_FORCE + datetime.timedelta(days=30):  # no new-code sentences yet
            adult[Program.PB] += adult.pop(Program.PIDANA_PENGAWASAN) + adult.pop(Program.PIDANA_KERJA_SOSIAL)
        programs = []
        for mix, total in ((adult, clients - children), (CHILD_PROGRAMS_MIX, children)):
            for program, count in weighted_counts(total, mix).items():
                programs += [program] * count
        return programs

    def _places(self, codes: list[str]) -> dict[str, Place]:
        places = {}
        for code, name, province_code, province in Regency.objects.filter(code__in=codes).values_list(
            "code", "name", "province_id", "province__name"
        ):
            court, abbr = COURTS.get(code, (_short(name), "".join(ch for ch in _short(name) if ch.isalpha())[:3]))
            places[code] = Place(code, name, province, f"Pengadilan Negeri {court}", abbr, province_code)
        return places

    def _villages(self, codes: list[str]) -> dict[str, list[tuple[str, str, str, str]]]:
        villages = defaultdict(list)
        rows = (
            Village.objects.filter(district__regency_id__in=codes)
            .order_by("code")
            .values_list("code", "name", "district_id", "district__name", "district__regency_id")
        )
        for code, name, district, district_name, regency in rows:
            villages[regency].append((code, name, district, district_name))
        return villages

    def _religion(self, province_code: str) -> str:
        key = "papua" if province_code.startswith("9") else "81" if province_code == "82" else province_code
        weights = RELIGION_BY_PROVINCE.get(key, RELIGION_BY_PROVINCE["default"])
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _marital(self, age: int) -> str:
        if age < 21:
            return MaritalStatus.SINGLE if self.rng.random() < 0.9 else MaritalStatus.MARRIED
        if age < 30:
            return self.rng.choices(
                [MaritalStatus.SINGLE, MaritalStatus.MARRIED, MaritalStatus.DIVORCED], weights=[45, 45, 10]
            )[0]
        return self.rng.choices(list(MaritalStatus), weights=[10, 70, 15, 5])[0]

    def _person(self, program: str, place: Place, villages, case) -> dict:
        child = program in CHILD_PROGRAMS
        rng = self.rng
        sex = Sex.FEMALE if rng.random() < (0.04 if child else 0.06) else Sex.MALE
        reference = case.detention_start or case.decision_date
        if child:
            age = rng.randint(14, 17) if program == Program.PB_ANAK else rng.randint(12, 17)
        else:
            age = int(rng.triangular(18, 62, 27))
        birth = add_months(reference, -12 * age) - datetime.timedelta(days=rng.randint(0, 364))
        age_now = (self.today - birth).days // 365
        village, village_name, district, district_name = rng.choice(villages[place.regency_code])
        kind = "Kel." if village.split(".")[-1].startswith("1") else "Desa"
        if child:
            employment = Employment.STUDENT if rng.random() < 0.6 else Employment.UNEMPLOYED
            education = Education.SD if age_now < 13 else Education.SMP if age_now < 16 else Education.SMA
        else:
            employment = Employment.EMPLOYED if rng.random() < 0.65 else Employment.UNEMPLOYED
            education = rng.choices(list(EDUCATION), weights=list(EDUCATION.values()))[0]
        return {
            "name": self.ids.person_name(sex),
            "alias": rng.choice(names.ALIASES) if rng.random() < 0.1 else "",
            "parent_name": self.ids.person_name(Sex.MALE) if rng.random() < 0.88 else "",
            "birth_place": _short(place.regency_name) if rng.random() < 0.8 else rng.choice(self._birth_places),
            "birth_date": birth,
            "sex": sex,
            "religion": self._religion(place.province_code),
            "marital_status": MaritalStatus.SINGLE if child else self._marital(age_now),
            "education": education,
            "occupation": rng.choice(names.OCCUPATIONS) if employment == Employment.EMPLOYED else "",
            "employment": employment,
            "nationality": Client.Nationality.WNI,
            "nik": self.ids.nik(district, birth, sex),
            "domicile_regency_id": place.regency_code,
            "domicile_village_id": village,
            "address": f"{rng.choice(names.STREETS)} RT {rng.randint(1, 12):03d}/RW {rng.randint(1, 9):03d}, "
            f"{kind} {village_name}, Kec. {district_name}",
            "phone": "",
            "is_child": child,
        }

    def _guarantors(self, client: Client, district: str) -> list[Guarantor]:
        rng = self.rng
        age = (self.today - client.birth_date).days // 365
        if client.is_child or (client.marital_status == MaritalStatus.SINGLE and age < 30):
            options = [Relationship.FATHER, Relationship.MOTHER] if client.parent_name else [Relationship.MOTHER]
        elif client.marital_status == MaritalStatus.MARRIED:
            options = [Relationship.WIFE if client.sex == Sex.MALE else Relationship.HUSBAND, Relationship.MOTHER]
        else:
            options = [Relationship.MOTHER, Relationship.SIBLING, Relationship.OTHER_FAMILY]
        count = 2 if rng.random() < 0.2 and len(options) > 1 else 1
        rows = []
        for order, relationship in enumerate(options[:count], start=1):
            if relationship == Relationship.FATHER:
                sex, name, years = Sex.MALE, client.parent_name, rng.randint(22, 38)
            elif relationship in (Relationship.MOTHER,):
                sex, name, years = Sex.FEMALE, self.ids.person_name(Sex.FEMALE), rng.randint(18, 36)
            elif relationship == Relationship.WIFE:
                sex, name, years = Sex.FEMALE, self.ids.person_name(Sex.FEMALE), rng.randint(-8, 3)
            elif relationship == Relationship.HUSBAND:
                sex, name, years = Sex.MALE, self.ids.person_name(Sex.MALE), rng.randint(-3, 8)
            else:
                sex = rng.choice([Sex.MALE, Sex.FEMALE])
                name, years = self.ids.person_name(sex), rng.randint(-10, 10)
            birth = client.birth_date - datetime.timedelta(days=365 * years + rng.randint(0, 364))
            rows.append(
                Guarantor(
                    client=client,
                    name=name,
                    nik=self.ids.nik(district, birth, sex),
                    relationship=relationship,
                    address=client.address,
                    village_id=client.domicile_village_id,
                    order=order,
                )
            )
        return rows

    def _caseloads(self, staff: list[User], plans: list[dict]) -> None:
        """Give each client a PK of the right section, balanced, and an APK to some of them."""
        pks = {s: [u for u in staff if u.role == Role.PK and u.section == s] for s in Section.values}
        apks = {s: [u for u in staff if u.role == Role.APK and u.section == s] for s in Section.values}
        heads = {u.section: u for u in staff if u.role == Role.SECTION_HEAD}
        for section, apk_share in ((Section.BKA, 0.4), (Section.BKD, 0.12)):
            group = [p for p in plans if p["person"]["is_child"] == (section == Section.BKA)]
            officers = pks[section] or pks[Section.BKD if section == Section.BKA else Section.BKA]
            # Neighbouring clients (same regency and district) go to the same PK: caseloads by area.
            group.sort(key=lambda p: (p["person"]["domicile_village_id"], p["index"]))
            for i, plan in enumerate(group):
                plan["officer"] = officers[i * len(officers) // len(group)] if officers else None
                plan["assigned_by"] = heads.get(section)
                plan["assistant"] = None
            if apks[section]:
                helped = self.rng.sample(group, round(len(group) * apk_share))
                for i, plan in enumerate(sorted(helped, key=lambda p: p["index"])):
                    plan["assistant"] = apks[section][i % len(apks[section])]

    def build(self, spec: OfficeSpec) -> OfficeResult:
        started = time.perf_counter()
        result = OfficeResult(spec.office)
        rng = self.rng
        codes = list(spec.weights)
        places = self._places(codes)
        villages = self._villages(codes)
        self._birth_places = [_short(p.regency_name) for p in places.values()]
        programs = self.program_mix(spec.clients, spec.vary)
        children = sum(p in CHILD_PROGRAMS for p in programs)
        staff = self._make_staff(spec, self.staff_plan(spec.clients, children, spec.full_staff))
        partners = self._make_partners(spec, [_short(places[c].regency_name) for c in codes])
        result.counts.update(staff=len(staff), partners=len(partners))
        if spec.after_partners is not None:
            spec.after_partners(spec.office)

        regencies = []
        for code, count in weighted_counts(spec.clients, spec.weights).items():
            regencies += [code] * count
        rng.shuffle(programs)
        rng.shuffle(regencies)
        plans = []
        for index, (program, code) in enumerate(zip(programs, regencies, strict=True)):
            prior = program == Program.PB and rng.random() < PRIOR_ASIMILASI_SHARE
            case = self.cases.make(program, places[code], prior_asimilasi=prior)
            plans.append({"index": index, "case": case, "person": self._person(program, places[code], villages, case)})
        self._caseloads(staff, plans)
        plans.sort(key=lambda p: (p["case"].episodes[0].starts_on, p["index"]))
        self._write(spec.office, plans, result)
        for populate in APP_POPULATORS:
            result.counts.update(populate(spec.office, today=self.today, rng=rng))
        result.seconds = time.perf_counter() - started
        return result

    def _write(self, office: Office, plans: list[dict], result: OfficeResult) -> None:
        rng = self.rng
        clients, serials = [], Counter()
        for plan in plans:
            first = plan["case"].episodes[0].starts_on
            serials[first.year] += 1
            client = Client(
                office=office,
                register_number=f"{first.year}/{serials[first.year]:05d}",
                created_at=_aware(first, rng.randint(8, 14), rng.randint(0, 59)),
                **plan["person"],
            )
            client.search_text = client_services.search_text_for(client)
            plan["client"] = client
            clients.append(client)
        Client.objects.bulk_create(clients, batch_size=self.batch_size)

        cases, articles, episodes, guarantors, assignments = [], [], [], [], []
        for plan in plans:
            data, client = plan["case"], plan["client"]
            case = Case(
                client=client,
                office=office,
                criminal_code=data.criminal_code,
                decision_number=data.decision_number,
                decision_date=data.decision_date,
                court=data.court,
                sentence_years=data.sentence_months // 12,
                sentence_months=data.sentence_months % 12,
                fine=data.fine,
                subsidiary_months=data.subsidiary_months,
                detention_start=data.detention_start,
                expiry_date=data.expiry_date,
                prison_kind=data.prison_kind,
                origin_prison=data.origin_prison,
                prison_register_number=data.prison_register_number,
                is_repeat_offender=data.is_repeat_offender,
            )
            plan["case_row"] = case
            cases.append(case)
        Case.objects.bulk_create(cases, batch_size=self.batch_size)

        for plan in plans:
            data, client, case = plan["case"], plan["client"], plan["case_row"]
            for article, paragraph, law in data.articles:
                articles.append(
                    CaseArticle(
                        case=case, article=article, paragraph=paragraph, law=law, category=data.offence.category
                    )
                )
            plan["episode_rows"] = []
            for episode in data.episodes:
                row = ProgramEpisode(
                    client=client,
                    case=case,
                    office=office,
                    program=episode.program,
                    rule_set=episode.rule,
                    decree_number=episode.decree_number,
                    decree_date=episode.decree_date,
                    starts_on=episode.starts_on,
                    ends_on=episode.ends_on,
                    general_conditions=names.GENERAL_CONDITIONS,
                    special_conditions=episode.special_conditions,
                    community_service_hours=episode.community_service_hours,
                    status=episode.status,
                    phase=episode.phase,
                    is_child=episode.program in CHILD_PROGRAMS,
                    officer=plan["officer"],
                    assistant=plan["assistant"] if episode.status == EpisodeStatus.ACTIVE else None,
                    created_at=_aware(episode.starts_on, 10),
                )
                plan["episode_rows"].append(row)
                episodes.append(row)
        CaseArticle.objects.bulk_create(articles, batch_size=self.batch_size)
        ProgramEpisode.objects.bulk_create(episodes, batch_size=self.batch_size)

        for plan in plans:
            client = plan["client"]
            guarantors += self._guarantors(client, client.domicile_village_id.rsplit(".", 1)[0])
            rows = plan["episode_rows"]
            for row, following in zip(rows, [*rows[1:], None], strict=True):
                ended = _aware(following.starts_on, 8) if following else None
                for kind, officer in ((Assignment.Kind.PK, row.officer), (Assignment.Kind.APK, row.assistant)):
                    if officer is not None:
                        assignments.append(
                            Assignment(
                                episode=row,
                                kind=kind,
                                officer=officer,
                                started_at=_aware(row.starts_on, 9),
                                ended_at=ended,
                                reason="Penugasan awal",
                                assigned_by=plan["assigned_by"],
                            )
                        )
            client.current_episode = rows[-1]
        Guarantor.objects.bulk_create(guarantors, batch_size=self.batch_size)
        Assignment.objects.bulk_create(assignments, batch_size=self.batch_size)
        Client.objects.bulk_update(clients, ["current_episode"], batch_size=self.batch_size)
        checkins = self._checkin_history(office, [plan["episode_rows"][-1] for plan in plans])
        CheckIn.objects.bulk_create(checkins, batch_size=self.batch_size)
        result.counts.update(
            checkins=len(checkins),
            clients=len(clients),
            cases=len(cases),
            articles=len(articles),
            episodes=len(episodes),
            guarantors=len(guarantors),
            assignments=len(assignments),
        )
