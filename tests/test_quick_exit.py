"""Quick exit and what Dalil leaves on a phone, in a real browser at 360 px, in three languages.

- After "Quitter vite", Back never shows a Dalil page again: neither the sensitive page nor the
  list it was opened from (loaded again, or restored by the back/forward cache).
- The exit control is on every way into sensitive content, covers no link, is a 44 px target.
- Offline, a page this phone has not saved says so (with the emergency numbers and the saved
  pages); a saved page says it is a saved copy; a sensitive page is never saved.
- "Erase what Dalil saved on this phone" empties the caches and removes the worker.

The neutral site of the exit (https://www.google.com/ in mkdocs.yml) is answered by the test
itself (context.route): no request leaves the machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Route

from browsing import ARGS, CHROMIUM, PHONE, open_page
from conftest import LANGS, ROOT

pytestmark = pytest.mark.browser
NEUTRAL = "https://www.google.com/"
LABELS = yaml.safe_load((ROOT / "data" / "labels.yml").read_text(encoding="utf-8"))
SENSITIVE = "protection/violences-contre-les-femmes/"
# What a Dalil document shows: its first contentful paint, and any restore from the back/forward
# cache where the page is visible at the next frame (reported to the test by window.__shown).
WATCH_PAINT = """
if (location.hostname === "127.0.0.1") {
  const report = (how) => window.__shown(location.pathname + " " + how);
  new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
    if (entry.name === "first-contentful-paint") report("painted");
  })).observe({ type: "paint", buffered: true });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) requestAnimationFrame(() => {
      if (getComputedStyle(document.documentElement).display !== "none") report("restored");
    });
  });
}
"""


def prefix_of(lang: str) -> str:
    return "" if lang == "fr" else f"{lang}/"


def neutral_site(route: Route) -> None:
    route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>neutral</title><p>neutral</p>")


def phone(browser: Browser, shown: list[str] | None = None, width: int = PHONE["width"]) -> BrowserContext:
    context = browser.new_context(viewport={"width": width, "height": PHONE["height"]}, is_mobile=True, has_touch=True)
    context.route(NEUTRAL + "**", neutral_site)
    if shown is not None:
        context.expose_function("__shown", lambda what: shown.append(what))
        context.add_init_script(WATCH_PAINT)
    return context


def on_neutral_site(page: Page) -> None:
    page.wait_for_url(NEUTRAL)
    page.wait_for_load_state("load")
    assert page.locator("body").inner_text().strip() == "neutral"


@pytest.fixture(scope="module")
def bfcache_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium with the back/forward cache on, as on a phone (Playwright turns it off by default)."""
    instance = browser.browser_type.launch(executable_path=CHROMIUM, args=ARGS, headless=True,
                                           ignore_default_args=["--disable-back-forward-cache"])
    yield instance
    instance.close()


def exit_from_the_list_then_go_back(context: BrowserContext, base: str, lang: str, shown: list[str]) -> None:
    prefix = prefix_of(lang)
    page = context.new_page()
    page.goto(base + prefix, wait_until="load")
    worker_ready(page)  # its first claim of the tab would empty the back/forward cache
    # The paint watcher works: each page opened is seen before the next one is opened (on a busy
    # machine a paint is reported after "load", and a report still on its way when the page is
    # left is lost).
    seen(page, shown, f"/{prefix}")
    page.goto(base + prefix + "protection/", wait_until="load")
    seen(page, shown, f"/{prefix}protection/")
    link = page.locator("article a[href$='violences-contre-les-femmes/']").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url("**/" + prefix + SENSITIVE)
    page.wait_for_load_state("load")
    seen(page, shown, f"/{prefix}{SENSITIVE}")
    exit_control = page.locator(".md-header a[data-dalil-exit]")
    assert exit_control.is_visible()
    exit_control.click()
    on_neutral_site(page)
    seen_before_exit = len(shown)
    for _ in range(3):  # the list, then the home page, then the start of the tab's history
        page.go_back(wait_until="commit")
        if page.url == "about:blank":
            break
        on_neutral_site(page)
    page.wait_for_timeout(500)  # time for a late report
    assert shown[seen_before_exit:] == [], f"Back showed a Dalil page after the exit: {shown[seen_before_exit:]}"
    assert page.evaluate("history.length") >= 3
    page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_after_quick_exit_back_shows_no_dalil_page(browser: Browser, site_server: str, lang: str) -> None:
    shown: list[str] = []
    context = phone(browser, shown)
    exit_from_the_list_then_go_back(context, site_server, lang, shown)
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_after_quick_exit_back_forward_cache_shows_no_dalil_page(bfcache_browser: Browser, site_server: str, lang: str) -> None:
    shown: list[str] = []
    context = phone(bfcache_browser, shown)
    # The cache is really on: a page left and come back to is restored, and the watcher sees it.
    page = context.new_page()
    page.goto(site_server + prefix_of(lang) + "asile/", wait_until="load")
    worker_ready(page)
    page.goto(site_server + prefix_of(lang) + "sejour/", wait_until="load")
    page.go_back(wait_until="commit")
    for _ in range(30):
        if f"/{prefix_of(lang)}asile/ restored" in shown:
            break
        page.wait_for_timeout(100)
    assert f"/{prefix_of(lang)}asile/ restored" in shown, shown
    page.close()
    shown.clear()
    exit_from_the_list_then_go_back(context, site_server, lang, shown)
    context.close()


