"""Render step: validated records -> one Markdown page per record and language.

Pure functions with no MkDocs import, used by `pipeline` (on_config) and by the golden tests.
Markup lives in the Jinja templates of `templates/`; this module only prepares what they
need. Each translatable field falls back to French on its own: the French text is wrapped in
`lang="fr" dir="ltr"` and the page is marked `fallback`, so the theme shows a notice instead
of passing French off as Arabic or English.

Text from data is untrusted. The templates are autoescaped and their `finalize` escapes every
value that is not already `Markup` (`editor_text.escape`: tags, entities, quotes and the braces
of attribute lists), so a template cannot forget; the helpers of `text.Context` and the macros of
`_macros.md.j2` (call and chat links) return `Markup`.
Page titles and descriptions go to the theme as escaped text (`meta_text`): the theme prints
them inside attributes and `<title>` as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from . import phones
from .editor_text import escape, meta_text
from .model import LANGS, Emergency, Organisation, Phone, SiteData, Topic
from .text import Context
from .urls import (
    BROCHURES,
    DIRECTORY,
    EMERGENCY,
    OPEN_DATA,
    SEARCH,
    brochure_file,
    city_brochure,
    directory_page,
    index_page,
    language_prefix,
    map_links,
    organisation_page,
    theme_brochure,
    topic_page,
)

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class RenderedPage:
    """A Markdown page for one language, at a path relative to that language's folder."""

    lang: str
    path: str  # e.g. asile/demander-l-asile.md
    meta: dict[str, Any]
    body: str

    def text(self) -> str:
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=True, width=1000)
        return f"---\n{front}---\n\n{self.body.strip()}\n"


def _finalize(value: Any) -> Any:
    """Every value a template prints is escaped unless a helper already made it Markup."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape(value)
    return value


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # The output is Markdown with some HTML: values are escaped by _finalize (which also
        # escapes the braces of attribute lists), helpers return Markup.
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading anchors are written {#id}: Jinja comments use {## … ##} instead.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["indent4"] = lambda text: escape(text).replace("\n", "\n    ")
    env.filters["md"] = escape
    env.filters["attr"] = escape
    env.filters["tel_uri"] = phones.tel_uri  # the call and chat links: macros of _macros.md.j2
    env.filters["whatsapp_uri"] = phones.whatsapp_uri
    env.filters["display_number"] = phones.display_number
    env.globals["map_links"] = map_links
    return env


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
    return pages


def published_themes(site: SiteData) -> list[str]:
    """Themes with something to show, in menu order: urgences always, others when they hold topics."""
    used = {t.theme for t in site.topics.values()}
    themes = [t for t in site.themes.values() if t["id"] in used or t["id"] == EMERGENCY]
    return [t["id"] for t in sorted(themes, key=lambda t: (t.get("order", 100), t["id"]))]


def topics_of(site: SiteData, theme_id: str) -> list[Topic]:
    topics = [t for t in site.topics.values() if t.theme == theme_id]
    return sorted(topics, key=lambda t: (t.order, t.id))


def _page(env: jinja2.Environment, template: str, ctx: Context, path: str, meta: dict, **values: Any) -> RenderedPage:
    body = env.get_template(template).render(ctx=ctx, **values)
    meta = {"title": meta_text(meta.pop("title"), ctx.lang), "description": meta_text(meta.pop("description"), ctx.lang),
            "dalil": {**meta, "fallback": bool(ctx.fallbacks)}}
    return RenderedPage(ctx.lang, path, meta, body)


def search_words(records: list[Topic] | list[Organisation] | list[Emergency], lang: str) -> str:
    """The words people type to find these records (their `search_terms` in one language), each
    word once, space-separated: the theme puts them in the page's Pagefind metadata, never shown."""
    words: dict[str, str] = {}
    for record in records:
        for phrase in record.search_terms.get(lang, []):
            for word in phrase.split():
                words.setdefault(word.casefold(), word)
    return " ".join(words.values())


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
    return _page(env, "topic.md.j2", ctx, topic_page(topic.theme, topic.id), meta,
                 topic=topic, orgs=orgs, related=related, directory=DIRECTORY)


