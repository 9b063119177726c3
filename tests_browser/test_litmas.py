"""A Litmas from the letter to the PDF: the front desk records the request, the head disposes it, the section head
assigns it, the PK gathers data and writes the report, the case board approves it, the PK signs and the PDF
downloads. Each person in a fresh browser context; the PK on a phone."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Page, expect

from tests_browser.test_login import sign_in

PHONE = {"width": 390, "height": 844}


def person(new_context, demo_password, username: str, **options) -> Page:
    page = new_context(**options).new_page()
    sign_in(page, username, demo_password)
    return page


def test_a_litmas_from_the_letter_to_the_pdf(new_context, demo_password):
    # The PK's client, whose NIK the letter gives.
    pk = person(new_context, demo_password, "pk", viewport=PHONE, is_mobile=True)
    pk.goto("/klien/")
    pk.locator("main table tbody tr a[href^='/klien/']").first.click()
    client_url = pk.url
    nik = pk.locator("dt", has_text="NIK").locator("xpath=following-sibling::dd[1]").inner_text().strip()
    assert re.fullmatch(r"\d{16}", nik), nik

    # The front desk records the letter; the client is found by NIK.
    desk = person(new_context, demo_password, "registrasi")
    desk.goto("/litmas/catat/")
    desk.locator("#id_litmas_type").select_option(label="Pembebasan Bersyarat (PB)")
    desk.locator("#id_requester_kind").select_option("lapas")
    desk.locator("#id_requester_name").fill("Lapas Kelas I Cirebon")
    letter = f"W11.PAS.PAS.2-PK.04.01-{datetime.datetime.now():%H%M%S}"
    desk.locator("#id_letter_number").fill(letter)
    desk.locator("#id_letter_date").fill(datetime.date.today().isoformat())
    desk.locator("#id_person_nik").fill(nik)
    desk.locator("main form button.primary[type=submit]").click()
    expect(desk).to_have_url(re.compile(r"/litmas/\d+/$"))
    request_url = desk.url
    expect(desk.locator("ul.messages li.success")).to_be_visible()

    # The head disposes it to the section.
    head = person(new_context, demo_password, "kabapas")
    head.goto(request_url)
    head.locator("#disposisi button[type=submit]").click()
    expect(head.locator("ul.messages li.success")).to_be_visible()

    # The section head assigns the PK with a task letter.
    kasi = person(new_context, demo_password, "kasi.bkd")
    kasi.goto(request_url)
    kasi.locator("#tugaskan label", has_text="Agus Firmansyah").click()
    kasi.locator("#tugaskan input[name$=task_letter_number]").fill("ST-LITMAS/001")
    kasi.locator("#tugaskan button[type=submit]").click()
    expect(kasi.locator("ul.messages li.success")).to_be_visible()

    # The PK starts gathering data and writes the report: what the register knows is filled in, the rest typed.
    pk.goto(request_url)
    pk.locator("#mulai button[type=submit]").click()
    expect(pk.locator("ul.messages li.success")).to_be_visible()
    # ... fills the risk and needs assessment of the client: every question answered, sources, consent ...
    pk.goto(client_url.rstrip("/") + "/asesmen/")
    pk.locator("#start button[type=submit]").click()
    expect(pk).to_have_url(re.compile(r"/asesmen/\d+/isi/$"))
    for fieldset in pk.locator("main form fieldset").all():
        for group in fieldset.locator(".field").all():
            group.locator("input[type=radio]").first.check()
    pk.locator("input[name=sources]").first.check()
    pk.locator("input[name=consent]").check()
    pk.locator("main form button[name=finalise]").click()
    expect(pk).to_have_url(re.compile(r"/asesmen/\d+/$"))
    # ... and writes the report, where the assessment's result is filled in.
    pk.goto(request_url.rstrip("/") + "/laporan/")
    expect(pk.locator("main form")).to_contain_text("Skor total")
    for area in pk.locator("main form textarea").all():
        if not area.input_value().strip():
            area.fill("Hasil wawancara klien, penjamin dan aparat desa: klien layak dibimbing di luar Lapas.")
    pk.locator("main form button.primary[type=submit]").click()
    expect(pk.locator("ul.messages li.success")).to_be_visible()
    pk.goto(request_url)
    pk.locator("#ajukan-tpp button[type=submit]").click()
    expect(pk.locator("ul.messages li.success")).to_be_visible()

    # The TPP secretary records the board's approval.
    tpp = person(new_context, demo_password, "tpp")
    tpp.goto(request_url)
    tpp.locator("#putusan-tpp select[name$=meeting]").select_option(index=1)
    tpp.locator("#putusan-tpp input[name$=minute_number]").fill("BA-TPP/LITMAS/001")
    tpp.locator("#putusan-tpp input[name$=decision][value=approve]").check()
    tpp.locator("#putusan-tpp button[type=submit]").click()
    expect(tpp.locator("ul.messages li.success")).to_be_visible()

    # The PK signs; the PDF downloads.
    pk.goto(request_url)
    pk.locator("a[href$='/tanda-tangan/']").click()
    pk.locator("main form button.primary[type=submit]").click()
    expect(pk.locator("ul.messages li.success")).to_contain_text("/LIT-BKD/")
    pk.goto(request_url)
    link = pk.locator("a[href^='/litmas/dokumen/']").first
    response = pk.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    # The client's page lists the Litmas.
    pk.goto(client_url)
    expect(pk.locator("main")).to_contain_text("Pembebasan Bersyarat (PB)")
