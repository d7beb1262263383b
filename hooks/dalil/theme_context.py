"""What the theme templates (overrides/) need for one page: the `dalil` template variable.

Used by on_page_context. Labels come from data/labels.yml in the page language; edit and
report links point at the file that really holds the page's text. MkDocs renders the theme
without autoescaping, so every text and address here is escaped (`Markup`) before the theme
sees it: a theme template cannot forget to.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from .age import too_old
from .editor_text import escape
from .html_post import direction
from .model import SiteData
from .pages_site import emergency_bar
from .share import QR_FILE, share_links
from .text import Context
from .urls import EMERGENCY, SEARCH, language_prefix, section_path

# Pages Pagefind leaves out: a page whose validity has ended, the search page itself and the
# contributors' translation report. Redirect pages and the 404 never have data-pagefind-body.
NOT_INDEXED = frozenset({"expired", "search", "report"})
# Pages read aloud by "Listen": a topic and an organisation (the pages people read through).
LISTEN = frozenset({"topic", "organisation"})


def age_notice(site: SiteData, info: dict, ctx: Context, today: dt.date) -> str | None:
    """"Checked more than a year ago", on the page of a record whose facts are that old, saying
    whether the sources were consulted or the organisation confirmed them."""
    records = {"topic": site.topics, "organisation": site.organisations}.get(info.get("kind"), {})
    record = records.get(info.get("record"))
    old = too_old(record, today) if record else None
    if not old:
        return None
    return ctx.text_label("old_confirmed" if old.confirmed else "old_checked", date=ctx.date(old.on.isoformat()))


def feedback_links(address: str, labels: dict[str, str], page: str, lang: str) -> dict[str, Any]:
    """« Was this page useful? » (yes / no) and « Report an error » as e-mails to the project, already
    addressed and filled in (the page's address and language): nothing is sent or loaded before the
    reader taps, and the phone's own mail application does the rest. Kept short: every byte is on
    every page."""
    if not address:
        return {"useful_yes": None, "useful_no": None, "report_mail": None}

    def mail(subject_key: str) -> Markup:
        # "/" and ":" may stay as they are in a mailto: query (RFC 6068): a shorter address on every page.
        body = f"{page}\n{lang}\n\n"
        return escape(f"mailto:{address}?" + urlencode({"subject": labels[subject_key], "body": body}, quote_via=quote, safe="/:"))

    return {"useful_yes": mail("mail_useful_yes"), "useful_no": mail("mail_useful_no"), "report_mail": mail("mail_report")}


def page_context(site: SiteData, meta: dict, lang: str, page_url: str, settings: dict, today: dt.date) -> dict[str, Any]:
    info = meta.get("dalil", {}) if isinstance(meta.get("dalil"), dict) else {}
    ctx = Context(lang, site)
    labels = {key: value[lang] for key, value in site.labels.items()}
    title = html.unescape(str(meta.get("title", "")))  # front matter titles are escaped text
    repository = (settings.get("repository") or "").rstrip("/")
    branch = settings.get("branch") or "main"
    source = info.get("source", "")
    edit_url = report_url = update_url = None
    if repository and source:
        kind = "tree" if source.endswith("/") else "edit"
        edit_url = f"{repository}/{kind}/{branch}/{source}"
        # The issue forms of .github/ISSUE_TEMPLATE/, their fields filled in by their ids.
        # (the form's own title and the page's address, which says its language, are enough)
        report_url = f"{repository}/issues/new?" + urlencode({"template": "signaler-une-erreur.yml", "page": f"{settings.get('site_url', '')}{page_url}"},
                                                             quote_via=quote, safe="/:")
        if info.get("kind") == "organisation":
            update_url = f"{repository}/issues/new?" + urlencode({"template": "mise-a-jour-fiche.yml", "fiche": info.get("record", "")})
    page_address = f"{settings.get('site_url', '')}{page_url}"
    shared = None
    if info.get("kind") and (page_url == "" or page_url.endswith("/")):  # a page of the site, not the 404
        links = share_links(page_address)
        shared = {"address": escape(page_address), "title": escape(title), "whatsapp": escape(links["whatsapp"]),
                  "sms": escape(links["sms"]), "qr": escape(QR_FILE)}
    return {
        "share": shared,
        "listen": info.get("kind") in LISTEN,
        **feedback_links(settings.get("contact_email") or "", labels, page_address, lang),
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
        "old": escape(notice) if (notice := age_notice(site, info, ctx, today)) else None,
        "edit_url": escape(edit_url) if edit_url else None,
        "report_url": escape(report_url) if report_url else None,
        "update_url": escape(update_url) if update_url else None,
    }
