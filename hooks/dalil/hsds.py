"""Open data step: the directory as an Open Referral HSDS 3.0 export, one per language.

Called by `pipeline` (which stages the files in each language's open-data folder) and by
tests/test_hsds.py; `vcard` borrows its identifiers and plain-text helper. Pure: no MkDocs
import, no clock, no network. `export_hsds` returns `organizations.json` (the canonical form:
an array of HSDS organization objects with their services, locations, phones and languages
embedded) and the tabular form (one CSV per HSDS table + `datapackage.json`, derived from the
official descriptor in `hsds-3.0/`, keeping only the tables and fields published here).

Choices, so that the export is valid HSDS and honest about what Dalil knows:
- Ids are uuid5(NAMESPACE, stable name), e.g. "organization:hcr-maroc",
  "location:hcr-maroc:rabat", "phone:hcr-maroc:+212537545400", "schedule:hcr-maroc:rabat:0":
  identical in every build and in every language, so the three exports join on id.
- HSDS has no translated fields: each language has its own export; a text missing in that
  language is given in French (as on the site). `meta_table_descriptions.csv` says which
  language each table is in. Markdown in texts is turned into plain text.
- Services: an organisation with a `services` list publishes one HSDS service per entry
  ("service:hcr-maroc:enregistrement"), with its eligibility, application process, languages
  and required documents. `fees_description` is the `free_service` label of data/labels.yml
  ("Gratuit" / "مجاني" / "Free") when the entry says `free: true`, else the entry's own
  `fees_description` (absent when it has none). HSDS has no appointment field: `appointment: true`
  puts the `appointment` label ("Sur rendez-vous") first in `application_process`. An
  organisation without `services` keeps one service named after it ("service:hcr-maroc").
  Every service has `url` = the organisation's page on the site, `assured_date` = the record's
  `checked`, a service_at_location for each of the organisation's locations, and the status of
  its entry unless the organisation itself is (temporarily) closed: then the organisation's.
- A location in the `national` city (nationwide or remote) is `virtual`, without address.
  Other locations are `physical`, named after their city; they get an address only when the
  record gives a street address (HSDS requires `address_1`). Morocco has no postal code and
  cities.yml no region (yet) in the data: `postal_code` and `state_province` are published
  empty, and the datapackage marks them not required (HSDS requires them).
- Opening hours are local wall-clock time in Morocco (Africa/Casablanca), written HH:MM:SS
  without offset (the offset changes during Ramadan); a closing time of 24:00 becomes 23:59:59.
- CSV: UTF-8 without BOM, "\n" line ends, quoted when needed; a free text that starts with
  = + - @ gets a leading apostrophe so a spreadsheet never runs it as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .model import Location, Organisation, Phone, Service, SiteData, Slot
from .text import plain_text, text_in
from .urls import organisation_path

# Never change: every published id derives from it.
NAMESPACE = uuid.UUID("58e25fb4-1475-4a19-b3be-ad0459eb307a")
HSDS_DIR = Path(__file__).parent / "hsds-3.0"
NATIONAL = "national"
COUNTRY = "MA"
STATUSES = {"active": "active", "temporarily-closed": "temporarily closed", "closed": "inactive"}
PHONE_TYPES = {"voice": "voice", "whatsapp": "cell", "sms": "text"}
WHATSAPP_WORDS = ("whatsapp", "واتساب")

# Tables published -> fields filled (CSV columns follow the HSDS field order).
TABLES: dict[str, tuple[str, ...]] = {
    "organization": ("id", "name", "alternate_name", "description", "email", "website"),
    "service": (
        "id", "organization_id", "name", "alternate_name", "description", "url", "email", "status",
        "application_process", "fees_description", "eligibility_description", "assured_date",
    ),
    "service_at_location": ("id", "service_id", "location_id"),
    "location": ("id", "location_type", "url", "organization_id", "name", "latitude", "longitude"),
    "phone": ("id", "location_id", "organization_id", "number", "type", "description"),
    "address": ("id", "location_id", "address_1", "city", "state_province", "postal_code", "country", "address_type"),
    "schedule": ("id", "location_id", "valid_from", "valid_to", "freq", "byday", "description", "opens_at", "closes_at"),
    "language": ("id", "service_id", "phone_id", "name", "code"),
    "required_document": ("id", "service_id", "document"),
    "meta_table_description": ("id", "name", "language", "character_set"),
}
# Required by HSDS, not in Dalil's sources: published empty, marked not required in datapackage.json.
NOT_COLLECTED = {("address", "state_province"), ("address", "postal_code")}
# Free-text CSV columns, the ones a spreadsheet could read as a formula.
TEXT_FIELDS = {
    "name", "alternate_name", "description", "address_1", "city", "state_province",
    "application_process", "fees_description", "eligibility_description", "document",
}
FORMULA_START = ("=", "+", "-", "@")



def export_hsds(site: SiteData, lang: str, base_url: str) -> dict[str, bytes]:
    """Files of the HSDS export for `lang`, keyed by path in that language's open-data folder."""
    organizations = [organization_object(site.organisations[i], site, lang, base_url) for i in sorted(site.organisations)]
    package = datapackage(lang, base_url)
    rows = table_rows(organizations, lang)
    files = {"organizations.json": dump_json(organizations), "datapackage.json": dump_json(package)}
    for resource in package["resources"]:
        columns = [f["name"] for f in resource["schema"]["fields"]]
        files[resource["path"]] = write_csv(columns, rows[resource["name"]])
    return files


