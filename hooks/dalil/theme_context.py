"""What the theme templates (overrides/) need for one page: the `dalil` template variable.

Used by on_page_context. Labels come from data/labels.yml in the page language; edit and
report links point at the file that really holds the page's text. MkDocs renders the theme
without autoescaping, so every text and address here is escaped (`Markup`) before the theme
sees it: a theme template cannot forget to.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlencode

from .editor_text import escape
from .html_post import direction
from .model import SiteData
from .pages_site import emergency_bar
from .text import Context
from .urls import EMERGENCY, SEARCH, language_prefix, section_path

# Pages Pagefind leaves out: a page whose validity has ended, the search page itself and the
# contributors' translation report. Redirect pages and the 404 never have data-pagefind-body.
NOT_INDEXED = frozenset({"expired", "search", "report"})


def page_context(site: SiteData, meta: dict, lang: str, page_url: str, settings: dict) -> dict[str, Any]:
    info = meta.get("dalil", {}) if isinstance(meta.get("dalil"), dict) else {}
    ctx = Context(lang, site)
    labels = {key: value[lang] for key, value in site.labels.items()}
    title = html.unescape(str(meta.get("title", "")))  # front matter titles are escaped text
    repository = (settings.get("repository") or "").rstrip("/")
    branch = settings.get("branch") or "main"
    source = info.get("source", "")
    edit_url = report_url = None
    if repository and source:
        kind = "tree" if source.endswith("/") else "edit"
        edit_url = f"{repository}/{kind}/{branch}/{source}"
        body = f"{labels['report_body_page']} {settings.get('site_url', '')}{page_url}\n{labels['report_body_record']} {info.get('record', '')}\n{labels['report_body_lang']} {lang}\n\n"
        report_url = f"{repository}/issues/new?" + urlencode({"title": f"[{lang}] {title}", "body": body})
    return {
        "lang": lang,
        "dir": direction(lang),
        "labels": {key: escape(value) for key, value in labels.items()},
        "bar": [{key: escape(value) for key, value in item.items()} for item in emergency_bar(site, lang)],
        "emergency_path": escape(language_prefix(lang) + section_path(EMERGENCY)),
        "search_path": escape(language_prefix(lang) + section_path(SEARCH)),
        "exit_url": escape(settings.get("quick_exit_url") or "https://www.google.com/"),
        "fallback": bool(info.get("fallback")),
        "sensitive": bool(info.get("sensitive")),
        "exit": bool(info.get("exit") or info.get("sensitive")),
        "traces_path": escape(language_prefix(lang) + section_path(EMERGENCY) + "#traces"),
        "indexed": info.get("kind") not in NOT_INDEXED,
        "search_terms": escape(info["search_terms"]) if info.get("search_terms") else None,
        "checked": escape(ctx.date(info["checked"])) if info.get("checked") else None,
        "edit_url": escape(edit_url) if edit_url else None,
        "report_url": escape(report_url) if report_url else None,
    }
