"""The interface is Indonesian whatever the browser's language; the switch stores the user's choice."""

from __future__ import annotations

from playwright.sync_api import expect

from tests_browser.test_login import sign_in

PHONE = {"width": 390, "height": 844}


def test_an_english_browser_gets_indonesian_and_the_switch_follows_the_account(new_context, demo_password):
    laptop = new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"}).new_page()
    laptop.goto("/masuk/")
    expect(laptop.locator("html")).to_have_attribute("lang", "id")
    sign_in(laptop, "tpp", demo_password)
    expect(laptop.locator("html")).to_have_attribute("lang", "id")

    laptop.locator("header select[name=language]").select_option("en")  # submits itself
    expect(laptop.locator("html")).to_have_attribute("lang", "en")

    # The same officer on a phone whose browser says Indonesian: the saved choice follows the account.
    phone = new_context(locale="id-ID", viewport=PHONE, has_touch=True).new_page()
    sign_in(phone, "tpp", demo_password)
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    phone.locator("header select[name=language]").select_option("id")
    expect(phone.locator("html")).to_have_attribute("lang", "id")
