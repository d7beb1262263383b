"""What only a real browser shows: no request leaves the machine, nothing overflows on a phone.

Debian's chromium, driven by Playwright (never `playwright install`), at 360×740 like a
cheap Android phone; the site is served on 127.0.0.1 by the session's server.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser

from browsing import PAGE_KINDS, PHONE, open_page, overflow, violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_every_page_kind_is_private_and_policy_clean(page_visits, lang: str) -> None:  # noqa: ANN001
    """Zero third-party requests and zero CSP violations, on every kind of page, in every language
    (one visit per page: `page_visits`, with the network settled)."""
    visits = page_visits(lang)
    for kind in PAGE_KINDS:
        seen = visits[kind]
        assert not seen.outside, f"{kind} ({lang}): {seen.outside}"
        assert not seen.csp, f"{kind} ({lang}): {seen.csp}"
        assert seen.overflow[PHONE["width"]] <= 0, f"{kind} ({lang}): {seen.overflow[PHONE['width']]} px too wide"


@pytest.mark.parametrize("path", ["", "ar/", "en/"])
def test_home_is_private_and_fits_a_phone(page_visits, path: str) -> None:  # noqa: ANN001
    home = page_visits(path.strip("/") or "fr")["home"]
    assert home.url.endswith("/" + path)
    assert not home.outside, home.outside
    assert home.overflow[PHONE["width"]] <= 0, f"{path}: page is {home.overflow[PHONE['width']]} px wider than the screen"
    assert home.html_lang == (path.strip("/") or "fr")


def test_arabic_page_is_right_to_left_and_phone_numbers_are_not(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "ar/urgences/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    phone = page.locator("a.dalil-tel").first
    assert phone.evaluate("el => getComputedStyle(el).direction") == "ltr"
    page.context.close()


def test_language_switcher_reaches_the_same_page_without_redirect(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "asile/s-enregistrer-aupres-du-hcr/")
    href = page.locator('a.md-select__link[hreflang="ar"]').get_attribute("href")
    responses: list[int] = []
    page.on("response", lambda response: responses.append(response.status))
    page.goto(urljoin(page.url, href))  # as the browser resolves it: one "../" too many would not be clamped away
    assert page.url.endswith("/ar/asile/s-enregistrer-aupres-du-hcr/")
    assert 301 not in responses and 302 not in responses
    page.context.close()


def test_emergency_numbers_work_without_javascript(browser: Browser, site_server: str) -> None:
    page, requests = open_page(browser, site_server + "ar/asile/", javascript=False)
    bar = page.locator("nav.dalil-bar a[href='tel:19']")
    assert bar.count() == 1 and bar.is_visible()
    box = bar.bounding_box()
    assert box and box["height"] >= 44
    assert overflow(page) <= 0
    page.context.close()


def test_policy_blocks_an_unexpected_inline_script(browser: Browser, site_server: str) -> None:
    """The violation check above can fail: a script the build did not hash is blocked and reported."""
    page, _ = open_page(browser, site_server + "asile/")
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }")
    page.wait_for_timeout(100)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations(page))
    page.context.close()
