"""Page renderers for the site's own pages: search, open data, the brochures list, the translation
report; and the emergency bar every page carries (for the theme context).

Called by `pipeline` once per language (and `theme_context` for the bar).
"""

from __future__ import annotations

from . import phones
from .model import SiteData
from .selection import published_themes
from .templating import RenderedPage, environment, make_page
from .text import Context
from .urls import (
    BROCHURES,
    OPEN_DATA,
    SEARCH,
    brochure_file,
    index_page,
    language_prefix,
)


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
    page = make_page(env, "translations.md.j2", ctx, "contribuer/traductions.md", meta, rows=linked, done=done, total=len(rows))
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
    return make_page(env, "open_data.md.j2", ctx, index_page(OPEN_DATA), meta, files=files, count=len(site.organisations))



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
    return make_page(env, "search.md.j2", ctx, index_page(SEARCH), meta, pagefind="../" * depth + "pagefind/pagefind.js",
                 search_script="../" * depth + "assets/dalil-search.js", themes=themes, bar=emergency_bar(site, lang))



def render_brochure_list(site: SiteData, lang: str, infos: list) -> RenderedPage:
    """The page listing every printable PDF of a language, with its size and page count."""
    env = environment()
    ctx = Context(lang, site)
    mine = sorted((i for i in infos if i.lang == lang), key=lambda i: ({"emergency": 0, "theme": 1, "journey": 2, "city": 3}[i.kind], i.title))
    items = [{"title": info.title, "file": info.path.split("/", 2)[2], "pages": info.pages, "size": max(1, round(info.size / 1024))} for info in mine]
    checked = max(r.checked for r in site.records())
    title = ctx.text_label("brochures_title")
    meta = {"title": title, "description": ctx.text_label("brochures_intro"), "kind": "brochures", "record": BROCHURES,
            "source": "hooks/dalil/brochures.py", "checked": checked, "sensitive": False}
    return make_page(env, "brochures.md.j2", ctx, brochure_file("index.md"), meta, items=items, checked=checked, title=title)
