"""The validated data: what the select and render steps read.

`validation.validate_all` builds a `SiteData` from the files of `data/` once they passed every
check, each record typed by its kind (`make_record`: an `Emergency`, `Organisation` or `Topic`);
`selection.select_published` says which records it publishes. The step-by-step journeys
(`Journey`, data/journeys/) point at published topics: `journeys.load_journeys` adds them last.

A typed record reads its fields from the validated dict it keeps (`data`, as the YAML wrote it:
the rules walk it, the exports read it, a test may change it): each field is a `Field` named as
the schema property, with the default the schema declares when the YAML leaves it out, and
nested objects (phones, places, hours, services, sections, sources) become dataclasses.
Templates and renderers read attributes (`org.phones`, `phone.type`), never `.get(…, default)`.
tests/test_model.py holds the fields and their defaults to data/schema/*.json.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

LANGS = ("fr", "ar", "en")


@dataclass
class Record:
    """One validated record (topic, organisation, emergency number or journey)."""

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
    topics: dict[str, Topic] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    emergency: dict[str, Emergency] = field(default_factory=dict)
    drafts: list[Record] = field(default_factory=list)
    expired: list[Record] = field(default_factory=list)
    journeys: dict[str, Journey] = field(default_factory=dict)  # data/journeys/: step-by-step journeys (journeys.py)
    countries: dict[str, dict] = field(default_factory=dict)  # data/countries.yml: where cities abroad are

    def country_of(self, city_id: str) -> str | None:
        """The country of a city abroad (a code of data/countries.yml); None for a city of Morocco."""
        return self.cities[city_id].get("country")

    def records(self) -> Iterator[Record]:
        yield from self.topics.values()
        yield from self.organisations.values()
        yield from self.emergency.values()


# --- Typed records -------------------------------------------------------------------------------

Text = dict[str, str]  # a translatable text: {fr: …, ar: …, en: …}, French always there
REQUIRED: Any = object()  # the schema requires the property: no default


def _typed(cls: type, data: dict[str, Any]) -> Any:
    """A nested dataclass from its validated dict, its own nested lists typed too (`cls.NESTED`)."""
    nested = getattr(cls, "NESTED", {})
    return cls(**{name: [_typed(nested[name], item) for item in value] if name in nested else value for name, value in data.items()})


class Field:
    """A schema property of a record, read from the record's validated dict.

    `default`: what a record without the property reads (REQUIRED: the schema requires it);
    `each`: the dataclass of a list's items."""

    def __init__(self, default: Any = None, *, each: type | None = None) -> None:
        self.default, self.each = default, each

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, record: Record | None, owner: type) -> Any:
        if record is None:
            return self
        if self.name in record.data:
            value = record.data[self.name]
        elif self.default is REQUIRED:
            raise AttributeError(f"{record.path}: « {self.name} » manque (la validation l'exige)")
        else:
            value = copy.copy(self.default)  # a fresh [] or {} for each reader
        return [_typed(self.each, item) for item in value] if self.each else value


def fields_of(cls: type) -> dict[str, Field]:
    """The schema properties a typed record reads, by name (`id` is Record's own)."""
    return {name: value for klass in reversed(cls.__mro__) for name, value in vars(klass).items() if isinstance(value, Field)}


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
    NESTED: ClassVar[dict[str, type]] = {"hours": Slot, "phones": Phone}

    city: str
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    hours: list[Slot] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)

    @property
    def schedule(self) -> list[dict[str, Any]]:
        """The hours as written, for the pages' data-hours (read by dalil.js)."""
        return [slot.as_dict() for slot in self.hours]


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


@dataclass
class Section:
    id: str
    title: Text
    body: Text


class Checked(Record):
    """What every kind of record has: its sources, when it was checked, its publication."""

    sources = Field(REQUIRED, each=Source)
    checked = Field(REQUIRED)
    confidence = Field(REQUIRED)
    confirmed = Field([])  # {on, how, with, what}: dicts (`with` is a Python keyword)
    draft = Field(False)
    verify = Field()
    valid_from = Field()
    valid_to = Field()
    search_terms = Field({})


class Emergency(Checked):
    """An emergency number (data/emergency/)."""

    number = Field(REQUIRED)
    name = Field(REQUIRED)
    description = Field(REQUIRED)
    official_source = Field(REQUIRED)
    short_name = Field()
    hours = Field()  # a text ("24 h/24")
    free = Field(False)
    order = Field(100)
    bar = Field(False)
    city_pages = Field(False)


class Organisation(Checked):
    """An organisation of the directory (data/organisations/)."""

    name = Field(REQUIRED)
    description = Field(REQUIRED)
    themes = Field(REQUIRED)
    locations = Field(REQUIRED, each=Location)
    alternate_name = Field()
    status = Field("active")  # active, temporarily-closed or closed
    languages = Field([])
    email = Field()
    website = Field()
    phones = Field([], each=Phone)
    city_pages = Field(False)
    services = Field([], each=Service)

    @property
    def all_phones(self) -> list[Phone]:
        """Every number: the organisation's own, then its places' (services have none)."""
        return [*self.phones, *(phone for location in self.locations for phone in location.phones)]

    @property
    def cities(self) -> list[str]:
        """The cities of its places, in alphabetical order of their ids."""
        return sorted({location.city for location in self.locations})

    @property
    def by_appointment(self) -> bool:
        """Whether one of its services asks for an appointment."""
        return any(service.appointment for service in self.services)

    @property
    def closed(self) -> bool:
        return self.status == "closed"


class Topic(Checked):
    """A topic page (data/topics/)."""

    theme = Field(REQUIRED)
    title = Field(REQUIRED)
    summary = Field(REQUIRED)
    order = Field(100)
    sections = Field([], each=Section)
    steps = Field([])
    documents = Field([])
    warnings = Field([])
    organisations = Field([])
    related = Field([])
    sensitive = Field(False)


@dataclass
class JourneyStep:
    """One step of a journey: its title, an optional sentence, the ids of its topics in reading order."""

    title: Text
    topics: list[str]
    text: Text | None = None


class Journey(Record):
    """A step-by-step journey (data/journeys/): no fact of its own, steps leading to topic pages."""

    audience = Field(REQUIRED)
    title = Field(REQUIRED)
    summary = Field(REQUIRED)
    steps = Field(REQUIRED, each=JourneyStep)
    order = Field(100)
    search_terms = Field({})


TYPES: dict[str, type[Record]] = {"emergency": Emergency, "organisation": Organisation, "topic": Topic, "journey": Journey}


def make_record(kind: str, path: str, data: dict[str, Any], lines: dict[tuple, int] | None = None) -> Record:
    """The typed record of a validated dict (its schema checked)."""
    return TYPES[kind](kind, data["id"], path, data, lines or {})
