"""The HSDS 3.0 export: valid against the official schema, stable ids, CSV that round-trips.

The official files are vendored, unchanged (SHA-256 checked below): the compiled JSON Schema in
tests/hsds-3.0/ (used only here) and the Tabular Data Package descriptor in
hooks/dalil/hsds-3.0/ (read by the build). Their origin is ../shared/hsds-3.0 beside the repository.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import uuid
from urllib.parse import urlsplit

import jsonschema
import pytest

from conftest import ROOT, real_site
from dalil import hsds
from dalil.model import LANGS, SiteData, make_record
from dalil.pipeline import today
from dalil.schema import load_schemas
from dalil.validation import validate_all

COMPILED = ROOT / "tests" / "hsds-3.0" / "schema" / "compiled" / "organization.json"
VENDORED = {
    "tests/hsds-3.0/LICENSE": "3dc9e5815a53333d463bbc78d8f9b35ff7284e067f17f678ac18e7a8bf6c9378",
    "tests/hsds-3.0/schema/compiled/organization.json": "e429ffe3b585da12da10b75cf30dfc0a67ef96b34f5e1b21141a2b627ca28119",
    "hooks/dalil/hsds-3.0/LICENSE": "3dc9e5815a53333d463bbc78d8f9b35ff7284e067f17f678ac18e7a8bf6c9378",
    "hooks/dalil/hsds-3.0/datapackage.json": "06d063ec1a22f8797da3ee9cd1e2a9e519fa813d6f3e93140bbdd7814d36984b",
}
SITE_URL = "https://dalil.example/"
# Ids published once must never change: these are pinned.
HCR_ORGANIZATION = "3e54b2ce-4efb-5128-9860-76912e2694f0"
HCR_RABAT_LOCATION = "e85f637d-7f47-567a-895a-3b1b6c7b12f4"
HCR_REGISTRATION_SERVICE = "af6b9ed9-1f52-5c33-9ced-41ef8e0242dd"  # "service:hcr-maroc:enregistrement"
# The single service of an organisation without `services`: ids unchanged since the first export.
IOM_SERVICE = "58b091f0-3c54-5e42-a636-1008c0a1f4ac"  # "service:oim-maroc"
IOM_SERVICE_AT_RABAT = "abba54a5-734f-5d7a-8729-3c05dc2d0acd"  # "service_at_location:oim-maroc:rabat"
FREE = {"fr": "Gratuit", "ar": "الخدمة مجانية", "en": "Free"}

# Every field the data schema allows, so every branch of the export is exercised.
FULL = {
    "id": "exemple-complet",
    "name": {"fr": "Association Exemple", "ar": "جمعية مثال", "en": "Example Association"},
    "alternate_name": "AE",
    "description": {
        "fr": "Aide **juridique** gratuite. Voir [le guide](https://exemple.ma/guide) et [exemple.ma](https://exemple.ma).",
        "ar": "مساعدة قانونية مجانية.",
        "en": "Free legal aid.",
    },
    "status": "temporarily-closed",
    "themes": ["asile"],
    "languages": ["fr", "ar", "wo"],
    "email": "contact@exemple.ma",
    "website": "https://exemple.ma",
    "phones": [
        {"number": "+212537000000", "type": "voice", "languages": ["fr", "ar"], "description": {"fr": "Accueil", "en": "Reception"}},
        {"number": "+212612345678", "type": "whatsapp", "description": {"fr": "Rendez-vous", "ar": "المواعيد", "en": "Appointments"}},
        {"number": "+212661234567", "type": "sms"},
    ],
    "locations": [
        {
            "city": "rabat",
            "address": "10, rue \"Al Amal\", Hassan",
            "latitude": 34.02,
            "longitude": -6.84,
            "hours": [
                {"byday": ["MO", "TU", "WE"], "opens_at": "09:00", "closes_at": "24:00", "description": {"fr": "Sur rendez-vous", "en": "By appointment"}},
                {"byday": ["SA"], "opens_at": "10:00", "closes_at": "12:30", "valid_from": "2027-02-08", "valid_to": "2027-03-09"},
            ],
            "phones": [{"number": "+212522000000", "type": "voice"}],
        },
        {"city": "rabat"},
        {"city": "national", "hours": [{"byday": ["FR"], "opens_at": "14:00", "closes_at": "16:00"}]},
    ],
    "checked": "2026-11-28",
    "confidence": "H",
    "sources": [{"title": "Site de l'association", "url": "https://exemple.ma", "seen": "2026-11-28"}],
}


# The same organisation with a `services` list using every service field.
WITH_SERVICES = {
    **FULL,
    "id": "exemple-services",
    "services": [
        {
            "id": "aide-juridique",
            "name": {"fr": "Aide juridique", "ar": "المساعدة القانونية", "en": "Legal aid"},
            "description": {"fr": "Conseils **gratuits** sur vos droits.", "ar": "استشارات مجانية حول حقوقك.", "en": "Free advice on your rights."},
            "eligibility_description": {"fr": "Réfugiés et demandeurs d'asile.", "ar": "اللاجئون وطالبو اللجوء.", "en": "Refugees and asylum seekers."},
            "free": True,
            "required_documents": [
                {"fr": "Document du HCR", "ar": "وثيقة المفوضية", "en": "UNHCR document"},
                {"fr": "=Pièce d'identité"},
            ],
            "appointment": True,
            "application_process": {"fr": "Appelez l'accueil.", "ar": "اتصل بالاستقبال.", "en": "Call reception."},
            "languages": ["fr", "bm"],
        },
        {
            "id": "formation",
            "name": {"fr": "Formation", "ar": "التكوين", "en": "Training"},
            "free": False,
            "fees_description": {"fr": "100 dirhams par mois", "ar": "100 درهم في الشهر", "en": "100 dirhams a month"},
            "status": "closed",
        },
        {"id": "formation", "name": {"fr": "Formation du soir"}, "free": False},
    ],
}


@pytest.fixture(scope="module")
def site() -> SiteData:
    return real_site()


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(COMPILED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def site_with(site: SiteData, *records: dict) -> SiteData:
    """The real closed lists with only the given organisation records (checked against the data schema)."""
    schemas, registry = load_schemas(ROOT / "data" / "schema")
    checker = jsonschema.Draft202012Validator(schemas["organisation.schema.json"], registry=registry)
    orgs = {}
    for data in records:
        checker.validate(data)
        orgs[data["id"]] = make_record("organisation", f"data/organisations/{data['id']}.yml", data)
    return SiteData(site.themes, site.cities, site.languages, site.labels, site.unpublishable, organisations=orgs)


def without_services(data: dict) -> dict:
    """A record as an organisation without `services` (the single-service case)."""
    return {key: value for key, value in data.items() if key != "services"}


def lang_url(lang: str) -> str:
    return SITE_URL if lang == "fr" else f"{SITE_URL}{lang}/"


def exported(site: SiteData, lang: str) -> tuple[dict[str, bytes], list[dict]]:
    files = hsds.export_hsds(site, lang, lang_url(lang))
    return files, json.loads(files["organizations.json"])


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))


def schema_errors(validator: jsonschema.Draft202012Validator, org: dict) -> list[str]:
    found = [f"{org['name']}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(org)]
    for where, value in walk_urls(org):
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            found.append(f"{org['name']}: {where}: not an absolute URL « {value} »")
    return found


def walk_urls(value: object, where: str = "") -> list[tuple[str, str]]:
    """Every uri-format value (the format checker needs an extra package for these)."""
    if isinstance(value, dict):
        out = [(f"{where}/{k}", v) for k, v in value.items() if k in ("website", "url", "uri") and isinstance(v, str)]
        for key, child in value.items():
            out += walk_urls(child, f"{where}/{key}")
        return out
    if isinstance(value, list):
        return [pair for index, child in enumerate(value) for pair in walk_urls(child, f"{where}/{index}")]
    return []


def test_vendored_hsds_files_are_unchanged() -> None:
    for path, digest in VENDORED.items():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == digest, f"{path} differs from the official HSDS 3.0 file"


def test_compiled_schema_needs_no_references(schema: dict) -> None:
    """The compiled schema inlines every $ref, so the validator needs no registry."""
    assert '"$ref"' not in COMPILED.read_text(encoding="utf-8")
    assert {"id", "name", "description"} <= set(schema["required"])
    assert "services" in schema["properties"] and "locations" in schema["properties"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_organisation_is_valid_hsds(site: SiteData, validator: jsonschema.Draft202012Validator, lang: str) -> None:
    _files, organizations = exported(site, lang)
    assert len(organizations) == len(site.organisations) > 0
    problems = [problem for org in organizations for problem in schema_errors(validator, org)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("record", [FULL, WITH_SERVICES], ids=["single-service", "services"])
def test_complete_record_is_valid_hsds(site: SiteData, validator: jsonschema.Draft202012Validator, lang: str, record: dict) -> None:
    _files, (org,) = exported(site_with(site, record), lang)
    assert not schema_errors(validator, org)
    assert org["id"] == hsds.organization_uuid(record["id"])
    assert org["name"] == FULL["name"][lang]
    assert (org["alternate_name"], org["email"], org["website"]) == ("AE", "contact@exemple.ma", "https://exemple.ma")
    assert len(org["services"]) == len(record.get("services", [None]))


def test_compiled_schema_has_the_service_fields_we_publish(schema: dict) -> None:
    service = schema["properties"]["services"]["items"]["properties"]
    assert {"eligibility_description", "fees_description", "application_process", "required_documents", "languages"} <= set(service)
    assert "document" in service["required_documents"]["items"]["properties"]


def test_complete_record_fields(site: SiteData) -> None:
    _files, (org,) = exported(site_with(site, FULL), "en")
    (service,) = org["services"]
    assert service["name"] == "Example Association" and service["description"] == "Free legal aid."
    assert service["status"] == "temporarily closed"
    assert service["assured_date"] == "2026-11-28"
    assert service["url"] == "https://dalil.example/en/annuaire/exemple-complet/"
    assert [lang["code"] for lang in service["languages"]] == ["fr", "ar", "wo"]
    assert [lang["name"] for lang in service["languages"]] == ["French", "Arabic", "Wolof"]

    rabat, rabat_2, national = org["locations"]
    assert [loc["location_type"] for loc in org["locations"]] == ["physical", "physical", "virtual"]
    assert len({loc["id"] for loc in org["locations"]}) == 3
    assert [sal["location_id"] for sal in service["service_at_locations"]] == [loc["id"] for loc in org["locations"]]
    assert (rabat["name"], rabat["latitude"], rabat["longitude"]) == ("Rabat", 34.02, -6.84)
    (address,) = rabat["addresses"]
    assert address["address_1"] == '10, rue "Al Amal", Hassan'
    assert (address["city"], address["country"], address["address_type"]) == ("Rabat", "MA", "physical")
    assert (address["postal_code"], address["state_province"]) == ("", "")
    assert "addresses" not in rabat_2, "no street address: no HSDS address"
    assert "addresses" not in national and national["url"] == "https://exemple.ma"

    weekdays, saturday = rabat["schedules"]
    assert weekdays["freq"] == "WEEKLY" and weekdays["byday"] == "MO,TU,WE"
    assert (weekdays["opens_at"], weekdays["closes_at"]) == ("09:00:00", "23:59:59")
    assert weekdays["description"] == "By appointment"
    assert (saturday["byday"], saturday["valid_from"], saturday["valid_to"]) == ("SA", "2027-02-08", "2027-03-09")
    assert saturday["opens_at"] == "10:00:00" and saturday["closes_at"] == "12:30:00"
    assert national["schedules"][0]["location_id"] == national["id"]

    voice, whatsapp, sms = org["phones"]
    assert [p["type"] for p in org["phones"]] == ["voice", "cell", "text"]
    assert [p["number"] for p in org["phones"]] == ["+212537000000", "+212612345678", "+212661234567"]
    assert all(p["organization_id"] == org["id"] for p in org["phones"])
    assert "WhatsApp" in whatsapp["description"] and "Appointments" in whatsapp["description"]
    assert [lang["name"] for lang in voice["languages"]] == ["French", "Arabic"]
    assert voice["languages"][0]["phone_id"] == voice["id"]
    assert rabat["phones"][0]["location_id"] == rabat["id"] and rabat["phones"][0]["number"] == "+212522000000"


def test_markdown_becomes_plain_text(site: SiteData) -> None:
    _files, (org,) = exported(site_with(site, FULL), "fr")
    assert org["description"] == "Aide juridique gratuite. Voir le guide (https://exemple.ma/guide) et https://exemple.ma."
    assert hsds.plain_text("- un\n- deux\x07\r\n[ici](../asile/demander-l-asile.md)") == "• un\n• deux\nici"


def test_missing_translation_falls_back_to_french(site: SiteData) -> None:
    record = copy.deepcopy(FULL)
    record["name"] = {"fr": "Seulement en français"}
    record["phones"][0]["description"] = {"fr": "Accueil"}
    _files, (org,) = exported(site_with(site, record), "ar")
    assert org["name"] == org["services"][0]["name"] == "Seulement en français"
    assert org["phones"][0]["description"] == "Accueil"
    assert org["description"] == "مساعدة قانونية مجانية."


@pytest.mark.parametrize("lang", LANGS)
def test_record_services_are_published_one_by_one(site: SiteData, lang: str) -> None:
    """Each entry of a record's `services` is an HSDS service: name, eligibility, fees text in the export's language."""
    _files, organizations = exported(site, lang)
    hcr_record = site.organisations["hcr-maroc"]
    hcr = next(o for o in organizations if o["id"] == HCR_ORGANIZATION)
    entries = hcr_record.get("services")
    assert len(entries) >= 2 and len(hcr["services"]) == len(entries)
    for entry, service in zip(entries, hcr["services"], strict=False):
        assert service["id"] == hsds.object_uuid(f"service:hcr-maroc:{entry['id']}")
        assert service["name"] == hsds.text_in(entry["name"], lang)
        assert service["fees_description"] == (FREE[lang] if entry["free"] else hsds.text_in(entry.get("fees_description"), lang))
        assert service.get("eligibility_description") == hsds.text_in(entry.get("eligibility_description"), lang)
        assert service["organization_id"] == HCR_ORGANIZATION and service["assured_date"] == hcr_record.get("checked")
        assert [sal["location_id"] for sal in service["service_at_locations"]] == [loc["id"] for loc in hcr["locations"]]
    registration = next(s for s in hcr["services"] if s["id"] == HCR_REGISTRATION_SERVICE)
    assert registration["fees_description"] == FREE[lang]
    cash = next(s for s in hcr["services"] if s["id"] == hsds.object_uuid("service:hcr-maroc:aide-financiere"))
    assert cash["fees_description"] == FREE[lang]
    assert {"fr": "réfugiés reconnus", "ar": "اللاجئون المعترف بهم", "en": "recognised refugees"}[lang] in cash["eligibility_description"]
    for record in site.organisations.values():
        org = next(o for o in organizations if o["id"] == hsds.organization_uuid(record.id))
        assert len(org["services"]) == len(record.get("services", [None])), record.id


def test_service_fields(site: SiteData) -> None:
    files, (org,) = exported(site_with(site, WITH_SERVICES), "en")
    legal, training, evening = org["services"]
    assert legal["id"] == hsds.object_uuid("service:exemple-services:aide-juridique")
    assert legal["name"] == "Legal aid" and legal["description"] == "Free advice on your rights."
    assert legal["eligibility_description"] == "Refugees and asylum seekers."
    assert legal["fees_description"] == "Free"
    assert legal["application_process"] == "By appointment.\nCall reception."
    assert legal["status"] == "temporarily closed", "the organisation is temporarily closed: so is each of its services"
    assert [lang["name"] for lang in legal["languages"]] == ["French", "Bambara"]
    assert all(lang["service_id"] == legal["id"] for lang in legal["languages"])
    assert [doc["document"] for doc in legal["required_documents"]] == ["UNHCR document", "=Pièce d'identité"]
    assert all(doc["service_id"] == legal["id"] for doc in legal["required_documents"])
    assert len(legal["service_at_locations"]) == len(org["locations"]) == 3
    assert [sal["location_id"] for sal in legal["service_at_locations"]] == [loc["id"] for loc in org["locations"]]
    assert training["fees_description"] == "100 dirhams a month"
    assert "eligibility_description" not in training and "application_process" not in training and "languages" not in training
    assert "fees_description" not in evening, "not free and no cost given: no fees text"
    assert evening["name"] == "Formation du soir", "French when the translation is missing"
    assert evening["id"] == hsds.object_uuid("service:exemple-services:formation:2"), "a repeated service id is numbered"
    ids = [s["id"] for s in org["services"]] + [sal["id"] for s in org["services"] for sal in s["service_at_locations"]]
    assert len(ids) == len(set(ids))
    (first, second) = csv.DictReader(io.StringIO(files["required_documents.csv"].decode("utf-8"), newline=""))
    assert (first["service_id"], first["document"]) == (legal["id"], "UNHCR document")
    assert second["document"] == "'=Pièce d'identité", "a document that starts like a formula is defused in CSV"
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(files["services.csv"].decode("utf-8"), newline=""))}
    assert rows[legal["id"]]["eligibility_description"] == "Refugees and asylum seekers."
    assert rows[legal["id"]]["fees_description"] == "Free" and rows[training["id"]]["fees_description"] == "100 dirhams a month"


@pytest.mark.parametrize("lang", LANGS)
def test_free_service_text_in_every_language(site: SiteData, lang: str) -> None:
    _files, (org,) = exported(site_with(site, WITH_SERVICES), lang)
    assert org["services"][0]["fees_description"] == FREE[lang]
    assert org["services"][1]["fees_description"] == WITH_SERVICES["services"][1]["fees_description"][lang]
    assert org["services"][0]["application_process"].startswith({"fr": "Sur rendez-vous.", "ar": "بموعد مسبق.", "en": "By appointment."}[lang])


@pytest.mark.parametrize(("org_status", "entry_status", "expected"), [
    ("active", None, "active"),
    ("active", "closed", "inactive"),
    ("active", "temporarily-closed", "temporarily closed"),
    ("closed", "active", "inactive"),
    ("temporarily-closed", None, "temporarily closed"),
])
def test_service_status(site: SiteData, org_status: str, entry_status: str | None, expected: str) -> None:
    entry = {"id": "accueil", "name": {"fr": "Accueil"}, "free": True}
    if entry_status:
        entry["status"] = entry_status
    record = {**FULL, "status": org_status, "services": [entry]}
    _files, (org,) = exported(site_with(site, record), "fr")
    assert org["services"][0]["status"] == expected


@pytest.mark.parametrize(("status", "expected"), [("active", "active"), ("temporarily-closed", "temporarily closed"), ("closed", "inactive")])
def test_status_uses_the_hsds_vocabulary(site: SiteData, schema: dict, status: str, expected: str) -> None:
    record = {**FULL, "status": status}
    _files, (org,) = exported(site_with(site, record), "fr")
    assert org["services"][0]["status"] == expected
    assert expected in schema["properties"]["services"]["items"]["properties"]["status"]["enum"]


def test_status_defaults_to_active(site: SiteData) -> None:
    record = {k: v for k, v in FULL.items() if k != "status"}
    _files, (org,) = exported(site_with(site, record), "fr")
    assert org["services"][0]["status"] == "active"


def test_ids_are_pinned_unique_and_shared_by_languages(site: SiteData) -> None:
    assert hsds.organization_uuid("hcr-maroc") == HCR_ORGANIZATION
    ids_by_lang = {}
    for lang in LANGS:
        files, organizations = exported(site, lang)
        hcr = next(o for o in organizations if o["id"] == HCR_ORGANIZATION)
        assert hcr["locations"][0]["id"] == HCR_RABAT_LOCATION
        assert hcr["services"][0]["id"] == HCR_REGISTRATION_SERVICE
        _files, (iom,) = exported(site_with(site, without_services(site.organisations["oim-maroc"].data)), lang)
        (service,) = iom["services"]
        assert (service["id"], service["service_at_locations"][0]["id"]) == (IOM_SERVICE, IOM_SERVICE_AT_RABAT)
        ids = [row[0] for path, data in files.items() if path.endswith(".csv") and path != "meta_table_descriptions.csv" for row in read_csv(data)[1:]]
        assert len(ids) == len(set(ids)), "an id is used twice"
        assert all(uuid.UUID(i).version == 5 for i in ids)
        ids_by_lang[lang] = sorted(ids)
    assert ids_by_lang["fr"] == ids_by_lang["ar"] == ids_by_lang["en"]


def test_export_is_byte_identical_between_runs(site: SiteData) -> None:
    again = validate_all(ROOT, today=today())
    for lang in LANGS:
        assert hsds.export_hsds(site, lang, lang_url(lang)) == hsds.export_hsds(again, lang, lang_url(lang))


@pytest.mark.slow
def test_export_is_byte_identical_between_processes(site: SiteData) -> None:
    """Another interpreter with another hash seed writes exactly the same bytes."""
    script = (
        "import hashlib, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1] + '/hooks')\n"
        "from dalil.hsds import export_hsds; from dalil.pipeline import today; from dalil.validation import validate_all\n"
        "site = validate_all(Path(sys.argv[1]), today=today())\n"
        "files = export_hsds(site, 'ar', 'https://dalil.example/ar/')\n"
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, env=env, check=True)
    here = hsds.export_hsds(site, "ar", "https://dalil.example/ar/")
    assert result.stdout.strip() == hashlib.sha256(repr(sorted(here.items())).encode()).hexdigest()


@pytest.mark.parametrize("lang", LANGS)
def test_csv_files_match_the_datapackage(site: SiteData, lang: str) -> None:
    files, organizations = exported(site_with(site, FULL, WITH_SERVICES, *[r.data for r in site.organisations.values()]), lang)
    package = json.loads(files["datapackage.json"])
    assert package["profile"] == "tabular-data-package"
    resources = {r["path"]: r for r in package["resources"]}
    assert set(files) == set(resources) | {"organizations.json", "datapackage.json"}
    tables: dict[str, list[dict]] = {}
    for path, resource in resources.items():
        text = files[path].decode("utf-8")
        assert "\r" not in text and text.endswith("\n") and not text.startswith("\ufeff")
        header, *rows = read_csv(files[path])
        fields = resource["schema"]["fields"]
        assert header == [f["name"] for f in fields], path
        for row in rows:
            assert len(row) == len(header), f"{path}: {row}"
            for field, cell in zip(fields, row, strict=False):
                if field["constraints"].get("required"):
                    assert cell, f"{path}: {field['name']} is required"
                if field.get("format") == "uuid" and cell:
                    uuid.UUID(cell)
        tables[resource["name"]] = [dict(zip(header, row, strict=False)) for row in rows]
    for resource in package["resources"]:
        keys = [row["id"] for row in tables[resource["name"]]]
        assert len(keys) == len(set(keys)), f"{resource['name']}: duplicate id"
        for fk in resource["schema"].get("foreignKeys", []):
            targets = {row[fk["reference"]["fields"]] for row in tables[fk["reference"]["resource"]]}
            for row in tables[resource["name"]]:
                assert not row[fk["fields"]] or row[fk["fields"]] in targets, f"{resource['name']}.{fk['fields']} points nowhere"
    assert len(tables["organization"]) == len(organizations)
    assert {row["language"] for row in tables["meta_table_description"]} == {lang}
    full = next(o for o in organizations if o["id"] == hsds.organization_uuid("exemple-complet"))
    assert len(tables["schedule"]) >= 3 and len(tables["address"]) >= 1 and len(tables["language"]) >= 5
    assert len(tables["required_document"]) >= 2
    services = {row["id"]: row for row in tables["service"]}
    assert len(services) == sum(len(o["services"]) for o in organizations)
    assert any(row["eligibility_description"] and row["fees_description"] for row in services.values())
    assert {row["id"] for row in tables["location"]} >= {loc["id"] for loc in full["locations"]}


def test_datapackage_keeps_the_official_definitions() -> None:
    official = json.loads((hsds.HSDS_DIR / "datapackage.json").read_text(encoding="utf-8"))
    by_name = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in official["resources"]}
    package = hsds.datapackage("fr", SITE_URL)
    assert [r["name"] for r in package["resources"]] == [r["name"] for r in official["resources"] if r["name"] in hsds.TABLES]
    assert {r["name"] for r in package["resources"]} == set(hsds.TABLES)
    for resource in package["resources"]:
        official_resource = next(r for r in official["resources"] if r["name"] == resource["name"])
        assert resource["path"] == official_resource["path"]
        assert set(hsds.TABLES[resource["name"]]) <= set(by_name[resource["name"]]), f"{resource['name']}: field not in HSDS"
        for field in resource["schema"]["fields"]:
            original = by_name[resource["name"]][field["name"]]
            if (resource["name"], field["name"]) in hsds.NOT_COLLECTED:
                assert field["constraints"]["required"] is False and original["constraints"]["required"] is True
                assert field["type"] == original["type"]
            else:
                assert field == original


def test_csv_round_trips_hostile_text(site: SiteData) -> None:
    hostile = 'Il a dit "oui, merci"; puis:\n« non », \'peut-être\'\nقال "نعم، شكرا"\n\\fin,'
    record = copy.deepcopy(FULL)
    record["description"] = {"fr": hostile}
    record["locations"][0]["address"] = 'Imm. "B", 3\nétage'
    files, (org,) = exported(site_with(site, record), "fr")
    (row,) = csv.DictReader(io.StringIO(files["organizations.csv"].decode("utf-8"), newline=""))
    assert row["description"] == org["description"] == hostile
    (service,) = csv.DictReader(io.StringIO(files["services.csv"].decode("utf-8"), newline=""))
    assert service["description"] == hostile
    (address,) = csv.DictReader(io.StringIO(files["addresses.csv"].decode("utf-8"), newline=""))
    assert address["address_1"] == 'Imm. "B", 3\nétage'


def test_csv_cells_never_start_a_formula(site: SiteData) -> None:
    record = copy.deepcopy(FULL)
    record["name"] = {"fr": '=HYPERLINK("https://evil.example","Cliquez")'}
    record["description"] = {"fr": "@SUM(1+1)"}
    files, (org,) = exported(site_with(site, record), "fr")
    (row,) = csv.DictReader(io.StringIO(files["organizations.csv"].decode("utf-8"), newline=""))
    assert row["name"] == "'" + org["name"] and org["name"].startswith("=HYPERLINK")
    assert row["description"] == "'@SUM(1+1)"
    (phone, *_rest) = csv.DictReader(io.StringIO(files["phones.csv"].decode("utf-8"), newline=""))
    assert phone["number"].startswith("+212"), "E.164 numbers are data, not formulas: kept as they are"


def test_no_timestamps_or_machine_paths(site: SiteData) -> None:
    files = hsds.export_hsds(site, "fr", SITE_URL)
    text = b"".join(files.values()).decode("utf-8")
    assert str(ROOT) not in text
    assert not re.search(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:", text), "no build time in the export"
