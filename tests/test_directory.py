"""The directory: index pages list exactly what matches; hours, "open now" and filters work."""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browsing import open_page
from conftest import LANGS, lang_root, real_site
from dalil.pages_directory import render_directory
from dalil.templating import environment

SITE = real_site()
ORG_LINK = re.compile(r'href="(?:\.\./)+([a-z0-9-]+)/"')


def listed(page: Path, section: str = "toutes") -> set[str]:
    """The organisations listed in a section of a list page: "toutes" (the city's own, or the whole
    list) up to the nationwide ones of a city page, or "nationales"."""
    text = page.read_text(encoding="utf-8")
    text = text[text.find(f'id="{section}"'):]
    if section == "toutes" and 'id="nationales"' in text:
        text = text[:text.find('id="nationales"')]
    return {m for m in ORG_LINK.findall(text) if m in SITE.organisations}


@pytest.mark.parametrize("lang", LANGS)
def test_city_and_theme_pages_list_exactly_the_matching_organisations(built_site: Path, lang: str) -> None:
    root = lang_root(built_site, lang) / "annuaire"
    cities = {loc["city"] for org in SITE.organisations.values() for loc in org.get("locations")}
    nationwide = {o.id for o in SITE.organisations.values() if "national" in {loc["city"] for loc in o.get("locations")}}
    for city in cities:
        expected = {o.id for o in SITE.organisations.values() if city in {loc["city"] for loc in o.get("locations")}}
        assert listed(root / "ville" / city / "index.html") == expected, city
        if city != "national" and not SITE.country_of(city):  # then the nationwide organisations that are not already the city's own (a city abroad has none)
            assert listed(root / "ville" / city / "index.html", "nationales") == nationwide - expected, city
    for theme in {t for org in SITE.organisations.values() for t in org.get("themes")}:
        expected = {o.id for o in SITE.organisations.values() if theme in o.get("themes")}
        assert listed(root / "theme" / theme / "index.html") == expected, theme


@pytest.mark.parametrize("lang", LANGS)
def test_lists_show_the_first_sentence_of_each_organisation(built_site: Path, lang: str) -> None:
    """A list stays short on a phone: the first sentence says what the organisation does, its page has the rest."""
    text = (lang_root(built_site, lang) / "annuaire" / "ville" / "rabat" / "index.html").read_text(encoding="utf-8")
    description = SITE.organisations["hcr-maroc"].get("description")[lang]
    first, rest = re.split(r"(?<=[.!?؟])\s+", description, maxsplit=1)
    assert html.escape(first, quote=False) in text and html.escape(rest.split(".")[0], quote=False) not in text
    page = (lang_root(built_site, lang) / "annuaire" / "hcr-maroc" / "index.html").read_text(encoding="utf-8")
    assert html.escape(rest.split(".")[0], quote=False) in page


@pytest.mark.parametrize("lang", LANGS)
def test_city_pages_point_to_the_nationwide_organisations(built_site: Path, lang: str) -> None:
    """A reader in Oujda also needs the helplines and bodies that serve the whole country: each city page links to them."""
    cities = {loc["city"] for org in SITE.organisations.values() for loc in org.get("locations", [])}
    assert "national" in cities
    for city in cities - {"national"}:
        text = (lang_root(built_site, lang) / "annuaire" / "ville" / city / "index.html").read_text(encoding="utf-8")
        # A city abroad (a consulate) links back to its country instead: Morocco's nationwide bodies are not there.
        assert ('href="../national/"' in text) is not bool(SITE.country_of(city)), (city, lang)
    national = (lang_root(built_site, lang) / "annuaire" / "ville" / "national" / "index.html").read_text(encoding="utf-8")
    assert 'href="../national/"' not in national


@pytest.mark.parametrize("lang", LANGS)
def test_numbered_steps_of_a_service_stay_a_numbered_list(built_site: Path, lang: str) -> None:
    """A service's application process written as steps is an <ol> with every step, not a bullet that swallowed step 1."""
    services = [(org_id, s) for org_id, org in SITE.organisations.items() for s in org.get("services", []) if s.get("application_process")]
    numbered = [(org_id, s) for org_id, s in services if re.match(r"1\. ", s["application_process"]["fr"])]
    assert numbered
    for org_id, service in numbered:
        text = (lang_root(built_site, lang) / "annuaire" / org_id / "index.html").read_text(encoding="utf-8")
        after = text.split(f'id="{service["id"]}"', 1)[1].split("<h3", 1)[0]
        steps = len(re.findall(r"^\d+\. ", service["application_process"][lang], re.M))
        lists = re.findall(r"<ol>(.*?)</ol>", after, re.S)
        assert lists and lists[0].count("<li>") == steps, (org_id, service["id"], lang)


