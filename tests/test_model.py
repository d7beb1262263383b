"""The typed records (hooks/dalil/model.py) agree with the JSON Schemas of data/schema/.

A field per schema property, no more, no less; the default a record takes when the YAML leaves a
field out is the schema's `default` (what editors see in their tools' help), and a real record
reads as its YAML says.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import real_site
from dalil import model

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "data" / "schema"


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def node(path: str) -> dict[str, Any]:
    """The schema object at "file.schema.json#/a/b" (properties of a record, of an array's items…)."""
    name, _, pointer = path.partition("#")
    value = schema(name)
    for part in filter(None, pointer.split("/")):
        value = value[part]
    return value


# Each dataclass and the schema object whose properties it holds.
SCHEMA_OF = {
    model.Emergency: "emergency.schema.json#",
    model.Organisation: "organisation.schema.json#",
    model.Topic: "topic.schema.json#",
    model.Phone: "common.schema.json#/$defs/phone",
    model.Source: "common.schema.json#/$defs/source",
    model.Location: "organisation.schema.json#/properties/locations/items",
    model.Slot: "organisation.schema.json#/properties/locations/items/properties/hours/items",
    model.Service: "organisation.schema.json#/properties/services/items",
    model.Section: "topic.schema.json#/properties/sections/items",
    model.Journey: "journey.schema.json#",
    model.JourneyStep: "journey.schema.json#/properties/steps/items",
}


def declared(cls: type) -> dict[str, tuple[bool, object]]:
    """Each field of a typed record or nested dataclass: (has a default, that default when it is a value)."""
    if not issubclass(cls, model.Record):
        return {f.name: (f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING,
                         None if f.default is dataclasses.MISSING else f.default) for f in dataclasses.fields(cls)}
    fields = {name: (spec.default is not model.REQUIRED, None if spec.default is model.REQUIRED else spec.default)
              for name, spec in model.fields_of(cls).items()}
    return {"id": (False, None)} | fields  # the id is Record's own field, read from the file too


@pytest.mark.parametrize("cls", SCHEMA_OF, ids=lambda cls: cls.__name__)
def test_fields_are_the_schema_properties(cls: type) -> None:
    properties = node(SCHEMA_OF[cls])["properties"]
    assert set(declared(cls)) == set(properties)


@pytest.mark.parametrize("cls", SCHEMA_OF, ids=lambda cls: cls.__name__)
def test_required_fields_have_no_default_and_defaults_are_the_schemas(cls: type) -> None:
    target = node(SCHEMA_OF[cls])
    required = set(target.get("required", []))
    for name, (has_default, default) in declared(cls).items():
        assert has_default == (name not in required), f"{cls.__name__}.{name}: required in the schema, so no default (and the reverse)"
        if default not in (None, [], {}):  # a value the YAML may leave out: the schema says it
            assert target["properties"][name].get("default") == default, f"{cls.__name__}.{name}: the schema's default differs"
        if "default" in target["properties"][name]:
            assert default == target["properties"][name]["default"], f"{cls.__name__}.{name}: the schema declares a default the record does not apply"


def test_a_left_out_field_takes_its_default_once() -> None:
    data = {"id": "essai", "name": {"fr": "Essai"}, "description": {"fr": "Texte."}, "themes": ["asile"],
            "locations": [{"city": "rabat", "phones": [{"number": "+212537000000"}], "hours": [{"byday": ["MO"], "opens_at": "09:00", "closes_at": "12:00"}]}],
            "phones": [{"number": "+212600000000", "type": "whatsapp"}],
            "services": [{"id": "s", "name": {"fr": "S"}, "free": True, "appointment": True}],
            "sources": [{"title": "T", "seen": "2026-01-01"}], "checked": "2026-01-01", "confidence": "M"}
    org = model.make_record("organisation", "data/organisations/essai.yml", data)
    assert (org.status, org.city_pages, org.draft, org.email) == ("active", False, False, None)
    assert [(p.number, p.type) for p in org.all_phones] == [("+212600000000", "whatsapp"), ("+212537000000", "voice")]
    assert org.cities == ["rabat"] and org.by_appointment and not org.closed
    assert org.locations[0].hours[0].as_dict() == {"byday": ["MO"], "opens_at": "09:00", "closes_at": "12:00"}
    assert org.sources[0].url is None and org.get("status") is None  # the dict stays as written
    data["locations"][0]["phones"] = []  # a record reads its dict: a change shows at once
    assert [p.number for p in org.all_phones] == ["+212600000000"]
    closed = model.make_record("organisation", "data/organisations/essai.yml", data | {"status": "closed", "services": []})
    assert closed.closed and not closed.by_appointment


def test_every_real_record_is_typed() -> None:
    for record in real_site().records():
        assert isinstance(record, model.TYPES[record.kind])
        assert record.checked == record.data["checked"]
