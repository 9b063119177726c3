"""A double-clicked case note is added once: the button is disabled while the form is sent, and the server
refuses a second post of the same form (its one-time token), against the real server outside any test
transaction."""

from __future__ import annotations

import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Page, expect

from tests_browser.test_login import sign_in

CLIENTS = "#reporting table tbody tr td:first-child a"


def _note_form(page: Page, live_url: str, demo_password: str) -> str:
    """Signs the PK in and opens the case-note form of one of their clients; the client's page URL."""
    sign_in(page, "pk", demo_password)
    expect(page).to_have_url(f"{live_url}/")
    client = page.locator(CLIENTS).first.get_attribute("href")
    page.goto(f"{client}catatan/baru/")
    expect(page.locator("main textarea[name=body]")).to_be_visible()
    return client


def test_a_double_clicked_case_note_is_added_once(page: Page, live_url: str, demo_password: str):
    client = _note_form(page, live_url, demo_password)
    body = f"Klien menelepon, catatan uji {secrets.token_hex(4)}"
    page.locator("main textarea[name=body]").fill(body)
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    # Two clicks 40 ms apart, as a hurried double click (Playwright's dblclick is one burst of events,
    # which Chromium turns into one submission even without our script).
    page.evaluate(
        """() => {
            const button = document.querySelector("main form button[type=submit]");
            button.click();
            setTimeout(() => button.click(), 40);
        }"""
    )
    expect(page).to_have_url(f"{live_url}{client}log/")
    expect(page.locator("main").get_by_text(body)).to_have_count(1)
    assert posts == [f"{live_url}{client}catatan/baru/"], posts  # the second click sent nothing

    page.go_back()  # the form comes back from the cache with its button usable again
    expect(page.locator("main form button[type=submit]")).to_be_enabled()


def test_the_same_case_note_form_posted_twice_adds_one_note(page: Page, live_url: str, demo_password: str):
    client = _note_form(page, live_url, demo_password)
    form = page.locator("main form[method=post]")
    fields = {
        name: form.locator(f'input[name="{name}"]').input_value() for name in ("csrfmiddlewaretoken", "form_token")
    }
    body = f"Catatan dikirim dua kali {secrets.token_hex(4)}"
    url = f"{live_url}{client}catatan/baru/"
    answers = [page.request.post(url, form={**fields, "body": body, "category": ""}, max_redirects=0) for _ in "12"]
    assert [a.status for a in answers] == [302, 302]
    assert answers[0].headers["location"] == answers[1].headers["location"] == f"{client}log/"

    page.goto(f"{client}log/")
    expect(page.locator("main").get_by_text(body)).to_have_count(1)
    expect(page.locator(".messages li")).to_have_text(
        [
            re.compile("Catatan sudah ditambahkan|note was added", re.I),
            re.compile("sudah dikirim|already been sent", re.I),
        ]
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer to look at


def test_the_same_case_note_form_posted_twice_at_once_adds_one_note(page: Page, live_url: str, demo_password: str):
    """Two identical posts at the same moment (two gunicorn workers): the token's unique row lets one through."""
    client = _note_form(page, live_url, demo_password)
    form = page.locator("main form[method=post]")
    body = f"Catatan dikirim bersamaan {secrets.token_hex(4)}"
    fields = {
        name: form.locator(f'input[name="{name}"]').input_value() for name in ("csrfmiddlewaretoken", "form_token")
    }
    data = urllib.parse.urlencode({**fields, "body": body, "category": ""}).encode()
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    opener = urllib.request.build_opener(_NoRedirect)

    def post(_) -> tuple[int, str | None]:
        request = urllib.request.Request(
            f"{live_url}{client}catatan/baru/",
            data=data,
            headers={"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location")
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location")

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(post, range(2)))
    assert answers == [(302, f"{client}log/")] * 2, answers

    page.goto(f"{client}log/")
    expect(page.locator("main").get_by_text(body)).to_have_count(1)
