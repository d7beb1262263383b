"""Which pages carry the quick-exit control and what the service worker may keep (hooks/dalil/safety.py),
on the real data and on the built site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import LANGS, ROOT
from dalil import safety
from dalil.model import SiteData
from dalil.pipeline import today
from dalil.urls import language_prefix
from dalil.validation import validate_all


@pytest.fixture(scope="module")
def site() -> SiteData:
    return validate_all(ROOT, today=today())


@pytest.mark.parametrize(("href", "page", "expected"), [
    ("violences-contre-les-femmes/", "protection/", "protection/violences-contre-les-femmes/"),
    ("../../protection/violences-contre-les-femmes/#ligne-8350", "ar/urgences/femme-en-danger-ce-soir/", "ar/protection/violences-contre-les-femmes/"),
    ("../index.html", "ar/asile/", "ar/"),
    ("https://example.org/protection/violences-contre-les-femmes/", "protection/", None),
    ("tel:8350", "protection/", None),
])
def test_site_path_of_a_link(href: str, page: str, expected: str | None) -> None:
    assert safety.site_path(href, page) == expected


def test_a_page_linking_to_a_sensitive_page_is_found() -> None:
    targets = {"ar/protection/violences-contre-les-femmes/"}
    assert safety.links_to('<p><a href="../protection/violences-contre-les-femmes/">x</a></p>', "ar/urgences/", targets)
    assert not safety.links_to('<p><a href="../protection/">x</a></p>', "ar/urgences/", targets)
    assert not safety.links_to('<p>protection/violences-contre-les-femmes/</p>', "ar/", targets)  # text is not a link


@pytest.mark.parametrize("lang", LANGS)
def test_background_pages_are_few_useful_and_never_sensitive(site: SiteData, lang: str) -> None:
    prefix = language_prefix(lang)
    pages = safety.background_pages(site, lang)
    assert pages[:2] == [prefix, f"{prefix}urgences/"]
    assert len(pages) <= safety.MAX_BACKGROUND
    assert all(path.startswith(prefix) for path in pages)
    assert not set(pages) & safety.sensitive_paths(site, lang)
    assert f"{prefix}protection/violences-contre-les-femmes/" in safety.sensitive_paths(site, lang)


def test_never_kept_spares_only_what_every_visitor_gets() -> None:
    never = safety.never_kept({"protection/a/"}, {"protection/a/", "protection/", "annuaire/unfm/", ""}, {"", "protection/"})
    assert never == ["annuaire/unfm/", "protection/a/"]


def test_service_worker_carries_the_lists(built_site: Path, site: SiteData) -> None:
    text = (built_site / "sw.js").read_text(encoding="utf-8")
    never = set(json.loads(re.search(r"const NEVER_KEPT = new Set\((\[.*?\])\);", text).group(1)))
    later = json.loads(re.search(r"const SAVE_LATER = (\{.*?\});", text).group(1))
    for lang in LANGS:
        assert safety.sensitive_paths(site, lang) <= never
        assert not set(later[language_prefix(lang).rstrip("/")]) & never
    exit_pages = {p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.rglob("index.html")
                  if "data-dalil-exit" in p.read_text(encoding="utf-8")}
    exit_pages = {"" if p == "./" else p for p in exit_pages}
    assert "annuaire/unfm/" in exit_pages and "ar/recherche/" in exit_pages and "urgences/" in exit_pages
    assert "asile/procedure-d-asile/" not in exit_pages
    assert exit_pages - set().union(*map(set, later.values())) <= never


def test_sensitive_pages_are_sent_with_no_store(built_site: Path, site: SiteData) -> None:
    # _headers: one block per sensitive page, in every language; the browser's cache keeps no copy.
    blocks = {}
    for block in (built_site / "_headers").read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        if lines:
            blocks[lines[0]] = lines[1:]
    sensitive = set().union(*(safety.sensitive_paths(site, lang) for lang in LANGS))
    assert len(sensitive) >= 3 * len(LANGS)
    for path in sensitive:
        assert blocks.get(f"/{path}") == ["  Cache-Control: no-store"], path
        assert (built_site / path / "index.html").is_file(), path
    assert "Cache-Control" not in "\n".join(blocks["/*"])  # other pages stay cacheable
