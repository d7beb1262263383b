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


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_audience_doors_share_the_first_screen_with_the_emergency_box(browser: Browser, site_server: str, lang: str) -> None:
    """At 360 x 740, the home page shows "In danger?" and the three audience doors whole, above the
    emergency bar that covers the bottom of the window; each door leads to its audience page."""
    prefix = "" if lang == "fr" else f"{lang}/"
    page, _ = open_page(browser, site_server + prefix)
    boxes = page.evaluate("""() => {
      const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
      return {header: box(document.querySelector('.md-header')), bar: box(document.querySelector('.dalil-bar')),
              danger: box(document.querySelector('.md-content .admonition.danger')),
              doors: [...document.querySelectorAll('.dalil-doors a')].map(a => ({...box(a), href: a.getAttribute('href'),
                      dir: getComputedStyle(a).direction, text: a.textContent.trim()}))};
    }""")
    screen_top, screen_bottom = boxes["header"]["bottom"], min(boxes["bar"]["top"], PHONE["height"])
    assert screen_top <= boxes["danger"]["top"] and boxes["danger"]["bottom"] <= screen_bottom, boxes["danger"]
    assert [door["href"] for door in boxes["doors"]] == ["pour/migrants/", "pour/mre/", "pour/partir/"]
    for door in boxes["doors"]:
        assert boxes["danger"]["bottom"] <= door["top"] and door["bottom"] <= screen_bottom, (door, screen_bottom)
        assert door["bottom"] - door["top"] >= 44 and door["text"]
        assert door["dir"] == ("rtl" if lang == "ar" else "ltr")
        assert 0 <= door["left"] and door["right"] <= PHONE["width"]
    page.locator(".dalil-doors a").nth(1).click()
    page.wait_for_url(f"**/{prefix}pour/mre/")
    assert page.locator("#parcours + ul a[href*='parcours/retour-d-ete-au-maroc/']").count() == 1
    page.context.close()


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_journey_links_work_both_ways_in_the_built_site(browser: Browser, site_server: str, lang: str) -> None:
    """From a journey page to a step's topic, and from the topic back to that step, with its previous and next pages."""
    import yaml

    from conftest import ROOT

    data = yaml.safe_load((ROOT / "data" / "journeys" / "asile-au-maroc.yml").read_text(encoding="utf-8"))
    order = [(n, t) for n, step in enumerate(data["steps"], start=1) for t in step["topics"]]
    index = next(i for i, (_n, _t) in enumerate(order) if 0 < i < len(order) - 1)
    step, topic = order[index]
    themes = {t: yaml.safe_load((ROOT / "data" / "topics" / f"{t}.yml").read_text(encoding="utf-8"))["theme"] for _n, t in order}
    prefix = "" if lang == "fr" else f"{lang}/"
    page, _ = open_page(browser, site_server + prefix + "parcours/asile-au-maroc/", javascript=False)
    page.locator(f"#etape-{step} ~ ul a[href$='/{topic}/']").first.click()
    page.wait_for_url(f"**/{prefix}{themes[topic]}/{topic}/")
    nav = page.locator("nav.dalil-journey")
    back = f"a[href$='parcours/asile-au-maroc/#etape-{step}']"
    assert nav.locator(back).count() == 1
    for _n, other in (order[index - 1], order[index + 1]):
        assert nav.locator(f"a[href$='/{other}/']").count() == 1, other  # same theme: ../{other}/
    nav.locator(back).click()
    page.wait_for_url(f"**/{prefix}parcours/asile-au-maroc/#etape-{step}")
    page.context.close()
