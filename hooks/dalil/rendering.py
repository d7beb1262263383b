"""Render step: validated records -> one Markdown page per record and language.

Pure functions with no MkDocs import, used by `pipeline` (on_config) and by the golden tests.
Markup lives in the Jinja templates of `templates/`; this module only prepares what they
need. Each translatable field falls back to French on its own: the French text is wrapped in
`lang="fr" dir="ltr"` and the page is marked `fallback`, so the theme shows a notice instead
of passing French off as Arabic or English.

Text from data is untrusted. The templates are autoescaped and their `finalize` escapes every
value that is not already `Markup` (`editor_text.escape`: tags, entities, quotes and the braces
of attribute lists), so a template cannot forget; the helpers of `Context` return `Markup`.
Page titles and descriptions go to the theme as escaped text (`meta_text`): the theme prints
them inside attributes and `<title>` as they are.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import yaml
from babel.dates import format_date, get_day_names, get_month_names
from markupsafe import Markup

from . import journeys, phones
from .editor_text import escape, meta_text, one_line
from .validation import LANGS, Record, SiteData

TEMPLATES = Path(__file__).parent / "templates"
BABEL_LOCALES = {"fr": "fr_MA", "ar": "ar_MA", "en": "en_GB"}  # en_GB: "29 November 2026"
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DIRECTORY = "annuaire"
OPEN_DATA = "donnees"
# The end of a sentence: . ! ? or ؟ followed by a letter (so "n° 13" or "no. 13" does not end one).
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+(?=[^\W\d_])")


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


@dataclass
class Context:
    """What a template needs for one language; records which fields fell back to French."""

    lang: str
    site: SiteData
    fallbacks: list[str] = field(default_factory=list)

    @property
    def colon(self) -> str:
        """" :" in French typography, ":" in English and Arabic."""
        return " :" if self.lang == "fr" else ":"

    @property
    def semicolon(self) -> str:
        return {"fr": " ; ", "ar": "؛ "}.get(self.lang, "; ")

    @property
    def comma(self) -> str:
        """Separator of a list of names (cities…): the Arabic comma in Arabic."""
        return "، " if self.lang == "ar" else ", "

    def text_label(self, key: str, **values: object) -> str:
        """An interface label as plain text, its {placeholders} filled with `values`."""
        text = self.site.labels[key][self.lang]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def label(self, key: str, **values: object) -> Markup:
        """An interface label for a page, escaped like any data text."""
        return escape(self.text_label(key, **values))

    def t(self, text: dict | None) -> Markup:
        """Inline text in the page language, escaped; French marked as such when it stands in."""
        if not text:
            return Markup("")
        if self.lang in text:
            return escape(text[self.lang])
        self.fallbacks.append(text["fr"][:40])
        return Markup('<span lang="fr" dir="ltr">{}</span>').format(escape(text["fr"]))

    def lead(self, text: dict | None) -> Markup:
        """The first sentence of a text (inline, as t()): what a list shows of an organisation."""
        if not text:
            return ""
        return self.t({lang: SENTENCE_END.split(value.strip(), maxsplit=1)[0] for lang, value in text.items()})

    def block(self, text: dict | None) -> Markup:
        """Markdown block in the page language (escaped); a French fallback is wrapped in a div."""
        if not text:
            return Markup("")
        if self.lang in text:
            return escape(text[self.lang])
        self.fallbacks.append(text["fr"][:40])
        return Markup('<div lang="fr" dir="ltr" markdown>\n\n{}\n\n</div>').format(escape(text["fr"]))

    def plain(self, text: dict | None) -> str:
        """Single-line plain text (titles, descriptions, sorting): Markdown reduced to its words. Not escaped."""
        if not text:
            return ""
        return one_line(text.get(self.lang, text["fr"]))

    def date(self, iso: str) -> str:
        """A long date; in Arabic the Moroccan month name is followed by the Mashriq one where they
        differ ("28 نونبر (نوفمبر) 2026"): Syrian, Yemeni or Sudanese readers may not know «نونبر»."""
        day = dt.date.fromisoformat(iso)
        text = format_date(day, format="long", locale=BABEL_LOCALES[self.lang])
        if self.lang == "ar":
            moroccan, mashriq = (get_month_names("wide", locale=locale)[day.month] for locale in ("ar_MA", "ar"))
            if moroccan != mashriq and moroccan in text:
                text = text.replace(moroccan, f"{moroccan} ({mashriq})", 1)
        return text

    def day_names(self, days: list[str]) -> str:
        names = get_day_names("wide", locale=BABEL_LOCALES[self.lang])
        indexes = [DAYS.index(d) for d in days]
        if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
            return f"{names[indexes[0]]} – {names[indexes[-1]]}"
        return self.comma.join(names[i] for i in indexes)

    def period(self, start: str | None, end: str | None) -> str:
        """« du 1 mars 2026 au 30 mars 2026 » for seasonal hours (e.g. Ramadan)."""
        words = {"fr": ("du", "au"), "ar": ("من", "إلى"), "en": ("from", "to")}[self.lang]
        parts = ([f"{words[0]} {self.date(start)}"] if start else []) + ([f"{words[1]} {self.date(end)}"] if end else [])
        return " ".join(parts)

    def phone(self, number: str) -> Markup:
        return Markup('<a class="dalil-tel" href="{}" dir="ltr">{}</a>').format(escape(phones.tel_uri(number)), escape(phones.display_number(number)))

    def whatsapp(self, number: str) -> Markup:
        return Markup('<a class="dalil-whatsapp" href="{}" dir="ltr">WhatsApp {}</a>').format(escape(phones.whatsapp_uri(number)), escape(phones.display_number(number)))

    def contact(self, contact: dict[str, str] | None) -> Markup:
        """What a directory list shows to reach an organisation: its number as a link, or that there is none yet."""
        if not contact:
            return Markup('<span class="dalil-no-contact">{}</span>').format(self.label("no_verified_number"))
        return self.whatsapp(contact["number"]) if contact["type"] == "whatsapp" else self.phone(contact["number"])

    def ltr(self, value: str) -> Markup:
        return Markup('<span dir="ltr">{}</span>').format(escape(value))

    def map_links(self, location: dict) -> dict[str, str] | None:
        """geo: link for the phone's map app and an OpenStreetMap link, from coordinates or the address."""
        if "latitude" in location and "longitude" in location:
            lat, lon = location["latitude"], location["longitude"]
            return {"geo": f"geo:{lat},{lon}", "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"}
        if not location.get("address") or location["city"] == "national":
            return None
        query = quote(f"{location['address']}, {self.site.cities[location['city']]['name']['fr']}, Maroc")
        return {"geo": f"geo:0,0?q={query}", "osm": f"https://www.openstreetmap.org/search?query={query}"}

    def city(self, city_id: str) -> Markup:
        return self.t(self.site.cities[city_id]["name"])

    def language_name(self, code: str) -> str:
        return self.site.languages[code]["name"][self.lang]


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
            if topic.kind == "topic" and topic.get("theme") in published_themes(site):
                pages.append(render_expired(env, site, topic, lang))
        for theme_id in published_themes(site):
            pages.append(render_theme(env, site, theme_id, lang, brochures=brochures))
        pages.extend(render_directory(env, site, lang, brochures=brochures))
    return pages


