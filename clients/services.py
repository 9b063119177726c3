"""Writes to the client registry. Each validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import User
from audit import services as audit
from clients import rules, selectors
from clients.codes import (
    CHILD_PROGRAMS,
    NEW_CODE_IN_FORCE,
    OPEN_STATUSES,
    CriminalCode,
    EpisodeStatus,
    Phase,
    Program,
    Severity,
)
from clients.models import Assignment, Case, CaseArticle, Client, Guarantor, ProgramEpisode
from clients.signals import episode_ended
from lib.dates import site_date
from lib.transactions import in_callers_transaction
from organizations.models import Office

CLIENT_FIELDS = [
    "nik",
    "name",
    "alias",
    "parent_name",
    "birth_place",
    "birth_date",
    "sex",
    "religion",
    "marital_status",
    "education",
    "occupation",
    "employment",
    "nationality",
    "domicile_regency",
    "domicile_village",
    "address",
    "phone",
]
EPISODE_FIELDS = [
    "program",
    "decree_number",
    "decree_date",
    "starts_on",
    "ends_on",
    "status",
    "phase",
    "officer",
    "assistant",
    "community_service_hours",
]
# Programs where a sentence of zero is normal (no prison term was imposed).
NO_SENTENCE_PROGRAMS = frozenset(
    {
        Program.DIVERSI,
        Program.AKOT,
        Program.PIDANA_PENGAWASAN,
        Program.PIDANA_KERJA_SOSIAL,
        Program.PIDANA_BERSYARAT,
        Program.PIDANA_DENGAN_SYARAT_ANAK,
    }
)


class AlreadyRegistered(ValidationError):
    """The same person (NIK) already has an episode for this decree."""

    def __init__(self, client: Client):
        self.client = client
        super().__init__(
            _("%(name)s (NIK %(nik)s) is already registered for this decree, with register number %(number)s.")
            % {"name": client.name, "nik": client.nik, "number": client.register_number},
            code="already_registered",
        )


class ConfirmationRequired(ValidationError):
    """The episode breaks eligibility rules that only warn: the officer must confirm them with a reason."""

    def __init__(self, findings: list[rules.Finding]):
        self.findings = findings
        super().__init__(
            {
                "confirmation_reason": [
                    ValidationError(
                        _("This warning needs a confirmation reason: %(warning)s") % {"warning": f.message},
                        code=f.code,
                    )
                    for f in findings
                ]
            }
        )


MAX_CONFIRMATION_REASON = 500


def _check_eligibility(rule, *, case: Case, data: EpisodeInput, birth_date) -> list[rules.Finding]:
    """Refuse what the rule version refuses; return the warnings, once the officer confirmed them with a reason.

    Raises `ValidationError` (per field) for refused findings and `ConfirmationRequired` for warnings
    without a reason, or with a reason given for other warnings than the officer saw.
    """
    findings = rules.eligibility_findings(rule, case=case, episode=data, birth_date=birth_date)
    refused = [f for f in findings if f.severity == Severity.REFUSE]
    if refused:
        errors: dict[str, list[ValidationError]] = {}
        for f in refused:
            errors.setdefault(f.field, []).append(ValidationError(f.message, code=f.code))
        raise ValidationError(errors)
    warnings = [f for f in findings if f.severity == Severity.WARN]
    if not warnings:
        return []
    reason = data.confirmation_reason.strip()
    seen = data.confirmed_codes
    if not reason or (seen is not None and not {f.code for f in warnings} <= seen):
        raise ConfirmationRequired(warnings)
    if len(reason) > MAX_CONFIRMATION_REASON:
        raise ValidationError(
            {
                "confirmation_reason": ValidationError(
                    _("At most %(max)s characters.") % {"max": MAX_CONFIRMATION_REASON}, code="too_long"
                )
            }
        )
    return warnings


@dataclass
class EpisodeInput:
    """What an intake form or an import row says about the order to supervise."""

    program: str
    decree_number: str
    decree_date: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date | None = None  # the decree's end; computed for PB and court sentences
    duration_months: int | None = None  # supervision sentences
    community_service_hours: int | None = None
    general_conditions: str = ""
    special_conditions: str = ""
    # Why the registering officer accepts the eligibility warnings (clients.rules.eligibility_findings),
    # and which warnings they saw; None confirms whatever warnings the row has (the import's reason column).
    confirmation_reason: str = ""
    confirmed_codes: frozenset[str] | None = None


@dataclass
class CaseInput:
    criminal_code: str
    decision_number: str
    decision_date: datetime.date
    court: str = ""
    sentence_years: int = 0
    sentence_months: int = 0
    sentence_days: int = 0
    fine: int = 0
    subsidiary_months: int = 0
    subsidiary_days: int = 0
    detention_start: datetime.date | None = None
    expiry_date: datetime.date | None = None
    prison_kind: str = ""
    origin_prison: str = ""
    prison_register_number: str = ""
    is_repeat_offender: bool = False
    articles: list[dict[str, str]] = field(default_factory=list)


def _normalised(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def search_text_for(client: Client) -> str:
    """The lower-cased names a search matches (name, alias, bin/binti), kept on the row for fast lookups."""
    return " ".join(filter(None, [client.name, client.alias, client.parent_name])).lower()


@in_callers_transaction
def next_register_number(office: Office, today: datetime.date) -> str:
    """Register numbers run per office and year: 2026/00001. The office row is locked meanwhile."""
    Office.objects.select_for_update().filter(pk=office.pk).first()
    prefix = f"{today.year}/"
    last = (
        Client.objects.filter(office=office, register_number__startswith=prefix)
        .order_by("-register_number")
        .values_list("register_number", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:05d}"


@in_callers_transaction
def register_numbers(office: Office, today: datetime.date, count: int) -> list[str]:
    """`count` consecutive register numbers for a batch, drawn under the office's lock (see next_register_number)."""
    if count == 0:
        return []
    first = next_register_number(office, today)
    prefix, number = first.split("/")
    return [f"{prefix}/{int(number) + i:05d}" for i in range(count)]


