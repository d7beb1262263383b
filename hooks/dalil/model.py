"""The validated data: what the select and render steps read.

`validation.validate_all` builds a `SiteData` from the files of `data/` once they passed every
check; `selection.select_published` says which records it publishes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

LANGS = ("fr", "ar", "en")


@dataclass
class Record:
    """One validated record (topic, organisation or emergency number)."""

    kind: str
    id: str
    path: str  # file that holds it, relative to the project root
    data: dict[str, Any]
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)

    def line_of(self, field_path: str) -> int | None:
        parts = tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", field_path))
        for cut in range(len(parts), 0, -1):
            if parts[:cut] in self.lines:
                return self.lines[parts[:cut]]
        return None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def published(self) -> bool:
        return not self.data.get("draft", False)


@dataclass
class SiteData:
    """Everything the render step needs, validated."""

    themes: dict[str, dict]
    cities: dict[str, dict]
    languages: dict[str, dict]
    labels: dict[str, dict]
    unpublishable: list[dict]
    redirects: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)  # data/terms.yml: official names and variants not to write
    topics: dict[str, Record] = field(default_factory=dict)
    organisations: dict[str, Record] = field(default_factory=dict)
    emergency: dict[str, Record] = field(default_factory=dict)
    drafts: list[Record] = field(default_factory=list)
    expired: list[Record] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        yield from self.topics.values()
        yield from self.organisations.values()
        yield from self.emergency.values()


# --- Typed records -------------------------------------------------------------------------------
# One dataclass per kind of record and per nested object, its fields named as the schema's
# properties (tests/test_model.py holds them to data/schema/*.json, defaults included). A field
# the YAML leaves out takes its default here, once: templates and renderers read attributes.
# `data` keeps the validated dict as written (the rules walk it; the exports still read it).

Text = dict[str, str]  # a translatable text: {fr: …, ar: …, en: …}, French always there
NOT_PROPERTIES = {"kind", "path", "data", "lines"}  # Record's own fields, not read from the YAML


def _each(cls: type, **convert: Any) -> Any:
    """A converter of a list of validated dicts into `cls` instances (nested fields converted too)."""
    return lambda items: [cls(**{name: convert[name](value) if name in convert else value for name, value in item.items()}) for item in items]


@dataclass
class Phone:
    number: str
    type: str = "voice"  # voice, whatsapp or sms
    languages: list[str] = field(default_factory=list)
    description: Text | None = None


@dataclass
class Source:
    title: str
    seen: str
    publisher: str | None = None
    url: str | None = None


@dataclass
class Slot:
    """Opening hours on some days (HSDS schedule)."""

    byday: list[str]
    opens_at: str
    closes_at: str
    valid_from: str | None = None
    valid_to: str | None = None
    description: Text | None = None

    def as_dict(self) -> dict[str, Any]:
        """The slot as written (what the pages' data-hours carry for dalil.js)."""
        return {name: value for name, value in self.__dict__.items() if value is not None}


@dataclass
class Location:
    city: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    hours: list[Slot] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)


@dataclass
class Service:
    id: str
    name: Text
    free: bool
    description: Text | None = None
    eligibility_description: Text | None = None
    fees_description: Text | None = None
    required_documents: list[Text] = field(default_factory=list)
    appointment: bool = False
    application_process: Text | None = None
    languages: list[str] = field(default_factory=list)
    status: str = "active"


@dataclass(kw_only=True)
class Checked:
    """What every kind of record has: its sources, when it was checked, its publication."""

    sources: list[Source]
    checked: str
    confidence: str
    confirmed: list[dict[str, Any]] = field(default_factory=list)  # {on, how, with, what}: `with` is a Python keyword
    draft: bool = False
    verify: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    search_terms: dict[str, list[str]] = field(default_factory=dict)


@dataclass(kw_only=True)
class Emergency(Checked, Record):
    """An emergency number (data/emergency/)."""

    number: str
    name: Text
    description: Text
    official_source: bool
    short_name: Text | None = None
    hours: Text | None = None
    free: bool = False
    order: int = 100
    bar: bool = False
    city_pages: bool = False


@dataclass(kw_only=True)
class Organisation(Checked, Record):
    """An organisation of the directory (data/organisations/)."""

    name: Text
    description: Text
    themes: list[str]
    locations: list[Location]
    alternate_name: str | None = None
    status: str = "active"  # active, temporarily-closed or closed
    languages: list[str] = field(default_factory=list)
    email: str | None = None
    website: str | None = None
    phones: list[Phone] = field(default_factory=list)
    city_pages: bool = False
    services: list[Service] = field(default_factory=list)

    @property
    def all_phones(self) -> list[Phone]:
        """Every number: the organisation's own, then its places' (services have none)."""
        return [*self.phones, *(p for loc in self.locations for p in loc.phones)]

    @property
    def cities(self) -> list[str]:
        """The cities of its places, in alphabetical order of their ids."""
        return sorted({loc.city for loc in self.locations})

    @property
    def by_appointment(self) -> bool:
        """Whether one of its services asks for an appointment."""
        return any(service.appointment for service in self.services)

    @property
    def closed(self) -> bool:
        return self.status == "closed"


@dataclass
class Section:
    id: str
    title: Text
    body: Text


@dataclass(kw_only=True)
class Topic(Checked, Record):
    """A topic page (data/topics/)."""

    theme: str
    title: Text
    summary: Text
    order: int = 100
    sections: list[Section] = field(default_factory=list)
    steps: list[Text] = field(default_factory=list)
    documents: list[Text] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    sensitive: bool = False


_PHONES = _each(Phone)
_SOURCES = _each(Source)
_CONVERT: dict[str, dict[str, Any]] = {
    "emergency": {"sources": _SOURCES},
    "organisation": {"sources": _SOURCES, "phones": _PHONES, "services": _each(Service),
                     "locations": _each(Location, hours=_each(Slot), phones=_PHONES)},
    "topic": {"sources": _SOURCES, "sections": _each(Section)},
}
TYPES: dict[str, type] = {"emergency": Emergency, "organisation": Organisation, "topic": Topic}


def make_record(kind: str, path: str, data: dict[str, Any], lines: dict[tuple, int] | None = None) -> Record:
    """The typed record of a validated dict (its schema checked): defaults applied, nested objects typed."""
    convert = _CONVERT[kind]
    values = {name: convert[name](value) if name in convert else value for name, value in data.items()}
    return TYPES[kind](kind=kind, path=path, data=data, lines=lines or {}, **values)
