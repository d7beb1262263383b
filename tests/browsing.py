"""Helpers shared by the real-browser tests (Debian chromium driven by Playwright)."""

from __future__ import annotations

import shutil

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
