"""Signing in through a real browser, as the demo accounts, against a real server.

Assertions use stable things (URLs, hrefs, names from the demo data, the lang attribute), not
translated headings, so the tests survive catalogue changes.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, Response, expect

PHONE = {"width": 390, "height": 844}


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/$"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()


def nav_link(page: Page, href: str):
    return page.locator(f'nav.mainnav a[href="{href}"]')


def test_pk_signs_in_and_sees_officer_home(page: Page, live_url: str, demo_password: str, results_dir: Path):
    broken_assets: list[str] = []

    def check_asset(response: Response) -> None:
        if "/static/" in response.url and not response.ok:
            broken_assets.append(f"{response.status} {response.url}")

    page.on("response", check_asset)

    page.goto("/")
    expect(page).to_have_url(f"{live_url}/masuk/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#id_username")).to_be_focused()

    sign_in(page, "pk", demo_password)

    expect(page).to_have_url(f"{live_url}/")
    expect(page.locator("main h1")).to_contain_text("Agus Firmansyah")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(nav_link(page, "/kantor/")).to_have_count(1)
    expect(nav_link(page, "/staf/")).to_have_count(0)  # a PK may not browse the staff directory
    expect(page.locator("main form")).to_have_count(0)  # no login form left on the page
    assert broken_assets == [], "static files (collectstatic + whitenoise) must load"

    # For humans: how a PK's home looks on a phone. Not asserted.
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(results_dir / "pk-home-phone.png"), full_page=True)


def test_office_admin_sees_staff_directory(page: Page, live_url: str, demo_password: str):
    sign_in(page, "admin.cirebon", demo_password)
    expect(page).to_have_url(f"{live_url}/")
    expect(page.locator("main h1")).to_contain_text("Rina Administrasi")

    staff = nav_link(page, "/staf/")
    expect(staff).to_have_count(1)
    page.goto("/staf/")
    expect(page).to_have_url(f"{live_url}/staf/")
    expect(page.locator("main table")).to_contain_text("Agus Firmansyah")


def test_wrong_password_shows_error_and_stays_on_login(page: Page, live_url: str, demo_password: str):
    sign_in(page, "pk", demo_password + "-wrong")

    expect(page).to_have_url(re.compile(rf"^{re.escape(live_url)}/masuk/"))
    expect(page.locator("main .errorbox[role=alert]")).to_be_visible()
    expect(page.locator("#id_password")).to_have_value("")  # the password is never echoed back
    expect(page.locator("nav.mainnav")).to_have_count(0)  # not signed in
