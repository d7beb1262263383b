"""Validate step: load every data file, check it against its JSON Schema, then across files.

Used by the `on_config` hook (through `pipeline`) and by `scripts/check_data.py`. The schemas
(`schema`) are the one definition of the data; the rules (`rules`) add what a schema cannot say
(file name == id, unique ids, references that resolve, real phone numbers and dates, drafts,
validity periods, numbers that must never be published). Every problem is collected, then
`DataError` reports them all at once. Which valid records are published is `selection`'s job.
The step-by-step journeys (`journeys`) come last: their steps lead to published topics.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from .journeys import load_journeys
from .loading import DataFile, load_file
from .model import Record, SiteData, make_record
from .problems import DataError, Problem
from .rules import check_lists, check_records, check_terms, check_texts
from .schema import LIST_FILES, RECORD_KINDS, check_header, check_schema, load_schemas
from .selection import select_published


def validate_all(root: Path, *, today: dt.date) -> SiteData:
    """Load and validate all of `data/`; raise DataError listing every problem."""
    data_dir = root / "data"
    schemas, registry = load_schemas(data_dir / "schema")
    problems: list[Problem] = []

    def checked_file(path: Path, schema_name: str) -> DataFile | None:
        data_file, found = load_file(path, root)
        problems.extend(found)
        if data_file is None:
            return None
        found = check_header(data_file, schema_name, path, data_dir)
        found += check_schema(data_file, schemas[schema_name], registry)
        problems.extend(found)
        return None if found else data_file

    lists: dict[str, Any] = {}
    for name, schema_name in LIST_FILES.items():
        path = data_dir / name
        if not path.exists():
            problems.append(Problem(f"data/{name}", "", "fichier manquant : il est nécessaire à la construction du site."))
            continue
        data_file = checked_file(path, schema_name)
        lists[name] = data_file.content if data_file else None
        if data_file:
            problems.extend(check_texts(data_file.path, data_file.content, data_file.line_of))

    records: list[Record] = []
    for folder, (kind, schema_name) in RECORD_KINDS.items():
        for path in sorted((data_dir / folder).iterdir()):
            if path.name.startswith("_") or path.name.startswith("."):
                continue  # _example.yml: the commented template
            rel = path.relative_to(root).as_posix()
            if path.suffix != ".yml" or path.is_dir():
                problems.append(Problem(rel, "", "seuls des fichiers .yml sont attendus ici : renommez le fichier en .yml ou déplacez-le."))
                continue
            data_file = checked_file(path, schema_name)
            if data_file is not None:
                records.append(make_record(kind, rel, data_file.content, data_file.lines))

    if problems or any(value is None for value in lists.values()):
        raise DataError(problems)

    site = SiteData(
        themes={t["id"]: t for t in lists["themes.yml"]},
        cities={c["id"]: c for c in lists["cities.yml"]},
        countries={c["id"]: c for c in lists["countries.yml"]},
        languages={lang["code"]: lang for lang in lists["languages.yml"]},
        labels=lists["labels.yml"],
        unpublishable=lists["unpublishable.yml"],
        redirects=lists["redirects.yml"],
        terms=lists["terms.yml"],
    )
    problems += check_lists(lists)
    problems += check_terms(site.terms)
    by_path = {record.path: record for record in records}
    problems += [p if p.line or p.path not in by_path else Problem(p.path, p.field, p.message, by_path[p.path].line_of(p.field))
                 for p in check_records(records, site, today)]
    if problems:
        raise DataError(problems)
    selected = select_published(records, today)
    site.topics, site.organisations, site.emergency = selected.topics, selected.organisations, selected.emergency
    site.drafts, site.expired = selected.drafts, selected.expired
    problems += load_journeys(root, site, schemas, registry)
    if problems:
        raise DataError(problems)
    return site