def test_a_new_visit_after_an_exit_is_not_sent_away(browser: Browser, site_server: str) -> None:
    """Coming back on purpose (a link, a typed address) works; the pages of before stay hidden."""
    context = phone(browser)
    page = context.new_page()
    page.goto(site_server + SENSITIVE, wait_until="load")
    page.locator("a[data-dalil-exit]").click()
    on_neutral_site(page)
    page.goto(site_server + "asile/", wait_until="load")
    page.goto(site_server + "sejour/", wait_until="load")
    page.go_back(wait_until="load")
    assert urlsplit(page.url).path == "/asile/"
    assert page.locator("h1").is_visible()
    page.go_back()
    on_neutral_site(page)
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_quick_exit_by_pressing_escape_three_times(browser: Browser, site_server: str, lang: str) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(site_server + prefix_of(lang) + "protection/traite-des-etres-humains/", wait_until="load")
    for _ in range(3):
        page.keyboard.press("Escape")
    on_neutral_site(page)
    context.close()


# Every way into sensitive content: the theme list, a sensitive page, the emergency page (with the
# 8350 line), the search page, a page that links to a sensitive one (home), an organisation.
EXIT_PAGES = ["protection/", SENSITIVE, "urgences/", "recherche/", "", "annuaire/unfm/"]
# Each visible link, scrolled to the middle, the bottom and the top of the screen: in the middle
# nothing may cover it; at the edges (where a sticky header is expected) the exit control may not.
COVERED_LINKS = """() => {
  const covered = [];
  const exit = document.querySelector("[data-dalil-exit]");
  for (const link of document.querySelectorAll(".md-content a[href], .md-header a[href], .dalil-bar a[href]")) {
    if (link === exit || !link.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;  // e.g. the closed language menu
    for (const where of ["center", "end", "start"]) {
      link.scrollIntoView({ block: where, behavior: "instant" });
      for (const box of link.getClientRects()) {
        if (box.width < 1 || box.height < 1) continue;
        const x = box.left + box.width / 2, y = box.top + box.height / 2;
        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
        const hit = document.elementFromPoint(x, y);
        const onTop = !hit || !(hit === link || link.contains(hit) || hit.contains(link));
        if (onTop && (where === "center" || (exit && exit.contains(hit)))) {
          covered.push(where + " " + link.getAttribute("href") + " under " + (hit ? hit.tagName + "." + hit.className : "nothing"));
        }
      }
    }
  }
  return covered;
}"""


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("lang", LANGS)
def test_exit_control_is_on_every_way_in_and_covers_no_link(browser: Browser, site_server: str, lang: str, width: int) -> None:
    for path in EXIT_PAGES:
        page, _ = open_page(browser, site_server + prefix_of(lang) + path, width=width)
        control = page.locator(".md-header a[data-dalil-exit]")
        assert control.count() == 1 and control.is_visible(), path
        box = control.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44, (path, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)
        hint = page.locator(".dalil-exit-hint")
        assert LABELS["quick_exit_hint"][lang] in hint.inner_text()
        assert "Esc" not in hint.inner_text() and "Échap" not in hint.inner_text()
        assert page.evaluate(COVERED_LINKS) == [], path
        page.context.close()
    # Pages that lead nowhere sensitive keep a plain header.
    page, _ = open_page(browser, site_server + prefix_of(lang) + "asile/procedure-d-asile/", width=width)
    assert page.locator("a[data-dalil-exit]").count() == 0
    page.context.close()


def controlled_page(browser: Browser, address: str) -> tuple[BrowserContext, Page]:
    """A fresh phone on `address`, the page controlled by Dalil's service worker."""
    context = phone(browser)
    page = context.new_page()
    page.goto(address, wait_until="load")
    worker_ready(page)
    return context, page


def seen(page: Page, shown: list[str], path: str) -> None:
    for _ in range(100):
        if path in {s.split(" ")[0] for s in shown}:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the paint watcher did not see {path}: {shown}")


def worker_ready(page: Page) -> None:
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload(wait_until="load")
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def cached(page: Page, address: str) -> bool:
    return page.evaluate("(address) => caches.match(address, { ignoreSearch: true }).then((r) => Boolean(r))", address)


def wait_cached(page: Page, address: str) -> None:
    page.wait_for_function("(address) => caches.match(address).then((r) => Boolean(r))", arg=address, timeout=15000)


