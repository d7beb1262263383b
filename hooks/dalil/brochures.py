"""Printable brochures: PDFs made from the same validated data as the pages.

For each language (fr, ar, en): one A4 brochure per theme that holds published topics, one A4
brochure per step-by-step journey (data/journeys/), one A4 contact sheet per city that has
organisations (not "national"), and one A5 emergency numbers
card. Each carries a QR code and a short printed address leading to the live page in the same
language, and the date its information was checked.

Called by the build (the lead's wiring in `pipeline` / `build_hooks`) and by the tests; no MkDocs
import. Markup lives in `templates/brochure/` (Jinja, autoescaped HTML) and the brochure-only
labels in `data/labels.yml`. WeasyPrint lays the HTML out with Pango/HarfBuzz
(Arabic shaping, right-to-left), with the fonts installed on the machine (Debian
fonts-noto-core) and no network: it may read `data:` URIs only. The output is byte-for-byte
reproducible: the PDF dates are the data's checked date, never the build's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from . import bidi, editor_text, journeys, phones
from .html_post import direction
from .model import LANGS, Emergency, Organisation, SiteData, Topic
from .selection import published_themes, topics_of
from .text import Context
from .urls import BROCHURES, EMERGENCY, city_brochure, city_path, journey_brochure, journey_path, section_path, theme_brochure

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcher

# WeasyPrint (Pango) and segno are imported only where a PDF is laid out or a QR code drawn:
# `make check` renders every brochure's HTML (`layout=False`) without them.

TEMPLATES = Path(__file__).parent / "templates"
BROCHURE_TEMPLATES = TEMPLATES / "brochure"
FOLDER = BROCHURES
STEPS_SHOWN = 3  # topics of a theme brochure whose steps are printed (the first ones that have steps)
SUMMARIES_SHOWN = 8  # topics of a theme brochure printed with their summary; the others by title only
# A theme brochure is one A4 sheet, printed on both sides. When a theme has grown too long for it, it
# is laid out again with less detail, in this order (steps shown, summaries shown), until it fits.
THEME_DETAIL = ((STEPS_SHOWN, SUMMARIES_SHOWN), (2, 8), (2, 6), (1, 6), (0, 6), (0, 4), (0, 2))
MAX_PAGES = {"theme": 2}
NATIONAL = "national"
EMERGENCY_THEME = EMERGENCY
CACHE_SIZE = 512
NO_QR = "data:,"  # stands in for the QR code when the HTML is only checked, not laid out
# PDF bytes and page count by digest of (HTML, CSS): a brochure whose HTML did not change is not
# laid out again, e.g. on every rebuild of `mkdocs serve` (hook modules stay loaded between builds).
_pdf_cache: dict[str, tuple[bytes, int]] = {}
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
# Runs that read left to right in every language: web addresses (2511.ma, https://…) and E.164
# phone numbers (made tel: links). In right-to-left brochures, the other runs (law 02-03,
# 2016–2017, 1 000, a Latin address) are found by `bidi.find_runs`, as on the web pages.
# Matched on HTML-escaped text.
LTR_RUN = re.compile(
    r"(?P<address>(?<![\w@/.-])(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}\b(?:/(?:[^\s<]*[^\s<.,;:!?)»])?)?)"
    r"|(?P<number>(?<![\w+])\+\d{6,15}\b)",
    re.IGNORECASE,
)


@dataclass
class BrochureInfo:
    """One generated PDF, for a listing page."""

    lang: str  # "fr" | "ar" | "en"
    kind: str  # "theme" | "journey" | "city" | "emergency"
    id: str  # theme id, journey id, city id, or "urgences"
    title: str  # plain text, in the brochure's language
    path: str  # relative to out_dir, e.g. "ar/brochures/theme-asile.pdf"
    pages: int
    size: int  # bytes


@dataclass
class Plan:
    """One brochure to make: its template and what the template needs."""

    lang: str
    kind: str
    id: str
    name: str  # file name, e.g. "theme-asile.pdf"
    template: str
    url: str  # live page the QR code leads to
    values: dict[str, Any]
    shorter: tuple[dict[str, Any], ...] = field(default=())  # the same with less detail, if it does not fit MAX_PAGES

    @property
    def path(self) -> str:
        return f"{self.lang}/{FOLDER}/{self.name}"


@dataclass
class PrintContext(Context):
    """The page Context (labels, typography, dates, fallbacks), for print: a data text becomes
    inline HTML (its links kept, Arabic runs isolated) instead of Markdown for MkDocs."""

    @property
    def dir(self) -> str:
        return direction(self.lang)

    def t(self, text: dict | None) -> Markup:
        """Data text in the brochure's language; French, marked as such, when it stands in."""
        if not text:
            return Markup("")
        if self.lang in text:
            return inline_html(text[self.lang], rtl=self.dir == "rtl")
        self.fallbacks.append(text["fr"][:40])
        return Markup('<span lang="fr" dir="ltr">{}</span>').format(inline_html(text["fr"]))


