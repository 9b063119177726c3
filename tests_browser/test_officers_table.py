"""The head's and section head's home: decisions at once, the per-officer table when its box is opened."""

from __future__ import annotations

from playwright.sync_api import expect

from tests_browser.test_login import sign_in

PHONE = {"width": 390, "height": 844}


def test_the_section_head_opens_the_officer_table_on_a_phone(new_context, demo_password):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    sign_in(page, "kasi.bkd", demo_password)
    box = page.locator("#officers details")
    expect(box).to_be_visible()
    expect(page.locator("#officers-table")).to_have_count(0)  # not computed with the home page
    box.locator("summary").click()
    table = page.locator("#officers-table table")
    expect(table).to_be_visible()
    expect(table.locator('a[href^="/antrean/"]').first).to_be_visible()  # each officer links to their queue


def test_the_client_page_loads_its_newest_log_entries_after_the_page(new_context, demo_password):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    sign_in(page, "pk", demo_password)
    page.goto("/klien/")
    page.locator("main table a[href^='/klien/']").first.click()
    entries = page.locator("#log #log-entries")
    expect(entries).to_be_visible()
    expect(entries.locator("a[href$='/log/']")).to_be_visible()  # the way to the full log
