"""Render step for the journeys and the audience pages the home page's doors lead to.

- `parcours/<id>.md`: one page per journey, its steps numbered in order, each linking its topics.
- `parcours/index.md`: every journey.
- `pour/<audience>.md` (migrants, mre, partir): what one audience needs, built from the data:
  its journeys first, then the topics of every theme whose `audience` (data/themes.yml) names it.
  A generated page rather than a hand-written one: it stays right as writers add topics.

Pure functions like `rendering` (whose Context, environment and page helper they use).
"""

from __future__ import annotations

from typing import Any

from . import journeys
from .rendering import Context, RenderedPage, _page, environment, published_themes, search_words, topics_of
from .validation import LANGS, Record, SiteData

AUDIENCE_FOLDER = "pour"  # /pour/migrants/, /pour/mre/, /pour/partir/ in every language
EMERGENCY_THEME = "urgences"  # has its own door on the home page ("En danger ?")
# The title of each audience page: the words of its door on the home page (data/labels.yml).
AUDIENCE_TITLES = {"migrants": "audience_migrants", "mre": "audience_mre", "partir": "audience_partir"}


def render_journey_pages(site: SiteData, *, brochures: bool = False) -> list[RenderedPage]:
    env = environment()
    pages: list[RenderedPage] = []
    for lang in LANGS:
        for journey in journeys.in_order(site):
            pages.append(render_journey(env, site, journey, lang, brochures=brochures))
        if site.journeys:
            pages.append(render_journey_index(env, site, lang))
        for audience in AUDIENCE_TITLES:
            pages.append(render_audience(env, site, audience, lang))
    return pages


def journey_topics(site: SiteData, journey: Record) -> list[Record]:
    return [site.topics[topic_id] for _step, topic_id in journeys.reading_order(journey)]


def render_journey(env: Any, site: SiteData, journey: Record, lang: str, *, brochures: bool = False) -> RenderedPage:
    ctx = Context(lang, site)
    topics = journey_topics(site, journey)
    steps = [{"title": step["title"], "text": step.get("text"), "topics": [site.topics[t] for t in step["topics"]]} for step in journey.get("steps")]
    meta = {
        "title": ctx.plain(journey.get("title")),
        "description": ctx.plain(journey.get("summary")),
        "kind": "journey",
        "record": journey.id,
        "source": journey.path,
        "checked": max(t.get("checked") for t in topics),  # the facts are on the topic pages
        "sensitive": False,
        "search_terms": search_words([journey], lang),
    }
    brochure = f"../brochures/parcours-{journey.id}.pdf" if brochures else None
    return _page(env, "journey.md.j2", ctx, journeys.page_path(journey), meta, journey=journey, steps=steps, brochure=brochure)


def render_journey_index(env: Any, site: SiteData, lang: str) -> RenderedPage:
    ctx = Context(lang, site)
    listed = journeys.in_order(site)
    meta = {"title": ctx.text_label("journeys_index_title"), "description": ctx.text_label("journeys_index_intro"), "kind": "journeys",
            "record": journeys.PAGE_FOLDER, "source": f"data/{journeys.FOLDER}/",
            "checked": max(t.get("checked") for j in listed for t in journey_topics(site, j)), "sensitive": False}
    return _page(env, "journeys.md.j2", ctx, f"{journeys.PAGE_FOLDER}/index.md", meta, journeys=listed)


def audience_themes(site: SiteData, audience: str) -> list[tuple[dict, list[Record]]]:
    """(theme, its topics) for every published theme whose audience names this one, in menu order."""
    return [(site.themes[t], topics_of(site, t)) for t in published_themes(site)
            if t != EMERGENCY_THEME and audience in site.themes[t].get("audience", []) and topics_of(site, t)]


def render_audience(env: Any, site: SiteData, audience: str, lang: str) -> RenderedPage:
    ctx = Context(lang, site)
    themes = audience_themes(site, audience)
    listed = journeys.of_audience(site, audience)
    meta = {"title": ctx.text_label(AUDIENCE_TITLES[audience]), "description": ctx.text_label("audience_lead"), "kind": "audience",
            "record": audience, "source": "data/themes.yml",
            "checked": max((t.get("checked") for _theme, topics in themes for t in topics), default=None), "sensitive": False}
    return _page(env, "audience.md.j2", ctx, f"{AUDIENCE_FOLDER}/{audience}.md", meta, title_label=AUDIENCE_TITLES[audience], themes=themes,
                 journeys=listed, journey_folder=journeys.PAGE_FOLDER)