def render_expired(env: jinja2.Environment, site: SiteData, topic: Topic, lang: str) -> RenderedPage:
    """What stays at the address of a time-bound page after its validity: a notice, never a 404."""
    ctx = Context(lang, site)
    meta = {"title": ctx.plain(topic.title), "description": ctx.text_label("expired_title"), "kind": "expired",
            "record": topic.id, "source": topic.path, "checked": topic.checked, "sensitive": False}
    return _page(env, "expired.md.j2", ctx, topic_page(topic.theme, topic.id), meta, topic=topic, theme=site.themes[topic.theme])


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
    return _page(env, "organisation.md.j2", ctx, organisation_page(org.id), meta, org=org, topics=topics, card=card)


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
    return _page(env, "theme.md.j2", ctx, index_page(theme_id), meta,
                 theme=theme, topics=topics_of(site, theme_id), numbers=numbers, brochure=brochure)


def first_contact(org: Organisation) -> Phone | None:
    """The number a directory list shows for an organisation: its first number to call, else its
    first WhatsApp (the organisation's own, then its places'); None without either."""
    for kind in ("voice", "whatsapp"):
        for phone in org.all_phones:
            if phone.type == kind:
                return phone
    return None


def contact_json(phone: Phone | None) -> dict[str, Any] | None:
    """The same contact for the directory's filters (dalil.js builds the link from it)."""
    if not phone:
        return None
    whatsapp = phone.type == "whatsapp"
    href = phones.whatsapp_uri(phone.number) if whatsapp else phones.tel_uri(phone.number)
    return {"href": href, "text": phones.display_number(phone.number), "whatsapp": whatsapp}


def directory_entry(org: Organisation) -> dict[str, Any]:
    """What the directory lists and filters on for one organisation."""
    languages = set(org.languages)
    for phone in org.all_phones:
        languages |= set(phone.languages)
    for service in org.services:
        languages |= set(service.languages)
    hours = [{key: value for key, value in slot.as_dict().items() if key != "description"}
             for location in org.locations for slot in location.hours]
    return {
        "org": org,
        "cities": org.cities,
        "themes": sorted(org.themes),
        "languages": sorted(languages),
        "free": any(service.free for service in org.services),
        "hours": hours,
        "contact": first_contact(org),
    }


def directory_entries(site: SiteData, lang: str) -> list[dict[str, Any]]:
    ctx = Context(lang, site)
    entries = [directory_entry(org) for org in site.organisations.values() if not org.closed]
    # Organisations one can call or write to first, each group in alphabetical order.
    return sorted(entries, key=lambda e: (e["contact"] is None, ctx.plain(e["org"].name).casefold()))


def national_lines(site: SiteData) -> dict[str, list[Organisation] | list[Emergency]]:
    """What every city page of the directory opens with: the numbers of the organisations and the
    emergency lines marked `city_pages: true` (one fact, one place: the records themselves)."""
    orgs = sorted((o for o in site.organisations.values() if o.city_pages), key=lambda o: o.id)
    numbers = sorted((r for r in site.emergency.values() if r.city_pages), key=lambda r: (r.order, r.id))
    return {"orgs": orgs, "numbers": numbers}


def needs_of(site: SiteData, entries: list[dict]) -> list[tuple[str, list[dict]]]:
    """Entries grouped by theme (what people need), in menu order; an organisation appears under each of its themes."""
    order = {theme_id: (theme.get("order", 100), theme_id) for theme_id, theme in site.themes.items()}
    themes = sorted({t for e in entries for t in e["themes"]}, key=lambda t: order.get(t, (100, t)))
    return [(theme, [e for e in entries if theme in e["themes"]]) for theme in themes]


def _counts(entries: list[dict], key: str) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for entry in entries:
        for value in entry[key]:
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts.items())