def object_uuid(name: str) -> str:
    """The stable id of one published object, from its stable name ("location:hcr-maroc:rabat")."""
    return str(uuid.uuid5(NAMESPACE, name))


def organization_uuid(record_id: str) -> str:
    """The HSDS organization id of a record; the vCard's UID uses the same one."""
    return object_uuid(f"organization:{record_id}")


def page_url(base_url: str, record_id: str) -> str:
    """The organisation's page on the site; `base_url` is the language's root URL."""
    return f"{base_url.rstrip('/')}/{organisation_path(record_id)}"


def organization_object(org: Organisation, site: SiteData, lang: str, base_url: str) -> dict[str, Any]:
    """One HSDS organization with its services, locations, phones and languages embedded."""
    org_uuid = organization_uuid(org.id)
    keys = location_keys(org)
    locations = [location_object(org, loc, key, site, lang) for loc, key in zip(org.locations, keys, strict=False)]
    links = list(zip(keys, [loc["id"] for loc in locations], strict=False))
    if org.services:
        services = [
            listed_service(org, entry, key, links, site, lang, base_url)
            for entry, key in zip(org.services, service_keys(org), strict=False)
        ]
    else:
        services = [organisation_service(org, links, site, lang, base_url)]
    return compact({
        "id": org_uuid,
        "name": text_in(org.name, lang),
        "alternate_name": alternate_name(org),
        "description": text_in(org.description, lang),
        "email": org.email,
        "website": org.website,
        "phones": phone_objects(org.phones, site, lang, org.id, organization_id=org_uuid),
        "locations": locations,
        "services": services,
    })


def alternate_name(org: Organisation) -> str | None:
    return plain_text(org.alternate_name) if org.alternate_name else None


def organisation_service(org: Organisation, links: list[tuple[str, str]], site: SiteData, lang: str, base_url: str) -> dict[str, Any]:
    """The single service of an organisation without `services`, named after it (ids unchanged since the first export)."""
    name = f"service:{org.id}"
    service_uuid = object_uuid(name)
    return compact({
        **service_base(org, service_uuid, base_url),
        "name": text_in(org.name, lang),
        "alternate_name": alternate_name(org),
        "description": text_in(org.description, lang),
        "status": STATUSES[org.status],
        "languages": [language_object(code, site, lang, name, service_id=service_uuid) for code in org.languages],
        "service_at_locations": [
            {"id": object_uuid(f"service_at_location:{org.id}:{key}"), "service_id": service_uuid, "location_id": location_uuid}
            for key, location_uuid in links
        ],
    })


def listed_service(
    org: Organisation, entry: Service, key: str, links: list[tuple[str, str]], site: SiteData, lang: str, base_url: str
) -> dict[str, Any]:
    """One entry of the organisation's `services` as an HSDS service, offered at every location of the organisation."""
    name = f"service:{org.id}:{key}"
    service_uuid = object_uuid(name)
    return compact({
        **service_base(org, service_uuid, base_url),
        "name": text_in(entry.name, lang),
        "description": text_in(entry.description, lang),
        "status": STATUSES[service_status(org, entry)],
        "application_process": application_process(entry, site, lang),
        "fees_description": fees_description(entry, site, lang),
        "eligibility_description": text_in(entry.eligibility_description, lang),
        "languages": [language_object(code, site, lang, name, service_id=service_uuid) for code in entry.languages],
        "required_documents": [
            {"id": object_uuid(f"required_document:{org.id}:{key}:{index}"), "service_id": service_uuid, "document": text_in(document, lang)}
            for index, document in enumerate(entry.required_documents)
        ],
        "service_at_locations": [
            {"id": object_uuid(f"service_at_location:{org.id}:{key}:{location_key}"), "service_id": service_uuid, "location_id": location_uuid}
            for location_key, location_uuid in links
        ],
    })


