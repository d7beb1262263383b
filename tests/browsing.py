"""Helpers shared by the real-browser tests (Debian chromium driven by Playwright)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]
PHONE = {"width": 360, "height": 740}


def open_page(browser: Browser, url: str, *, width: int = PHONE["width"], javascript: bool = True, wait: str = "load") -> tuple[Page, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": PHONE["height"]}, java_script_enabled=javascript,
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    # Collect Content-Security-Policy violations as the page reports them.
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(url, wait_until=wait)
    assert response is not None and (response.ok or url.endswith("404.html") or "/nulle-part/" in url), url
    return page, requests


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__csp || []")


PAGE_KINDS = {
    "home": "",
    "emergency": "urgences/",
    "theme": "asile/",
    "topic": "asile/s-enregistrer-aupres-du-hcr/",
    "sensitive topic": "protection/violences-contre-les-femmes/",
    "directory": "annuaire/",
    "organisation": "annuaire/hcr-maroc/",
    "about": "a-propos/",
    "glossary": "a-propos/glossaire/",
    "missing page (404)": "nulle-part/",
}


def overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


# ---- One visit per page kind and language, every per-page check recorded ----

# Pages axe-core also checks, beyond the page kinds.
EXTRA_PAGES = {"search": "recherche/", "open data": "donnees/", "city": "annuaire/ville/oujda/", "translations": "contribuer/traductions/"}
AXE_RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
NARROW = 320  # the smallest phone width the site is held to


@dataclass
class Visit:
    """What one visit of a page showed: the checks of test_accessibility, test_browser and
    test_phone_first read these instead of opening the page again."""

    kind: str
    lang: str
    url: str
    axe: list[str]  # WCAG 2.1 A/AA violations, "id — help [targets]"
    csp: list[str]  # Content-Security-Policy violations the page reported
    outside: list[str]  # requests to another host than 127.0.0.1
    overflow: dict[int, int]  # viewport width -> px wider than the screen
    html_lang: str | None


def axe_script() -> str:
    from importlib import resources

    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def visit(browser: Browser, base: str, lang: str, kind: str, path: str) -> Visit:
    """Open one page at 360 px (JavaScript on) once, let the network settle, then: overflow at 360,
    axe-core, overflow at 320 (the same page, viewport narrowed: media queries apply again), and the
    CSP violations and requests of the whole visit."""
    prefix = "" if lang == "fr" else f"{lang}/"
    url = base + prefix + ("404.html" if kind.startswith("missing") else path)
    page, requests = open_page(browser, url)
    page.wait_for_load_state("networkidle")
    overflows = {PHONE["width"]: overflow(page)}
    page.evaluate(axe_script())  # evaluated through the DevTools protocol: the page's CSP does not apply to the test tool
    result = page.evaluate("(options) => axe.run(document, options)", AXE_RULES)
    found = [f"{violation['id']} — {violation['help']} {[node['target'] for node in violation['nodes']][:3]}" for violation in result["violations"]]
    page.set_viewport_size({"width": NARROW, "height": PHONE["height"]})
    page.wait_for_function(f"document.documentElement.clientWidth === {NARROW}")
    overflows[NARROW] = overflow(page)
    page.wait_for_load_state("networkidle")
    visited = Visit(kind, lang, url, found, violations(page), [r for r in requests if urlsplit(r).hostname != "127.0.0.1"],
                    overflows, page.locator("html").get_attribute("lang"))
    page.context.close()
    return visited


def visit_every_kind(browser: Browser, base: str, lang: str) -> dict[str, Visit]:
    return {kind: visit(browser, base, lang, kind, path) for kind, path in {**PAGE_KINDS, **EXTRA_PAGES}.items()}