# ---- Public functions ----


def render_brochures(site: SiteData, *, base_urls: dict[str, str], out_dir: Path) -> list[BrochureInfo]:
    """Write every brochure under out_dir/<lang>/brochures/ and return what was written.

    Files whose bytes did not change are left alone; PDFs of brochures that no longer exist
    (a theme emptied, a city without organisations) are removed from those folders.
    """
    infos, files = render_brochure_files(site, base_urls=base_urls)
    for rel, content in files.items():
        write_if_changed(out_dir / rel, content)
    for lang in LANGS:
        for stale in sorted((out_dir / lang / FOLDER).glob("*.pdf")):
            if f"{lang}/{FOLDER}/{stale.name}" not in files:
                stale.unlink()
    return infos


def render_brochure_files(site: SiteData, *, base_urls: dict[str, str], layout: bool = True) -> tuple[list[BrochureInfo], dict[str, bytes]]:
    """Every brochure in memory: (infos, {"<lang>/brochures/<name>.pdf": PDF bytes}).

    `layout=False` (the editors' check): every brochure's HTML is rendered from the data, as for
    print, but neither laid out nor given its QR code; the "PDFs" are empty (0 pages, 0 bytes).
    """
    env = environment()
    css = (BROCHURE_TEMPLATES / "brochure.css").read_text(encoding="utf-8")
    infos: list[BrochureInfo] = []
    files: dict[str, bytes] = {}
    for plan in plan_brochures(site, base_urls=base_urls):
        for values in (plan.values, *plan.shorter) if layout else (plan.values,):
            html_text, title = render_html(env, site, replace(plan, values=values), qr=layout)
            pdf, pages = render_pdf(html_text, css) if layout else (b"", 0)
            if pages <= MAX_PAGES.get(plan.kind, pages):
                break
        files[plan.path] = pdf
        infos.append(BrochureInfo(plan.lang, plan.kind, plan.id, title, plan.path, pages, len(pdf)))
    return infos, files


def plan_brochures(site: SiteData, *, base_urls: dict[str, str]) -> list[Plan]:
    """What to print, in every language: themes with topics, cities with organisations, the card."""
    missing = [lang for lang in LANGS if lang not in base_urls]
    if missing:
        raise ValueError(f"base_urls needs a root URL for every language; missing: {', '.join(missing)}")
    numbers = emergency_numbers(site)
    plans: list[Plan] = []
    for lang in LANGS:
        base = base_urls[lang].rstrip("/") + "/"
        for theme_id in brochure_themes(site):
            topics = topics_of(site, theme_id)
            orgs = sort_by_name(site, theme_organisations(site, topics), lang)
            levels = [{"theme": site.themes[theme_id], "topics": topics[:summaries], "more": topics[summaries:],
                       "detailed": [t.id for t in topics[:summaries] if t.steps][:steps], "orgs": orgs,
                       "numbers": numbers, "checked": latest_checked(topics + orgs + numbers)} for steps, summaries in THEME_DETAIL]
            plans.append(Plan(lang, "theme", theme_id, theme_brochure(theme_id), "theme.html.j2",
                              base + section_path(theme_id), levels[0], tuple(levels[1:])))
        for journey in journeys.in_order(site):
            # Its own small PDF: the theme brochures keep their two pages.
            steps = journeys.steps_of(site, journey)
            topics = [topic for step in steps for topic in step.topics]
            values = {"journey": journey, "steps": steps, "numbers": numbers, "checked": latest_checked(topics + numbers)}
            plans.append(Plan(lang, "journey", journey.id, journey_brochure(journey.id), "journey.html.j2",
                              base + journey_path(journey.id), values))
        for city_id, orgs in brochure_cities(site):
            orgs = sort_by_name(site, orgs, lang)
            values = {"city_id": city_id, "orgs": orgs, "numbers": numbers, "checked": latest_checked(orgs + numbers)}
            plans.append(Plan(lang, "city", city_id, city_brochure(city_id), "city.html.j2",
                              base + city_path(city_id), values))
        situations = topics_of(site, EMERGENCY_THEME)
        values = {"theme": site.themes.get(EMERGENCY_THEME), "numbers": numbers, "situations": situations,
                  "checked": latest_checked(numbers)}  # the situations list only names pages
        plans.append(Plan(lang, "emergency", EMERGENCY_THEME, theme_brochure(EMERGENCY_THEME), "emergency.html.j2",
                          base + section_path(EMERGENCY), values))
    return plans


