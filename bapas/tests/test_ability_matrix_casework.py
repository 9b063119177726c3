"""Rows of the permission matrix for the abilities and predicates that supervision, field work, violations, the
board and the dashboard ask `accounts.scopes` (issue 11): who of the test cast has each.

The page rows are in test_permission_matrix.py; these name the rules the pages are built from, so a change of
policy shows up here as one changed row.
"""

from accounts import scopes
from accounts.models import Jenjang, Role, Section, User
from bapas.test import BaseTestCase, make_user
from bapas.tests.test_permission_matrix import EVERYONE

ABILITY_ROWS = {
    # The office's headline counts on the home page (staff by role, locations, partners).
    "office.overview": {"ada", "nadia", "hana", "reggie", "bert", "joko"},
    # The PK's home list of remote reports to review.
    "reporting.review_queue": {"olivia", "pat"},
    # Lifting an intensified schedule the board set as the response to a violation.
    "reporting.lift_sanction": {"hana", "joko"},
}

HOME_PAGES = {
    "ada": "admin",
    "nadia": "admin",
    "hana": "head",
    "sam": "section_head",
    "olivia": "officer",
    "alan": "officer",
    "rita": "registration",
    "tess": "tpp",
    "reggie": "auditor",
    "kim": "kanwil",
    "paula": "partner",
    "pat": "officer",
    "bert": "admin",
    "joko": "head",
}


class AbilityMatrixTestCase(BaseTestCase):
    def test_each_ability_belongs_to_the_expected_cast(self):
        for ability, holders in ABILITY_ROWS.items():
            with self.subTest(ability=ability):
                self.assertEqual({name for name in EVERYONE if scopes.can(self.cast[name], ability)}, holders)

    def test_only_pks_and_apks_see_only_their_own_caseload(self):
        found = {name for name in EVERYONE if scopes.sees_only_own_caseload(self.cast[name])}
        self.assertEqual(found, {"olivia", "alan", "pat"})

    def test_each_role_has_its_home_page(self):
        self.assertEqual({name: scopes.home_page_of(self.cast[name]) for name in EVERYONE}, HOME_PAGES)

    def test_only_bka_staff_work_with_children(self):
        self.assertEqual([name for name in EVERYONE if scopes.works_with_children(self.cast[name])], [])
        bella = make_user("bella", Role.SECTION_HEAD, office=self.cirebon, section=Section.BKA)
        self.assertTrue(scopes.works_with_children(bella))

    def test_django_admin_is_for_national_administrators_with_the_staff_flag(self):
        self.assertEqual([name for name in EVERYONE if scopes.may_use_django_admin(self.cast[name])], ["nadia"])
        self.nadia.is_active = False
        self.assertFalse(scopes.may_use_django_admin(self.nadia))

    def test_the_officers_whose_queues_each_user_opens(self):
        bima = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        gone = make_user("gone", Role.PK, office=self.cirebon, section=Section.BKD, jenjang=Jenjang.AHLI_PERTAMA)
        User.objects.filter(pk=gone.pk).update(is_active=False)  # an officer who left: in nobody's reach
        bella = make_user("bella", Role.SECTION_HEAD, office=self.cirebon, section=Section.BKA)
        reach = {
            name: set(User.objects.officers_in_reach_of(self.cast[name]).values_list("username", flat=True))
            for name in EVERYONE
        }
        self.assertEqual(reach.pop("sam"), {"olivia", "alan"})
        self.assertEqual(reach.pop("hana"), {"olivia", "alan", "bima"})
        self.assertEqual({name: names for name, names in reach.items() if names}, {})
        self.assertEqual(set(User.objects.officers_in_reach_of(bella)), {bima})

    def test_user_queries_by_ability_match_can(self):
        for ability in ("fieldwork.record", "board.manage", "staff.view", "reporting.review_queue"):
            with self.subTest(ability=ability):
                found = set(User.objects.with_ability(ability).values_list("username", flat=True))
                self.assertEqual(found, {name for name in EVERYONE if scopes.can(self.cast[name], ability)})
        self.assertEqual(
            set(User.objects.caseload_officers().values_list("username", flat=True)), {"olivia", "alan", "pat"}
        )
        self.assertEqual(set(User.objects.staff().values_list("username", flat=True)), set(EVERYONE) - {"paula"})

    def test_case_rows_are_filtered_the_way_clients_are(self):
        """`scopes.filter_case_rows` is the caseload / section / office / children rule of `clients.access`, for
        rows that reach their case by other paths (the board's items and proposals)."""
        from clients.models import Client
        from clients.tests.factories import make_client

        bella = make_user("bella", Role.SECTION_HEAD, office=self.cirebon, section=Section.BKA)
        bima = make_user("bima", Role.PK, office=self.cirebon, section=Section.BKA, jenjang=Jenjang.AHLI_PERTAMA)
        make_client(self.cirebon, officer=self.olivia, assistant=self.alan)
        make_client(self.cirebon, officer=self.olivia)
        make_client(self.cirebon, officer=bima, program="PB_ANAK")
        make_client(self.cirebon)
        make_client(self.bandung, officer=self.pat, regency="32.73")
        for user in [*self.cast.values(), bella, bima]:
            with self.subTest(user=user.username):
                rows = scopes.filter_case_rows(
                    Client.objects.all(),
                    user,
                    officers=("current_episode__officer", "current_episode__assistant"),
                    is_child="is_child",
                )
                self.assertEqual(set(rows), set(Client.objects.visible_to(user)))
