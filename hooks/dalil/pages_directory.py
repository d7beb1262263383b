"""Page renderers for the directory: its index, the lists by city, theme and language spoken, and
the small index its filters load (entries.json).

Called by `rendering.render_site` and by `pipeline` (entries.json); pure functions of the validated data.
"""

from __future__ import annotations

import json
from typing import Any

import jinja2

from . import phones
from .model import Emergency, Organisation, Phone, SiteData
from .templating import RenderedPage, make_page
from .text import Context
from .urls import (
    DIRECTORY,
    brochure_file,
    city_brochure,
    directory_page,
)


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
    pages = [make_page(env, "directory.md.j2", ctx, directory_page("index"), _directory_meta(ctx, site, ctx.text_label("directory_title"), DIRECTORY),
                   city_links=city_links, theme_links=_counts(entries, "themes"), language_links=_counts(entries, "languages"),
                   hours_known=sum(1 for e in entries if e["hours"]))]

    def listing(path: str, title: str, chosen: list[dict], depth: int, **extra: Any) -> RenderedPage:
        page_ctx = Context(lang, site)
        values = {"title": title, "entries": chosen, "prefix": "../" * depth, "back": "../" * depth + "index.md",
                  "sublinks": [], "sublink_prefix": "", "brochure": None, "national": None,
                  "lines": None, "needs": None, "national_entries": []} | extra
        return make_page(env, "directory_list.md.j2", page_ctx, directory_page(path), _directory_meta(page_ctx, site, title, path), **values)

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
