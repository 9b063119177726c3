"""Every page, every form and filter with hostile values: no 500, and nothing written (issue #9, point 11).

Built on the permission matrix: each URL is opened with its sample ids as a user who may open it; every
<form> on the page is read from the HTML and sent with each of its fields set to a NUL byte, a date in
year 9999 and one in year 1 (GET forms as a query string, POST forms as a post). Every page is also asked
with the query parameters that views read outside a form. NUL bytes only fail on PostgreSQL: run this
file there too (DATABASE_URL=postgres://…).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from bapas.test import BaseTestCase
from bapas.tests import test_permission_matrix
from bapas.tests.test_permission_matrix import EVERYONE
from lib.forms import MAX_YEAR, MIN_YEAR

BAD_VALUES = ["\x00", "9999-12-31", "0001-01-01"]

# Query parameters views read outside a form (dependent selects, search boxes, paging, pre-selections).
RAW_PARAMETERS = ["regency", "q", "role", "page", "status", "officer", "corrects", "session", "when", "kind"]

# Tables a request may write without changing anything a user entered.
UNTRACKED_TABLES = {"django_session"}

# Forms on every page that are not the page's own (signing out would end the sweep's session).
SKIPPED_ACTIONS = {"/akun/keluar/"}


class _Forms(HTMLParser):
    """The <form>s of a page: method, action, the names of their fields (file inputs left out), which of
    them take dates, and the values the page fills in (so one field at a time can be made hostile)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        form = self._current
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": [],
                "dates": [],
                "defaults": {},
            }
            self.forms.append(self._current)
            return
        if form is None:
            return
        if tag == "option" and self._select and ("selected" in attrs or self._select not in form["defaults"]):
            form["defaults"][self._select] = attrs.get("value") or ""
        name = attrs.get("name")
        if tag not in ("input", "select", "textarea", "button") or not name:
            return
        kind = attrs.get("type", "text")
        if kind == "file" or name == "csrfmiddlewaretoken":
            return
        if name not in form["fields"]:
            form["fields"].append(name)
        if kind in ("date", "datetime-local"):
            form["dates"].append(name)
        if tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            form["defaults"][name] = ""
        elif tag == "input" and (kind not in ("checkbox", "radio") or "checked" in attrs):
            form["defaults"].setdefault(name, attrs.get("value") or "")

    def handle_data(self, data):
        if self._current is not None and self._textarea:
            self._current["defaults"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def row_counts() -> dict[str, int]:
    """Rows in every table the application writes, and the audit events other than page views."""
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models()
            if m._meta.managed and not m._meta.proxy and m is not AuditEvent and m._meta.app_label != "axes"
        }
        - UNTRACKED_TABLES
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(cursor.fetchall())
    counts["audit (not page views)"] = AuditEvent.objects.exclude(action__endswith=".viewed").count()
    return counts


def implausible_dates() -> list[str]:
    """Every stored date or datetime outside the years the forms accept, as "table.column"."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and model._meta.managed:
                outside = Q(**{f"{field.name}__year__lt": MIN_YEAR}) | Q(**{f"{field.name}__year__gt": MAX_YEAR})
                if model._base_manager.filter(outside).exists():
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


class BadInputSweepTestCase(BaseTestCase):
    # The sample objects and who may open what come from the permission matrix.
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from clients.tests.factories import make_client

        cls.ada_client = make_client(cls.cirebon, officer=cls.olivia)

    def setUp(self):
        super().setUp()
        self.speak_english()  # messages are compared in English

    # Through the module: a class imported here would be collected, and the whole matrix run twice.
    matrix = test_permission_matrix.PermissionMatrixTestCase.matrix
    core_rows = test_permission_matrix.PermissionMatrixTestCase.core_rows

    def pages(self):
        """(url, user) for every URL of the matrix, as the first user of the cast who may open it."""
        for url_name, (args, statuses, *_flags) in sorted(self.matrix().items()):
            user = next((n for n in EVERYONE if statuses.get(n) == 200), None)
            if user is not None:
                yield reverse(url_name, args=args), self.cast[user]

    def assert_answers(self, response, what: str):
        self.assertLess(response.status_code, 500, what)

    def test_no_page_form_or_filter_answers_500_or_writes_on_hostile_values(self):
        visited: set[tuple] = set()
        checked = 0
        for url, user in self.pages():
            self.client.force_login(user)
            page = self.client.get(url)
            if page.status_code != 200:
                continue
            for value in BAD_VALUES:
                with self.subTest(url=url, params="raw", value=repr(value)):
                    self.assert_answers(self.client.get(url, dict.fromkeys(RAW_PARAMETERS, value)), url)
            html = page.content.decode() if "html" in page.get("Content-Type", "") else ""
            for form in page_forms(html):
                action = urlsplit(urljoin(url, form["action"])).path
                key = (form["method"], action, tuple(form["fields"]), user.pk)
                if action in SKIPPED_ACTIONS or key in visited or not form["fields"]:
                    continue
                visited.add(key)
                variants = [(value, dict.fromkeys(form["fields"], value)) for value in BAD_VALUES]
                # One field at a time, the rest as the page fills them in: a form left invalid by its other
                # fields would hide an overflow in the one under test.
                one_at_a_time = form["fields"] if form["method"] == "get" else form["dates"]
                variants += [
                    (value, {**form["defaults"], name: value}) for name in one_at_a_time for value in BAD_VALUES[1:]
                ]
                for value, data in variants:
                    with self.subTest(url=url, action=action, method=form["method"], data=repr(data)[:200]):
                        self.client.force_login(user)
                        if form["method"] == "get":
                            self.assert_answers(self.client.get(action, data), action)
                            continue
                        before = row_counts()
                        response = self.client.post(action, data)
                        self.assert_answers(response, action)
                        if value == "\x00":
                            # No field takes a NUL: text, choice, number and date fields all refuse it.
                            self.assertEqual(row_counts(), before, f"POST {action} {form['fields']} wrote")
                        elif row_counts() != before:
                            # A date-like text is a valid reason or note; an implausible date must not be stored.
                            self.assertEqual(implausible_dates(), [], f"POST {action} stored a date")
                        checked += 1
        # The sweep must reach the forms it is about (a broken parser would pass trivially).
        self.assertGreater(checked, 100)

    def test_the_values_reported_in_issue_9(self):
        self.client.force_login(self.ada)
        for url in ["/wilayah/desa/?regency=%00", "/staf/?q=%00", "/audit/?date_to=9999-12-31"]:
            with self.subTest(url=url):
                self.assertLess(self.client.get(url).status_code, 500)

    def test_intake_refuses_implausible_dates_that_would_overflow_the_rules(self):
        from clients.models import Client
        from clients.tests.test_registry_views import intake_form

        self.client.force_login(self.rita)
        for field in ["case-expiry_date", "case-detention_start", "episode-starts_on", "person-birth_date"]:
            for value in ["9999-12-31", "0001-01-01"]:
                with self.subTest(field=field, value=value), translation.override("en"):
                    response = self.client.post(reverse("clients:create"), intake_form(**{field: value}))
                    self.assertContains(response, "Enter a date between the years 1900 and 2100.")
        self.assertFalse(Client.objects.filter(name="Fajar Nugroho").exists())
