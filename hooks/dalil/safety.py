"""Quick exit and offline storage: which pages carry the exit control, which pages the service
worker never keeps, and which it saves in the background for reading offline.

Used by build_hooks (on_page_content records the pages that carry the exit control) and by
postbuild (the lists written into sw.js). Paths are relative to the site root, with their
language prefix and a trailing slash: "protection/", "ar/protection/violences-contre-les-femmes/".

- A page carries the exit control when it is sensitive (a topic with `sensitive: true`), when it
  links to a sensitive page (theme lists, the emergency page, related topics, organisations),
  or when it is the search page (its results can name anything).
- In the background, after the first visit, the service worker saves the home page, the emergency
  page, the most urgent situations and the theme pages of the reader's language, never a
  sensitive page: the same pages for every visitor, so their presence on a phone says nothing
  about what its owner read.
- It never keeps a sensitive page, nor any other page that carries the exit control (an
  organisation, a related topic, the search page…): which of those are on a phone would tell.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .model import SiteData
from .selection import published_themes, topics_of
from .urls import EMERGENCY, language_prefix, topic_path

EMERGENCY_THEME = EMERGENCY
URGENT_ORDER = 30  # situation pages of the emergency theme placed before this are saved in the background
MAX_BACKGROUND = 15  # pages saved in the background, per language


def sensitive_paths(site: SiteData, lang: str) -> set[str]:
    prefix = language_prefix(lang)
    return {prefix + topic_path(topic.theme, topic.id) for topic in site.topics.values() if topic.sensitive}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def site_path(href: str, page_url: str) -> str | None:
    """The site path an internal link of the page at `page_url` reaches ("" for the home page)."""
    parts = urlsplit(urljoin("/" + page_url, href))
    if parts.scheme or parts.netloc:
        return None
    path = parts.path.removesuffix("index.html")
    return path.lstrip("/")


def links_to(content: str, page_url: str, targets: set[str]) -> bool:
    """Whether the HTML of the page at `page_url` (a path like "ar/protection/") links to one of `targets`."""
    parser = _Links()
    parser.feed(content)
    parser.close()
    return any(site_path(href, page_url) in targets for href in parser.hrefs)


def mark_exit(meta: dict, content: str, page_url: str, sensitive: set[str]) -> bool:
    """Give the quick-exit control (meta["dalil"]["exit"], read by theme_context) to a page that is
    sensitive or leads to a sensitive page; True when the page has it."""
    info = meta.get("dalil")
    if not isinstance(info, dict):
        info = meta["dalil"] = {}
    if info.get("exit") or info.get("sensitive") or links_to(content, page_url, sensitive):
        info["exit"] = True
    return bool(info.get("exit"))


def never_kept(sensitive: set[str], exit_pages: set[str], for_everyone: set[str]) -> list[str]:
    """Pages the service worker must not keep: sensitive ones, and those with the exit control
    that it does not save for every visitor (`for_everyone`: the background pages)."""
    return sorted(sensitive | (exit_pages - for_everyone))


def background_pages(site: SiteData, lang: str) -> list[str]:
    """What the service worker saves after the first visit, in the reader's language, most needed
    first; never a sensitive page."""
    prefix = language_prefix(lang)
    wanted = [prefix, f"{prefix}{EMERGENCY_THEME}/"]
    wanted += [prefix + topic_path(topic.theme, topic.id) for topic in topics_of(site, EMERGENCY_THEME)
               if topic.order < URGENT_ORDER and not topic.sensitive]
    wanted += [f"{prefix}{theme}/" for theme in published_themes(site)]
    sensitive = sensitive_paths(site, lang)
    return [path for path in dict.fromkeys(wanted) if path not in sensitive][:MAX_BACKGROUND]