def _directory_meta(ctx: Context, site: SiteData, title: str, record: str) -> dict[str, Any]:
    return {"title": title, "description": ctx.text_label("directory_summary"), "kind": "directory", "record": record,
            "source": "data/organisations/", "checked": max([o.checked for o in site.organisations.values()], default=None),
            "sensitive": False}


def render_directory(env: jinja2.Environment, site: SiteData, lang: str, *, brochures: bool = False) -> list[RenderedPage]:
    """The directory index, and one page per city, theme, language spoken and city × language."""
    ctx = Context(lang, site)
    entries = directory_entries(site, lang)
    city_links = sorted(_counts(entries, "cities"), key=lambda item: (item[0] != "national", site.cities[item[0]]["name"]["fr"]))
    pages = [_page(env, "directory.md.j2", ctx, directory_page("index"), _directory_meta(ctx, site, ctx.text_label("directory_title"), DIRECTORY),
                   city_links=city_links, theme_links=_counts(entries, "themes"), language_links=_counts(entries, "languages"),
                   hours_known=sum(1 for e in entries if e["hours"]))]

    def listing(path: str, title: str, chosen: list[dict], depth: int, **extra: Any) -> RenderedPage:
        page_ctx = Context(lang, site)
        values = {"title": title, "entries": chosen, "prefix": "../" * depth, "back": "../" * depth + "index.md",
                  "sublinks": [], "sublink_prefix": "", "brochure": None, "national": None,
                  "lines": None, "needs": None, "national_entries": []} | extra
        return _page(env, "directory_list.md.j2", page_ctx, directory_page(path), _directory_meta(page_ctx, site, title, path), **values)

    for city, _count in city_links:
        in_city = [e for e in entries if city in e["cities"]]
        name = ctx.plain(site.cities[city]["name"])
        brochure = "../../" + brochure_file(city_brochure(city)) if brochures and city != "national" else None
        national = "national.md" if city != "national" and any(c == "national" for c, _n in city_links) else None
        title = ctx.text_label("national_page_title") if city == "national" else ctx.text_label("city_page_title", city=name)
        city_page: dict[str, Any] = {}
        if city != "national":
            # A city page: the national lines, the organisations of the city by need, then the nationwide ones.
            city_page = {"lines": national_lines(site), "needs": needs_of(site, in_city),
                         "national_entries": [e for e in entries if "national" in e["cities"] and city not in e["cities"]]}
        pages.append(listing(f"ville/{city}", title, in_city, 1,
                             sublinks=_counts(in_city, "languages"), sublink_prefix=f"{city}/langue/", brochure=brochure,
                             national=national, **city_page))
        for code, _n in _counts(in_city, "languages"):
            title = ctx.text_label("city_language_title", city=name, language=ctx.language_name(code))
            pages.append(listing(f"ville/{city}/langue/{code}", title, [e for e in in_city if code in e["languages"]], 3))
    for theme, _count in _counts(entries, "themes"):
        title = ctx.text_label("theme_page_title", theme=ctx.plain(site.themes[theme]["title"]))
        pages.append(listing(f"theme/{theme}", title, [e for e in entries if theme in e["themes"]], 1))
    for code, _count in _counts(entries, "languages"):
        title = ctx.text_label("language_page_title", language=ctx.language_name(code))
        pages.append(listing(f"langue/{code}", title, [e for e in entries if code in e["languages"]], 1))
    return pages


def emergency_bar(site: SiteData, lang: str) -> list[dict[str, str]]:
    """The numbers shown on top of every page, for the theme template."""
    ctx = Context(lang, site)
    bar = sorted((r for r in site.emergency.values() if r.bar), key=lambda r: (r.order, r.id))
    return [{"number": r.number, "tel": phones.tel_uri(r.number), "name": ctx.plain(r.short_name)} for r in bar]


