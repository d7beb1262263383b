"""Morocco's consulates abroad in the directory: organisations whose places are in cities abroad.

A city abroad names its country (data/cities.yml `country`, data/countries.yml); the directory lists
the countries, each country page its consulates and its cities; a city page abroad shows neither
Morocco's national lines nor a leaflet; the open data and the contact cards give the place's
country; a city with an unknown country is refused with a French message.
"""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from conftest import LANGS, real_site
from dalil.hsds import export_hsds
from dalil.pages_directory import render_directory
from dalil.problems import DataError
from dalil.templating import environment
from dalil.text import Context
from dalil.vcard import render_vcard
from test_messages import edit, project  # noqa: F401  (fixture)

SITE = real_site()
ABROAD = {city_id: city["country"] for city_id, city in SITE.cities.items() if city.get("country")}
COUNTRY_NAMES = {"fr": "France", "ar": "فرنسا", "en": "France"}


def pages(lang: str) -> dict[str, str]:
    return {page.path: page.body for page in render_directory(environment(), SITE, lang, brochures=True)}


def test_the_six_countries_have_their_consulates() -> None:
    assert set(ABROAD.values()) == {"fr", "es", "it", "be", "nl", "de"}
    consulates = [org for org in SITE.organisations.values() if any(SITE.country_of(c) for c in org.cities)]
    assert {SITE.country_of(org.cities[0]) for org in consulates} == set(ABROAD.values())
    for org in consulates:
        assert org.themes == ["mre"] and org.sources and org.checked, org.id


@pytest.mark.parametrize("lang", LANGS)
def test_the_directory_goes_from_country_to_city(lang: str) -> None:
    rendered = pages(lang)
    index = rendered["annuaire/index.md"]
    moroccan_part, _sep, rest = index.partition('{#etranger}')
    assert "(pays/fr.md)" in rest and "(ville/paris.md)" not in index  # cities abroad are reached through their country
    assert "(ville/rabat.md)" in moroccan_part
    france = rendered["annuaire/pays/fr.md"]
    in_france = {org.id for org in SITE.organisations.values() if any(ABROAD.get(c) == "fr" for c in org.cities)}
    assert len(in_france) >= 17
    assert all(f"{org_id}.md" in france for org_id in in_france)
    assert "(../ville/paris.md)" in france and "(../ville/madrid.md)" not in france
    assert COUNTRY_NAMES[lang] in france.splitlines()[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_city_abroad_has_no_moroccan_lines_and_no_leaflet(lang: str) -> None:
    rendered = pages(lang)
    paris, rabat = rendered["annuaire/ville/paris.md"], rendered["annuaire/ville/rabat.md"]
    assert "brochures/ville-rabat.pdf" in rabat and "brochures/" not in paris
    assert "tel:+212" in rabat and "tel:+212" not in paris  # the national lines (UNHCR registration…) open Moroccan city pages only
    assert "(../pays/fr.md)" in paris
    assert f"({COUNTRY_NAMES[lang]})" in paris.splitlines()[0]  # « Paris (France) »


def test_a_place_abroad_gives_its_country_to_the_open_data_and_the_contact_card() -> None:
    site = copy.deepcopy(SITE)
    org = next(o for o in site.organisations.values() if "paris" in o.cities)
    org.data["locations"][0]["address"] = "1, rue de l'Exemple"
    tables = export_hsds(site, "fr", "https://dalil.example/")
    rows = list(csv.DictReader(io.StringIO(tables["addresses.csv"].decode("utf-8"))))
    assert [row["country"] for row in rows if row["address_1"] == "1, rue de l'Exemple"] == ["FR"]
    assert {row["country"] for row in rows if row["address_1"] != "1, rue de l'Exemple"} <= {"MA", "FR"}
    card = render_vcard(org, site, "fr", "https://dalil.example/annuaire/x/")
    assert "ADR;TYPE=WORK:;;1\\, rue de l'Exemple;Paris;;;France" in card
    assert Context("ar", site).city_plain("paris") == "باريس (فرنسا)"


def test_a_city_with_an_unknown_country_is_refused_in_french(project) -> None:  # noqa: ANN001, F811
    from dalil.pipeline import today
    from dalil.validation import validate_all

    cities = project / "data" / "cities.yml"
    cities.write_text(cities.read_text(encoding="utf-8").replace("country: fr", "country: zz", 1), encoding="utf-8")
    with pytest.raises(DataError) as error:
        validate_all(project, today=today())
    message = str(error.value)
    assert "data/cities.yml" in message and "pays inconnu « zz »" in message and "data/countries.yml" in message


@pytest.mark.parametrize("lang", LANGS)
def test_by_appointment_only_is_shown_in_the_lists_and_the_filters_index(lang: str) -> None:
    """HSDS keeps « appointment » on the service; the lists say it beside « free » (the organisation page
    already says it under the service)."""
    from dalil.pages_directory import directory_index_json

    site = copy.deepcopy(SITE)
    org = site.organisations["hcr-maroc"]
    label = site.labels["appointment"][lang]
    before = {page.path: page.body for page in render_directory(environment(), site, lang)}["annuaire/ville/rabat.md"]
    assert f"**{label}**" not in before
    org.data["services"][0]["appointment"] = True
    after = {page.path: page.body for page in render_directory(environment(), site, lang)}["annuaire/ville/rabat.md"]
    listed = after[after.find("{#toutes}"):]
    block = listed[listed.find("hcr-maroc.md"):][:600]
    assert f"**{label}**" in block
    rows = {row["url"]: row for row in json.loads(directory_index_json(site, lang))}
    assert rows["hcr-maroc/"]["appointment"] is True and rows["gadem/"]["appointment"] is False
