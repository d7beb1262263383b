"""axe-core finds no WCAG 2.1 A/AA violation on any page kind, in any language.

axe-core comes from the PyPI package axe-playwright-python (pinned), run in Debian's chromium,
during the one visit per page kind and language (`page_visits`, tests/browsing.py: visit).
"""

from __future__ import annotations

import pytest

from browsing import EXTRA_PAGES, PAGE_KINDS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_no_accessibility_violation(page_visits, lang: str) -> None:  # noqa: ANN001
    visits = page_visits(lang)
    assert set(visits) >= set(PAGE_KINDS) | set(EXTRA_PAGES)
    problems = [f"{kind} ({lang}): {violation}" for kind, seen in visits.items() for violation in seen.axe]
    assert not problems, "\n".join(problems)