def render_translation_status(site: SiteData, rows: list, lang: str) -> RenderedPage:
    """The contributors' page "état des traductions", from translation_status.status_rows()."""
    env = environment()
    ctx = Context(lang, site)
    linked = [{"title": row.title, "status": row.status, "link": "../" + row.page} for row in rows]
    meta = {"title": ctx.text_label("translations_title"), "description": ctx.text_label("translations_intro"), "kind": "report",
            "record": "traductions", "source": "data/translations.yml", "checked": None, "sensitive": False}
    done = sum(1 for row in rows if set(row.status.values()) == {"ok"})
    page = _page(env, "translations.md.j2", ctx, "contribuer/traductions.md", meta, rows=linked, done=done, total=len(rows))
    page.meta["dalil"]["fallback"] = False  # French titles of untranslated pages are marked, the page itself is translated
    return page


def render_open_data(site: SiteData, lang: str, sizes: dict[str, int]) -> RenderedPage:
    """The "Open data" page: the directory as Open Referral HSDS 3.0, with licence and schema."""
    env = environment()
    ctx = Context(lang, site)
    files = [{"name": name.split("/", 1)[1], "link": name.split("/", 1)[1], "size": f"{max(1, round(size / 1024))}"}
             for name, size in sorted(sizes.items())]
    meta = {"title": ctx.text_label("open_data_title"), "description": ctx.text_label("open_data_intro"), "kind": "open-data",
            "record": OPEN_DATA, "source": "data/organisations/",
            "checked": max([o.checked for o in site.organisations.values()], default=None), "sensitive": False}
    return _page(env, "open_data.md.j2", ctx, index_page(OPEN_DATA), meta, files=files, count=len(site.organisations))


def render_search(site: SiteData, lang: str) -> RenderedPage:
    """The search page of a language: its script (dalil-search.js, which imports Pagefind) is
    fetched by dalil.js only when the reader searches."""
    env = environment()
    ctx = Context(lang, site)
    depth = 1 + language_prefix(lang).count("/")
    themes = [site.themes[t] for t in published_themes(site)]
    meta = {"title": ctx.text_label("search_title"), "description": ctx.text_label("search_label"), "kind": "search",
            "record": SEARCH, "source": "hooks/dalil/templates/search.md.j2", "checked": None, "sensitive": False,
            "exit": True}  # results can name any page: the quick-exit control is there
    return _page(env, "search.md.j2", ctx, index_page(SEARCH), meta, pagefind="../" * depth + "pagefind/pagefind.js",
                 search_script="../" * depth + "assets/dalil-search.js", themes=themes, bar=emergency_bar(site, lang))


def render_brochure_list(site: SiteData, lang: str, infos: list) -> RenderedPage:
    """The page listing every printable PDF of a language, with its size and page count."""
    env = environment()
    ctx = Context(lang, site)
    mine = sorted((i for i in infos if i.lang == lang), key=lambda i: ({"emergency": 0, "theme": 1, "city": 2}[i.kind], i.title))
    items = [{"title": info.title, "file": info.path.split("/", 2)[2], "pages": info.pages, "size": max(1, round(info.size / 1024))} for info in mine]
    checked = max(r.checked for r in site.records())
    title = ctx.text_label("brochures_title")
    meta = {"title": title, "description": ctx.text_label("brochures_intro"), "kind": "brochures", "record": BROCHURES,
            "source": "hooks/dalil/brochures.py", "checked": checked, "sensitive": False}
    return _page(env, "brochures.md.j2", ctx, brochure_file("index.md"), meta, items=items, checked=checked, title=title)


def directory_index_json(site: SiteData, lang: str) -> bytes:
    """What the directory's filters load on first use: one small entry per organisation.

    The index page itself stays the same size whatever the number of organisations.
    """
    ctx = Context(lang, site)
    rows = [{"url": f"{e['org'].id}/", "name": ctx.plain(e["org"].name), "alt": e["org"].alternate_name or "",
             "cities": e["cities"], "city_names": [ctx.plain(site.cities[c]["name"]) for c in e["cities"]],
             "themes": e["themes"], "languages": e["languages"], "free": e["free"], "hours": e["hours"],
             "contact": contact_json(e["contact"])}
            for e in directory_entries(site, lang)]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
