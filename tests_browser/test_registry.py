"""Registration staff register a client through the real form and find them by search."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests_browser.test_login import sign_in


def test_registration_registers_a_client_and_finds_them(page: Page, live_url: str, demo_password: str):
    sign_in(page, "registrasi", demo_password)
    expect(page).to_have_url(f"{live_url}/")
    page.locator('nav.mainnav a[href="/klien/"]').click()
    page.locator('main a[href="/klien/baru/"]').click()
    expect(page).to_have_url(f"{live_url}/klien/baru/")

    fields = {
        "person-nik": "3209015507900003",  # a woman born 15-07-1990 in district 32.09.01
        "person-name": "Wulan Playwright",
        "person-parent_name": "Darsono",
        "person-birth_place": "Cirebon",
        "person-birth_date": "1990-07-15",
        "person-address": "Blok Manis RT 02 RW 03",
        "guarantor-name": "Darsono",
        "case-decision_number": "77/Pid.B/2024/PN Sbr",
        "case-decision_date": "2024-04-02",
        "case-sentence_years": "2",
        "case-detention_start": "2023-12-01",
        "case-expiry_date": "2025-12-01",
        "case-article": "378",
        "case-law": "KUHP",
        "episode-decree_number": "PAS-7001.PK.05.09 Tahun 2025",
        "episode-decree_date": "2025-05-02",
        "episode-starts_on": "2025-05-10",
    }
    for name, value in fields.items():
        page.locator(f'[name="{name}"]').fill(value)
    selects = {
        "person-sex": "P",
        "person-religion": "islam",
        "person-marital_status": "kawin",
        "person-education": "sma",
        "person-employment": "bekerja",
        "guarantor-relationship": "ayah",
        "case-criminal_code": "lama",
        "case-category": "penipuan",
        "episode-program": "PB",
    }
    for name, value in selects.items():
        page.locator(f'select[name="{name}"]').select_option(value)
    # Choosing the regency loads its villages (htmx); pick the first real one.
    page.locator('select[name="person-domicile_regency"]').select_option("32.09")
    villages = page.locator('select[name="person-domicile_village"] option')
    expect(villages.nth(1)).to_be_attached()
    page.locator('select[name="person-domicile_village"]').select_option(index=1)

    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/klien/\d+/$"))
    expect(page.locator("main h1")).to_contain_text("Wulan Playwright binti Darsono")
    expect(page.locator("main")).to_contain_text("01-12-2026")  # PB: expiry + 1 year, computed

    page.goto("/klien/")
    page.locator('input[name="q"]').fill("wulan play")
    page.locator('input[name="q"]').press("Enter")
    expect(page.locator("#results table")).to_contain_text("Wulan Playwright")
    expect(page.locator("#results tbody tr")).to_have_count(1)