# Who may take an episode as its PK, and as its assistant (accounts.scopes decides).
_MAY_TAKE: dict[str, Callable[[User], bool]] = {
    Assignment.Kind.PK: scopes.may_guide,
    Assignment.Kind.APK: scopes.may_assist,
}


def _check_officer(user, office: Office, kind: str, is_child: bool) -> None:
    if user is None:
        return
    may_take = _MAY_TAKE[kind]
    if user.office_id != office.pk or not may_take(user) or not user.is_active:
        raise ValidationError(
            {
                "officer" if kind == "pk" else "assistant": _("Choose an active %(kind)s of this office.")
                % {"kind": kind.upper()}
            }
        )
    if is_child and not scopes.works_with_children(user):
        raise ValidationError(
            {
                "officer" if kind == "pk" else "assistant": _(
                    "A child client is guided by an officer of the BKA section."
                )
            }
        )


def _build_episode(*, client: Client, case: Case, office: Office, data: EpisodeInput) -> ProgramEpisode:
    if data.program not in Program.values:
        raise ValidationError({"program": _("Unknown program code %(code)s.") % {"code": data.program}})
    rule = selectors.rule_set_for(data.program, decision_date=case.decision_date, decree_date=data.decree_date)
    sentence = case.sentence_years + case.sentence_months + case.sentence_days
    if sentence == 0 and data.program not in NO_SENTENCE_PROGRAMS:
        raise ValidationError(
            {
                "sentence_years": ValidationError(
                    _("The sentence cannot be zero for %(program)s.") % {"program": Program(data.program).label},
                    code="zero_sentence",
                )
            }
        )
    rules.check_community_service_hours(rule, data.community_service_hours)
    ends_on = rules.end_of_guidance(
        rule,
        starts_on=data.starts_on,
        expiry_date=case.expiry_date,
        decided_end=data.ends_on,
        duration_months=data.duration_months,
    )
    if ends_on <= data.starts_on:
        raise ValidationError(
            {"ends_on": ValidationError(_("The end of guidance must be after its start."), code="end_before_start")}
        )
    return ProgramEpisode(
        client=client,
        case=case,
        office=office,
        program=data.program,
        rule_set=rule,
        decree_number=data.decree_number.strip(),
        decree_date=data.decree_date,
        starts_on=data.starts_on,
        ends_on=ends_on,
        general_conditions=data.general_conditions,
        special_conditions=data.special_conditions,
        community_service_hours=data.community_service_hours,
        is_child=data.program in CHILD_PROGRAMS,
    )


