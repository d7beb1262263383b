"""Contact cards: every organisation's vCard parses strictly, in every language; hostile text stays inert.

The strict reader is `vobject` (pinned in requirements): it must find exactly one card, with
the values we meant, in every file.
"""

from __future__ import annotations

import random
import re
import unicodedata

import jsonschema
import phonenumbers
import pytest
import vobject

from conftest import ROOT, real_site
from dalil import vcard
from dalil.hsds import organization_uuid
from dalil.model import LANGS, Record, SiteData, make_record
from dalil.schema import load_schemas

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
PAGE = "https://dalil.example/annuaire/{}/"
LONG_ARABIC = "تسجل المفوضية طلبات اللجوء في المغرب وتبت في صفة اللاجئ، وتحمي اللاجئين؛ " * 40
INJECTION = "Fin.\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Faux\r\nTEL:+33100000000\r\nEND:VCARD\r\n"
HOSTILE = {
    "id": "hostile",
    "name": {"fr": "Nom, avec; des \\ barres\net\x07 un\x1b[31m retour", "ar": "اسم، مع؛ شرطة \\ مائلة"},
    "alternate_name": "A;B,C",
    "description": {"fr": INJECTION + "Suite\u2028\x00ligne", "ar": LONG_ARABIC + INJECTION},
    "themes": ["asile"],
    "email": "contact@exemple.ma",
    "website": "https://exemple.ma/a,b;c",
    "phones": [
        {"number": "+212537000000", "type": "voice", "description": {"fr": "Accueil;\nstandard"}},
        {"number": "+212612345678", "type": "whatsapp"},
        {"number": "+212661234567", "type": "sms"},
    ],
    "locations": [
        {"city": "rabat", "address": "10, rue \"Al Amal\"; Hassan\\B", "latitude": 34.02, "longitude": -6.84,
         "phones": [{"number": "+212522000000"}, {"number": "+212537000000"}]},
        {"city": "national"},
        {"city": "tanger"},
    ],
    "checked": "2026-11-28",
    "confidence": "H",
    "sources": [{"title": "Exemple", "seen": "2026-11-28"}],
}


@pytest.fixture(scope="module")
def site() -> SiteData:
    return real_site()


def site_with(site: SiteData, data: dict) -> tuple[Record, SiteData]:
    schemas, registry = load_schemas(ROOT / "data" / "schema")
    jsonschema.Draft202012Validator(schemas["organisation.schema.json"], registry=registry).validate(data)
    record = make_record("organisation", f"data/organisations/{data['id']}.yml", data)
    return record, SiteData(site.themes, site.cities, site.languages, site.labels, site.unpublishable, organisations={record.id: record})


