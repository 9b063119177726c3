"""A client reports through the personal link on their own phone, and the PK finds the report to review.

The client's side runs in a fresh browser context (no staff cookies, a phone viewport), as the client
meets it: the first visit of a public page, then a form post. Staff-side tests cannot see what only
this meets, e.g. a referrer policy that makes Chromium send `Origin: null` and fail the CSRF check.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

from playwright.sync_api import Page, expect

from tests_browser.test_login import PHONE, sign_in

DUE_SOON = ", ".join(f"h3#reporting-{when} + div.table-wrap tbody tr td:first-child a" for when in ("today", "week"))
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def _report_due_today(page: Page, client_href: str) -> None:
    """As a section head, make the client report weekly from today (an intensified schedule), so a report is
    due within the link's window whatever day of the demo's random schedule this test runs on. A client
    whose usual schedule is already weekly keeps it (the form refuses), and may still be due."""
    page.goto(f"{client_href}lapor/perketat/")
    if page.locator("#id_reason").count() == 0:
        return
    page.locator("#id_interval_days").select_option("7")
    page.locator("#id_starts_on").fill(datetime.datetime.now(JAKARTA).date().isoformat())
    page.locator("#id_reason").fill("Uji: laporan mingguan sementara.")
    page.locator("main form button[type=submit]").click()


def _allow_remote_reporting(page: Page, client_href: str) -> str | None:
    """As a section head, allow the client remote reporting from today; the personal link, or None."""
    page.goto(f"{client_href}lapor-daring/izin/")
    if page.locator("#id_reason").count() == 0:
        return None
    page.locator("#id_reason").fill("Dirawat inap di rumah sakit; surat dokter terlampir.")
    page.locator("main form button[type=submit]").click()
    link = page.locator("main input[readonly]")
    return link.input_value() if link.count() else None


def test_client_reports_through_the_personal_link_on_a_phone(new_context, live_url: str, demo_password: str):
    pk = new_context().new_page()
    sign_in(pk, "pk", demo_password)
    expect(pk).to_have_url(f"{live_url}/")
    hrefs = [a.get_attribute("href") for a in pk.locator(DUE_SOON).all()]
    assert hrefs, "the demo has clients of this PK due to report within the week"

    head = new_context().new_page()
    sign_in(head, "kasi.bkd", demo_password)
    expect(head).to_have_url(f"{live_url}/")

    # The client's own phone: a fresh context, nobody signed in.
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    client_href = None
    for href in hrefs:  # a client due within the link's window (today, or up to two days ahead)
        _report_due_today(head, href)
        link = _allow_remote_reporting(head, href)
        if link is None:
            continue  # e.g. the client already has a permission
        assert link.startswith(f"{live_url}/lapor/"), link
        phone.goto(link)
        if phone.locator("main form button[type=submit]").count():
            client_href = href
            break
    assert client_href, "no client of the PK was due within the link's window"
    assert not [c for c in phone.context.cookies() if c["name"] == "sessionid"]

    phone.locator("#id_condition").fill("Sehat")
    phone.locator("#id_activity").fill("Bekerja di bengkel")
    phone.locator("#id_obstacles").fill("Tidak ada")
    with phone.expect_navigation() as sent:
        phone.locator("main form button[type=submit]").click()
    assert sent.value is not None and sent.value.status == 200, sent.value and sent.value.status  # was 403
    expect(phone).to_have_url(re.compile(rf"^{re.escape(live_url)}/lapor/[^/]+/$"))
    expect(phone.locator("main .messages .ok[role=status]")).to_be_visible()
    expect(phone.locator("main form button[type=submit]")).to_have_count(0)

    pk.goto("/")
    review = pk.locator(f'#remote-review tbody tr:has(a[href="{client_href}"]) a.button')
    expect(review).to_have_count(1)
    review.click()
    expect(pk).to_have_url(re.compile(r"/lapor-daring/\d+/tinjau/$"))
    expect(pk.locator("main")).to_contain_text("Bekerja di bengkel")
