import datetime
import re
from collections import Counter
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from django.test import TestCase

from accounts.models import Role, Section, User
from allocation.tests.test_demo import WorkloadDemoChecks
from bapas.test import BaseTestCase
from bapas.testclock import FrozenClockMixin
from bapas.tests.test_access_follows_client import AccessFollowsTheClientChecks
from clients import rules, selectors
from clients.codes import CHILD_PROGRAMS
from clients.models import Assignment, Case, CaseArticle, Client, Guarantor, ProgramEpisode
from demo import selectors as demo_selectors
from demo import services
from lib.nik import parse_nik
from organizations.models import Office
from partners.models import Partner
from referrals.tests.test_demo import ReferralDemoChecks

NAMED_ACCOUNTS = {
    "admin": "Administrator Nasional",
    "admin.cirebon": "Rina Administrasi",
    "kabapas": "Budi Santoso",
    "kasi.bkd": "Siti Rahmawati",
    "kasi.bka": "Dewi Lestari",
    "pk": "Agus Firmansyah",
    "pk.bka": "Nur Aini",
    "apk": "Rudi Hartono",
    "registrasi": "Yuni Kartika",
    "tpp": "Hendra Wijaya",
    "auditor": "Lina Marlina",
    "kanwil.jabar": "Teguh Prasetyo",
    "mitra.lbh": "Fajar Nugraha",
    "pk.bandung": "Maya Sari",
    "kabapas.semarang": "Joko Susilo",
}


class DemoClockTestCase(FrozenClockMixin, TestCase):
    """The demo is built for today: the clock stands still on the shared test day (BaseTestCase.NOW)."""

    NOW = BaseTestCase.NOW


class EmptyDatabaseTests(TestCase):
    def test_a_migrated_database_has_no_accounts(self):
        """What a production start runs (migrate, load_regions) creates no demo accounts."""
        self.assertFalse(User.objects.exists())
        self.assertFalse(Office.objects.exists())