CASE_FIELDS = [
    "criminal_code",
    "decision_number",
    "decision_date",
    "court",
    "sentence_years",
    "sentence_months",
    "sentence_days",
    "fine",
    "subsidiary_months",
    "subsidiary_days",
    "detention_start",
    "expiry_date",
    "prison_kind",
    "origin_prison",
    "prison_register_number",
    "is_repeat_offender",
]
GUARANTOR_FIELDS = ["name", "nik", "relationship", "phone", "address", "village"]


def _check_case(*, client: Client, office: Office, data: CaseInput) -> tuple[Case, list[CaseArticle]]:
    """The case and its articles, validated and not saved."""
    if data.criminal_code == CriminalCode.NEW and data.decision_date < NEW_CODE_IN_FORCE:
        raise ValidationError(
            {
                "criminal_code": ValidationError(
                    _("The new criminal code applies only to decisions from %(date)s.")
                    % {"date": site_date(NEW_CODE_IN_FORCE)},
                    code="code_not_in_force",
                )
            }
        )
    values = {k: v for k, v in data.__dict__.items() if k != "articles"}
    case = Case(client=client, office=office, **values)
    case.full_clean(exclude=["client"])
    articles = []
    for article in data.articles:
        row = CaseArticle(case=case, **article)
        row.full_clean(exclude=["case"])
        articles.append(row)
    return case, articles


def _open_assignment(episode: ProgramEpisode, kind: str, officer, reason: str, acting_user: User | None) -> None:
    if officer is not None:
        Assignment.objects.create(
            episode=episode,
            kind=kind,
            officer=officer,
            reason=reason,
            assigned_by=acting_user if acting_user and acting_user.is_authenticated else None,
        )


@dataclass
class EpisodePlan:
    """A new episode with its case that passed every check of `episode_add`; nothing of it is saved yet."""

    client: Client
    case: Case
    articles: list[CaseArticle]
    episode: ProgramEpisode
    previous: ProgramEpisode | None  # the open episode the new one completes (asimilasi → PB)
    confirmation: dict[str, Any]  # the eligibility warnings the officer confirmed, and why (for the audit row)


@dataclass
class Registration:
    """A registration that passed every check of `client_register`; nothing of it is saved yet."""

    client: Client
    new_client: bool
    guarantors: list[Guarantor]
    plan: EpisodePlan


def _episode_check(
    *,
    client: Client,
    case: CaseInput,
    episode: EpisodeInput,
    officer=None,
    assistant=None,
    previous: ProgramEpisode | None = None,
) -> EpisodePlan:
    """Every check of `episode_add`, reading only. `client` may be a registration not saved yet, and
    `previous` an episode planned for them earlier in the same batch (else their current one)."""
    office = client.office
    previous = previous or client.current_episode
    if previous is not None and previous.status in OPEN_STATUSES:
        # The guiding officers stay with the person from one order to the next unless someone reassigns them.
        officer = officer or previous.officer
        assistant = assistant or previous.assistant
    else:
        previous = None
    case_row, articles = _check_case(client=client, office=office, data=case)
    new = _build_episode(client=client, case=case_row, office=office, data=episode)
    _check_officer(officer, office, Assignment.Kind.PK, new.is_child)
    _check_officer(assistant, office, Assignment.Kind.APK, new.is_child)
    new.officer, new.assistant = officer, assistant
    new.full_clean(exclude=["case"] if client.pk else ["case", "client"])
    # Last, so the officer is asked to confirm warnings only for an episode that is otherwise valid.
    confirmed = _check_eligibility(new.rule_set, case=case_row, data=episode, birth_date=client.birth_date)
    return EpisodePlan(
        client=client,
        case=case_row,
        articles=articles,
        episode=new,
        previous=previous,
        confirmation=_confirmation_data(confirmed, episode),
    )


