"""Shared test cast (STYLE C11): named users in two offices, under two Kanwil."""

from __future__ import annotations

import contextlib
import datetime
import importlib
import pkgutil
import threading
from collections.abc import Callable
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.db import connection, connections, models, transaction
from django.test import TestCase, TransactionTestCase
from django.utils import translation
from django.utils.functional import classproperty

from accounts.models import Jenjang, Role, Section, User
from organizations.models import Kanwil, Office, ServiceLocation
from partners.models import Partner
from regions.models import District, Regency

from .testclock import JAKARTA, FrozenClockMixin

PASSWORD = "correct-horse-battery-staple"


class NipFactory:
    """Valid, distinct NIPs for test users."""

    serial = 0

    @classmethod
    def next(cls, sex: str = "1") -> str:
        cls.serial += 1
        # 999 serials per appointment month; a long suite moves on to later months instead of overflowing.
        block, number = divmod(cls.serial - 1, 999)
        year, month = 2010 + (block // 12) % 15, block % 12 + 1
        return f"19850312{year}{month:02d}{sex}{number + 1:03d}"


def make_user(username: str, role: str, **fields) -> User:
    if role not in (Role.PARTNER, Role.ADMINISTRATOR) and "nip" not in fields:
        fields["nip"] = NipFactory.next()
    user = User(username=username, full_name=fields.pop("full_name", username.title()), role=role, **fields)
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


def speak_english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def make_office(kanwil: Kanwil, name: str, regency_code: str, area: list[str]) -> Office:
    office = Office.objects.create(
        kanwil=kanwil, name=name, grade=Office.Grade.CLASS_I, address="Jl. Uji 1", regency_id=regency_code
    )
    office.working_area.set(Regency.objects.filter(code__in=area))
    return office


class BaseTestCase(FrozenClockMixin, TestCase):
    """Cirebon (olivia's office) and Bandung (pat's office) under Kanwil Jawa Barat; Semarang under Jawa Tengah.

    The clock stands still at NOW, Wednesday 2 December 2026, 10:00 WIB (TODAY is its date), for the whole
    class, setUpTestData included: build dated data relative to TODAY. A subclass that needs another day sets
    its own NOW (preferred: NOW and TODAY then name its day) or is decorated with
    `@time_machine.travel(..., tick=False)`; either way it keeps its date (see bapas/testclock.py). Classes
    not built on this one use `bapas.testclock.FrozenClockMixin` the same way. The clients of
    `clients.tests.factories.make_client` are under guidance on this day.

    Cast: ada (office administrator, Cirebon), nadia (national administrator), hana (head), sam (section
    head BKD), olivia (PK), alan (APK), rita (registration), tess (TPP secretary), reggie (auditor),
    kim (Kanwil Jawa Barat viewer), paula (partner user, LBH Uji), pat (PK in Bandung), bert (office
    administrator, Bandung), joko (head in Semarang).
    """

    NOW = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=JAKARTA)

    def speak_english(self, client=None) -> None:
        """Pages in English for this test client, whose messages tests compare against the source strings.

        Sets the language cookie, as the language switch does; accounts without a saved choice follow it.
        The browser's Accept-Language is never read (accounts/language.py).
        """
        speak_english(client or self.client)

    @classproperty
    def TODAY(cls) -> datetime.date:  # noqa: N805
        return cls.NOW.date()

    @classmethod
    def setUpTestData(cls):
        cls.jabar = Kanwil.objects.create(name="Kanwil Uji Jawa Barat", province_id="32")
        cls.jateng = Kanwil.objects.create(name="Kanwil Uji Jawa Tengah", province_id="33")
        cls.cirebon = make_office(
            cls.jabar, "Bapas Uji Cirebon", "32.74", ["32.74", "32.09", "32.12", "32.10", "32.08"]
        )
        cls.bandung = make_office(cls.jabar, "Bapas Uji Bandung", "32.73", ["32.73", "32.04"])
        cls.semarang = make_office(cls.jateng, "Bapas Uji Semarang", "33.74", ["33.74"])
        cls.lbh = Partner.objects.create(office=cls.cirebon, name="LBH Uji", kind=Partner.Kind.LEGAL_AID)
        cls.district = District.objects.filter(regency_id="32.74").order_by("code").first()
        cls.cirebon_location = ServiceLocation.objects.create(
            office=cls.cirebon,
            kind=ServiceLocation.Kind.OFFICE,
            name="Kantor Uji Cirebon",
            address="Jl. Uji 1",
            district=cls.district,
        )
        cls.bandung_location = ServiceLocation.objects.create(
            office=cls.bandung,
            kind=ServiceLocation.Kind.OFFICE,
            name="Kantor Uji Bandung",
            address="Jl. Uji 2",
            district=District.objects.filter(regency_id="32.73").order_by("code").first(),
        )
        cls.ada = make_user("ada", Role.ADMINISTRATOR, office=cls.cirebon)
        cls.nadia = make_user("nadia", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
        cls.hana = make_user("hana", Role.HEAD, office=cls.cirebon)
        cls.sam = make_user("sam", Role.SECTION_HEAD, office=cls.cirebon, section=Section.BKD)
        cls.olivia = make_user(
            "olivia",
            Role.PK,
            office=cls.cirebon,
            section=Section.BKD,
            jenjang=Jenjang.AHLI_MUDA,
            full_name="Olivia Putri",
        )
        cls.alan = make_user("alan", Role.APK, office=cls.cirebon, section=Section.BKD)
        cls.rita = make_user("rita", Role.REGISTRATION, office=cls.cirebon)
        cls.tess = make_user("tess", Role.TPP_SECRETARY, office=cls.cirebon)
        cls.reggie = make_user("reggie", Role.AUDITOR, office=cls.cirebon)
        cls.kim = make_user("kim", Role.KANWIL_VIEWER, kanwil=cls.jabar)
        cls.paula = make_user("paula", Role.PARTNER, office=cls.cirebon, partner=cls.lbh)
        cls.pat = make_user("pat", Role.PK, office=cls.bandung, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        cls.bert = make_user("bert", Role.ADMINISTRATOR, office=cls.bandung)
        cls.joko = make_user("joko", Role.HEAD, office=cls.semarang)

    @property
    def cast(self) -> dict[str, User]:
        names = [
            "ada",
            "nadia",
            "hana",
            "sam",
            "olivia",
            "alan",
            "rita",
            "tess",
            "reggie",
            "kim",
            "paula",
            "pat",
            "bert",
            "joko",
        ]
        return {name: getattr(self, name) for name in names}


# --- Tests outside a test transaction ---------------------------------------------------------------

_baseline: dict[str, dict[str, tuple[str, int | None]]] = {}


def _reference_rows(connection) -> dict[str, tuple[str, int | None]]:
    """For each table, its key column and the highest integer key present before any transactional test
    wrote to it (0 for an empty table; None for a table with rows and a non-integer key: the regions)."""
    if connection.alias in _baseline:
        return _baseline[connection.alias]
    limits: dict[str, tuple[str, int | None]] = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if not model._meta.managed or model._meta.proxy:
                continue
            table, pk = model._meta.db_table, model._meta.pk
            qn = connection.ops.quote_name
            if isinstance(pk, (models.AutoField, models.BigAutoField, models.SmallAutoField)):
                cursor.execute(f"SELECT MAX({qn(pk.column)}) FROM {qn(table)}")  # noqa: S608 (model metadata)
                limits[table] = (pk.column, cursor.fetchone()[0] or 0)
            else:
                cursor.execute(f"SELECT 1 FROM {qn(table)} LIMIT 1")  # noqa: S608
                limits[table] = (pk.column, None if cursor.fetchone() else 0)
    _baseline[connection.alias] = limits
    return limits


def _audit_triggers():
    return importlib.import_module("audit.migrations.0003_append_only_triggers")


def reset_to_reference_data(connection) -> None:
    """Delete every row a transactional test wrote, keeping the reference data the migrations and the
    session set-up loaded (regions, rule sets, content types, permissions).

    Django's own flush cannot run here: it deletes the regions and rule sets the rest of the suite needs,
    and on SQLite its DELETE meets the audit table's append-only triggers. The triggers are lifted only
    inside this transaction, in tests, and are back before it commits. A test must not change the
    reference rows themselves (an UPDATE of a rule set would outlive it).
    """
    limits = _reference_rows(connection)
    qn = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_change")
        else:
            for sql in _audit_triggers().SQLITE_DOWN:
                cursor.execute(sql)
        for table, (column, limit) in limits.items():
            if limit == 0:
                cursor.execute(f"DELETE FROM {qn(table)}")  # noqa: S608 (model metadata)
            elif limit is not None:
                cursor.execute(f"DELETE FROM {qn(table)} WHERE {qn(column)} > %s", [limit])  # noqa: S608
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_no_change")
        else:
            for sql in _audit_triggers().SQLITE_UP:
                cursor.execute(sql)


class TransactionBaseTestCase(FrozenClockMixin, TransactionTestCase):
    """The BaseTestCase cast, in tests that run outside a test transaction, the way the server runs.

    Django's `TestCase` wraps each test in a transaction, so a service that forgot `@transaction.atomic`,
    an `audit.record` outside one, or a `select_for_update` outside one passes there and fails in
    production. These tests commit for real; afterwards every row they wrote is deleted again
    (`reset_to_reference_data`), which is much faster than Django's flush and keeps the regions. The clock
    stands still at BaseTestCase's NOW, as there.
    """

    NOW = BaseTestCase.NOW

    @classproperty
    def TODAY(cls) -> datetime.date:  # noqa: N805
        return cls.NOW.date()

    @classmethod
    def _fixture_setup(cls):
        for alias in cls._databases_names(include_mirrors=False):
            _reference_rows(connections[alias])
        super()._fixture_setup()

    def _fixture_teardown(self):
        for alias in self._databases_names(include_mirrors=False):
            reset_to_reference_data(connections[alias])

    def setUp(self):
        super().setUp()
        BaseTestCase.setUpTestData.__func__(type(self))
        self.enterContext(translation.override("en"))
        speak_english(self.client)

    speak_english = BaseTestCase.speak_english


class Race:
    """Calls of a service at the same moment, each in its own thread and database connection.

    `meet_at` names a callable the service calls after its checks, right before its insert (say
    "board.models.AgendaItem.save"). Each thread's first call of it waits there for the others, so on
    PostgreSQL every call has passed its checks before any of them writes: the database's unique
    constraint, not the check, has to sort them out. What that first call raised is kept in `raised`
    (by thread), which proves the services' `except IntegrityError` fallbacks were reached.

    SQLite takes its write lock at BEGIN (transaction_mode IMMEDIATE): a second writer waits there
    until the first commits, so it cannot pass its check early, and a meeting point inside the
    transaction would only deadlock. There the calls run one after the other (`concurrent` is False)
    and the tests assert that serialised outcome instead. The test database is in memory with a shared
    cache, where a second writer fails at once ("database table is locked") instead of waiting as it
    does on the file database, so the calls take turns here, as the file database's lock would make them.
    """

    TIMEOUT = 10  # seconds; a thread that waits longer fails the test instead of hanging it

    def __init__(self, meet_at: str | None = None, *, meet: bool = True):
        self.meet_at = meet_at
        self.meet = meet  # False: the calls start together but do not wait at `meet_at`, only record there
        self.concurrent = connection.vendor == "postgresql"
        self.raised: list[BaseException | None] = []

    def run(self, *calls: Callable[[], object]) -> list[object]:
        """Start `calls` together; return what each returned or raised, in the order given."""
        barrier = threading.Barrier(len(calls), timeout=self.TIMEOUT)
        start = threading.Barrier(len(calls), timeout=self.TIMEOUT)
        local = threading.local()
        outcomes: list[object] = [None] * len(calls)
        turn: contextlib.AbstractContextManager = contextlib.nullcontext() if self.concurrent else threading.Lock()
        patcher: contextlib.AbstractContextManager = contextlib.nullcontext()
        if self.meet_at is not None:
            meet = self._meeting_point(self.meet_at, barrier, local)
            patcher = mock.patch(self.meet_at, autospec=True, side_effect=meet)

        def run(n: int, call: Callable[[], object]) -> None:
            try:
                translation.activate("en")
                start.wait()
                with turn:
                    outcomes[n] = call()
            except Exception as exc:  # noqa: BLE001 - returned to the test, which compares it
                outcomes[n] = exc
            finally:
                translation.deactivate()
                connections.close_all()

        threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
        with patcher:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(self.TIMEOUT * 2)
        if any(thread.is_alive() for thread in threads):
            raise AssertionError("A racing thread did not finish.")
        return outcomes

    def _meeting_point(self, target: str, barrier: threading.Barrier, local: threading.local) -> Callable:
        original = pkgutil.resolve_name(target)

        def meet(*args, **kwargs):
            if getattr(local, "met", False):  # only the first call of each thread meets the others
                return original(*args, **kwargs)
            local.met = True
            if self.concurrent and self.meet:
                barrier.wait()
            try:
                result = original(*args, **kwargs)
            except BaseException as exc:
                self.raised.append(exc)
                raise
            self.raised.append(None)
            return result

        return meet
