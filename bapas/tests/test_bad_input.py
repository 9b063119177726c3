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

import time_machine
from django.apps import apps
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse

from audit.models import AuditEvent
from bapas.test import BaseTestCase
from bapas.tests.test_permission_matrix import EVERYONE, PermissionMatrixTestCase
from lib.forms import MAX_YEAR, MIN_YEAR

BAD_VALUES = ["\x00", "9999-12-31", "0001-01-01"]

# Query parameters views read outside a form (dependent selects, search boxes, paging, pre-selections).
RAW_PARAMETERS = ["regency", "q", "role", "page", "status", "officer", "corrects", "session", "when", "kind"]

# Tables a request may write without changing anything a user entered.
UNTRACKED_TABLES = {"django_session"}

# Forms on every page that are not the page's own (signing out would end the sweep's session).
SKIPPED_ACTIONS = {"/akun/keluar/"}


class _Forms(HTMLParser):
    """The <form>s of a page: method, action and the names of their fields (file inputs left out)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": [],
            }
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if attrs.get("type") == "file" or attrs["name"] == "csrfmiddlewaretoken":
                return
            if attrs["name"] not in self._current["fields"]:
                self._current["fields"].append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


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


@time_machine.travel("2026-12-03 09:00 +07:00", tick=False)
class BadInputSweepTestCase(BaseTestCase):
    # The sample objects and who may open what come from the permission matrix.
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from clients.tests.factories import make_client

        cls.ada_client = make_client(cls.cirebon, officer=cls.olivia)

    matrix = PermissionMatrixTestCase.matrix
    core_rows = PermissionMatrixTestCase.core_rows

    def pages(self):
        """(url, user) for every URL of the matrix, as the first user of the cast who may open it."""
        for url_name, (args, statuses) in sorted(self.matrix().items()):
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
                for value in BAD_VALUES:
                    data = dict.fromkeys(form["fields"], value)
                    with self.subTest(url=url, action=action, method=form["method"], value=repr(value)):
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