def registration_check(
    *,
    office: Office,
    acting_user: User | None,
    person: dict[str, Any],
    case: CaseInput,
    episode: EpisodeInput,
    guarantors: list[dict[str, Any]] | None = None,
    officer=None,
    assistant=None,
    known: Client | None = None,
    known_episode: ProgramEpisode | None = None,
    lock: bool = False,
) -> Registration:
    """Every check of `client_register`, reading only: raises what it would raise, saves nothing.

    A batch import checks all its rows with this before it writes any (so no write lock is held while it
    checks). `known` is a person of an earlier row of the same batch (registered or not saved yet) and
    `known_episode` the episode that row planned for them, which this one completes; `lock` locks the
    registered person's row (inside the transaction of `client_register`).
    """
    nik = person.get("nik") or None
    existing = known
    if existing is None and nik:
        found = Client.objects.filter(nik=nik)
        existing = (found.select_for_update() if lock else found).first()
    if existing is not None:
        if known is None:
            # Only someone who may see the record may add to it; the message says nothing about whom the NIK names.
            visible = acting_user is None or Client.objects.visible_to(acting_user).filter(pk=existing.pk).exists()
            if existing.office_id != office.pk or not visible:
                raise ValidationError(
                    {
                        "nik": ValidationError(
                            _(
                                "This NIK is already on the register outside your caseload or office, so it cannot "
                                "be registered here. Ask your section head to check it (a transfer may be needed)."
                            ),
                            code="nik_in_use",
                        )
                    }
                )
        if _normalised(existing.name) != _normalised(person.get("name")):
            raise ValidationError(
                {
                    "name": ValidationError(
                        _(
                            "This NIK is already registered under another name (register number %(number)s); "
                            "check the NIK and the name."
                        )
                        % {"number": existing.register_number},
                        code="name_mismatch",
                    )
                }
            )
        if (
            existing.pk is not None
            and existing.episodes.filter(program=episode.program, decree_number=episode.decree_number.strip()).exists()
        ):
            raise AlreadyRegistered(existing)
        plan = _episode_check(
            client=existing,
            case=case,
            episode=episode,
            officer=officer,
            assistant=assistant,
            previous=known_episode,
        )
        return Registration(client=existing, new_client=False, guarantors=[], plan=plan)

    regency = person.get("domicile_regency_id") or getattr(person.get("domicile_regency"), "pk", None)
    if regency and not office.working_area.filter(pk=regency).exists():
        raise ValidationError(
            {
                "domicile_regency": ValidationError(
                    _(
                        "This regency or city is outside the office's working area; "
                        "the client belongs to another Bapas."
                    ),
                    code="outside_working_area",
                )
            }
        )
    client = Client(office=office, **person)
    client.nik = nik
    client.search_text = search_text_for(client)
    client.is_child = episode.program in CHILD_PROGRAMS
    # The register number is drawn when the client is saved, under the office's lock.
    client.full_clean(exclude=["current_episode", "register_number"])
    rows = []
    for order, data in enumerate(guarantors or [], start=1):
        guarantor = Guarantor(client=client, order=order, **data)
        guarantor.full_clean(exclude=["client"])
        rows.append(guarantor)
    plan = _episode_check(client=client, case=case, episode=episode, officer=officer, assistant=assistant)
    return Registration(client=client, new_client=True, guarantors=rows, plan=plan)