def fees_description(entry: Service, site: SiteData, lang: str) -> str | None:
    """"Gratuit" (in `lang`) for a free service; otherwise the record's own fees text, if any."""
    if entry.free:
        return text_in(site.labels["free_service"], lang)
    return text_in(entry.fees_description, lang)


def application_process(entry: Service, site: SiteData, lang: str) -> str | None:
    """How to get the service, opening with "Sur rendez-vous." when the record says an appointment is needed."""
    parts = [text_in(site.labels["appointment"], lang) + "." if entry.appointment else None]
    parts.append(text_in(entry.application_process, lang))
    return "\n".join(part for part in parts if part) or None


def service_base(org: Organisation, service_uuid: str, base_url: str) -> dict[str, Any]:
    """Fields every service of an organisation shares: ids, the organisation's page and e-mail, the check date."""
    return {
        "id": service_uuid,
        "organization_id": organization_uuid(org.id),
        "url": page_url(base_url, org.id),
        "email": org.email,
        "assured_date": org.checked,
    }


def service_status(org: Organisation, entry: Service) -> str:
    """The entry's status, unless the whole organisation is (temporarily) closed."""
    return org.status if org.status != "active" else entry.status


def service_keys(org: Organisation) -> list[str]:
    """Stable key of each listed service: its id, numbered from the second one with the same id."""
    return numbered([entry.id for entry in org.services])


def location_keys(org: Organisation) -> list[str]:
    """Stable key of each location: its city, numbered from the second one in the same city."""
    return numbered([loc.city for loc in org.locations])


def numbered(names: list[str]) -> list[str]:
    """["rabat", "rabat", "fes"] -> ["rabat", "rabat:2", "fes"]: unique keys that keep the first one bare."""
    seen: dict[str, int] = {}
    keys = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        keys.append(name if seen[name] == 1 else f"{name}:{seen[name]}")
    return keys


def location_object(org: Organisation, loc: Location, key: str, site: SiteData, lang: str) -> dict[str, Any]:
    loc_uuid = object_uuid(f"location:{org.id}:{key}")
    city = site.cities[loc.city]
    virtual = loc.city == NATIONAL
    address = None
    if loc.address and not virtual:
        address = {
            "id": object_uuid(f"address:{org.id}:{key}"),
            "location_id": loc_uuid,
            "address_1": plain_text(loc.address),
            "city": text_in(city["name"], lang),
            "state_province": text_in(city.get("region"), lang) or "",
            "postal_code": "",
            "country": COUNTRY,
            "address_type": "physical",
        }
    return compact({
        "id": loc_uuid,
        "location_type": "virtual" if virtual else "physical",
        "url": org.website if virtual else None,
        "organization_id": organization_uuid(org.id),
        "name": text_in(city["name"], lang),
        "latitude": loc.latitude,
        "longitude": loc.longitude,
        "addresses": [address] if address else [],
        "phones": phone_objects(loc.phones, site, lang, f"{org.id}:{key}", location_id=loc_uuid),
        "schedules": [schedule_object(slot, f"{org.id}:{key}:{index}", loc_uuid, lang) for index, slot in enumerate(loc.hours)],
    })


def phone_objects(phones: list[Phone], site: SiteData, lang: str, owner: str, **link: str) -> list[dict[str, Any]]:
    """HSDS phones of one organisation or location; `link` is organization_id= or location_id=."""
    out = []
    seen: dict[str, int] = {}
    for phone in phones:
        number = phone.number
        seen[number] = seen.get(number, 0) + 1
        name = f"phone:{owner}:{number}" + (f":{seen[number]}" if seen[number] > 1 else "")
        phone_uuid = object_uuid(name)
        kind = phone.type
        description = text_in(phone.description, lang)
        if kind == "whatsapp" and not any(w in (description or "").casefold() for w in WHATSAPP_WORDS):
            description = f"WhatsApp — {description}" if description else "WhatsApp"
        out.append(compact({
            "id": phone_uuid,
            **link,
            "number": number,
            "type": PHONE_TYPES[kind],
            "description": description,
            "languages": [language_object(code, site, lang, name, phone_id=phone_uuid) for code in phone.languages],
        }))
    return out


