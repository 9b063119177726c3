"""Every page, every role: anonymous → login, wrong role → 403, another office → 404.

The matrix must name every URL of the app: a new view without a row fails
`test_matrix_covers_every_view`, so nobody adds a page without deciding who may open it.

A row is `(args, statuses)` for a form or action page (it accepts POST), or `(args, statuses, GET_ONLY)`
for a read-only page, which must answer POST with 405 (`require_GET`): `test_read_only_pages_refuse_post`.

Apps built on the registry keep their rows in `<app>/tests/permission_rows.py`, a function
`rows(case) -> dict` (same shape as `matrix()`), listed in ROW_MODULES. `case` is the running
PermissionMatrixTestCase (its cast, `case.ada_client` — olivia's Cirebon client); a row function may
create the objects its URLs need.
"""

import importlib

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bapas.test import BaseTestCase

EVERYONE = [
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
OUTSIDE_CIREBON = {"pat", "bert", "joko"}
# Third element of a row whose page only reads: POST gets 405, so a read never doubles as a write.
GET_ONLY = "GET only"


def expected(allowed: set[str], *, scoped: bool, hidden: frozenset[str] = frozenset()) -> dict[str, int]:
    """200 for allowed roles in scope, 404 for allowed roles outside Cirebon (when the page shows a Cirebon
    object) or otherwise out of scope (`hidden`), 403 for everyone else."""
    result = {}
    for name in EVERYONE:
        if name not in allowed:
            result[name] = 403
        elif scoped and (name in OUTSIDE_CIREBON or name in hidden):
            result[name] = 404
        else:
            result[name] = 200
    return result


OFFICE_VIEWERS = set(EVERYONE) - {"paula"}
ADMINS = {"ada", "nadia", "bert"}
LOCATION_MANAGERS = ADMINS | {"hana", "joko"}
STAFF_VIEWERS = ADMINS | {"hana", "sam", "reggie", "joko"}
AUDIT_VIEWERS = ADMINS | {"reggie"}
CLIENT_VIEWERS = set(EVERYONE) - {"kim", "paula"}
CLIENT_WRITERS = {"hana", "sam", "olivia", "alan", "rita", "pat", "joko"}
CLIENT_IMPORTERS = {"hana", "sam", "rita", "joko"}
CLIENT_ASSIGNERS = {"hana", "sam", "joko"}
CHECKIN_RECORDERS = {"hana", "sam", "olivia", "alan", "rita", "pat", "joko"}
# alan is an APK of Cirebon who does not guide olivia's client: outside his caseload.
NOT_IN_CASELOAD = frozenset({"alan"})


ROW_MODULES = [
    "clients.tests.permission_rows",
    "fieldwork.tests.permission_rows",
    "board.tests.permission_rows",
    "violations.tests.permission_rows",
    "movements.tests.permission_rows",
    "partners.tests.permission_rows",
    "referrals.tests.permission_rows",
    "reports.tests.permission_rows",
    "supervision.tests.permission_rows",
    "allocation.tests.permission_rows",
    "guidance.tests.permission_rows",
    "litmas.tests.permission_rows",
    "assessment.tests.permission_rows",
]


class PermissionMatrixTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from clients.tests.factories import make_client

        cls.ada_client = make_client(cls.cirebon, officer=cls.olivia)

    def matrix(self):
        rows = self.core_rows()
        for module_name in ROW_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            rows.update(module.rows(self))
        return rows

    def core_rows(self):
        office, location, account = self.cirebon.pk, self.cirebon_location.pk, self.olivia.pk
        client = self.ada_client.pk
        return {
            "clients:list": ([], expected(CLIENT_VIEWERS, scoped=False), GET_ONLY),
            "clients:create": ([], expected(CLIENT_WRITERS, scoped=False)),
            "clients:import": ([], expected(CLIENT_IMPORTERS, scoped=False)),
            "clients:detail": ([client], expected(CLIENT_VIEWERS, scoped=True, hidden=NOT_IN_CASELOAD), GET_ONLY),
            "clients:edit": ([client], expected(CLIENT_WRITERS, scoped=True, hidden=NOT_IN_CASELOAD)),
            "clients:assign": ([client], expected(CLIENT_ASSIGNERS, scoped=True)),
            "supervision:checkin_create": ([client], expected(CHECKIN_RECORDERS, scoped=True, hidden=NOT_IN_CASELOAD)),
            "regions:village_options": ([], expected(set(EVERYONE), scoped=False), GET_ONLY),
            "dashboard:home": ([], expected(set(EVERYONE), scoped=False), GET_ONLY),
            "dashboard:officer_queue": ([account], expected({"hana", "sam", "joko"}, scoped=True), GET_ONLY),
            "dashboard:officers_table": ([], expected({"hana", "sam", "joko"}, scoped=False), GET_ONLY),
            "accounts:security": ([], expected(set(EVERYONE), scoped=False)),
            "accounts:password_change": ([], expected(set(EVERYONE), scoped=False)),
            "organizations:office_list": ([], expected(OFFICE_VIEWERS, scoped=False), GET_ONLY),
            "organizations:office_detail": ([office], expected(OFFICE_VIEWERS, scoped=True), GET_ONLY),
            "organizations:office_edit": ([office], expected(ADMINS, scoped=True)),
            "organizations:location_create": ([office], expected(LOCATION_MANAGERS, scoped=True)),
            "organizations:location_edit": ([location], expected(LOCATION_MANAGERS, scoped=True)),
            "accounts:staff_list": ([], expected(STAFF_VIEWERS, scoped=False), GET_ONLY),
            "accounts:staff_create": ([], expected(ADMINS, scoped=False)),
            "accounts:staff_detail": ([account], expected(STAFF_VIEWERS, scoped=True), GET_ONLY),
            "accounts:staff_edit": ([account], expected(ADMINS, scoped=True)),
            "audit:event_list": ([], expected(AUDIT_VIEWERS, scoped=False), GET_ONLY),
        }

    # Pages that need no login, or accept only POST, are tested in their own files.
    PUBLIC_OR_POST = {
        "accounts:login",
        "accounts:login_otp",
        "accounts:logout",
        "accounts:security_disable",
        "healthz",
        "set_language",
        "supervision:lapor",
        "allocation:proposals_accept",  # POST only: allocation/tests/test_proposals.py
        "allocation:partner_proposals_accept",  # POST only: allocation/tests/test_partner_proposals.py
        "assessment:start",  # POST only: assessment/tests/test_views.py
    }

    def test_matrix_covers_every_view(self):
        def names(patterns, namespace=""):
            for p in patterns:
                if isinstance(p, URLResolver):
                    if p.namespace == "admin":
                        continue
                    yield from names(p.url_patterns, f"{p.namespace}:" if p.namespace else namespace)
                elif isinstance(p, URLPattern) and p.name:
                    yield f"{namespace}{p.name}"

        self.assertEqual(set(names(get_resolver().url_patterns)) - self.PUBLIC_OR_POST, set(self.matrix()))

    def test_anonymous_users_are_sent_to_login(self):
        for url_name, (args, *_) in self.matrix().items():
            url = reverse(url_name, args=args)
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("accounts:login")))

    def test_each_role_gets_the_expected_status(self):
        cast = self.cast
        for url_name, (args, statuses, *_) in self.matrix().items():
            url = reverse(url_name, args=args)
            for name, status in statuses.items():
                with self.subTest(url=url, user=name):
                    self.client.force_login(cast[name])
                    self.assertEqual(self.client.get(url).status_code, status)

    def test_read_only_pages_refuse_post(self):
        """A read-only page answers POST with 405, even for a user who may read it; a page that accepts POST
        must be declared a form or action page (a row without GET_ONLY)."""
        cast = self.cast
        for url_name, (args, statuses, *flags) in self.matrix().items():
            url = reverse(url_name, args=args)
            with self.subTest(url=url):
                self.assertLessEqual(set(flags), {GET_ONLY})
                if GET_ONLY in flags:
                    reader = next(name for name, status in statuses.items() if status == 200)
                    self.client.force_login(cast[reader])
                    self.assertEqual(self.client.post(url, {"x": "1"}).status_code, 405)
                    self.assertEqual(self.client.get(url).status_code, 200)
                else:
                    self.client.logout()
                    self.assertNotEqual(self.client.post(url).status_code, 405, "a read-only page needs GET_ONLY")

    def test_read_only_roles_get_403_on_writes_and_nothing_changes(self):
        for name, url in [
            ("reggie", reverse("accounts:staff_edit", args=[self.olivia.pk])),
            ("kim", reverse("organizations:office_edit", args=[self.cirebon.pk])),
            ("reggie", reverse("organizations:location_create", args=[self.cirebon.pk])),
        ]:
            with self.subTest(user=name, url=url):
                self.client.force_login(self.cast[name])
                response = self.client.post(url, {"full_name": "Tampered", "name": "Tampered"})
                self.assertEqual(response.status_code, 403)
        self.olivia.refresh_from_db()
        self.cirebon.refresh_from_db()
        self.assertEqual(self.olivia.full_name, "Olivia Putri")
        self.assertNotEqual(self.cirebon.name, "Tampered")

    def test_missing_objects_answer_404_like_forbidden_ones(self):
        self.client.force_login(self.ada)
        self.assertEqual(self.client.get(reverse("accounts:staff_detail", args=[999999])).status_code, 404)
        self.assertEqual(self.client.get(reverse("organizations:office_detail", args=[999999])).status_code, 404)
        forbidden = self.client.get(reverse("accounts:staff_detail", args=[self.pat.pk]))
        missing = self.client.get(reverse("accounts:staff_detail", args=[999999]))
        self.assertEqual(forbidden.status_code, missing.status_code)
        self.assertEqual([t.name for t in forbidden.templates], [t.name for t in missing.templates])
        self.assertNotContains(forbidden, self.pat.full_name, status_code=404)


