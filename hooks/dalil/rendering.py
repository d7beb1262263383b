"""Render step: validated records -> one Markdown page per record and language.

`render_site` gives every page generated from the records, by family: `pages_records` (topics,
organisations, themes), `pages_directory` (the directory's lists), `pages_journeys` (the
step-by-step journeys and the audience pages); `pages_site` renders the
site's own pages (search, open data, brochures, translations), which `pipeline` adds. Pure
functions with no MkDocs import, used by `pipeline` (on_config) and by the golden tests; the
templates' environment and escaping are `templating`'s, the text context is `text`'s.
"""

from __future__ import annotations

from .model import LANGS, SiteData, Topic
from .pages_directory import render_directory
from .pages_journeys import render_journeys
from .pages_records import render_expired, render_organisation, render_theme, render_topic
from .selection import published_themes
from .templating import RenderedPage, environment


def render_site(site: SiteData, *, brochures: bool = False) -> list[RenderedPage]:
    """Every generated page in every language; `brochures`: link the printable PDFs."""
    env = environment()
    pages: list[RenderedPage] = []
    for lang in LANGS:
        for topic in site.topics.values():
            pages.append(render_topic(env, site, topic, lang))
        for org in site.organisations.values():
            pages.append(render_organisation(env, site, org, lang))
        for topic in site.expired:
            if isinstance(topic, Topic) and topic.theme in published_themes(site):
                pages.append(render_expired(env, site, topic, lang))
        for theme_id in published_themes(site):
            pages.append(render_theme(env, site, theme_id, lang, brochures=brochures))
        pages.extend(render_directory(env, site, lang, brochures=brochures))
        pages.extend(render_journeys(env, site, lang, brochures=brochures))
    return pages
