"""What the theme templates (overrides/) need for one page: the `dalil` template variable.

Used by on_page_context. Labels come from data/labels.yml in the page language; edit and
report links point at the file that really holds the page's text.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .html_post import direction
from .rendering import Context, emergency_bar, language_prefix
from .validation import SiteData


def page_context(site: SiteData, meta: dict, lang: str, page_url: str, settings: dict) -> dict[str, Any]:
    info = meta.get("dalil", {}) if isinstance(meta.get("dalil"), dict) else {}
    ctx = Context(lang, site)
    labels = {key: value[lang] for key, value in site.labels.items()}
    repository = (settings.get("repository") or "").rstrip("/")
    branch = settings.get("branch") or "main"
    source = info.get("source", "")
    edit_url = report_url = None
    if repository and source:
        kind = "tree" if source.endswith("/") else "edit"
        edit_url = f"{repository}/{kind}/{branch}/{source}"
        body = f"{labels['report_body_page']} {settings.get('site_url', '')}{page_url}\n{labels['report_body_record']} {info.get('record', '')}\n{labels['report_body_lang']} {lang}\n\n"
        report_url = f"{repository}/issues/new?" + urlencode({"title": f"[{lang}] {meta.get('title', '')}", "body": body})
    return {
        "lang": lang,
        "dir": direction(lang),
        "labels": labels,
        "bar": emergency_bar(site, lang),
        "emergency_path": language_prefix(lang) + "urgences/",
        "search_path": language_prefix(lang) + "recherche/",
        "exit_url": settings.get("quick_exit_url") or "https://www.google.com/",
        "fallback": bool(info.get("fallback")),
        "sensitive": bool(info.get("sensitive")),
        "checked": ctx.date(info["checked"]) if info.get("checked") else None,
        "edit_url": edit_url,
        "report_url": report_url,
    }
