"""axe-core finds no WCAG 2.1 A/AA violation on any page kind, in any language.

axe-core comes from the PyPI package axe-playwright-python (pinned), run in Debian's chromium.
"""

from __future__ import annotations

from importlib import resources

import pytest
from playwright.sync_api import Browser

from browsing import PAGE_KINDS, open_page

pytestmark = pytest.mark.browser
AXE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
EXTRA_PAGES = {"search": "recherche/", "open data": "donnees/", "city": "annuaire/ville/oujda/", "translations": "contribuer/traductions/"}


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_no_accessibility_violation(browser: Browser, site_server: str, lang: str) -> None:
    prefix = "" if lang == "fr" else f"{lang}/"
    problems = []
    for kind, path in {**PAGE_KINDS, **EXTRA_PAGES}.items():
        url = site_server + prefix + ("404.html" if kind.startswith("missing") else path)
        page, _ = open_page(browser, url)
        page.evaluate(AXE)  # evaluated through the DevTools protocol: the page's CSP does not apply to the test tool
        result = page.evaluate("(options) => axe.run(document, options)", RULES)
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            problems.append(f"{kind} ({lang}): {violation['id']} — {violation['help']} {targets}")
        page.context.close()
    assert not problems, "\n".join(problems)