def render_pdf(html_text: str, css: str) -> tuple[bytes, int]:
    """(PDF bytes, page count) of one brochure's HTML, laid out once per distinct input."""
    import weasyprint

    key = hashlib.sha256(f"{weasyprint.__version__}\0{css}\0{html_text}".encode()).hexdigest()
    if key not in _pdf_cache:
        if len(_pdf_cache) >= CACHE_SIZE:
            _pdf_cache.clear()
        _pdf_cache[key] = layout_pdf(html_text, css)
    return _pdf_cache[key]


def layout_pdf(html_text: str, css: str) -> tuple[bytes, int]:
    """Lay the HTML out with WeasyPrint: the same input always gives the same bytes."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=css, url_fetcher=offline_fetcher())
    document = HTML(string=html_text, url_fetcher=offline_fetcher()).render(stylesheets=[stylesheet])
    return document.write_pdf(), len(document.pages)


def render_html(env: jinja2.Environment, site: SiteData, plan: Plan, *, qr: bool = True) -> tuple[str, str]:
    """(HTML of one brochure, its plain title); a second pass adds the notice if French stood in.
    `qr=False`: an empty image stands in for the QR code (no segno)."""
    ctx = PrintContext(plan.lang, site)
    title = brochure_title(ctx, plan)
    values = {**plan.values, "ctx": ctx, "title_text": title, "url": plan.url, "short_url": short_url(plan.url),
              "qr": qr_data_uri(plan.url) if qr else NO_QR, "partly_french": False}
    template = env.get_template(plan.template)
    html_text = template.render(values)
    if ctx.fallbacks:
        html_text = template.render({**values, "partly_french": True})
    return html_text, title


# ---- What goes in the brochures ----


def brochure_themes(site: SiteData) -> list[str]:
    """Themes holding published topics, in menu order (the emergency theme has its own card)."""
    # The emergency theme has its own brochure, the A5 card (numbers, and its situations on the back).
    return [theme_id for theme_id in published_themes(site) if topics_of(site, theme_id) and theme_id != EMERGENCY_THEME]


def brochure_cities(site: SiteData) -> list[tuple[str, list[Organisation]]]:
    """(city id, its open organisations) in the order of data/cities.yml."""
    by_city: dict[str, list[Organisation]] = {}
    for org in open_organisations(site):
        for city_id in org.cities:
            by_city.setdefault(city_id, []).append(org)
    return [(city_id, by_city[city_id]) for city_id in site.cities
            if city_id in by_city and city_id != NATIONAL and not site.country_of(city_id)]  # leaflets are handed out in Morocco


def theme_organisations(site: SiteData, topics: list[Topic]) -> list[Organisation]:
    """Organisations the theme's topics send people to (closed ones left out)."""
    ids = {org_id for topic in topics for org_id in topic.organisations}
    return [org for org in open_organisations(site) if org.id in ids]


def open_organisations(site: SiteData) -> list[Organisation]:
    """A closed organisation stays on the site with a notice, but is not worth paper."""
    return [org for org in site.organisations.values() if not org.closed]


def emergency_numbers(site: SiteData) -> list[Emergency]:
    return sorted(site.emergency.values(), key=lambda r: (r.order, r.id))


def sort_by_name(site: SiteData, orgs: list[Organisation], lang: str) -> list[Organisation]:
    """Alphabetical in the brochure's language, as the directory page lists them."""
    ctx = Context(lang, site)
    return sorted(orgs, key=lambda org: (ctx.plain(org.name).casefold(), org.id))


def latest_checked(records: list[Topic | Organisation | Emergency]) -> str | None:
    """The most recent check date, as the theme pages show it."""
    return max((r.checked for r in records), default=None)


def brochure_title(ctx: PrintContext, plan: Plan) -> str:
    if plan.kind == "theme":
        return ctx.plain(plan.values["theme"]["title"])
    if plan.kind == "city":
        return ctx.plain(ctx.site.cities[plan.id]["name"])
    if plan.kind == "journey":
        return ctx.plain(plan.values["journey"].title)
    return ctx.text_label("brochure_emergency")