def _set_current_episodes(clients: list[Client]) -> None:
    """Save each client's current_episode, is_child and version in one executemany: bulk_update's CASE
    expressions cost seconds of Python for a batch of 500 while its transaction holds the office's lock."""
    table, quote = Client._meta.db_table, connection.ops.quote_name
    column_of = {f.name: f.column for f in Client._meta.concrete_fields}
    columns = [column_of[name] for name in ("current_episode", "is_child", "version", "id")]
    # Identifiers come from the model, quoted; values are parameters.
    sql = "UPDATE {} SET {} = %s, {} = %s, {} = %s WHERE {} = %s".format(quote(table), *map(quote, columns))  # noqa: S608
    for client in clients:
        client.current_episode = client.current_episode  # takes the episode's id, given since it was assigned
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(c.current_episode_id, c.is_child, c.version, c.pk) for c in clients])


@in_callers_transaction
def registrations_save(
    registrations: list[Registration], *, acting_user: User | None, today: datetime.date | None = None
) -> None:
    """Write checked registrations, one statement per kind of row however many there are.

    The same rows and audit events, in the same order, as writing them one by one; a batch import's write
    phase so holds the office's lock for a few statements instead of ~40 queries a row. Must run inside the
    caller's transaction (which also holds the office's register numbers, see `register_numbers`).

    1. New clients get consecutive register numbers and are inserted with their guarantors.
    2. Cases and their articles are inserted.
    3. In order, each episode completes the open one before it (registered, or planned by an earlier
       registration of the batch) and becomes its client's current episode; then the episodes, the
       completed ones, the first assignments and the clients are written.
    4. The audit rows are written in one statement.
    """
    if not registrations:
        return
    new = [r for r in registrations if r.new_client]
    if new:
        office = new[0].client.office
        numbers = register_numbers(office, today or timezone.localdate(), len(new))
        for registration, number in zip(new, numbers, strict=True):
            registration.client.register_number = number
        Client.objects.bulk_create([r.client for r in new])
        for registration in new:
            for guarantor in registration.guarantors:
                guarantor.client = registration.client  # picks up the client's new id
        Guarantor.objects.bulk_create([g for r in new for g in r.guarantors])

    plans = [r.plan for r in registrations]
    for plan in plans:
        plan.case.client = plan.client
    Case.objects.bulk_create([p.case for p in plans])
    for plan in plans:
        for article in plan.articles:
            article.case = plan.case
    CaseArticle.objects.bulk_create([a for p in plans for a in p.articles])

    events_of: list[list] = []  # per registration, built once every row has its id
    completed: list[ProgramEpisode] = []
    assignments: list[Assignment] = []
    clients: dict[int, Client] = {}
    for plan in plans:
        client, new_episode, previous = plan.client, plan.episode, plan.previous
        new_episode.client, new_episode.case = client, plan.case
        steps: list = [("case", None)]
        if previous is not None:
            steps.append(("completed", previous.status))
            previous.status = EpisodeStatus.COMPLETED
            previous.version += 1
            if previous.pk is not None:
                completed.append(previous)
        steps.append(("created", audit.snapshot(new_episode, EPISODE_FIELDS)))
        events_of.append(steps)
        assigned_by = acting_user if acting_user and acting_user.is_authenticated else None
        for kind, officer in ((Assignment.Kind.PK, new_episode.officer), (Assignment.Kind.APK, new_episode.assistant)):
            if officer is not None:
                assignments.append(
                    Assignment(
                        episode=new_episode,
                        kind=kind,
                        officer=officer,
                        reason=_("First assignment"),
                        assigned_by=assigned_by,
                    )
                )
        client.current_episode = new_episode
        client.is_child = new_episode.is_child
        client.version += 1
        clients[id(client)] = client
    # Completed before the new ones are inserted, as one by one (rows of equal start date keep that order).
    ProgramEpisode.objects.bulk_update(completed, ["status", "version"])
    ProgramEpisode.objects.bulk_create([p.episode for p in plans])
    Assignment.objects.bulk_create(assignments)  # bulk_create takes each episode's new id
    _set_current_episodes(list(clients.values()))

    events = []
    for registration, steps in zip(registrations, events_of, strict=True):
        client, plan = registration.client, registration.plan
        office = client.office
        if registration.new_client:
            for guarantor in registration.guarantors:
                events.append(
                    audit.event(
                        actor=acting_user,
                        action="guarantor.created",
                        obj=guarantor,
                        office=office,
                        changes=audit.diff({}, audit.snapshot(guarantor, GUARANTOR_FIELDS)),
                        data={"client": client.pk},
                    )
                )
            events.append(
                audit.event(
                    actor=acting_user,
                    action="client.registered",
                    obj=client,
                    office=office,
                    changes=audit.diff({}, audit.snapshot(client, CLIENT_FIELDS)),
                )
            )
        for step, value in steps:
            if step == "case":
                events.append(
                    audit.event(
                        actor=acting_user,
                        action="case.created",
                        obj=plan.case,
                        office=office,
                        changes=audit.diff({}, audit.snapshot(plan.case, CASE_FIELDS)),
                        data={"client": client.pk, "articles": [str(a) for a in plan.articles]},
                    )
                )
            elif step == "completed":
                events.append(
                    audit.event(
                        actor=acting_user,
                        action="episode.completed",
                        obj=cast(ProgramEpisode, plan.previous),  # a "completed" step has a previous episode
                        office=office,
                        changes={"status": [value, EpisodeStatus.COMPLETED]},
                        data={"by_episode": plan.episode.decree_number},
                    )
                )
            else:
                events.append(
                    audit.event(
                        actor=acting_user,
                        action="episode.created",
                        obj=plan.episode,
                        office=office,
                        changes=audit.diff({}, value),
                        data={"client": client.pk, "rule_set": plan.episode.rule_set_id, **plan.confirmation},
                    )
                )
    audit.record_many(events)


