"""Everything Dalil knows about mkdocs-static-i18n 1.3.1 internals, in one place.

Used by the hook events. The plugin builds the default language, then, from its own
`on_post_build`, calls `mkdocs.commands.build.build()` again for every other language on
the same config: every hook event therefore runs once per language. A real build in
`tests/test_build.py` covers what this module assumes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urljoin
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

PLUGIN = "i18n"


def _plugin(config: Any) -> Any:
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise RuntimeError("mkdocs.yml must enable the i18n plugin (mkdocs-static-i18n)")
    return plugin


def is_default_language_build(config: Any) -> bool:
    """True during the default-language build, the one that runs before the nested ones.

    The plugin sets `current_language` in its own on_config (priority -100, after ours) on the
    first build, and before calling build() for the next languages.
    """
    plugin = _plugin(config)
    return plugin.current_language in (None, plugin.default_language)


def languages(config: Any) -> list[str]:
    """Locales built, default first."""
    plugin = _plugin(config)
    return [plugin.default_language] + [lang for lang in plugin.build_languages if lang != plugin.default_language]


def page_language(config: Any) -> str:
    """Language of the build in progress (the plugin sets theme.language for each)."""
    return config.theme["language"]


def all_languages_built(config: Any) -> bool:
    """True in the outermost on_post_build, once the plugin has built every language.

    The plugin sets `building` while it runs the nested builds from its on_post_build
    (priority -100); an on_post_build of lower priority in the outer build sees it cleared.
    """
    return not _plugin(config).building


def page_address(config: Any, page: Any) -> str:
    """Absolute address of the page being built (the plugin gives each language its own page.url)."""
    return (config.site_url or "/") + page.url


_ALTERNATE = re.compile(r'(<link rel="alternate" href=")([^"]*)(" hreflang="[^"]*">)')


def absolute_alternates(output: str, address: str) -> str:
    """hreflang alternates must be absolute addresses for search engines. The plugin fills
    Material's `extra.alternate` with relative ones, which overrides/partials/alternate.html
    prints as <link rel="alternate" href=… hreflang=…>."""
    return _ALTERNATE.sub(lambda m: m.group(1) + urljoin(address, m.group(2)) + m.group(3), output)


def language_404(config: Any, output: str) -> str:
    """Each language gets its own 404 page (/404.html, /ar/404.html, /en/404.html).

    MkDocs writes the 404 template to /404.html in every nested build, so the last language
    would win: the default language's is left to MkDocs, the others are written under their
    folder here. Returns what MkDocs should write (an empty string: MkDocs writes nothing)."""
    if is_default_language_build(config):
        return output
    target = Path(config.site_dir) / page_language(config) / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return ""


class SitemapPage(NamedTuple):
    lang: str
    url: str  # page.url, relative to the site root, language folder included ("ar/urgences/")
    checked: str | None  # when the page's information was checked (from the data)


def sitemap_page(config: Any, page: Any) -> SitemapPage:
    info = page.meta.get("dalil") if isinstance(page.meta.get("dalil"), dict) else {}
    return SitemapPage(page_language(config), page.url, info.get("checked"))


def sitemap(config: Any, pages: list[SitemapPage]) -> str:
    """Every page in every language with its alternates: the same path in each language's folder
    (Dalil's pages exist in every language; an untranslated one falls back to the default
    language's text at the same address). lastmod is the date the page's information was
    checked, never the build date, so that two builds of the same commit are identical.
    Written by Dalil rather than by the plugin's sitemap template, which reads its internals."""
    site_url = config.site_url or "/"
    default = languages(config)[0]
    others = sorted(lang for lang in languages(config) if lang != default)

    def in_language(url: str, lang: str) -> str:
        path = url if url != "./" else ""
        return path if lang == default else f"{lang}/{path}"

    def bare(page: SitemapPage) -> str:
        url = "" if page.url == "./" else page.url
        return url if page.lang == default else url.removeprefix(f"{page.lang}/")

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in pages:
        lines += ["  <url>", f"    <loc>{xml_escape(site_url + ('' if page.url == './' else page.url))}</loc>"]
        if page.checked:
            lines.append(f"    <lastmod>{xml_escape(str(page.checked))}</lastmod>")
        for lang in sorted([default, *others]):
            href = quoteattr(site_url + in_language(bare(page), lang))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" href={href}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines)