def published_themes(site: SiteData) -> list[str]:
    """Themes with something to show, in menu order: urgences always, others when they hold topics."""
    used = {t.get("theme") for t in site.topics.values()}
    themes = [t for t in site.themes.values() if t["id"] in used or t["id"] == "urgences"]
    return [t["id"] for t in sorted(themes, key=lambda t: (t.get("order", 100), t["id"]))]


def topics_of(site: SiteData, theme_id: str) -> list[Record]:
    topics = [t for t in site.topics.values() if t.get("theme") == theme_id]
    return sorted(topics, key=lambda t: (t.get("order", 100), t.id))


def _page(env: jinja2.Environment, template: str, ctx: Context, path: str, meta: dict, **values: Any) -> RenderedPage:
    body = env.get_template(template).render(ctx=ctx, **values)
    meta = {"title": meta_text(meta.pop("title"), ctx.lang), "description": meta_text(meta.pop("description"), ctx.lang),
            "dalil": {**meta, "fallback": bool(ctx.fallbacks)}}
    return RenderedPage(ctx.lang, path, meta, body)


def search_words(records: list[Record], lang: str) -> str:
    """The words people type to find these records (their `search_terms` in one language), each
    word once, space-separated: the theme puts them in the page's Pagefind metadata, never shown."""
    words: dict[str, str] = {}
    for record in records:
        for phrase in (record.get("search_terms") or {}).get(lang, []):
            for word in phrase.split():
                words.setdefault(word.casefold(), word)
    return " ".join(words.values())