@transaction.atomic
def client_register(
    *,
    office: Office,
    acting_user: User | None,  # None: a system load (the demo, tests)
    person: dict[str, Any],
    case: CaseInput,
    episode: EpisodeInput,
    guarantors: list[dict[str, Any]] | None = None,
    officer=None,
    assistant=None,
    today: datetime.date | None = None,
) -> Client:
    """Register a client handed over to the office (penghadapan): person, case, first episode.

    A person whose NIK is already registered gets the new episode added to their record
    (e.g. asimilasi, then PB); the same NIK with the same decree is refused as a duplicate.
    """
    registration = registration_check(
        office=office,
        acting_user=acting_user,
        person=person,
        case=case,
        episode=episode,
        guarantors=guarantors,
        officer=officer,
        assistant=assistant,
        lock=True,
    )
    registrations_save([registration], acting_user=acting_user, today=today)
    return registration.client


@transaction.atomic
def episode_add(
    *, client: Client, acting_user: User, case: CaseInput, episode: EpisodeInput, officer=None, assistant=None
) -> ProgramEpisode:
    """Start a new episode for a client; the open one, if any, is completed (asimilasi → PB)."""
    plan = _episode_check(client=client, case=case, episode=episode, officer=officer, assistant=assistant)
    registration = Registration(client=client, new_client=False, guarantors=[], plan=plan)
    registrations_save([registration], acting_user=acting_user)
    return plan.episode


def _confirmation_data(confirmed: list[rules.Finding], data: EpisodeInput) -> dict[str, Any]:
    """What the officer (the audit event's actor) confirmed and why, for the episode's audit event."""
    if not confirmed:
        return {}
    return {
        "confirmed_warnings": [{"code": f.code, "message": f.message} for f in confirmed],
        "confirmation_reason": data.confirmation_reason.strip(),
    }


@transaction.atomic
def client_update(*, client: Client, acting_user: User, expected_version: int | None, **fields) -> Client:
    """Change a client's personal data; refuses a stale form."""

    def prepare(locked: Client) -> list[str]:
        locked.nik = locked.nik or None
        locked.search_text = search_text_for(locked)
        return ["search_text"]

    return audit.update_versioned(
        obj=client,
        acting_user=acting_user,
        expected_version=expected_version,
        fields=fields,
        audited=CLIENT_FIELDS,
        action="client.updated",
        prepare=prepare,
        exclude=["current_episode"],
    )