class DemoTests(ReferralDemoChecks, WorkloadDemoChecks, AccessFollowsTheClientChecks, DemoClockTestCase):
    """The default demo (`make run`), built once for the whole test run: every test that reads the full demo
    is here (the referrals app's checks come in as `ReferralDemoChecks`, the access checks as
    `AccessFollowsTheClientChecks`). Smaller partial builds are
    `ScaleTests`' and the board's `DemoOfficeTestCase`'s own."""

    @classmethod
    def setUpTestData(cls):
        cls.out = StringIO()
        call_command("load_demo", stdout=cls.out)
        cls.cirebon = Office.objects.get(name="Bapas Kelas I Cirebon")
        cls.today = cls.NOW.date()
        cls.partner_user = User.objects.get(username="mitra.lbh")

    def test_load_demo_builds_cirebon_with_its_working_area_and_other_offices(self):
        cirebon = self.cirebon
        self.assertEqual(cirebon.kanwil.name, "Kanwil Ditjenpas Jawa Barat")
        self.assertEqual(
            sorted(cirebon.working_area.values_list("name", flat=True)),
            ["Kabupaten Cirebon", "Kabupaten Indramayu", "Kabupaten Kuningan", "Kabupaten Majalengka", "Kota Cirebon"],
        )
        self.assertEqual(
            sorted(Office.objects.exclude(pk=cirebon.pk).values_list("name", flat=True)),
            ["Bapas Kelas I Bandung", "Bapas Kelas I Semarang"],
        )
        roles = set(User.objects.values_list("role", flat=True))
        self.assertEqual(roles, set(Role.values))
        self.assertTrue(User.objects.get(username="pk").check_password("demo-bapas-2026"))
        self.assertIn("Demo loaded", self.out.getvalue())

    def test_the_named_demo_accounts_keep_their_names(self):
        users = dict(User.objects.filter(username__in=NAMED_ACCOUNTS).values_list("username", "full_name"))
        self.assertEqual(users, NAMED_ACCOUNTS)
        self.assertEqual([a.username for a in demo_selectors.demo_accounts()], list(NAMED_ACCOUNTS))
        self.assertTrue(User.objects.get(username="pk.bka").check_password("demo-bapas-2026"))

    def test_cirebon_has_1000_clients_under_guidance_spread_by_population(self):
        clients = Client.objects.filter(office=self.cirebon)
        self.assertEqual(clients.count(), 1000)
        # Every one is under guidance; the violations demo suspends one of them.
        self.assertEqual(clients.filter(current_episode__status__in=["active", "suspended"]).count(), 1000)
        self.assertEqual(clients.filter(current_episode__status="suspended").count(), 1)
        by_regency = Counter(clients.values_list("domicile_regency_id", flat=True))
        ranked = [code for code, _ in by_regency.most_common()]
        self.assertEqual(set(ranked[:2]), {"32.09", "32.12"})  # Kab. Cirebon and Indramayu largest
        self.assertEqual(ranked[-1], "32.74")  # Kota Cirebon smallest
        villages_outside = clients.exclude(domicile_village__district__regency_id=F("domicile_regency_id"))
        self.assertFalse(villages_outside.exists())

    def test_program_mix(self):
        programs = Counter(
            Client.objects.filter(office=self.cirebon).values_list("current_episode__program", flat=True)
        )
        ranked = [program for program, _ in programs.most_common()]
        self.assertEqual(ranked[:2], ["PB", "CB"])
        self.assertGreater(programs["PB"], 500)
        for program in ("ASIMILASI", "CMB", "PB_ANAK", "DIVERSI", "PIDANA_PENGAWASAN", "PIDANA_KERJA_SOSIAL"):
            self.assertGreater(programs[program], 0, program)
        self.assertLess(programs["PB_ANAK"] + programs["DIVERSI"], 60)
        new_code = ProgramEpisode.objects.filter(
            office=self.cirebon, program__in=["PIDANA_PENGAWASAN", "PIDANA_KERJA_SOSIAL"]
        )
        self.assertFalse(new_code.exclude(case__criminal_code="baru").exists())
        self.assertFalse(new_code.exclude(case__decision_date__year=2026).exists())

    def test_staff_and_caseloads(self):
        staff = User.objects.filter(office=self.cirebon).exclude(role=Role.PARTNER)
        self.assertEqual(staff.count(), 40)
        roles = Counter(staff.values_list("role", flat=True))
        self.assertEqual(roles[Role.PK], 30)
        self.assertGreaterEqual(roles[Role.APK], 2)
        self.assertEqual(roles[Role.SECTION_HEAD], 2)
        self.assertEqual(len(set(staff.filter(role=Role.PK).values_list("jenjang", flat=True))), 3)
        episodes = ProgramEpisode.objects.filter(office=self.cirebon, status="active")
        loads = Counter(episodes.values_list("officer_id", flat=True))
        # The newest three adults and one child wait for a PK (allocation.demo), for the allocation pages.
        self.assertEqual(loads.pop(None), 4)
        self.assertTrue(all(28 <= n <= 36 for n in loads.values()), loads)
        self.assertEqual(len(loads), 30)
        children = episodes.filter(is_child=True)
        self.assertTrue(children.exists())
        self.assertFalse(children.exclude(officer=None).exclude(officer__section=Section.BKA).exists())
        self.assertFalse(children.exclude(assistant=None).exclude(assistant__section=Section.BKA).exists())
        self.assertTrue(episodes.exclude(assistant=None).exists())
        # one open assignment per officer of each active episode, with the reason kept
        open_pk = Assignment.objects.filter(episode__in=episodes, kind="pk", ended_at=None)
        self.assertEqual(open_pk.count(), episodes.exclude(officer=None).count())

    def test_the_pk_is_on_the_first_page_of_the_staff_directory(self):
        """The browser test signs in as admin.cirebon and looks for Agus Firmansyah on /staf/ (25 a page)."""
        names = list(User.objects.filter(office=self.cirebon).order_by("full_name").values_list("full_name", flat=True))
        self.assertLess(names.index("Agus Firmansyah"), 25)

    def test_partners(self):
        partners = Partner.objects.filter(office=self.cirebon)
        self.assertEqual(partners.count(), 21)
        self.assertEqual(set(partners.values_list("status", flat=True)), {Partner.Status.ACTIVE})
        self.assertEqual(
            set(partners.values_list("kind", flat=True)),
            {"lbh", "kantor_hukum", "lpk", "yayasan_sosial", "ormas", "perguruan_tinggi"},
        )
        partner_users = User.objects.filter(office=self.cirebon, role=Role.PARTNER)
        self.assertGreaterEqual(partner_users.count(), 3)
        self.assertEqual(User.objects.get(username="mitra.lbh").partner.name, "LBH Demo Cirebon")

    def test_every_client_has_a_case_articles_an_episode_and_a_guarantor(self):
        clients = Client.objects.filter(office=self.cirebon)
        self.assertFalse(clients.filter(current_episode=None).exists())
        self.assertFalse(clients.filter(guarantors=None).exists())
        self.assertFalse(clients.filter(cases=None).exists())
        per_case = Counter(CaseArticle.objects.filter(case__office=self.cirebon).values_list("case_id", flat=True))
        self.assertEqual(len(per_case), Case.objects.filter(office=self.cirebon).count())
        self.assertTrue(set(per_case.values()) <= {1, 2})
        self.assertEqual(
            clients.filter(is_child=True).count(), clients.filter(current_episode__program__in=CHILD_PROGRAMS).count()
        )

    def test_niks_are_valid_unique_and_match_the_domicile_and_birth(self):
        rows = list(Client.objects.values_list("nik", "domicile_village_id", "birth_date", "sex"))
        self.assertEqual(len({nik for nik, *_ in rows}), len(rows))
        for nik, village, birth, sex in rows:
            parsed = parse_nik(nik)
            self.assertEqual(parsed.district_code, village.rsplit(".", 1)[0])
            self.assertEqual((parsed.birth_date, parsed.sex), (birth, sex))
            self.assertGreaterEqual(parsed.serial, 100)  # 0001–0099 stay free for hand-typed test NIKs

    def test_episode_dates_follow_the_rules(self):
        for episode in ProgramEpisode.objects.select_related("case", "rule_set").filter(office=self.cirebon):
            case = episode.case
            rule = selectors.rule_set_for(
                episode.program, decision_date=case.decision_date, decree_date=episode.decree_date
            )
            self.assertEqual(episode.rule_set_id, rule.pk)
            if episode.program in ("PB", "PB_ANAK"):
                expected = rules.end_of_guidance(rule, starts_on=episode.starts_on, expiry_date=case.expiry_date)
                self.assertEqual(episode.ends_on, expected)
            elif episode.program == "PIDANA_KERJA_SOSIAL":
                self.assertEqual(episode.ends_on, rules.add_months(episode.starts_on, rule.completion_months))
                rules.check_community_service_hours(rule, episode.community_service_hours)
            self.assertLess(episode.starts_on, episode.ends_on)

    def test_every_episode_meets_the_eligibility_rules(self):
        # The demo is lawful: no episode would draw a warning or a refusal at registration (clients.rules).
        episodes = ProgramEpisode.objects.select_related("case", "rule_set", "client").filter(office=self.cirebon)
        broken = {}
        for episode in episodes:
            found = rules.eligibility_findings(
                episode.rule_set, case=episode.case, episode=episode, birth_date=episode.client.birth_date
            )
            if found:
                broken[f"{episode.program} {episode.pk}"] = [f.message for f in found]
        self.assertEqual(broken, {}, "\n".join(f"{k}: {v}" for k, v in broken.items()))

    def test_register_numbers_and_search_text(self):
        rows = list(
            Client.objects.filter(office=self.cirebon).values_list(
                "register_number", "name", "alias", "parent_name", "search_text"
            )
        )
        self.assertEqual(len({r[0] for r in rows}), 1000)
        self.assertTrue(all(len(r[0]) == 10 and r[0][4] == "/" for r in rows))
        for _, name, alias, parent, search_text in rows:
            self.assertEqual(search_text, " ".join(filter(None, [name, alias, parent])).lower())

    def test_demo_loads_only_into_an_empty_database(self):
        with self.assertRaisesMessage(CommandError, "already has offices"):
            call_command("load_demo", stdout=StringIO())
        out = StringIO()
        call_command("load_demo", "--if-empty", stdout=out)
        self.assertIn("not loaded", out.getvalue())
        self.assertEqual(Office.objects.filter(name="Bapas Kelas I Cirebon").count(), 1)

    def test_welcome_prints_the_address_and_the_accounts(self):
        out = StringIO()
        call_command("welcome", "--url", "http://127.0.0.1:8123/", stdout=out)
        self.assertIn("http://127.0.0.1:8123/", out.getvalue())
        self.assertIn("kabapas", out.getvalue())
        self.assertIn("demo-bapas-2026", out.getvalue())

    def test_welcome_lists_every_demo_account(self):
        out = StringIO()
        call_command("welcome", stdout=out)
        # Whole words: "pk" must not pass because "pk01.cirebon" is printed.
        printed = set(re.findall(r"[\w.]+", out.getvalue()))
        users = User.objects.filter(email__endswith="demo.invalid")
        self.assertGreater(users.count(), len(NAMED_ACCOUNTS) + 3)
        self.assertEqual(set(users.values_list("role", flat=True)), set(Role.values))
        missing = sorted(set(users.values_list("username", flat=True)) - printed)
        self.assertEqual(missing, [])
        for username in ("mitra.lpk", "mitra.yayasan", "mitra.kampus", "pk03.cirebon", "kabapas.semarang"):
            self.assertIn(username, printed)

    def test_cirebon_has_13_older_partners_and_8_from_the_evaluation_meeting_in_both_guideline_groups(self):
        partners = list(Partner.objects.filter(office=self.cirebon))
        self.assertEqual(len(partners), 21)
        newest = max(p.joined_on for p in partners)
        self.assertEqual(sum(p.joined_on == newest for p in partners), 8)
        self.assertEqual(sum(p.joined_on < newest for p in partners), 13)
        groups = Counter(p.group for p in partners)
        self.assertEqual(set(groups), set(Partner.Group.values))
        self.assertTrue(all(count >= 5 for count in groups.values()), groups)  # the guideline's groups of five

    def test_active_episodes_have_a_reporting_history_outside_the_grace_period(self):
        from supervision.models import CheckIn

        checkins = CheckIn.objects.filter(office=self.cirebon)
        outcomes = set(checkins.values_list("outcome", flat=True))
        self.assertEqual(outcomes, set(CheckIn.Outcome.values))
        self.assertGreater(checkins.filter(outcome=CheckIn.Outcome.ATTENDED).count(), checkins.count() * 0.8)
        self.assertFalse(checkins.filter(episode__status="completed").exists())
        # Nothing is recorded inside the grace period: those dates are today's work for the officers. (The
        # remote reports the supervision demo adds are the clients' own, on any open date up to today.)
        latest = (
            checkins.filter(remote__isnull=True)
            .order_by("-due_on")
            .values_list("due_on", "episode__rule_set__grace_days")
            .first()
        )
        from django.utils import timezone

        self.assertLess(latest[0], timezone.localdate() - datetime.timedelta(days=latest[1]))