class AdminSiteTestCase(BaseTestCase):
    def test_only_national_administrators_reach_django_admin(self):
        for name in EVERYONE:
            user = self.cast[name]
            user.is_staff = True  # even with the flag, only the national administrator gets in
            user.save(update_fields=["is_staff"])
            with self.subTest(user=name):
                self.client.force_login(user)
                response = self.client.get("/admin/")
                if name == "nadia":
                    self.assertEqual(response.status_code, 200)
                else:
                    self.assertEqual(response.status_code, 302)
                    self.assertIn("/admin/login/", response["Location"])

    def test_audit_rows_are_read_only_in_django_admin(self):
        self.client.force_login(self.nadia)
        self.assertEqual(self.client.get("/admin/audit/auditevent/add/").status_code, 403)

    def test_changes_made_in_django_admin_are_audited(self):
        from audit.models import AuditEvent

        self.client.force_login(self.nadia)
        url = f"/admin/organizations/servicelocation/{self.cirebon_location.pk}/change/"
        response = self.client.post(
            url,
            {
                "office": self.cirebon.pk,
                "kind": "kantor",
                "name": "Kantor Uji Cirebon (baru)",
                "address": "Jl. Uji 1",
                "district": self.district.pk,
                "partner": "",
                "latitude": "",
                "longitude": "",
                "is_active": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        event = AuditEvent.objects.get(action="servicelocation.updated")
        self.assertEqual(event.changes["name"], ["Kantor Uji Cirebon", "Kantor Uji Cirebon (baru)"])
        self.assertEqual(event.data, {"via": "admin"})
        self.assertEqual(event.office, self.cirebon)
