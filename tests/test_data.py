"""Every data file is valid on its own (schema, header), and the whole data set is valid together."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, real_site
from dalil.loading import load_file
from dalil.phones import display_number
from dalil.pipeline import today
from dalil.schema import LIST_FILES, RECORD_KINDS, check_header, check_schema, load_schemas
from dalil.validation import validate_all

DATA = ROOT / "data"
SCHEMAS, REGISTRY = load_schemas(DATA / "schema")


def data_files() -> list[tuple[Path, str]]:
    files = [(DATA / name, schema) for name, schema in LIST_FILES.items()]
    for folder, (_kind, schema) in RECORD_KINDS.items():
        files += [(path, schema) for path in sorted((DATA / folder).glob("*.yml")) if not path.name.startswith("_")]
    files += [(path, "journey.schema.json") for path in sorted((DATA / "journeys").glob("*.yml")) if not path.name.startswith("_")]
    return files


@pytest.mark.parametrize(("path", "schema"), data_files(), ids=lambda v: v.relative_to(ROOT).as_posix() if isinstance(v, Path) else "")
def test_data_file_is_valid(path: Path, schema: str) -> None:
    data_file, problems = load_file(path, ROOT)
    assert not problems, "\n".join(p.render() for p in problems)
    problems = check_header(data_file, schema, path, DATA) + check_schema(data_file, SCHEMAS[schema], REGISTRY)
    assert not problems, "\n".join(p.render() for p in problems)


def test_whole_data_set_is_valid() -> None:
    site = validate_all(ROOT, today=today())
    assert site.topics and site.organisations and site.emergency


def test_published_content_meets_the_floor_the_plan_asks_for() -> None:
    """At least 35 topic pages, 30 organisations in 8 cities, every theme filled: a deletion that breaks this is visible."""
    site = real_site()
    assert len(site.topics) >= 35, sorted(site.topics)
    assert len(site.organisations) >= 30, sorted(site.organisations)
    cities = {loc["city"] for org in site.organisations.values() for loc in org.get("locations", [])} - {"national"}
    assert len(cities) >= 8, sorted(cities)
    empty = {theme for theme in site.themes if theme != "urgences"} - {t.get("theme") for t in site.topics.values()}
    assert not empty, f"themes without a published topic: {sorted(empty)}"


@pytest.mark.parametrize("name", sorted(SCHEMAS), ids=str)
def test_schema_is_draft_2020_12_with_descriptions(name: str) -> None:
    """Editors' hover help: every property of every schema has a description; objects are closed."""
    schema = SCHEMAS[name]
    if name != "common.schema.json":
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, f"{name} {where}: additionalProperties must be false"
            for key, child in node.get("properties", {}).items():
                assert "description" in child or "$ref" in child and "description" in resolve(child["$ref"]), f"{name} {where}.{key}: no description"
            for key, child in node.items():
                walk(child, f"{where}.{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, f"{where}[{index}]")

    walk(schema, "")


def resolve(ref: str) -> dict:
    file, _, pointer = ref.partition("#")
    node = SCHEMAS[file or "common.schema.json"]
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


def test_labels_exist_in_every_language() -> None:
    """Label parity is a test, not a review comment."""
    import yaml

    labels = yaml.safe_load((DATA / "labels.yml").read_text(encoding="utf-8"))
    for key, texts in labels.items():
        assert set(texts) == {"fr", "ar", "en"}, key
    used = set()
    for path in list((ROOT / "hooks" / "dalil").rglob("*.py")) + list((ROOT / "hooks" / "dalil" / "templates").rglob("*.j2")) + list((ROOT / "overrides").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        used |= {key for key in labels if key in text}
    # Keys built from a data value in the templates ("phone_" ~ type, "status_" ~ status).
    phone_types = resolve("common.schema.json#/$defs/phone")["properties"]["type"]["enum"]
    statuses = SCHEMAS["organisation.schema.json"]["properties"]["status"]["enum"]
    means = resolve("common.schema.json#/$defs/confirmation")["properties"]["how"]["enum"]
    dynamic = {f"translation_{s}" for s in ("ok", "missing", "outdated")} | {f"phone_{t}" for t in phone_types} | {f"status_{s.replace('-', '_')}" for s in statuses if s != "active"}
    dynamic |= {f"confirmed_{how}" for how in means}
    assert dynamic <= set(labels), f"labels missing: {sorted(dynamic - set(labels))}"
    unused = set(labels) - used - dynamic
    assert not unused, f"labels never used: {sorted(unused)}"


def test_schema_files_are_valid_schemas() -> None:
    """Every schema is a valid JSON Schema 2020-12 (a misspelt type or a bad pattern is refused here,
    not silently ignored by the validator), and every file of data/schema/ was loaded."""
    import jsonschema

    assert set(SCHEMAS) == {p.name for p in (DATA / "schema").glob("*.json")}
    for name, schema in SCHEMAS.items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            pytest.fail(f"data/schema/{name}: {error.message} at {'/'.join(map(str, error.path))}")


@pytest.mark.parametrize(("number", "shown"), [
    ("+212537545400", "05 37 54 54 00"), ("+212666045606", "06 66 04 56 06"),
    ("+212800004146", "0800 00 41 46"), ("19", "19"),
])
def test_numbers_are_shown_the_moroccan_way(number: str, shown: str) -> None:
    assert display_number(number) == shown
