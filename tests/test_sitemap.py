"""The sitemap (written by hooks/dalil/i18n_bridge.py, not by the i18n plugin's template):
every page once, absolute addresses, its three language versions, lastmod from the data."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from conftest import LANGS, ROOT

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's default: the test build sets no DALIL_SITE_URL


def _entries(site: Path) -> dict[str, tuple[str | None, dict[str, str]]]:
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in entries, f"{loc} est deux fois dans le sitemap"
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        entries[loc] = (url.findtext("s:lastmod", namespaces=NS), alternates)
    return entries


def _page_address(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return SITE_URL + rel.removesuffix("index.html")


def test_every_page_is_in_the_sitemap_once_and_nothing_else(built_site: Path) -> None:
    entries = _entries(built_site)
    pages = set()
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if page.name == "404.html" or 'http-equiv="refresh"' in text or page.relative_to(built_site).parts[0] == "pagefind":
            continue
        pages.add(_page_address(built_site, page))
    assert set(entries) == pages
    assert len(entries) % len(LANGS) == 0 and len(entries) > 300


def test_each_entry_names_its_three_languages_with_absolute_addresses(built_site: Path) -> None:
    for loc, (_lastmod, alternates) in _entries(built_site).items():
        assert loc.startswith(SITE_URL)
        assert sorted(alternates) == sorted(LANGS), loc
        assert loc in alternates.values(), f"{loc} ne figure pas parmi ses propres versions"
        for lang, href in alternates.items():
            rest = href.removeprefix(SITE_URL)
            assert href.startswith(SITE_URL) and (lang == "fr") != rest.startswith(f"{lang}/"), href
            assert (built_site / rest / "index.html").is_file(), f"{loc} : la version {lang} {href} n'existe pas"


def test_lastmod_is_the_date_the_data_was_checked(built_site: Path) -> None:
    entries = _entries(built_site)
    checked = 0
    for path in sorted((ROOT / "data" / "organisations").glob("[!_]*.yml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if record.get("draft"):
            continue
        for prefix in ("", "ar/", "en/"):
            lastmod, _ = entries[f"{SITE_URL}{prefix}annuaire/{path.stem}/"]
            assert lastmod == str(record["checked"]), f"{path.name} ({prefix or 'fr'})"
            checked += 1
    assert checked >= 90
    # a hand-written page carries no checked date, and gets no lastmod (never the build date)
    assert entries[f"{SITE_URL}a-propos/"][0] is None


def test_gzipped_copy_is_the_same_and_has_no_build_time(built_site: Path) -> None:
    raw = (built_site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(raw) == (built_site / "sitemap.xml").read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip header mtime
