"""The demo shows the partnership at work: the head (`kabapas`) finds referrals in the partner scorecards of
the last twelve months, and the evaluation pack's PDF and XLSX links answer.

Uses the demo: "LBH Demo Cirebon" is the partner of `mitra.lbh`, which the demo gives a referral in every
state (referrals/demo.py). Assertions use URLs, ids and demo names, not translated text.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from playwright.sync_api import Page, expect

from tests_browser.test_login import sign_in

PARTNER = "LBH Demo Cirebon"


def test_head_finds_referrals_in_the_scorecards_and_the_pack(
    page: Page, live_url: str, demo_password: str, results_dir: Path
):
    sign_in(page, "kabapas", demo_password)
    expect(page).to_have_url(f"{live_url}/")
    today = datetime.date.fromisoformat(
        page.evaluate("() => new Date().toLocaleDateString('en-CA', {timeZone: 'Asia/Jakarta'})")
    )
    start = today - datetime.timedelta(days=364)  # a year back, whatever the day of the year
    page.goto(f"/partners/scorecards/?start={start.isoformat()}&end={today.isoformat()}")
    row = page.locator("#scorecards tbody tr", has_text=PARTNER)
    expect(row).to_have_count(1)
    cells = row.locator("td")
    received, accepted, declined = (int(cells.nth(i).inner_text()) for i in (1, 2, 3))
    assert received > 0 and accepted > 0 and declined > 0, (received, accepted, declined)
    assert int(cells.nth(5).inner_text()) > 0  # sessions held
    totals = page.locator("#summary tfoot td.num")  # clients, then partners / referred / no partner per field
    referred = sum(int(totals.nth(i).inner_text()) for i in range(2, totals.count(), 3))
    assert referred > 0, "no client is referred in the partnership summary"
    page.screenshot(path=str(results_dir / "head-scorecards.png"), full_page=True)  # for humans

    for suffix, content_type, magic in (
        (".pdf", "application/pdf", b"%PDF"),
        (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ):
        link = page.locator(f"main .pagehead a[href*='pack{suffix}']")
        expect(link).to_have_count(1)
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200, (suffix, response.status)
        assert response.headers["content-type"].startswith(content_type)
        assert response.body().startswith(magic)