def render_topic(env: jinja2.Environment, site: SiteData, topic: Record, lang: str) -> RenderedPage:
    ctx = Context(lang, site)
    orgs = [site.organisations[o] for o in topic.get("organisations", []) if o in site.organisations]
    related = [site.topics[t] for t in topic.get("related", []) if t in site.topics]
    meta = {
        "title": ctx.plain(topic.get("title")),
        "description": ctx.plain(topic.get("summary")),
        "kind": "topic",
        "record": topic.id,
        "source": topic.path,
        "checked": topic.get("checked"),
        "sensitive": bool(topic.get("sensitive")),
        "search_terms": search_words([topic], lang),
    }
    return _page(env, "topic.md.j2", ctx, f"{topic.get('theme')}/{topic.id}.md", meta,
                 topic=topic, orgs=orgs, related=related, directory=DIRECTORY,
                 places=journeys.places(site, topic.id), journey_folder=journeys.PAGE_FOLDER)


def render_expired(env: jinja2.Environment, site: SiteData, topic: Record, lang: str) -> RenderedPage:
    """What stays at the address of a time-bound page after its validity: a notice, never a 404."""
    ctx = Context(lang, site)
    meta = {"title": ctx.plain(topic.get("title")), "description": ctx.text_label("expired_title"), "kind": "expired",
            "record": topic.id, "source": topic.path, "checked": topic.get("checked"), "sensitive": False}
    return _page(env, "expired.md.j2", ctx, f"{topic.get('theme')}/{topic.id}.md", meta, topic=topic, theme=site.themes[topic.get("theme")])


def render_organisation(env: jinja2.Environment, site: SiteData, org: Record, lang: str) -> RenderedPage:
    ctx = Context(lang, site)
    topics = sorted((t for t in site.topics.values() if org.id in t.get("organisations", [])), key=lambda t: t.id)
    meta = {
        "title": ctx.plain(org.get("name")),
        "description": ctx.plain(org.get("description")),
        "kind": "organisation",
        "record": org.id,
        "source": org.path,
        "checked": org.get("checked"),
        "sensitive": False,
        "search_terms": search_words([org], lang),
    }
    card = bool(org.get("phones") or any(loc.get("phones") for loc in org.get("locations")))  # the numbers of vcard.card_phones
    return _page(env, "organisation.md.j2", ctx, f"{DIRECTORY}/{org.id}.md", meta, org=org, topics=topics, card=card)


def render_theme(env: jinja2.Environment, site: SiteData, theme_id: str, lang: str, *, brochures: bool = False) -> RenderedPage:
    ctx = Context(lang, site)
    theme = site.themes[theme_id]
    numbers = sorted(site.emergency.values(), key=lambda r: (r.get("order", 100), r.id)) if theme_id == "urgences" else []
    checked = max([r.get("checked") for r in numbers + topics_of(site, theme_id)], default=None)
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
        brochure = "../brochures/urgences-a5.pdf" if theme_id == "urgences" else f"../brochures/theme-{theme_id}.pdf"
    return _page(env, "theme.md.j2", ctx, f"{theme_id}/index.md", meta,
                 theme=theme, topics=topics_of(site, theme_id), numbers=numbers, brochure=brochure,
                 journeys=journeys.of_theme(site, theme_id), journey_folder=journeys.PAGE_FOLDER)