def test_language_pages_appear_with_language_data() -> None:
    """No source gives the languages spoken yet; with such data, the pages (and city × language) appear."""
    site = copy.deepcopy(SITE)
    site.organisations["hcr-maroc"].data["languages"] = ["fr", "en"]
    site.organisations["omdh"].data["languages"] = ["fr"]
    pages = {page.path: page for page in render_directory(environment(), site, "fr")}
    assert {"annuaire/langue/fr.md", "annuaire/langue/en.md", "annuaire/ville/oujda/langue/fr.md"} <= set(pages)
    oujda_fr = pages["annuaire/ville/oujda/langue/fr.md"].body
    assert "(../../../omdh.md)" in oujda_fr and "hcr-maroc.md" not in oujda_fr
    assert "(oujda/langue/fr.md)" in pages["annuaire/ville/oujda.md"].body  # the third tap from the city page
    assert SITE.labels["directory_languages_unknown"]["fr"] not in pages["annuaire/index.md"].body
    today = {page.path: page for page in render_directory(environment(), SITE, "fr")}["annuaire/index.md"].body
    assert SITE.labels["directory_languages_unknown"]["fr"] in today  # until then the index says so, and asks


def test_three_taps_to_a_city_without_javascript(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server, javascript=False)
    page.locator("article a[href$='annuaire/']").first.click()
    page.locator("article a[href$='ville/oujda/']").first.click()
    assert page.url.endswith("/annuaire/ville/oujda/")
    local = page.locator("#toutes ~ .dalil-org .dalil-org__name a").evaluate_all(
        "els => els.filter(e => e.compareDocumentPosition(document.getElementById('nationales')) & Node.DOCUMENT_POSITION_FOLLOWING).map(e => e.getAttribute('href'))")
    assert {h.strip("/").split("/")[-1] for h in local} == {o.id for o in SITE.organisations.values() if "oujda" in {loc["city"] for loc in o.get("locations")}}
    page.context.close()


HOURS = {
    "week": [{"byday": ["MO", "TU", "WE", "TH", "FR"], "opens_at": "09:00", "closes_at": "15:00"}],
    "friday_prayer": [{"byday": ["MO", "TU", "WE", "TH"], "opens_at": "09:00", "closes_at": "17:00"},
                      {"byday": ["FR"], "opens_at": "09:00", "closes_at": "12:00"}, {"byday": ["FR"], "opens_at": "14:30", "closes_at": "17:00"}],
    "overnight": [{"byday": ["SA"], "opens_at": "20:00", "closes_at": "24:00"}, {"byday": ["SU"], "opens_at": "00:00", "closes_at": "02:00"}],
    "ramadan": [{"byday": ["MO", "TU", "WE", "TH", "FR"], "opens_at": "09:00", "closes_at": "16:00"},
                {"byday": ["MO", "TU", "WE", "TH", "FR"], "opens_at": "10:00", "closes_at": "14:00", "valid_from": "2026-02-18", "valid_to": "2026-03-19"}],
}
CASES = [
    ("week", 1, 9 * 60, "2026-06-15", True), ("week", 1, 15 * 60, "2026-06-15", False), ("week", 6, 10 * 60, "2026-06-20", False),
    ("friday_prayer", 5, 13 * 60, "2026-06-19", False), ("friday_prayer", 5, 11 * 60, "2026-06-19", True),
    ("friday_prayer", 5, 15 * 60, "2026-06-19", True), ("friday_prayer", 4, 13 * 60, "2026-06-18", True),
    ("overnight", 6, 23 * 60 + 59, "2026-06-20", True), ("overnight", 0, 0, "2026-06-21", True), ("overnight", 0, 2 * 60, "2026-06-21", False),
    ("ramadan", 1, 9 * 60 + 30, "2026-03-02", False), ("ramadan", 1, 10 * 60 + 30, "2026-03-02", True),
    ("ramadan", 1, 15 * 60, "2026-03-02", False), ("ramadan", 1, 15 * 60, "2026-03-23", True),
]


@pytest.fixture(scope="module")
def hours_page(browser: Browser, site_server: str):  # noqa: ANN201
    page, _ = open_page(browser, site_server + "annuaire/")
    yield page
    page.context.close()


@pytest.mark.parametrize(("hours", "day", "minutes", "date", "open_now"), CASES, ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in CASES])
def test_open_now_on_fixed_clock_times(hours_page, hours: str, day: int, minutes: int, date: str, open_now: bool) -> None:  # noqa: ANN001
    result = hours_page.evaluate("([slots, now]) => window.dalilHours.isOpen(slots, now)", [HOURS[hours], {"day": day, "minutes": minutes, "date": date}])
    assert result is open_now


@pytest.mark.parametrize(("instant", "expected"), [
    ("2026-06-15T08:30:00Z", {"day": 1, "minutes": 9 * 60 + 30, "date": "2026-06-15"}),   # UTC+1 most of the year
    ("2026-03-02T08:30:00Z", {"day": 1, "minutes": 8 * 60 + 30, "date": "2026-03-02"}),   # UTC+0 during Ramadan
    ("2026-06-19T23:30:00Z", {"day": 6, "minutes": 30, "date": "2026-06-20"}),            # after midnight in Morocco
])
def test_time_is_read_in_morocco(hours_page, instant: str, expected: dict) -> None:  # noqa: ANN001
    assert hours_page.evaluate("(iso) => window.dalilHours.moroccoNow(new Date(iso))", instant) == expected