# ---- Helpers ----


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(BROCHURE_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["display_number"] = phones.display_number
    env.filters["tel_uri"] = phones.tel_uri
    env.filters["whatsapp_uri"] = phones.whatsapp_uri
    env.filters["pdf_date"] = pdf_date
    env.filters["break_after_slashes"] = break_after_slashes
    env.filters["text_dir"] = text_dir
    return env


def offline_fetcher() -> URLFetcher:
    """WeasyPrint may read inline data only: no network, no file from the machine but fonts."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def inline_html(text: str, *, rtl: bool = False) -> Markup:
    """Editor text (simple Markdown, read by `editor_text`) as safe HTML for print.

    Links to tel:, https:// and mailto: stay links (internal links keep only their text: paper
    cannot follow them), **bold** is kept, and addresses are isolated left-to-right runs; in a
    right-to-left brochure (`rtl`) so are numbers of several groups and Latin runs holding digits,
    so that they keep their order inside Arabic text.
    """
    return editor_text.inline_html(text, text_html=lambda html_text: isolate_ltr(html_text, rtl=rtl),
                                   link_html=lambda label, address: link_html(label, address, rtl=rtl))


def link_html(label: str, address: str, *, rtl: bool = False) -> str:
    """One allowed link: `label` is HTML (its escaped words), `address` plain text (escaped here)."""
    target = str(escape(address))
    if target.startswith("tel:"):
        return f'<a class="tel" href="{target}"><bdi dir="ltr">{label}</bdi></a>'
    if target.startswith(("https://", "http://", "mailto:")):
        if " " not in label and "." in label:  # the label is an address: it reads left to right
            return f'<a href="{target}"><bdi dir="ltr" class="url">{label}</bdi></a>'
        return f'<a href="{target}">{isolate_runs(label, rtl=rtl)}</a>'
    return isolate_ltr(label, rtl=rtl)  # a page of the site: paper cannot follow it, its words stay


def isolate_ltr(html_text: str, *, rtl: bool = False) -> str:
    """Wrap web addresses in <bdi dir="ltr">, give valid E.164 numbers the Moroccan display form
    and a tel: link, and in right-to-left text isolate the other runs (`isolate_runs`)."""
    def wrap(match: re.Match) -> str:
        found = match.group(0)
        if match.group("address"):
            return f'<bdi dir="ltr" class="url">{found}</bdi>'
        if phones.check_number(found) is None:
            return f'<a class="tel" href="{phones.tel_uri(found)}"><bdi dir="ltr">{phones.display_number(found)}</bdi></a>'
        return f'<bdi dir="ltr">{found}</bdi>'
    pieces: list[str] = []
    last = 0
    for match in LTR_RUN.finditer(html_text):
        pieces.append(isolate_runs(html_text[last:match.start()], rtl=rtl))
        pieces.append(wrap(match))
        last = match.end()
    pieces.append(isolate_runs(html_text[last:], rtl=rtl))
    return "".join(pieces)


def isolate_runs(html_text: str, *, rtl: bool = False) -> str:
    """In right-to-left text, every run of `bidi.find_runs` (02-03, 2016–2017, 1 000, "10, avenue …")
    in <bdi dir="ltr">. Works on escaped text: unescaped to find the runs, escaped again the same way."""
    if not rtl:
        return html_text
    return bidi.wrap_runs(html.unescape(html_text), lambda run: f'<bdi dir="ltr">{escape(run)}</bdi>', lambda piece: str(escape(piece)))


def text_dir(text: str) -> str:
    """Direction of a text written once for all languages (address, acronym): rtl if it holds Arabic letters."""
    return "rtl" if ARABIC.search(text) else "ltr"


def short_url(url: str) -> str:
    """The address as printed under the QR code: without https://."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")


def break_after_slashes(text: str) -> Markup:
    """A long printed address may wrap after a slash, never inside a word."""
    return Markup("/\u200b").join(escape(part) for part in text.split("/"))


def qr_data_uri(url: str) -> str:
    """QR code (SVG, medium error correction, 4-module quiet zone) as a data: URI."""
    import segno

    return segno.make_qr(url, error="m").svg_data_uri(scale=1, border=4, omitsize=True)


def pdf_date(iso: str | None) -> str:
    """Date for the PDF's creation/modification metadata: the data's checked date, never now."""
    day = dt.date.fromisoformat(iso) if iso else dt.date(2000, 1, 1)
    return day.isoformat()


def write_if_changed(path: Path, content: bytes) -> None:
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".tmp-{path.name}")
    temp.write_bytes(content)
    temp.replace(path)