def first_contact(org: Record) -> dict[str, str] | None:
    """The number a directory list shows for an organisation: its first number to call, else its
    first WhatsApp (the organisation's own, then its places', then its services'); None without either."""
    numbers = [phone for where in [org.data] + org.get("locations") + org.get("services", []) for phone in where.get("phones", [])]
    for kind in ("voice", "whatsapp"):
        for phone in numbers:
            if phone.get("type", "voice") == kind:
                return {"type": kind, "number": phone["number"]}
    return None


def contact_json(contact: dict[str, str] | None) -> dict[str, Any] | None:
    """The same contact for the directory's filters (dalil.js builds the link from it)."""
    if not contact:
        return None
    whatsapp = contact["type"] == "whatsapp"
    href = phones.whatsapp_uri(contact["number"]) if whatsapp else phones.tel_uri(contact["number"])
    return {"href": href, "text": phones.display_number(contact["number"]), "whatsapp": whatsapp}


def directory_entry(org: Record) -> dict[str, Any]:
    """What the directory lists and filters on for one organisation."""
    languages = set(org.get("languages", []))
    for where in [org.data] + org.get("locations") + org.get("services", []):
        for phone in where.get("phones", []):
            languages |= set(phone.get("languages", []))
    for service in org.get("services", []):
        languages |= set(service.get("languages", []))
    hours = [{key: slot[key] for key in ("byday", "opens_at", "closes_at", "valid_from", "valid_to") if key in slot}
             for location in org.get("locations") for slot in location.get("hours", [])]
    return {
        "org": org,
        "cities": sorted({loc["city"] for loc in org.get("locations")}),
        "themes": sorted(org.get("themes")),
        "languages": sorted(languages),
        "free": any(service.get("free") for service in org.get("services", [])),
        "hours": hours,
        "contact": first_contact(org),
    }


def directory_entries(site: SiteData, lang: str) -> list[dict[str, Any]]:
    ctx = Context(lang, site)
    entries = [directory_entry(org) for org in site.organisations.values() if org.get("status", "active") != "closed"]
    # Organisations one can call or write to first, each group in alphabetical order.
    return sorted(entries, key=lambda e: (e["contact"] is None, ctx.plain(e["org"].get("name")).casefold()))


def national_lines(site: SiteData) -> dict[str, list[Record]]:
    """What every city page of the directory opens with: the numbers of the organisations and the
    emergency lines marked `city_pages: true` (one fact, one place: the records themselves)."""
    orgs = sorted((o for o in site.organisations.values() if o.get("city_pages")), key=lambda o: o.id)
    numbers = sorted((r for r in site.emergency.values() if r.get("city_pages")), key=lambda r: (r.get("order", 100), r.id))
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
            "source": "data/organisations/", "checked": max([o.get("checked") for o in site.organisations.values()], default=None),
            "sensitive": False}


def render_directory(env: jinja2.Environment, site: SiteData, lang: str, *, brochures: bool = False) -> list[RenderedPage]:
    """The directory index, and one page per city, theme, language spoken and city × language."""
    ctx = Context(lang, site)
    entries = directory_entries(site, lang)
    city_links = sorted(_counts(entries, "cities"), key=lambda item: (item[0] != "national", site.cities[item[0]]["name"]["fr"]))
    pages = [_page(env, "directory.md.j2", ctx, f"{DIRECTORY}/index.md", _directory_meta(ctx, site, ctx.text_label("directory_title"), DIRECTORY),
                   city_links=city_links, theme_links=_counts(entries, "themes"), language_links=_counts(entries, "languages"),
                   hours_known=sum(1 for e in entries if e["hours"]))]

    def listing(path: str, title: str, chosen: list[dict], depth: int, **extra: Any) -> RenderedPage:
        page_ctx = Context(lang, site)
        values = {"title": title, "entries": chosen, "prefix": "../" * depth, "back": "../" * depth + "index.md",
                  "sublinks": [], "sublink_prefix": "", "brochure": None, "national": None,
                  "lines": None, "needs": None, "national_entries": []} | extra
        return _page(env, "directory_list.md.j2", page_ctx, f"{DIRECTORY}/{path}.md", _directory_meta(page_ctx, site, title, path), **values)

    for city, _count in city_links:
        in_city = [e for e in entries if city in e["cities"]]
        name = ctx.plain(site.cities[city]["name"])
        brochure = f"../../brochures/ville-{city}.pdf" if brochures and city != "national" else None
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
    bar = sorted((r for r in site.emergency.values() if r.get("bar")), key=lambda r: (r.get("order", 100), r.id))
    return [{"number": r.get("number"), "tel": phones.tel_uri(r.get("number")), "name": ctx.plain(r.get("short_name"))} for r in bar]


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


