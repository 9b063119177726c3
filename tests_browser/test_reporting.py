"""A PK records a check-in (wajib lapor) from the home page's queue and sees the queue change."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests_browser.test_login import sign_in

WEEK_ROWS = "h3#reporting-week + div.table-wrap tbody tr"


def test_pk_records_a_check_in_from_the_queue(page: Page, live_url: str, demo_password: str):
    sign_in(page, "pk", demo_password)
    expect(page).to_have_url(f"{live_url}/")
    rows = page.locator(WEEK_ROWS)
    expect(rows.first).to_be_visible()  # the demo has clients due within the week
    before = rows.count()
    first = rows.first
    client_href = first.locator("td a").first.get_attribute("href")

    # One click from home to the form (at most 2 allowed), which opens on the row's date.
    clicks = 0
    first.locator("a.button").click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/klien/\d+/lapor/\?due_on=(\d{4}-\d{2}-\d{2})$"))
    assert clicks <= 2
    due_on = re.search(r"due_on=([\d-]+)", page.url).group(1)
    expect(page.locator('select[name="due_on"]')).to_have_value(due_on)
    # The office's main site is pre-selected; the video-call answers show only for "hadir daring".
    expect(page.locator('select[name="location"]')).not_to_have_value("")
    expect(page.locator('textarea[name="condition"]')).to_be_hidden()
    page.locator('select[name="outcome"]').select_option("hadir_daring")
    expect(page.locator('textarea[name="condition"]')).to_be_visible()
    expect(page.locator('select[name="location"]')).to_be_hidden()
    page.locator('select[name="outcome"]').select_option("hadir")
    # The first save succeeds with what the page filled in.
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(f"{live_url}/")
    expect(page.locator(".messages li")).to_have_count(1)
    expect(page.locator(WEEK_ROWS)).to_have_count(before - 1)
    expect(page.locator(f'{WEEK_ROWS} a[href="{client_href}"]')).to_have_count(0)


def test_an_invalid_check_in_focuses_the_error_summary(page: Page, live_url: str, demo_password: str):
    sign_in(page, "pk", demo_password)
    page.locator(WEEK_ROWS).first.locator("a.button").click()
    page.locator('select[name="location"]').select_option("")
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.locator('a[href="#id_location"]').click()
    expect(page.locator("#id_location")).to_be_in_viewport()
