"""Page renderers for the records: a topic (or its notice once expired), an organisation, a theme.

Called by `rendering.render_site` for every language; pure functions of the validated data.
"""

from __future__ import annotations

import jinja2

from . import journeys
from .model import Organisation, SiteData, Topic
from .selection import topics_of
from .templating import RenderedPage, make_page, search_words
from .text import Context
from .urls import (
    DIRECTORY,
    EMERGENCY,
    JOURNEYS,
    brochure_file,
    index_page,
    organisation_page,
    theme_brochure,
    topic_page,
)


def render_topic(env: jinja2.Environment, site: SiteData, topic: Topic, lang: str) -> RenderedPage:
    ctx = Context(lang, site)
    orgs = [site.organisations[o] for o in topic.organisations if o in site.organisations]
    related = [site.topics[t] for t in topic.related if t in site.topics]
    meta = {
        "title": ctx.plain(topic.title),
        "description": ctx.plain(topic.summary),
        "kind": "topic",
        "record": topic.id,
        "source": topic.path,
        "checked": topic.checked,
        "sensitive": topic.sensitive,
        "search_terms": search_words([topic], lang),
    }
    return make_page(env, "topic.md.j2", ctx, topic_page(topic.theme, topic.id), meta,
                 topic=topic, orgs=orgs, related=related, directory=DIRECTORY,
                 places=journeys.places(site, topic.id), journey_folder=JOURNEYS)



def render_expired(env: jinja2.Environment, site: SiteData, topic: Topic, lang: str) -> RenderedPage:
    """What stays at the address of a time-bound page after its validity: a notice, never a 404."""
    ctx = Context(lang, site)
    meta = {"title": ctx.plain(topic.title), "description": ctx.text_label("expired_title"), "kind": "expired",
            "record": topic.id, "source": topic.path, "checked": topic.checked, "sensitive": False}
    return make_page(env, "expired.md.j2", ctx, topic_page(topic.theme, topic.id), meta, topic=topic, theme=site.themes[topic.theme])



def render_organisation(env: jinja2.Environment, site: SiteData, org: Organisation, lang: str) -> RenderedPage:
    ctx = Context(lang, site)
    topics = sorted((t for t in site.topics.values() if org.id in t.organisations), key=lambda t: t.id)
    meta = {
        "title": ctx.plain(org.name),
        "description": ctx.plain(org.description),
        "kind": "organisation",
        "record": org.id,
        "source": org.path,
        "checked": org.checked,
        "sensitive": False,
        "search_terms": search_words([org], lang),
    }
    card = bool(org.all_phones)  # the numbers of vcard.card_phones
    return make_page(env, "organisation.md.j2", ctx, organisation_page(org.id), meta, org=org, topics=topics, card=card)



def render_theme(env: jinja2.Environment, site: SiteData, theme_id: str, lang: str, *, brochures: bool = False) -> RenderedPage:
    ctx = Context(lang, site)
    theme = site.themes[theme_id]
    numbers = sorted(site.emergency.values(), key=lambda r: (r.order, r.id)) if theme_id == EMERGENCY else []
    checked = max([r.checked for r in [*numbers, *topics_of(site, theme_id)]], default=None)
    meta = {
        "title": ctx.plain(theme["title"]),
        "description": ctx.plain(theme["summary"]),
        "kind": "theme",
        "record": theme_id,
        "source": "data/emergency/" if numbers else "data/themes.yml",
        "checked": checked,
        "sensitive": False,
        "search_terms": search_words(numbers, lang),
    }
    brochure = None
    if brochures:
        brochure = "../" + brochure_file(theme_brochure(theme_id))
    return make_page(env, "theme.md.j2", ctx, index_page(theme_id), meta,
                 theme=theme, topics=topics_of(site, theme_id), numbers=numbers, brochure=brochure,
                 journeys=journeys.of_theme(site, theme_id), journey_folder=JOURNEYS)