def parse_one(card: str) -> vobject.base.Component:
    """Check the file's lines, then read it strictly: exactly one vCard 3.0."""
    raw = card.encode("utf-8")
    assert raw.endswith(b"\r\n")
    lines = raw[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "bare line break"
    for line in lines:
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding never cuts a character in two
    assert all(line.startswith(b" ") or re.match(rb"^[A-Z][A-Za-z-]*[;:]", line) for line in lines)
    assert not any(unicodedata.category(ch) == "Cc" for ch in card.replace("\r\n", ""))
    cards = list(vobject.readComponents(card, validate=True))
    assert len(cards) == 1
    assert [line for line in lines if line.startswith(b"BEGIN:")] == [b"BEGIN:VCARD"]
    parsed = cards[0]
    assert parsed.name == "VCARD" and parsed.version.value == "3.0"
    return parsed


def numbers_of(org: Record) -> list[str]:
    numbers = [p["number"] for p in org.get("phones", [])]
    numbers += [p["number"] for loc in org.get("locations") for p in loc.get("phones", [])]
    return list(dict.fromkeys(numbers))


@pytest.mark.parametrize("lang", LANGS)
def test_every_organisation_card_parses(site: SiteData, lang: str) -> None:
    assert site.organisations
    for org in site.organisations.values():
        card = parse_one(vcard.render_vcard(org, site, lang, PAGE.format(org.id)))
        name = org.get("name").get(lang) or org.get("name")["fr"]
        assert card.fn.value.startswith(name), org.id
        assert card.org.value == [card.fn.value]
        assert card.uid.value == f"urn:uuid:{organization_uuid(org.id)}"
        assert card.rev.value == org.get("checked")
        assert card.url.value == (org.get("website") or PAGE.format(org.id))
        tels = [tel.value for tel in card.contents.get("tel", [])]
        assert tels == numbers_of(org), org.id
        emergency = {r.get("number") for r in site.emergency.values()}
        for number in tels:  # a real E.164 number, or a published emergency short code (19, 2511…)
            assert number in emergency or (E164.match(number) and phonenumbers.is_valid_number(phonenumbers.parse(number))), number
        assert card.note.value.startswith(" ".join((org.get("description").get(lang) or org.get("description")["fr"]).split()[:3]))


def test_hostile_text_stays_in_one_card(site: SiteData) -> None:
    org, only = site_with(site, HOSTILE)
    text = vcard.render_vcard(org, only, "fr", PAGE.format("hostile"))
    card = parse_one(text)
    assert card.fn.value == "Nom, avec; des \\ barres et un[31m retour (A;B,C)"
    assert card.note.value.startswith(
        "Fin.\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Faux\nTEL:+33100000000\nEND:VCARD\nSuite\nligne\n\n"
    )
    assert "+33100000000" not in [tel.value for tel in card.tel_list]
    assert "\nEND:VCARD\r\n" not in text[:-len("END:VCARD\r\n")] and text.count("\r\nEND:VCARD\r\n") == 1
    assert "FN:Faux" not in text.split("\r\n")


def test_long_arabic_text_is_folded_and_comes_back_whole(site: SiteData) -> None:
    org, only = site_with(site, HOSTILE)
    text = vcard.render_vcard(org, only, "ar", PAGE.format("hostile"))
    card = parse_one(text)
    assert card.fn.value == "اسم، مع؛ شرطة \\ مائلة (A;B,C)"
    assert card.note.value.startswith(LONG_ARABIC + "Fin.\nEND:VCARD\nBEGIN:VCARD\n")
    assert len(text.split("\r\n")) > 60, "a long description spans many folded lines"


def test_phone_types_and_whatsapp_note(site: SiteData) -> None:
    org, only = site_with(site, HOSTILE)
    card = parse_one(vcard.render_vcard(org, only, "fr", PAGE.format("hostile")))
    types = {tel.value: tel.params["TYPE"] for tel in card.tel_list}
    assert types == {
        "+212537000000": ["VOICE"], "+212612345678": ["CELL"], "+212661234567": ["MSG"], "+212522000000": ["VOICE"],
    }
    assert "WhatsApp +212612345678" in card.note.value
    assert "+212537000000 — Accueil; standard" in card.note.value


def test_address_email_url_and_geo(site: SiteData) -> None:
    org, only = site_with(site, HOSTILE)
    card = parse_one(vcard.render_vcard(org, only, "en", PAGE.format("hostile")))
    (adr,) = card.contents["adr"]  # only the location with a street address
    assert adr.value.street == '10, rue "Al Amal"; Hassan\\B'
    assert (adr.value.city, adr.value.country) == ("Rabat", "Morocco")
    assert card.email.value == "contact@exemple.ma"
    assert card.url.value == "https://exemple.ma/a%2Cb%3Bc"
    assert card.geo.value == "34.02;-6.84"


def test_page_url_when_no_website(site: SiteData) -> None:
    data = {k: v for k, v in HOSTILE.items() if k != "website"}
    org, only = site_with(site, data)
    card = parse_one(vcard.render_vcard(org, only, "fr", PAGE.format("hostile")))
    assert card.url.value == PAGE.format("hostile")


def test_escape_text() -> None:
    assert vcard.escape_text("a,b;c\\d\ne\r\nf\x00g") == "a\\,b\\;c\\\\d\\ne\\nfg"


def test_fold_never_cuts_a_character_or_an_escape() -> None:
    alphabet = list("ab ,;\\\n") + ["é", "ش", "ً", "😀", "\u200f"]
    rng = random.Random(2426)
    for _ in range(3000):
        line = "NOTE:" + vcard.escape_text("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300))))
        physical = vcard.fold(line).split("\r\n")
        assert "".join([physical[0]] + [p[1:] for p in physical[1:]]) == line
        for part in physical:
            assert len(part.encode("utf-8")) <= 75
            trailing = len(part) - len(part.rstrip("\\"))
            assert trailing % 2 == 0, f"escape cut in two: {part!r}"


def test_values_that_are_not_escaped_lose_control_characters(site: SiteData) -> None:
    org, only = site_with(site, {**HOSTILE, "website": "https://exemple.ma/\x1b[2Jpage"})
    text = vcard.render_vcard(org, only, "fr", PAGE.format("hostile"))
    assert parse_one(text).url.value == "https://exemple.ma/[2Jpage"