@pytest.mark.parametrize("lang", LANGS)
def test_offline_tells_the_truth(browser: Browser, site_server: str, lang: str) -> None:
    prefix = prefix_of(lang)
    context, page = controlled_page(browser, site_server + prefix + "asile/procedure-d-asile/")
    # Saved in the background after the first visit: home, emergency page, themes of this language only.
    for path in [prefix, prefix + "urgences/", prefix + "protection/", prefix + "mre/", prefix + "asile/procedure-d-asile/"]:
        wait_cached(page, site_server + path)  # the page itself: kept once the worker has written it
    other = "en/" if lang != "en" else "ar/"
    assert not cached(page, site_server + other + "asile/")
    context.set_offline(True)
    # A page saved on this phone: shown, and says it is a saved copy.
    page.goto(site_server + prefix + "asile/procedure-d-asile/", wait_until="load")
    assert page.locator(".dalil-offline").is_visible()
    assert page.evaluate("document.documentElement.hasAttribute('data-dalil-offline')")
    # A page never opened: says so, in the language of its address, with numbers and saved pages.
    page.goto(site_server + prefix + "mre/ccme/", wait_until="load")
    assert page.locator("h1").inner_text().strip() == LABELS["offline_not_saved_title"][lang]
    assert page.title() == LABELS["offline_not_saved_title"][lang]
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    assert not page.locator(".dalil-offline").count()  # no claim of being an earlier copy
    assert page.locator("a[href='tel:19']").is_visible() and page.locator("a[href='tel:8350']").count() == 1
    saved = page.locator(".dalil-offline-saved a").evaluate_all("els => els.map(e => [e.href, e.textContent])")
    hrefs = [href for href, _ in saved]
    assert site_server + prefix + "asile/procedure-d-asile/" in hrefs and site_server + prefix + "urgences/" in hrefs, hrefs
    assert all(urlsplit(h).path.startswith("/" + prefix) for h in hrefs) and all(t.strip() for _, t in saved)
    assert not [h for h in hrefs if "/ccme/" in h or SENSITIVE in h]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # The saved list leads to the saved page, offline.
    page.locator(f".dalil-offline-saved a[href='{site_server + prefix}asile/']").click()
    page.wait_for_url("**/" + prefix + "asile/")
    assert page.locator(".dalil-offline").is_visible()
    context.set_offline(False)
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_sensitive_pages_are_never_kept(browser: Browser, site_server: str, lang: str) -> None:
    prefix = prefix_of(lang)
    # The first page (handed to the worker by the page itself), then pages fetched through it.
    context, page = controlled_page(browser, site_server + prefix + SENSITIVE)
    for path in ["protection/traite-des-etres-humains/", "annuaire/unfm/", "recherche/", "asile/procedure-d-asile/"]:
        page.goto(site_server + prefix + path, wait_until="load")
    wait_cached(page, site_server + prefix + "asile/procedure-d-asile/")  # a page that may be kept is
    wait_cached(page, site_server + prefix + "protection/")  # the list every visitor gets
    page.wait_for_timeout(300)
    for path in [SENSITIVE, "protection/traite-des-etres-humains/", "annuaire/unfm/", "recherche/"]:
        assert not cached(page, site_server + prefix + path), path
    keys = page.evaluate("caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n).then((c) => c.keys())))).then((lists) => lists.flat().map((r) => r.url))")
    assert not [k for k in keys if "violences" in k or "traite-des" in k], keys
    # Offline, the sensitive page is "not saved", even though it was read.
    context.set_offline(True)
    page.goto(site_server + prefix + SENSITIVE, wait_until="load")
    assert page.locator("h1").inner_text().strip() == LABELS["offline_not_saved_title"][lang]
    context.set_offline(False)
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_erase_control_empties_what_dalil_saved(browser: Browser, site_server: str, lang: str) -> None:
    prefix = prefix_of(lang)
    context, page = controlled_page(browser, site_server + prefix + "urgences/")
    wait_cached(page, site_server + prefix)
    erase = page.locator("[data-dalil-erase] button")
    erase.scroll_into_view_if_needed()
    assert erase.inner_text().strip() == LABELS["erase_button"][lang]
    erase.click()
    done = page.locator("[data-erase-done]")
    done.wait_for(state="visible")
    assert done.inner_text().strip() == LABELS["erase_done"][lang]
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    # Reading on in this tab saves nothing again.
    page.goto(site_server + prefix + "asile/", wait_until="load")
    page.wait_for_timeout(1000)
    assert page.evaluate("caches.keys()") == []
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    context.close()


def test_erase_control_and_history_note_without_javascript(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "urgences/", javascript=False)
    assert not page.locator("[data-dalil-erase]").is_visible()  # it needs JavaScript: not shown without
    assert LABELS["history_note"]["fr"] in page.locator("#traces ~ p").all_inner_texts()
    page.context.close()
