"""Where things live on the site: language folders, sections and the path of each kind of page.

One place for every address the hooks, the exports and the scripts build. Two forms:
- page files, relative to a language's folder of the staging area ("asile/faire-appel.md");
- public paths, relative to a language's root, with a trailing slash ("asile/faire-appel/").

French is the default language, at the site root; the others below it ("ar/", "en/").
"""

from __future__ import annotations

from urllib.parse import quote

from .model import LANGS, Location

DIRECTORY = "annuaire"  # organisations, and the lists by city, theme and language
OPEN_DATA = "donnees"  # the HSDS export and its page
EMERGENCY = "urgences"  # the emergency theme: its page lists every emergency number
SEARCH = "recherche"
BROCHURES = "brochures"  # printable PDFs of every language, and their list
JOURNEYS = "parcours"  # step-by-step journeys (data/journeys/) and their list
AUDIENCES = "pour"  # what one audience needs: pour/migrants/, pour/mre/, pour/partir/


def language_prefix(lang: str) -> str:
    """Path prefix of a language: "" for French (the default, at the root), "ar/" and "en/"."""
    return "" if lang == LANGS[0] else f"{lang}/"


def language_root(site_url: str, lang: str) -> str:
    """Public root address of a language: the French site at site_url, the others below it."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + language_prefix(lang)


def topic_page(theme_id: str, topic_id: str) -> str:
    """The page file of a topic (and, after its validity, of its notice)."""
    return f"{theme_id}/{topic_id}.md"


def topic_path(theme_id: str, topic_id: str) -> str:
    return f"{theme_id}/{topic_id}/"


def section_path(section: str) -> str:
    """The public path of a section's first page: a theme, the emergency numbers, the search ("asile/")."""
    return f"{section}/"


def index_page(section: str) -> str:
    """The first page of a section: a theme, the search, the open data ("asile/index.md")."""
    return f"{section}/index.md"


def organisation_page(org_id: str) -> str:
    return f"{DIRECTORY}/{org_id}.md"


def organisation_path(org_id: str) -> str:
    return f"{DIRECTORY}/{org_id}/"


def vcard_file(org_id: str) -> str:
    """The contact card of an organisation, beside its page."""
    return f"{DIRECTORY}/{org_id}.vcf"


def directory_page(path: str) -> str:
    """A page of the directory: "index", "ville/rabat", "ville/rabat/langue/ar", "theme/asile", "langue/ar"."""
    return f"{DIRECTORY}/{path}.md"


def city_path(city_id: str) -> str:
    return f"{DIRECTORY}/ville/{city_id}/"


def journey_page(journey_id: str) -> str:
    return f"{JOURNEYS}/{journey_id}.md"


def journey_path(journey_id: str) -> str:
    return f"{JOURNEYS}/{journey_id}/"


def audience_page(audience: str) -> str:
    return f"{AUDIENCES}/{audience}.md"


def brochure_file(name: str) -> str:
    """A printable PDF, relative to a language's folder: "brochures/theme-asile.pdf"."""
    return f"{BROCHURES}/{name}"


def theme_brochure(theme_id: str) -> str:
    """The file name of a theme's brochure; the emergency theme has its A5 leaflet."""
    return "urgences-a5.pdf" if theme_id == EMERGENCY else f"theme-{theme_id}.pdf"


def city_brochure(city_id: str) -> str:
    return f"ville-{city_id}.pdf"


def journey_brochure(journey_id: str) -> str:
    return f"parcours-{journey_id}.pdf"


def map_links(location: Location, cities: dict[str, dict], countries: dict[str, dict] | None = None) -> dict[str, str] | None:
    """geo: link for the phone's map app and an OpenStreetMap link, from coordinates or the address."""
    if location.latitude is not None and location.longitude is not None:
        lat, lon = location.latitude, location.longitude
        return {"geo": f"geo:{lat},{lon}", "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"}
    if not location.address or location.city == "national":
        return None
    city = cities[location.city]
    country = (countries or {}).get(city.get("country"), {}).get("name", {}).get("fr", "Maroc") if city.get("country") else "Maroc"
    query = quote(f"{location.address}, {city['name']['fr']}, {country}")
    return {"geo": f"geo:0,0?q={query}", "osm": f"https://www.openstreetmap.org/search?query={query}"}