def language_object(code: str, site: SiteData, lang: str, owner: str, **link: str) -> dict[str, Any]:
    """A language spoken for a service or on a phone line; `link` is service_id= or phone_id=."""
    return {"id": object_uuid(f"language:{owner}:{code}"), **link, "name": text_in(site.languages[code]["name"], lang), "code": code}


def schedule_object(slot: Slot, name: str, location_uuid: str, lang: str) -> dict[str, Any]:
    return compact({
        "id": object_uuid(f"schedule:{name}"),
        "location_id": location_uuid,
        "valid_from": slot.valid_from,
        "valid_to": slot.valid_to,
        "freq": "WEEKLY",
        "byday": ",".join(slot.byday),
        "description": text_in(slot.description, lang),
        "opens_at": clock_time(slot.opens_at),
        "closes_at": clock_time(slot.closes_at),
    })


def clock_time(hhmm: str) -> str:
    """"09:00" -> "09:00:00" (HSDS examples, Table Schema `time`); the end of day 24:00 -> 23:59:59."""
    return "23:59:59" if hhmm == "24:00" else f"{hhmm}:00"


def compact(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop absent values and empty lists (HSDS fields are optional unless required)."""
    return {k: v for k, v in obj.items() if v is not None and v != []}


def table_rows(organizations: list[dict], lang: str) -> dict[str, list[dict]]:
    """The embedded objects, flattened into HSDS tables."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}

    def add_phones(phones: Iterable[dict]) -> None:
        for phone in phones:
            rows["phone"].append(phone)
            rows["language"].extend(phone.get("languages", []))

    for org in organizations:
        rows["organization"].append(org)
        add_phones(org.get("phones", []))
        for loc in org.get("locations", []):
            rows["location"].append(loc)
            rows["address"].extend(loc.get("addresses", []))
            rows["schedule"].extend(loc.get("schedules", []))
            add_phones(loc.get("phones", []))
        for service in org.get("services", []):
            rows["service"].append(service)
            rows["service_at_location"].extend(service.get("service_at_locations", []))
            rows["language"].extend(service.get("languages", []))
            rows["required_document"].extend(service.get("required_documents", []))
    rows["meta_table_description"] = [
        {"id": object_uuid(f"meta_table_description:{lang}:{name}"), "name": name, "language": lang, "character_set": "UTF-8"}
        for name in TABLES
    ]
    return rows


def datapackage(lang: str, base_url: str) -> dict[str, Any]:
    """The official HSDS descriptor, cut down to the tables and fields published here."""
    official = json.loads((HSDS_DIR / "datapackage.json").read_text(encoding="utf-8"))
    resources = []
    for resource in official["resources"]:
        name = resource["name"]
        if name not in TABLES:
            continue
        fields = [published_field(name, f) for f in resource["schema"]["fields"] if f["name"] in TABLES[name]]
        columns = {f["name"] for f in fields}
        schema: dict[str, Any] = {"fields": fields, "primaryKey": resource["schema"]["primaryKey"]}
        foreign = [fk for fk in resource["schema"].get("foreignKeys", []) if fk["fields"] in columns and fk["reference"]["resource"] in TABLES]
        if foreign:
            schema["foreignKeys"] = foreign
        kept = {k: v for k, v in resource.items() if k != "schema"}
        resources.append({**kept, "encoding": "utf-8", "schema": schema})
    return {
        "name": f"dalil-annuaire-{lang}",
        "title": f"Dalil — directory of organisations ({lang}), Open Referral HSDS 3.0",
        "description": (
            "The organisations of Dalil's directory in the Human Services Data Specification 3.0 "
            f"(tabular form; organizations.json holds the same data as HSDS JSON). Texts are in '{lang}'; "
            "a text not yet translated is given in French. Ids are the same in every language. "
            "Opening hours are local time in Morocco (Africa/Casablanca)."
        ),
        "profile": official["profile"],
        "homepage": base_url,
        "resources": resources,
    }


def published_field(table: str, field: dict) -> dict:
    if (table, field["name"]) not in NOT_COLLECTED:
        return field
    constraints = {**field.get("constraints", {}), "required": False}
    note = " Dalil: not given by its sources, left empty."
    return {**field, "constraints": constraints, "description": field["description"] + note}


def write_csv(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(column, row.get(column)) for column in columns])
    return out.getvalue().encode("utf-8")


def csv_cell(column: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if column in TEXT_FIELDS and text.startswith(FORMULA_START):
        return "'" + text
    return text


def dump_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")