def language_prefix(lang: str) -> str:
    """Path prefix of a language: "" for French (the default, at the root), "ar/" and "en/"."""
    return "" if lang == LANGS[0] else f"{lang}/"


def language_root(site_url: str, lang: str) -> str:
    """Public root address of a language: the French site at site_url, the others below it."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + language_prefix(lang)


def render_open_data(site: SiteData, lang: str, sizes: dict[str, int]) -> RenderedPage:
    """The "Open data" page: the directory as Open Referral HSDS 3.0, with licence and schema."""
    env = environment()
    ctx = Context(lang, site)
    files = [{"name": name.split("/", 1)[1], "link": name.split("/", 1)[1], "size": f"{max(1, round(size / 1024))}"}
             for name, size in sorted(sizes.items())]
    meta = {"title": ctx.text_label("open_data_title"), "description": ctx.text_label("open_data_intro"), "kind": "open-data",
            "record": OPEN_DATA, "source": "data/organisations/",
            "checked": max([o.get("checked") for o in site.organisations.values()], default=None), "sensitive": False}
    return _page(env, "open_data.md.j2", ctx, f"{OPEN_DATA}/index.md", meta, files=files, count=len(site.organisations))


def render_search(site: SiteData, lang: str) -> RenderedPage:
    """The search page of a language: its script (dalil-search.js, which imports Pagefind) is
    fetched by dalil.js only when the reader searches."""
    env = environment()
    ctx = Context(lang, site)
    depth = 1 + language_prefix(lang).count("/")
    themes = [site.themes[t] for t in published_themes(site)]
    meta = {"title": ctx.text_label("search_title"), "description": ctx.text_label("search_label"), "kind": "search",
            "record": "recherche", "source": "hooks/dalil/templates/search.md.j2", "checked": None, "sensitive": False,
            "exit": True}  # results can name any page: the quick-exit control is there
    return _page(env, "search.md.j2", ctx, "recherche/index.md", meta, pagefind="../" * depth + "pagefind/pagefind.js",
                 search_script="../" * depth + "assets/dalil-search.js", themes=themes, bar=emergency_bar(site, lang))


def render_brochure_list(site: SiteData, lang: str, infos: list) -> RenderedPage:
    """The page listing every printable PDF of a language, with its size and page count."""
    env = environment()
    ctx = Context(lang, site)
    mine = sorted((i for i in infos if i.lang == lang), key=lambda i: ({"emergency": 0, "theme": 1, "journey": 2, "city": 3}[i.kind], i.title))
    items = [{"title": info.title, "file": info.path.split("/", 2)[2], "pages": info.pages, "size": max(1, round(info.size / 1024))} for info in mine]
    checked = max(r.get("checked") for r in site.records())
    title = ctx.text_label("brochures_title")
    meta = {"title": title, "description": ctx.text_label("brochures_intro"), "kind": "brochures", "record": "brochures",
            "source": "hooks/dalil/brochures.py", "checked": checked, "sensitive": False}
    return _page(env, "brochures.md.j2", ctx, "brochures/index.md", meta, items=items, checked=checked, title=title)


def directory_index_json(site: SiteData, lang: str) -> bytes:
    """What the directory's filters load on first use: one small entry per organisation.

    The index page itself stays the same size whatever the number of organisations.
    """
    ctx = Context(lang, site)
    rows = [{"url": f"{e['org'].id}/", "name": ctx.plain(e["org"].get("name")), "alt": e["org"].get("alternate_name", ""),
             "cities": e["cities"], "city_names": [ctx.plain(site.cities[c]["name"]) for c in e["cities"]],
             "themes": e["themes"], "languages": e["languages"], "free": e["free"], "hours": e["hours"],
             "contact": contact_json(e["contact"])}
            for e in directory_entries(site, lang)]
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