class ScaleTests(DemoClockTestCase):
    """`--offices N --clients-per-office M`, on a small scale."""

    def test_builds_further_offices_in_other_provinces(self):
        out = StringIO()
        call_command("load_demo", "--offices", "4", "--clients-per-office", "40", stdout=out)
        synthetic = Office.objects.filter(name__startswith="Bapas Kelas II ")
        self.assertEqual(synthetic.count(), 3)
        self.assertEqual(len(set(synthetic.values_list("kanwil__province_id", flat=True))), 3)
        for office in synthetic:
            self.assertEqual(Client.objects.filter(office=office).count(), 40)
            self.assertTrue(User.objects.filter(office=office, role=Role.HEAD).exists())
            self.assertTrue(Partner.objects.filter(office=office).exists())
            area = set(office.working_area.values_list("code", flat=True))
            self.assertTrue(
                set(Client.objects.filter(office=office).values_list("domicile_regency_id", flat=True)) <= area
            )
        self.assertEqual(Client.objects.filter(office__name="Bapas Kelas I Cirebon").count(), 40)
        self.assertIn("[4/4] Bapas Kelas II", out.getvalue())

    def test_every_generated_row_passes_model_validation(self):
        services.build_demo(offices=2, clients_per_office=60)
        for model in (Client, Case, CaseArticle, ProgramEpisode, Guarantor, Assignment, User, Partner, Office):
            for row in model.objects.all():
                try:
                    row.full_clean()
                except ValidationError as exc:  # pragma: no cover - the message says which row
                    self.fail(f"{model.__name__} {row.pk}: {exc}")

    def test_the_same_seed_gives_the_same_data(self):
        def snapshot():
            return (
                list(
                    Client.objects.order_by("office__name", "register_number").values_list(
                        "register_number",
                        "nik",
                        "name",
                        "domicile_village_id",
                        "current_episode__program",
                        "current_episode__ends_on",
                        "current_episode__officer__username",
                    )
                ),
                list(User.objects.order_by("username").values_list("username", "full_name", "nip")),
            )

        with transaction.atomic():
            services.build_demo(offices=2, clients_per_office=30, seed=7)
            first = snapshot()
            transaction.set_rollback(True)
        self.assertFalse(Office.objects.exists())
        services.build_demo(offices=2, clients_per_office=30, seed=7)
        self.assertEqual(snapshot(), first)
