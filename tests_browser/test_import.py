"""Registration staff upload a handover batch: the worker imports it and the job's page follows it by itself."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests_browser.test_login import sign_in

EXAMPLE = Path(__file__).resolve().parent.parent / "static" / "examples" / "penghadapan-contoh.csv"


def test_an_uploaded_batch_is_imported_in_the_background_and_its_page_updates(
    page: Page, live_url: str, demo_password: str
):
    sign_in(page, "registrasi", demo_password)
    page.goto(f"{live_url}/klien/impor/")
    page.locator('input[type="file"][name="file"]').set_input_files(str(EXAMPLE))
    page.locator('main form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"{re.escape(live_url)}/klien/impor/\d+/$"))
    # No reload: htmx polls the job until the worker has finished it.
    expect(page.locator("#import-done")).to_be_visible(timeout=60_000)
    expect(page.locator("#import-job")).not_to_have_attribute("hx-trigger", re.compile("."))
    page.locator("#import-done a").click()
    expect(page).to_have_url(re.compile(r"/klien/\?sort=-registered$"))
