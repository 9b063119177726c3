"""Allocation in the browser: the section head accepts two proposed PKs, the head refers a proposed partner, and
the section head rebalances the load with at most N moves."""

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


def test_the_head_refers_one_proposed_partner(new_context, demo_password):
    page = new_context().new_page()
    sign_in(page, "kabapas", demo_password)
    page.goto("/beban-kerja/")
    page.locator("#propose-partners").click()
    expect(page).to_have_url(re.compile(r"/beban-kerja/usulan-mitra/$"))
    rows = page.locator("#proposals tbody tr")
    expect(rows.first).to_be_visible()
    count = rows.count()
    chosen = rows.first.get_attribute("data-need")
    for n in range(1, count):
        rows.nth(n).locator("input[type=checkbox][name=pair]").uncheck()
    page.locator("#proposals button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/beban-kerja/usulan-mitra/$"))
    expect(page.locator("ul.messages li.success")).to_contain_text("1")
    # The need now has its referral: it is proposed no more, the others still are.
    expect(page.locator(f'#proposals tbody tr[data-need="{chosen}"]')).to_have_count(0)
    expect(page.locator("#proposals tbody tr")).to_have_count(count - 1)


def test_the_section_head_rebalances_with_at_most_n_moves(new_context, demo_password):
    page = new_context().new_page()
    sign_in(page, "kasi.bkd", demo_password)
    page.goto("/beban-kerja/")
    page.locator("#rebalance").click()
    expect(page).to_have_url(re.compile(r"/beban-kerja/seimbangkan/$"))
    page.locator("#id_n").fill("0")
    page.locator("#rebalance-form button[type=submit]").click()
    expect(page.locator("#rebalance-form .field.has-error")).to_be_visible()  # 1 to 50 only
    expect(page.locator("#moves")).to_have_count(0)
    page.locator("#id_n").fill("3")
    page.locator("#rebalance-form button[type=submit]").click()
    rows = page.locator("#moves tbody tr")
    expect(rows.first).to_be_visible()
    count = rows.count()
    assert 1 <= count <= 3, "the demo has PKs over capacity: some moves, never more than asked for"
    expect(page.locator("#spread-before")).to_be_visible()
    first = rows.first
    client_id = first.get_attribute("data-client")
    officer = first.locator("td").nth(4).inner_text().strip()
    for n in range(1, count):
        rows.nth(n).locator("input[type=checkbox][name=move]").uncheck()
    page.locator("#moves button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/beban-kerja/$"))
    expect(page.locator("ul.messages li.success")).to_contain_text("1")
    page.goto(f"/klien/{client_id}/")
    pk = page.locator("main .stat").filter(has=page.locator("span", has_text=re.compile(r"^PK")))
    expect(pk.locator("b")).to_have_text(officer)
