"""Page renderers for the step-by-step journeys and the audience pages the home page's doors lead to.

- `parcours/<id>.md`: one page per journey, its steps numbered in order, each linking its topics.
- `parcours/index.md`: every journey.
- `pour/<audience>.md` (migrants, mre, partir): what one audience needs, built from the data:
  its journeys first, then the topics of every theme whose `audience` (data/themes.yml) names it.
  A generated page rather than a hand-written one: it stays right as writers add topics.

Called by `rendering.render_site` for every language; pure functions of the validated data.
"""

from __future__ import annotations

import jinja2

from . import journeys
from .model import Journey, SiteData, Topic
from .selection import published_themes, topics_of
from .templating import RenderedPage, make_page, search_words
from .text import Context
from .urls import EMERGENCY, JOURNEYS, audience_page, brochure_file, index_page, journey_brochure

# The title of each audience page: the words of its door on the home page (data/labels.yml).
AUDIENCE_TITLES = {"migrants": "audience_migrants", "mre": "audience_mre", "partir": "audience_partir"}


def render_journeys(env: jinja2.Environment, site: SiteData, lang: str, *, brochures: bool = False) -> list[RenderedPage]:
    """Every journey page, their list, and the audience pages, in one language."""
    pages = [render_journey(env, site, journey, lang, brochures=brochures) for journey in journeys.in_order(site)]
    if site.journeys:
        pages.append(render_journey_index(env, site, lang))
    pages += [render_audience(env, site, audience, lang) for audience in AUDIENCE_TITLES]
    return pages


def journey_topics(site: SiteData, journey: Journey) -> list[Topic]:
    return [site.topics[topic_id] for _step, topic_id in journeys.reading_order(journey)]


def render_journey(env: jinja2.Environment, site: SiteData, journey: Journey, lang: str, *, brochures: bool = False) -> RenderedPage:
    ctx = Context(lang, site)
    meta = {
        "title": ctx.plain(journey.title),
        "description": ctx.plain(journey.summary),
        "kind": "journey",
        "record": journey.id,
        "source": journey.path,
        "checked": max(t.checked for t in journey_topics(site, journey)),  # the facts are on the topic pages
        "sensitive": False,
        "search_terms": search_words([journey], lang),
    }
    brochure = "../" + brochure_file(journey_brochure(journey.id)) if brochures else None
    return make_page(env, "journey.md.j2", ctx, journeys.page_path(journey), meta,
                     journey=journey, steps=journeys.steps_of(site, journey), brochure=brochure)


def render_journey_index(env: jinja2.Environment, site: SiteData, lang: str) -> RenderedPage:
    ctx = Context(lang, site)
    listed = journeys.in_order(site)
    meta = {"title": ctx.text_label("journeys_index_title"), "description": ctx.text_label("journeys_index_intro"), "kind": "journeys",
            "record": JOURNEYS, "source": f"data/{journeys.FOLDER}/",
            "checked": max(t.checked for j in listed for t in journey_topics(site, j)), "sensitive": False}
    return make_page(env, "journeys.md.j2", ctx, index_page(JOURNEYS), meta, journeys=listed)


def audience_themes(site: SiteData, audience: str) -> list[tuple[dict, list[Topic]]]:
    """(theme, its topics) for every published theme whose audience names this one, in menu order."""
    return [(site.themes[t], topics_of(site, t)) for t in published_themes(site)
            if t != EMERGENCY and audience in site.themes[t].get("audience", []) and topics_of(site, t)]


def render_audience(env: jinja2.Environment, site: SiteData, audience: str, lang: str) -> RenderedPage:
    ctx = Context(lang, site)
    themes = audience_themes(site, audience)
    meta = {"title": ctx.text_label(AUDIENCE_TITLES[audience]), "description": ctx.text_label("audience_lead"), "kind": "audience",
            "record": audience, "source": "data/themes.yml",
            "checked": max((t.checked for _theme, topics in themes for t in topics), default=None), "sensitive": False}
    return make_page(env, "audience.md.j2", ctx, audience_page(audience), meta, title_label=AUDIENCE_TITLES[audience], themes=themes,
                     journeys=journeys.of_audience(site, audience), journey_folder=JOURNEYS)
