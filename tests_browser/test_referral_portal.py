"""A PK refers a client to a partner; the partner's user accepts and records a session in the portal;
the PK sees the session in the client's log.

Uses the demo: `pk` (Agus Firmansyah) guides adult clients of Bapas Kelas I Cirebon; `mitra.lbh` is
the user of "LBH Demo Cirebon", a legal-aid partner with an agreement in force covering legal aid in
the office's working area. Assertions use URLs, form names and demo names, not translated text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests_browser.test_login import sign_in

PARTNER = "LBH Demo Cirebon"
SUMMARY = "Konsultasi awal tentang hak waris (uji Playwright)"


def test_pk_refers_partner_accepts_and_records_a_session(
    page: Page, new_context, live_url: str, demo_password: str, results_dir: Path
):
    # 1. The PK opens a client under guidance (from the reporting queue) and refers them. The partner
    # serves part of the office's area, so a client outside it is refused: the next one is tried.
    sign_in(page, "pk", demo_password)
    expect(page).to_have_url(f"{live_url}/")
    links = page.locator("#reporting td:first-child a[href^='/klien/']")
    expect(links.first).to_be_visible()
    hrefs = list(dict.fromkeys(links.nth(i).get_attribute("href") for i in range(min(links.count(), 12))))
    referral_id = client_id = None
    for href in hrefs:
        client_id = re.search(r"/klien/(\d+)/", href).group(1)
        page.goto(href)
        refer = page.locator(f'#referrals a[href="/klien/{client_id}/rujukan/baru/"]')
        if refer.count() == 0:
            continue
        refer.click()
        page.locator('select[name="partner"]').select_option(label=PARTNER)
        page.locator('select[name="field"]').select_option("hukum")
        page.locator('textarea[name="needs"]').fill("Sengketa waris keluarga; butuh pendampingan hukum.")
        page.locator('textarea[name="outcomes"]').fill("Memahami hak warisnya\nSengketa selesai secara damai")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        if found := re.search(r"/rujukan/(\d+)/$", page.url):
            referral_id = found.group(1)
            break
    if referral_id is None:
        pytest.fail(
            f"No client of pk could be referred to {PARTNER}: check the demo partner's fields, area and agreement"
        )

    # 2. The partner's user sees the client on their home page, accepts, and records a session.
    partner_context = new_context()  # watched for console errors like `page`
    try:
        portal = partner_context.new_page()
        sign_in(portal, "mitra.lbh", demo_password)
        expect(portal).to_have_url(f"{live_url}/")
        portal.locator(f'#portal-home a[href="/mitra/rujukan/{referral_id}/"]').click()
        expect(portal.locator("main")).not_to_contain_text(re.compile(r"\b\d{16}\b"))  # never a NIK
        portal.locator(f'main a[href="/mitra/rujukan/{referral_id}/terima/"]').click()
        portal.locator("main form button[type=submit]").click()
        expect(portal).to_have_url(f"{live_url}/mitra/rujukan/{referral_id}/")
        portal.locator(f'main a[href="/mitra/rujukan/{referral_id}/sesi/"]').click()
        form = portal.locator("form#record-session")
        form.locator('select[name="rec-attendance"]').select_option("attended")
        today = portal.evaluate("() => new Date().toLocaleDateString('en-CA', {timeZone: 'Asia/Jakarta'})")
        form.locator('input[name="rec-held_on"]').fill(today)
        form.locator('textarea[name="rec-summary"]').fill(SUMMARY)
        form.locator('textarea[name="rec-behaviour"]').fill("Kooperatif dan tepat waktu")
        form.locator("button[type=submit]").click()
        expect(portal).to_have_url(f"{live_url}/mitra/rujukan/{referral_id}/")
        expect(portal.locator("#sessions")).to_contain_text(SUMMARY)
        portal.screenshot(path=str(results_dir / "partner-portal-referral.png"), full_page=True)  # for humans
    finally:
        partner_context.close()

    # 3. The PK sees the session in the client's log, and the referral in progress on its page.
    page.goto(f"/klien/{client_id}/log/")
    expect(page.locator("main")).to_contain_text(SUMMARY)
    expect(page.locator(f'main a[href="/rujukan/{referral_id}/"]').first).to_be_visible()
    page.goto(f"/rujukan/{referral_id}/")
    expect(page.locator("#sessions")).to_contain_text(SUMMARY)
    page.screenshot(path=str(results_dir / "pk-referral.png"), full_page=True)  # for humans, not asserted