@transaction.atomic
def episode_assign(
    *, episode: ProgramEpisode, acting_user: User, officer, kind: str = Assignment.Kind.PK, reason: str
) -> ProgramEpisode:
    """Give an episode a new PK (or APK), closing the previous assignment; the reason is kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the officer changes.")})
    locked = ProgramEpisode.objects.select_for_update().get(pk=episode.pk)
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(_("This episode has ended; its officer can no longer change."))
    _check_officer(officer, locked.office, kind, locked.is_child)
    attribute = "officer" if kind == Assignment.Kind.PK else "assistant"
    before = getattr(locked, f"{attribute}_id")
    if before == (officer.pk if officer else None):
        raise ValidationError({"officer": _("This officer is already assigned.")})
    now = timezone.now()
    Assignment.objects.filter(episode=locked, kind=kind, ended_at__isnull=True).update(ended_at=now)
    _open_assignment(locked, kind, officer, reason.strip(), acting_user)
    setattr(locked, attribute, officer)
    locked.version += 1
    locked.save(update_fields=[attribute, "version"])
    audit.record(
        actor=acting_user,
        action="episode.assigned",
        obj=locked,
        office=locked.office,
        changes={attribute: [before, officer.pk if officer else None]},
        data={"reason": reason.strip(), "client": locked.client_id},
    )
    return locked


# --- The episode's life ------------------------------------------------------------------------------
# Only the functions of this module change an episode's status, phase or dates, create an episode or move a
# client; the other apps (violations, the board, movements) call them. bapas/tests/test_episode_life.py
# checks that no other module writes those fields.


def _status_set(episode: ProgramEpisode, status: str, *, acting_user: User, action: str) -> ProgramEpisode:
    """The status through the audited edit path of versioned records (locks the row, refuses a stale copy)."""
    return audit.update_versioned(
        obj=episode,
        acting_user=acting_user,
        expected_version=episode.version,
        fields={"status": EpisodeStatus(status)},
        audited=["status"],
        action=action,
    )


@in_callers_transaction
def episode_suspend(*, episode: ProgramEpisode, acting_user: User) -> ProgramEpisode:
    """Guidance is suspended while a violation is dealt with (the board's or the head's decision)."""
    return _status_set(episode, EpisodeStatus.SUSPENDED, acting_user=acting_user, action="episode.suspended")


@in_callers_transaction
def episode_resume(*, episode: ProgramEpisode, acting_user: User) -> ProgramEpisode:
    """A suspension is lifted: guidance goes on."""
    return _status_set(episode, EpisodeStatus.ACTIVE, acting_user=acting_user, action="episode.suspension_lifted")


@in_callers_transaction
def episode_revoke(*, episode: ProgramEpisode, acting_user: User, reason: str) -> ProgramEpisode:
    """The programme is revoked by decree; the apps that follow episodes hear that it ended."""
    revoked = _status_set(episode, EpisodeStatus.REVOKED, acting_user=acting_user, action="episode.revoked")
    episode_ended.send(sender=ProgramEpisode, episode=revoked, reason=reason, acting_user=acting_user)
    return revoked


@in_callers_transaction
def episode_end(
    *,
    episode: ProgramEpisode,
    status: str,
    acting_user: User,
    action: str,
    reason: str,
    office: Office | None = None,
    data: dict[str, Any] | None = None,
) -> ProgramEpisode:
    """An episode ends (closed, transferred out): its status, unless already set (a revoked one keeps its own),
    the officers' assignments close, the event is audited and the apps that follow episodes hear of it.

    `episode` must be locked by the caller (select_for_update), who has checked that it may end.
    """
    status = EpisodeStatus(status)
    before = episode.status
    if before != status:
        episode.status = status
        episode.version += 1
        episode.save(update_fields=["status", "version"])
    Assignment.objects.filter(episode=episode, ended_at__isnull=True).update(ended_at=timezone.now())
    audit.record(
        actor=acting_user,
        action=action,
        obj=episode,
        office=office,
        changes={"status": [before, status]} if before != status else {},
        data=data,
    )
    episode_ended.send(sender=ProgramEpisode, episode=episode, reason=reason, acting_user=acting_user)
    return episode


@in_callers_transaction
def phase_change(*, episode: ProgramEpisode, phase: str, acting_user: User) -> ProgramEpisode:
    """The phase moves on (the case board's decision, approved by the head where the rules say so)."""
    return audit.update_versioned(
        obj=episode,
        acting_user=acting_user,
        expected_version=None,
        fields={"phase": Phase(phase)},
        audited=["phase"],
        action="episode.phase_changed",
    )


@in_callers_transaction
def episode_continue(
    *,
    episode: ProgramEpisode,
    client: Client,
    office: Office,
    starts_on: datetime.date,
    decree_number: str,
    acting_user: User,
    data: dict[str, Any] | None = None,
) -> ProgramEpisode:
    """The same programme goes on at another office (a transfer): a new episode with the old one's decree,
    conditions, end and phase, from `starts_on`."""
    new = ProgramEpisode(
        client=client,
        case=episode.case,
        office=office,
        program=episode.program,
        rule_set=episode.rule_set,
        decree_number=decree_number,
        decree_date=episode.decree_date,
        starts_on=starts_on,
        ends_on=episode.ends_on,
        general_conditions=episode.general_conditions,
        special_conditions=episode.special_conditions,
        community_service_hours=episode.community_service_hours,
        status=EpisodeStatus.ACTIVE,
        phase=episode.phase,
        is_child=episode.is_child,
    )
    new.full_clean()
    new.save()
    audit.record(
        actor=acting_user,
        action="episode.created",
        obj=new,
        office=office,
        changes=audit.diff({}, audit.snapshot(new, EPISODE_FIELDS)),
        data={"client": client.pk, "continues": episode.pk, **(data or {})},
    )
    return new


RELOCATED_FIELDS = ["office", "register_number", "address", "domicile_regency", "domicile_village"]


@in_callers_transaction
def client_relocate(
    *,
    client: Client,
    office: Office,
    episode: ProgramEpisode,
    address: str,
    regency,
    village,
    today: datetime.date,
    acting_user: User,
    data: dict[str, Any] | None = None,
) -> Client:
    """The client moves to `office` (a transfer accepted) with a new register number, address and current
    episode. `client` must be locked by the caller."""
    before = audit.snapshot(client, RELOCATED_FIELDS)
    client.office = office
    client.register_number = next_register_number(office, today)
    client.address = address
    client.domicile_regency = regency
    client.domicile_village = village
    client.current_episode = episode
    client.version += 1
    client.full_clean(exclude=["current_episode"])
    client.save(update_fields=[*RELOCATED_FIELDS, "current_episode", "version"])
    # Guarantors belong to the client, not to an episode: their tenant key follows the client, while the old
    # episode's rows (permits, check-ins, notes) keep the sending office.
    Guarantor.objects.filter(client=client).update(office=office)
    audit.record(
        actor=acting_user,
        action="client.transferred",
        obj=client,
        office=office,
        changes=audit.diff(before, audit.snapshot(client, RELOCATED_FIELDS)),
        data=data,
    )
    return client


@in_callers_transaction
def guarantor_add(*, client: Client, acting_user: User, data: dict[str, Any] | None = None, **fields) -> Guarantor:
    """One more guarantor, after the client's others."""
    order = (Guarantor.objects.filter(client=client).aggregate(n=Max("order"))["n"] or 0) + 1
    guarantor = Guarantor(client=client, order=order, **fields)
    guarantor.full_clean()
    guarantor.save()
    audit.record(
        actor=acting_user,
        action="guarantor.created",
        obj=guarantor,
        changes=audit.diff({}, audit.snapshot(guarantor, GUARANTOR_FIELDS)),
        data={"client": client.pk, **(data or {})},
    )
    return guarantor
