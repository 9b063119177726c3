"""The section head asks for PK proposals for the clients without one, accepts two, and the clients have their PK."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests_browser.test_login import sign_in


def test_the_section_head_accepts_two_proposed_pks(new_context, demo_password):
    page = new_context().new_page()
    sign_in(page, "kasi.bkd", demo_password)
    page.goto("/beban-kerja/")
    page.locator("#propose").click()
    expect(page).to_have_url(re.compile(r"/beban-kerja/usulan/$"))
    rows = page.locator("#proposals tbody tr")
    expect(rows.first).to_be_visible()
    count = rows.count()
    assert count >= 2, "the demo leaves three adult clients without a PK"
    chosen = []
    for n in range(count):
        row = rows.nth(n)
        box = row.locator("input[type=checkbox][name=pair]")
        expect(box).to_be_checked()  # every proposal is ticked to begin with
        if n < 2:
            chosen.append((row.get_attribute("data-client"), row.locator("td").nth(2).inner_text().strip()))
        else:
            box.uncheck()
    page.locator("#proposals button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/beban-kerja/$"))
    expect(page.locator("ul.messages li.success")).to_contain_text("2")
    for client_id, officer in chosen:
        page.goto(f"/klien/{client_id}/")
        pk = page.locator("main .stat").filter(has=page.locator("span", has_text=re.compile(r"^PK")))
        expect(pk.locator("b")).to_have_text(officer)
    # The client not ticked is still waiting for a PK: the proposal offers them again.
    page.goto("/beban-kerja/usulan/")
    expect(page.locator("#proposals tbody tr")).to_have_count(count - 2)
