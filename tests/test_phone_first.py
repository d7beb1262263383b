"""Phone-first behaviours, in a real browser: offline, search, small screens, print (quick exit and
what stays on the phone: tests/test_quick_exit.py)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Browser

from browsing import NARROW, PAGE_KINDS, PHONE, open_page, violations

pytestmark = pytest.mark.browser
def test_network_first_never_serves_a_stale_page(browser: Browser, site_server: str, built_site) -> None:  # noqa: ANN001
    page, _ = open_page(browser, site_server + "urgences/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload(wait_until="networkidle")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    marker = built_site / "urgences" / "index.html"
    original = marker.read_text(encoding="utf-8")
    try:
        marker.write_text(original.replace("</h1>", " (version 2)</h1>", 1), encoding="utf-8")
        page.reload(wait_until="networkidle")
        assert "(version 2)" in page.locator("h1").inner_text()
    finally:
        marker.write_text(original, encoding="utf-8")
    page.context.close()


def test_search_downloads_nothing_until_asked(browser: Browser, site_server: str) -> None:
    page, requests = open_page(browser, site_server + "ar/recherche/", wait="networkidle")
    assert not [r for r in requests if "/pagefind/" in r or "dalil-search.js" in r]
    assert page.locator("form[data-pagefind]").is_visible() and not page.locator("#dalil-search-noscript").is_visible()
    page.fill("#dalil-q", "لجوء")
    page.press("#dalil-q", "Enter")
    page.wait_for_selector("#dalil-results li", timeout=15000)
    assert [r for r in requests if "/pagefind/" in r]
    assert [r for r in requests if r.endswith("/assets/dalil-search.js")]
    assert page.locator("#dalil-search-status").inner_text().strip()
    assert not violations(page)
    page.context.close()


def test_search_on_an_engine_without_modules_keeps_the_list_of_themes(browser: Browser, site_server: str) -> None:
    # Such an engine cannot run dalil-search.js (import()): the page stays as without JavaScript.
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script("delete HTMLScriptElement.prototype.noModule;")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_server + "recherche/?q=asile", wait_until="networkidle")
    assert page.evaluate("!('noModule' in document.createElement('script'))")
    assert page.locator("#dalil-search-noscript a[href$='asile/']").is_visible()
    assert not page.locator("form[data-pagefind]").is_visible()
    assert not [r for r in requests if "dalil-search.js" in r or "/pagefind/" in r]
    context.close()


def test_search_script_that_cannot_run_says_so_and_lists_the_themes(browser: Browser, site_server: str) -> None:
    # What an engine with modules but without import() sees: a file that does not parse.
    context = browser.new_context(viewport=PHONE, service_workers="block", is_mobile=True, has_touch=True)
    context.route("**/assets/dalil-search.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body="import('x') ) ;"))
    page = context.new_page()
    page.goto(site_server + "en/recherche/?q=refugee", wait_until="networkidle")
    status = page.locator("#dalil-search-status")
    assert status.inner_text().strip() == page.locator("form[data-pagefind]").get_attribute("data-error")
    assert page.locator("#dalil-search-noscript a[href$='asile/']").is_visible()
    assert page.locator("#dalil-results li").count() == 0
    context.close()


def test_arabic_search_stems_and_stays_in_arabic(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "ar/recherche/?q=" + quote("لجوء"))
    page.wait_for_selector("#dalil-results li", timeout=15000)
    links = page.locator("#dalil-results a").evaluate_all("els => els.map(e => [e.getAttribute('href'), e.textContent])")
    assert links and all("/ar/" in href for href, _title in links), links
    assert any("اللجوء" in title for _href, title in links), links
    page.context.close()


@pytest.mark.parametrize(("lang", "query", "expected"), [("fr", "réfugié", "/asile/"), ("en", "refugee", "/en/asile/")])
def test_search_results_are_in_the_page_language(browser: Browser, site_server: str, lang: str, query: str, expected: str) -> None:
    prefix = "" if lang == "fr" else f"{lang}/"
    page, _ = open_page(browser, site_server + prefix + "recherche/?q=" + quote(query))
    page.wait_for_selector("#dalil-results li", timeout=15000)
    hrefs = page.locator("#dalil-results a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(expected in h for h in hrefs)
    assert all(("/ar/" not in h and "/en/" not in h) if lang == "fr" else f"/{lang}/" in h for h in hrefs), hrefs
    page.context.close()


def test_search_page_without_javascript_links_the_themes(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "recherche/", javascript=False)
    assert page.locator("#dalil-search-noscript").is_visible()
    assert page.locator("#dalil-search-noscript a[href$='asile/']").count() == 1
    assert not page.locator("form[data-pagefind]").is_visible()
    page.context.close()


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_nothing_overflows_at_320_px(page_visits, lang: str) -> None:  # noqa: ANN001
    """Every page kind narrowed to 320 px during its one visit (`page_visits`)."""
    visits = page_visits(lang)
    for kind in PAGE_KINDS:
        assert visits[kind].overflow[NARROW] <= 0, f"{kind} ({lang}) is {visits[kind].overflow[NARROW]} px too wide at 320 px"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_tap_targets_are_large_enough(browser: Browser, site_server: str, lang: str) -> None:
    """The emergency bar's links are at least 44 x 44 px (dalil.css); the header's icon buttons
    (Material's, and the search link drawn like them) are 40 x 40 px today: this test keeps them from
    shrinking, it does not claim 44."""
    prefix = "" if lang == "fr" else f"{lang}/"
    page, _ = open_page(browser, site_server + prefix + "annuaire/hcr-maroc/", width=320)
    minimum = {".dalil-bar a": 44, ".md-header__button": 40, ".dalil-search-link": 40}
    for selector, size in minimum.items():
        boxes = page.locator(selector).evaluate_all("els => els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect()).map(r => [r.width, r.height])")
        assert boxes, f"{selector}: nothing visible to measure"
        for box in boxes:
            assert box[0] >= size and box[1] >= size, f"{selector}: {box}, less than {size} px"
    page.context.close()


def test_language_menu_works_without_material_script(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "asile/faire-appel/")
    page.locator(".md-select > button").click()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url("**/en/asile/faire-appel/")
    page.context.close()


def test_menu_left_open_is_closed_when_coming_back(browser: Browser, site_server: str) -> None:
    """Without JavaScript, the menu is a checkbox: the browser must not restore it checked when
    someone comes back to the page (html_post.valid_toggles, in place of Material's invalid
    autocomplete="off" on the checkbox)."""
    page, _ = open_page(browser, site_server + "asile/", javascript=False)
    page.locator('.md-header label[for="__drawer"]').click()
    assert page.locator("#__drawer").is_checked()
    page.locator('.md-nav--primary a.md-nav__link[href="../sejour/"]').click()
    page.wait_for_url("**/sejour/")
    page.go_back()
    page.wait_for_url("**/asile/")
    assert not page.locator("#__drawer").is_checked()
    page.context.close()


def test_print_hides_navigation_and_shows_link_addresses(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "asile/s-enregistrer-aupres-du-hcr/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".dalil-bar").is_visible()
    after = page.locator("#sources ~ ul a[href^='http']").first.evaluate("e => getComputedStyle(e, '::after').content")
    assert "https://" in after
    page.context.close()