def test_filters_show_only_matching_organisations(browser: Browser, site_server: str) -> None:
    page, requests = open_page(browser, site_server + "annuaire/")
    form = page.locator("#dalil-filters")
    assert form.is_visible() and not [r for r in requests if r.endswith("entries.json")]  # nothing loaded before use
    page.select_option("#dalil-filters select[name=city]", "oujda")
    page.wait_for_selector("#dalil-filter-results li")
    in_oujda = {o.id for o in SITE.organisations.values() if "oujda" in {loc["city"] for loc in o.get("locations")}}
    shown = lambda: {h.strip("/").split("/")[-1] for h in page.locator("#dalil-filter-results li > a:first-child").evaluate_all("els => els.map(e => e.getAttribute('href'))")}  # noqa: E731
    assert shown() == in_oujda
    page.check("#dalil-filters input[name=free]")
    free = {o.id for o in SITE.organisations.values() if any(s.get("free") for s in o.get("services", []))}
    assert shown() == in_oujda & free
    assert str(len(in_oujda & free)) in page.locator("#dalil-filter-count").inner_text()
    page.locator("#dalil-filter-results a").first.click()
    assert page.locator("h1#titre").count() == 1  # the result links lead to organisation pages
    page.context.close()


def test_directory_is_complete_without_javascript(browser: Browser, site_server: str) -> None:
    """Without JavaScript: no filters, and every city and theme page is one tap away."""
    page, _ = open_page(browser, site_server + "ar/annuaire/", javascript=False)
    assert not page.locator("#dalil-filters").is_visible() and page.locator("#dalil-filters-noscript").is_visible()
    cities = {loc["city"] for o in SITE.organisations.values() for loc in o.get("locations")}
    links = {h.strip("/").split("/")[-1] for h in page.locator("#villes ~ ul a").evaluate_all("els => els.map(e => e.getAttribute('href'))")}
    # Morocco's cities are listed; a city abroad is one tap further, through its country.
    assert links >= {c for c in cities if not SITE.country_of(c)} | {SITE.country_of(c) for c in cities if SITE.country_of(c)}
    page.context.close()


def test_directory_index_does_not_grow_with_records(built_site: Path) -> None:
    """The index lists cities, themes and languages (closed lists), never every organisation."""
    text = (built_site / "annuaire" / "index.html").read_text(encoding="utf-8")
    assert not [org for org in SITE.organisations if f'href="{org}/"' in text]
    entries = __import__("json").loads((built_site / "annuaire" / "entries.json").read_text(encoding="utf-8"))
    assert {e["url"].strip("/") for e in entries} == {o.id for o in SITE.organisations.values() if o.get("status", "active") != "closed"}


def test_todays_hours_are_highlighted(browser: Browser, site_server: str) -> None:
    page, _ = open_page(browser, site_server + "ar/annuaire/hcr-maroc/")
    today_code = page.evaluate("['SU','MO','TU','WE','TH','FR','SA'][window.dalilHours.moroccoNow().day]")
    rows = page.locator(".dalil-hours li")
    highlighted = page.locator(".dalil-hours li.dalil-today")
    expected = sum(1 for codes in rows.evaluate_all("els => els.map(e => e.dataset.byday)") if today_code in codes.split())
    assert highlighted.count() == expected
    assert rows.first.locator("span[dir=ltr]").count() == 1  # times stay left to right
    page.context.close()


@pytest.mark.parametrize(("instant", "javascript", "shown"), [
    ("2026-06-15T09:30:00Z", True, True),    # Monday 10:30 in Morocco: UNHCR's office hours
    ("2026-06-14T09:30:00Z", True, False),   # Sunday
    ("2026-06-15T09:30:00Z", False, False),  # without JavaScript nothing claims to be open
])
def test_open_now_badge_on_a_city_list_follows_the_hours(browser: Browser, site_server: str, instant: str, javascript: bool, shown: bool) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=javascript)
    page = context.new_page()
    page.clock.set_fixed_time(instant)
    page.goto(site_server + "annuaire/ville/rabat/")
    # UNHCR is listed under each of its needs (themes): every one of its entries says the same.
    badges = page.locator('.dalil-org:has(a[href="../../hcr-maroc/"]) .dalil-open-badge')
    assert badges.count() >= 1 and all(badges.nth(i).is_visible() is shown for i in range(badges.count()))
    with_badge = page.locator(".dalil-org:has(.dalil-open-badge) .dalil-org__name a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    listed_here = page.locator(".dalil-org .dalil-org__name a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    with_hours = {f"../../{org.id}/" for org in SITE.organisations.values() if any(loc.get("hours") for loc in org.get("locations", []))}
    assert set(with_badge) == with_hours & set(listed_here)  # no badge where no hours are published
    context.close()
