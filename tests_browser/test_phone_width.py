"""Every page a role reaches fits a 390 px phone: the document is never wider than the viewport.

For each demo account: sign in on a phone-sized context, then visit the navigation's pages, the
home page's links and one level below them (same origin, GET pages only: no sign-out, no file
downloads, no Django admin). Pages of one shape (/klien/12/ and /klien/13/) count once, and each
role visits at most MAX_PAGES, so the whole check stays well under a minute and a half.
A page wider than the screen is one where an officer scrolls sideways to find the action.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
MAX_PAGES = 20
ROLES = [
    "kabapas",
    "kasi.bkd",
    "pk",
    "apk",
    "registrasi",
    "tpp",
    "auditor",
    "admin.cirebon",
    "kanwil.jabar",
    "mitra.lbh",
]
# Not pages: sign-out, the language switch, Django admin, files (PDF, XLSX, CSV, photos, documents).
SKIP = re.compile(
    r"(^/admin/|^/i18n/|/keluar|logout|/static/|/media/|\.(pdf|xlsx|csv|png|jpe?g|svg)$"
    r"|/(pdf|xlsx|unduh|download|berkas|ekspor|export|foto|photo|dokumen/\d+/file)(/|$))",
    re.IGNORECASE,
)

LINKS_JS = """
() => Array.from(document.querySelectorAll('nav.mainnav a[href], main a[href], header a[href]'))
  .filter(a => !a.hasAttribute('download') && !a.target)
  .map(a => a.href)
"""
WIDTH_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# Buttons (and links styled as buttons) in the page: shown, but off the right edge or under 44 px high.
BUTTONS_JS = """
() => Array.from(document.querySelectorAll('main button, main .button, main input[type=submit]'))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.width > 0 && r.height > 0)
  .filter(([el, r]) => r.right > window.innerWidth + 0.5 || r.height < 43.5)
  .map(([el, r]) => `${(el.textContent || el.value || '').trim().slice(0, 30)}`
    + ` (right ${Math.round(r.right)}, height ${Math.round(r.height)})`)
"""


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))


def shape(path: str) -> str:
    """/klien/12/laporan/3/ and /klien/13/laporan/9/ are one page shape."""
    return re.sub(r"/\d+(?=/|$)", "/N", path) or "/"


def same_origin_paths(page: Page, origin: str) -> list[str]:
    paths = []
    for href in page.evaluate(LINKS_JS):
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


@pytest.mark.parametrize("username", ROLES)
def test_every_page_fits_a_phone(username, new_context, live_url, demo_password, results_dir: Path):
    # Not is_mobile=True: mobile emulation zooms a too-wide page out until it fits, so innerWidth grows
    # with the page and the check could never fail.
    context = new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    sign_in(page, username, demo_password)
    page.screenshot(path=str(results_dir / f"phone-home-{username}.png"), full_page=True)

    # Breadth first from home: home and nav (level 0), their links (level 1), then one level below.
    queue: list[tuple[str, int]] = [("/", 0)]
    seen_shapes: set[str] = set()
    visited: list[str] = []
    too_wide: list[str] = []
    bad_buttons: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        path, level = queue.pop(0)
        key = shape(urlsplit(path).path)
        if key in seen_shapes:
            continue
        seen_shapes.add(key)
        response = page.goto(path)
        if response is None or response.status != 200 or urlsplit(page.url).path.startswith("/masuk/"):
            continue  # a link a role sees should open, but that is another test's concern
        visited.append(path)
        scroll_width, inner_width = page.evaluate(WIDTH_JS)
        if scroll_width > inner_width:
            too_wide.append(f"{path} ({scroll_width} px)")
        for button in page.evaluate(BUTTONS_JS):
            bad_buttons.append(f"{path}: {button}")
        if level < 2:
            queue.extend((link, level + 1) for link in same_origin_paths(page, live_url))

    assert len(visited) >= 2, f"{username} reached only {visited}"
    assert not too_wide, (
        f"pages wider than a {PHONE['width']} px phone for {username} "
        f"(visited {len(visited)}: {', '.join(visited)}):\n" + "\n".join(too_wide)
    )
    assert not bad_buttons, (
        f"buttons off the right edge of a {PHONE['width']} px phone or lower than 44 px for {username}:\n"
        + "\n".join(bad_buttons)
    )
