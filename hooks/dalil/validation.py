"""Validate step: check every data file against its JSON Schema, then across files.

Used by the `on_config` hook (through `pipeline`) and by `scripts/check_data.py`.
The JSON Schemas in `data/schema/` are the one definition of the data: this module only
translates the validator's findings into French messages and adds what a schema cannot say
(file name == id, unique ids, references that resolve, real phone numbers and dates, drafts,
validity periods, numbers that must never be published). Every problem is collected, then
`DataError` reports them all at once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

from . import editor_text
from .loading import DataFile, format_path, load_file
from .phones import SHORT_CODE, check_number
from .problems import DataError, Problem

LANGS = ("fr", "ar", "en")
TO_FILL = "À REMPLIR"
BAR_LIMIT = 4  # numbers in the emergency bar: what fits in one row at 320 px beside "all numbers" (labels of two short lines)
EXAMPLE_URL = re.compile(r"^https?://(www\.)?example\.(org|com|net)(/|$)")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# Addresses an editor may link to in a text, once the one Markdown parser (editor_text) found them.
SAFE_LINK = re.compile(r"^(https?://|tel:\+?[0-9]+$|mailto:|geo:-?[0-9]|/|#|\.\./|[a-z0-9-]+/)", re.IGNORECASE)
RAW_HTML = re.compile(r"<\s*[a-zA-Z!/?]")

# Record folders: folder under data/ -> (kind, schema file)
RECORD_KINDS = {
    "topics": ("topic", "topic.schema.json"),
    "organisations": ("organisation", "organisation.schema.json"),
    "emergency": ("emergency", "emergency.schema.json"),
}
# Closed lists: file under data/ -> schema file
LIST_FILES = {
    "themes.yml": "themes.schema.json",
    "cities.yml": "cities.schema.json",
    "languages.yml": "languages.schema.json",
    "labels.yml": "labels.schema.json",
    "unpublishable.yml": "unpublishable.schema.json",
    "redirects.yml": "redirects.schema.json",
    "terms.yml": "terms.schema.json",
}


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
    journeys: dict[str, Record] = field(default_factory=dict)  # data/journeys/: step-by-step journeys (journeys.py)

    def records(self) -> Iterator[Record]:
        yield from self.topics.values()
        yield from self.organisations.values()
        yield from self.emergency.values()


def load_schemas(schema_dir: Path) -> tuple[dict[str, dict], Registry]:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(schema_dir.glob("*.schema.json"))}
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    return schemas, registry


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
                records.append(Record(kind, data_file.content["id"], rel, data_file.content, data_file.lines))

    if problems or any(value is None for value in lists.values()):
        raise DataError(problems)

    site = SiteData(
        themes={t["id"]: t for t in lists["themes.yml"]},
        cities={c["id"]: c for c in lists["cities.yml"]},
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
    from .journeys import load_journeys  # journeys point at validated topics (and import this module)

    problems += load_journeys(root, site, schemas, registry)
    if problems:
        raise DataError(problems)
    return site


def check_header(data_file: DataFile, schema_name: str, path: Path, data_dir: Path) -> list[Problem]:
    """The first line must point editors' tools at the right schema."""
    expected = Path("../" * (len(path.relative_to(data_dir).parts) - 1) + "schema/" + schema_name).as_posix()
    if data_file.schema_header != expected:
        return [Problem(data_file.path, "", f"la première ligne doit être « # yaml-language-server: $schema={expected} » : elle donne l'aide à la saisie dans l'éditeur.", 1)]
    return []


def check_schema(data_file: DataFile, schema: dict, registry: Registry) -> list[Problem]:
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    problems = []
    for error in validator.iter_errors(data_file.content):
        for where, message in humanize(error):
            problems.append(Problem(data_file.path, format_path(where), message, data_file.line_of(where)))
    return problems


_TYPES = {"string": "du texte", "integer": "un nombre entier", "number": "un nombre", "boolean": "true ou false",
          "array": "une liste (lignes commençant par « - »)", "object": "un bloc de champs (ex. fr: …)"}


def humanize(error: jsonschema.ValidationError) -> list[tuple[tuple, str]]:
    """Turn one validator error into (field path, French message with the fix)."""
    where = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    shown = value if not isinstance(value, (dict, list)) else "…"
    if error.validator == "required":
        missing = [name for name in error.validator_value if not (isinstance(value, dict) and name in value)]
        out = []
        for name in missing:
            if name == "fr":
                out.append((where + ("fr",), "texte français manquant : le français (fr) est obligatoire, l'arabe et l'anglais peuvent attendre."))
            else:
                out.append((where + (name,), f"champ obligatoire « {name} » manquant : ajoutez-le (voir le modèle _example.yml)."))
        return out
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in value if k not in schema.get("properties", {})] if isinstance(value, dict) else []
        return [(where + (extra,), f"champ inconnu « {extra} » : vérifiez l'orthographe ou supprimez-le (champs possibles : {', '.join(allowed)}).") for extra in extras]
    if error.validator == "type":
        expected = error.validator_value
        wanted = _TYPES.get(expected, expected) if isinstance(expected, str) else " ou ".join(_TYPES.get(t, t) for t in expected)
        fix = " Mettez la valeur entre guillemets." if expected == "string" else ""
        return [(where, f"la valeur « {shown} » n'est pas {wanted}.{fix}")]
    if error.validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return [(where, f"valeur « {shown} » inconnue : choisissez parmi {choices}.")]
    if error.validator in ("minLength",) or (error.validator == "pattern" and error.validator_value == "\\S"):
        return [(where, "texte vide : écrivez le texte ou supprimez le champ.")]
    if error.validator == "pattern":
        hint = schema.get("description", "")
        return [(where, f"valeur « {shown} » au mauvais format. {hint}".strip())]
    if error.validator == "minItems":
        return [(where, f"liste trop courte : il faut au moins {error.validator_value} élément(s).")]
    if error.validator == "maxItems":
        return [(where, f"liste trop longue ({len(value) if isinstance(value, list) else '?'} éléments) : {error.validator_value} au plus. "
                        "Gardez les mots que les gens tapent vraiment pour cette page.")]
    if error.validator == "uniqueItems":
        return [(where, "la liste contient deux fois la même valeur : supprimez le doublon.")]
    if error.validator in ("minimum", "maximum"):
        return [(where, f"valeur {shown} hors limites ({'minimum' if error.validator == 'minimum' else 'maximum'} : {error.validator_value}). {schema.get('description', '')}".strip())]
    if error.validator == "propertyNames":
        return [(where, f"nom de clé invalide : {error.message}. Utilisez des minuscules, chiffres et _.")]
    return [(where, f"{error.message} (règle {error.validator}).")]


def check_lists(lists: dict[str, Any]) -> list[Problem]:
    problems = []
    for name, key in (("themes.yml", "id"), ("cities.yml", "id"), ("languages.yml", "code"), ("redirects.yml", "from"), ("terms.yml", "id")):
        seen: set[str] = set()
        for index, item in enumerate(lists[name]):
            if item[key] in seen:
                problems.append(Problem(f"data/{name}", f"[{index}].{key}", f"« {item[key]} » est déjà utilisé plus haut : chaque {key} doit être unique."))
            seen.add(item[key])
    return problems


def check_records(records: list[Record], site: SiteData, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    forbidden = {entry["number"]: entry["reason"] for entry in site.unpublishable}
    by_kind: dict[str, dict[str, Record]] = {"topic": {}, "organisation": {}, "emergency": {}}
    for record in records:
        stem = Path(record.path).stem
        if record.id != stem:
            problems.append(Problem(record.path, "id", f"l'id « {record.id} » doit être identique au nom du fichier « {stem} » : renommez le fichier ou corrigez l'id."))
        if record.id in by_kind[record.kind]:
            other = by_kind[record.kind][record.id].path
            problems.append(Problem(record.path, "id", f"l'id « {record.id} » est déjà utilisé par {other} : choisissez un autre id."))
        by_kind[record.kind][record.id] = record
        problems += check_record(record, site, forbidden, today)

    published = {kind: {i: r for i, r in recs.items() if r.published} for kind, recs in by_kind.items()}
    numbers = known_numbers([*published["organisation"].values(), *published["emergency"].values()])
    chats = whatsapp_only([*published["organisation"].values(), *published["emergency"].values()])
    for record in records:
        problems += check_references(record, site, published)
        problems += [Problem(record.path, format_path(where), message)
                     for where, value in walk(record.data) if is_text(where, value)
                     for message in unknown_numbers(value, numbers) + called_chats(value, chats)]
    for record in by_kind["topic"].values():
        if record.id in site.themes:
            problems.append(Problem(record.path, "id", f"l'id « {record.id} » est déjà celui d'un thème : choisissez un autre id."))
    bar = [r for r in published["emergency"].values() if r.get("bar")]
    if len(bar) > BAR_LIMIT:
        problems.append(Problem(bar[-1].path, "bar", f"{len(bar)} numéros ont bar: true ; la barre d'urgence en montre {BAR_LIMIT} au plus (ce qui tient sur un écran de 320 px) : retirez bar: true de certains."))
    for org in published["organisation"].values():
        if org.get("city_pages") and not org.get("phones"):
            problems.append(Problem(org.path, "city_pages", "city_pages: true met les numéros de l'organisation en tête des pages de ville, mais elle n'en a aucun dans phones : ajoutez son numéro ou retirez city_pages."))
    if problems:
        return problems

    for kind, target in (("topic", site.topics), ("organisation", site.organisations), ("emergency", site.emergency)):
        for record_id in sorted(by_kind[kind]):
            record = by_kind[kind][record_id]
            if not record.published:
                site.drafts.append(record)
            elif record.get("valid_to") and dt.date.fromisoformat(record.get("valid_to")) < today:
                site.expired.append(record)
            elif record.get("valid_from") and dt.date.fromisoformat(record.get("valid_from")) > today:
                continue  # not yet valid: published when its period starts
            else:
                target[record_id] = record
    return []


# Anchors the topic page template (templates/topic.md.j2, _macros.md.j2) gives its own headings,
# and the field that makes it print each one (None: always): a section may not take an anchor the
# page prints (two elements with the same id); one it does not print stays free, so old links hold.
TOPIC_ANCHORS = {"titre": None, "etapes": "steps", "documents": "documents", "attention": "warnings",
                 "ou-aller": "organisations", "voir-aussi": "related", "sources": "sources"}


def check_record(record: Record, site: SiteData, forbidden: dict[str, str], today: dt.date) -> list[Problem]:
    problems = []
    data = record.data
    if record.kind == "topic":
        for index, section in enumerate(data.get("sections") or []):
            anchor = section.get("id") if isinstance(section, dict) else None
            if anchor in TOPIC_ANCHORS and (TOPIC_ANCHORS[anchor] is None or data.get(TOPIC_ANCHORS[anchor])):
                field = f" (la page l'ajoute parce que « {TOPIC_ANCHORS[anchor]} » est rempli)" if TOPIC_ANCHORS[anchor] else ""
                problems.append(Problem(record.path, f"sections[{index}].id", f"l'ancre « {anchor} » est déjà celle d'une partie de la page{field} : "
                                        f"deux éléments auraient le même id ; choisissez un autre id, par exemple « {anchor}-detail »."))
    if data.get("confidence") == "L" and record.published:
        problems.append(Problem(record.path, "confidence", "information de fiabilité L (une seule source tierce ou sources contradictoires) : ajoutez draft: true et expliquez dans verify ce qu'il faut vérifier."))
    if not record.published and "verify" not in data:
        problems.append(Problem(record.path, "verify", "brouillon sans « verify » : dites ce qu'il faut vérifier avant de publier, et où."))
    for where, value in walk(data):
        name = where[-1] if where else ""
        if isinstance(value, str) and EXAMPLE_URL.match(value):
            problems.append(Problem(record.path, format_path(where), f"adresse d'exemple « {value} » restée du modèle : mettez la vraie adresse ou supprimez le champ."))
        if isinstance(value, str) and TO_FILL in value:
            problems.append(Problem(record.path, format_path(where), f"champ encore marqué « {TO_FILL} » : remplacez ce texte par l'information vérifiée, ou supprimez le champ s'il est facultatif."))
        confirmation_date = name == "on" and "confirmed" in where
        if (name in ("seen", "checked", "valid_from", "valid_to") or confirmation_date) and isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                problems.append(Problem(record.path, format_path(where), f"date impossible « {value} » : écrivez une date qui existe, au format AAAA-MM-JJ."))
                continue
            if (name in ("seen", "checked") or confirmation_date) and day > today:
                problems.append(Problem(record.path, format_path(where), f"date « {value} » dans le futur : une vérification ne peut pas dater de demain."))
        if name == "number" and "phones" in where:
            message = check_number(value, allow_short=record.kind == "organisation")  # short: see check_references
            if message:
                problems.append(Problem(record.path, format_path(where), message))
        if name == "email" and isinstance(value, str) and not EMAIL.match(value):
            problems.append(Problem(record.path, format_path(where), f"adresse e-mail invalide « {value} » : format attendu nom@domaine.ma."))
        if is_text(where, value):
            problems += forbidden_in_text(record.path, format_path(where), value, forbidden)
            problems += [Problem(record.path, format_path(where), message) for message in term_variants(value, where[-1], site.terms)]
            problems += unlinked_numbers(record.path, format_path(where), value)
            if where[-1] == "ar":
                problems += spaced_numbers(record.path, format_path(where), value)
        if isinstance(value, str) and name in ("number",):
            digits = re.sub(r"\D", "", value)
            local = "0" + digits[3:] if digits.startswith("212") else digits
            for bad, reason in forbidden.items():
                long_match = len(bad) >= 8 and (bad in local or bad in digits)
                if long_match or local == bad or digits == bad:
                    problems.append(Problem(record.path, format_path(where), f"le numéro « {value} » ne doit jamais être publié ({reason}) : retirez-le."))
    problems += check_texts(record.path, data)
    if record.kind == "emergency" and data.get("bar") and "short_name" not in data:
        problems.append(Problem(record.path, "short_name", "un numéro affiché dans la barre d'urgence (bar: true) a besoin d'un nom très court (short_name), par exemple {fr: Police, ar: الشرطة, en: Police}."))
    if record.kind == "emergency":
        message = check_number(data.get("number"), allow_short=True)
        if message:
            problems.append(Problem(record.path, "number", message))
    if data.get("valid_from") and data.get("valid_to") and data["valid_from"] > data["valid_to"]:
        problems.append(Problem(record.path, "valid_to", "la fin de validité est avant le début : inversez valid_from et valid_to."))
    for index, location in enumerate(data.get("locations", [])):
        for slot_index, slot in enumerate(location.get("hours", [])):
            if slot["opens_at"] >= slot["closes_at"]:
                problems.append(Problem(record.path, f"locations[{index}].hours[{slot_index}].closes_at", f"fermeture ({slot['closes_at']}) avant ou égale à l'ouverture ({slot['opens_at']}) : pour une plage après minuit, faites deux lignes."))
    return problems


def is_text(where: tuple, value: Any) -> bool:
    """A translatable text: a string under a language key (title: {fr: …, ar: …})."""
    return isinstance(value, str) and len(where) >= 1 and where[-1] in LANGS


def check_texts(path: str, content: Any, line_of: Callable[[tuple], int | None] | None = None) -> list[Problem]:
    """The rules of every translatable text of a data file (records, labels, themes, cities, languages)."""
    problems = []
    for where, value in walk(content):
        if is_text(where, value):
            line = line_of(where) if line_of else None
            problems += [Problem(path, format_path(where), message, line) for message in text_problems(value)]
    return problems


def known_numbers(records: list[Record]) -> set[str]:
    """Every phone number held by an organisation or emergency record: the one place a number lives."""
    return {value for record in records for where, value in walk(record.data) if where[-1:] == ("number",) and isinstance(value, str)}


def unknown_numbers(text: str, numbers: set[str]) -> list[str]:
    """tel: links of a text whose number is in no record: a number lives in its organisation's record
    (or its emergency number's), with its source, and texts only point to it."""
    problems = []
    for address in editor_text.links(text):
        if address.lower().startswith("tel:") and address[4:] not in numbers:
            problems.append(f"le numéro « {address[4:]} » n'est dans aucune fiche : un numéro vit dans une seule fiche, celle de son organisation "
                            "(data/organisations/) ou de son numéro d'urgence (data/emergency/), avec sa source. Ajoutez-le là, ou corrigez-le "
                            "pour qu'il soit identique à celui de la fiche.")
    return problems


def whatsapp_only(records: list[Record]) -> set[str]:
    """Numbers that the records give only as WhatsApp lines (type: whatsapp): a chat, not a call."""
    kinds: dict[str, set[str]] = {}

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("number"), str):
                kinds.setdefault(value["number"], set()).add(value.get("type", "voice"))
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    for record in records:
        visit(record.data)
    return {number for number, types in kinds.items() if types == {"whatsapp"}}


def called_chats(text: str, chats: set[str]) -> list[str]:
    """tel: links to a WhatsApp-only number: tapping them would place a call nobody answers."""
    return [f"le numéro « {address[4:]} » est une ligne WhatsApp : un lien tel: lancerait un appel. Écrivez le lien "
            f"https://wa.me/{address[4:].lstrip('+')} à la place de {address}."
            for address in editor_text.links(text) if address.lower().startswith("tel:") and address[4:] in chats]


def term_variants(text: str, lang: str, terms: list[dict]) -> list[str]:
    """A name that data/terms.yml says not to write, with the official name to write instead."""
    problems = []
    for term in terms:
        for variant in term.get("variants", {}).get(lang, []):
            if _contains(text, variant, lang):
                official = term["name"].get(lang) or term["name"]["fr"]
                acronym = term.get("acronym", {}).get(lang)
                shown = f"« {official} »" + (f" (sigle : {acronym})" if acronym else "")
                problems.append(f"« {variant} » n'est pas le nom à écrire : écrivez {shown} (data/terms.yml, terme « {term['id']} »).")
    return problems


def _contains(text: str, phrase: str, lang: str) -> bool:
    """`phrase` in `text` as whole words (any case in French and English; spacing folded). In Arabic
    the first word may carry a proclitic (و، ف، ب، ك، ل): «للمفوضية» holds «المفوضية»."""
    first, *rest = phrase.split()
    if lang == "ar" and first.startswith("ال"):
        head = rf"(?:[وف]?[بك]?{re.escape(first)}|[وف]?ل{re.escape(first[1:])})"
    elif lang == "ar":
        head = rf"[وفبكل]{{0,2}}{re.escape(first)}"
    else:
        head = re.escape(first)
    words = r"\s+".join([head, *(re.escape(word) for word in rest)])
    return re.search(rf"(?<!\w){words}(?!\w)", text, 0 if lang == "ar" else re.IGNORECASE) is not None


def check_terms(terms: list[dict]) -> list[Problem]:
    """A variant must not be part of the official name it replaces (it would be flagged everywhere)."""
    problems = []
    for index, term in enumerate(terms):
        for lang, variants in term.get("variants", {}).items():
            official = term["name"].get(lang, "")
            for number, variant in enumerate(variants):
                if official and _contains(official, variant, lang):
                    problems.append(Problem("data/terms.yml", f"[{index}].variants.{lang}[{number}]", f"la variante « {variant} » fait partie du nom officiel « {official} » : elle serait signalée partout ; retirez-la."))
    return problems


def text_problems(text: str) -> list[str]:
    """What is refused in a text: raw HTML, images, links other than https:, http:, tel:, mailto:,
    geo: and internal ones. The links are those the Markdown parser of the pages finds (inline,
    reference-style, autolinks; editor_text)."""
    problems = []
    if RAW_HTML.search(text):
        problems.append("le HTML n'est pas accepté dans les textes : écrivez en Markdown simple (**gras**, listes, [lien](https://…)).")
    if editor_text.images(text):
        problems.append("les images ne sont pas acceptées dans les textes (elles coûtent des données et peuvent venir d'un autre site) : retirez « ![…](…) ».")
    for target in editor_text.links(text):
        if not (SAFE_LINK.match(target) and editor_text.is_allowed_link(target)):
            shown = " ".join(target.split())[:60]
            problems.append(f"lien refusé « {shown} » : seuls les liens https://, http://, tel:, mailto:, geo: et les liens internes sont acceptés.")
    return list(dict.fromkeys(problems))


# A Moroccan number written out in a text (0X XX XX XX XX, 0800 00 25 11), not as the words of a [link](tel:…).
PLAIN_NUMBER = re.compile(r"(?<![\w\[+:/.-])0(?:[ .\-]?\d){9}(?![\d\]])")


def unlinked_numbers(path: str, field: str, text: str) -> list[Problem]:
    """A phone number in a text must be a tel: link: one tap to call, and kept left to right in Arabic."""
    problems = []
    for match in PLAIN_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        link = f"[{match.group()}](tel:+212{digits[1:]})"
        problems.append(Problem(path, field, f"numéro « {match.group()} » écrit sans lien : écrivez {link} (un geste pour appeler, et le numéro reste dans le bon sens en arabe)."))
    return problems


# "1 000" in Arabic: the space between digit groups is shown reversed ("000 1") in a right-to-left line.
SPACED_NUMBER = re.compile(r"(?<![\w\[+.])\d{1,3}(?: \d{3})+(?![\d\]])")


def spaced_numbers(path: str, field: str, text: str) -> list[Problem]:
    return [Problem(path, field, f"nombre « {m.group()} » écrit avec des espaces dans le texte arabe : écrivez {m.group().replace(' ', '')} (en arabe, les groupes de chiffres séparés par une espace s'affichent à l'envers).")
            for m in SPACED_NUMBER.finditer(PLAIN_NUMBER.sub("", text))]


def forbidden_in_text(path: str, field: str, text: str, forbidden: dict[str, str]) -> list[Problem]:
    """A number that must never be published, written inside a text or as a tel: link."""
    problems = []
    squeezed = re.sub(r"(?<=\d)[\s.\-]+(?=\d)", "", text)
    for bad, reason in forbidden.items():
        local = bad if bad.startswith("0") else None
        international = "212" + bad[1:] if local else None
        in_text = len(bad) >= 8 and (bad in squeezed or (international and international in squeezed))
        as_link = re.search(rf"tel:\+?(212)?0?{re.escape(bad.lstrip('0'))}\b", text) is not None
        if in_text or as_link:
            problems.append(Problem(path, field, f"le numéro « {bad} » ne doit jamais être publié ({reason}) : retirez-le du texte."))
    return problems


def check_references(record: Record, site: SiteData, published: dict[str, dict[str, Record]]) -> list[Problem]:
    problems = []
    data = record.data

    def expect(where: str, value: str, known: dict, what: str, where_to_look: str) -> None:
        if value not in known:
            choices = f" (valeurs possibles : {', '.join(sorted(known))})" if len(known) <= 15 else ""
            problems.append(Problem(record.path, where, f"{what} « {value} » : vérifiez l'orthographe, voir {where_to_look}{choices}."))

    if record.kind == "topic":
        expect("theme", data["theme"], site.themes, "thème inconnu", "data/themes.yml")
        for index, org in enumerate(data.get("organisations", [])):
            expect(f"organisations[{index}]", org, published["organisation"], "organisation inconnue", "data/organisations/")
        for index, topic in enumerate(data.get("related", [])):
            expect(f"related[{index}]", topic, published["topic"], "fiche inconnue", "data/topics/")
    if record.kind == "organisation":
        for index, theme in enumerate(data["themes"]):
            expect(f"themes[{index}]", theme, site.themes, "thème inconnu", "data/themes.yml")
        for index, location in enumerate(data["locations"]):
            expect(f"locations[{index}].city", location["city"], site.cities, "ville inconnue", "data/cities.yml")
        short_codes = {r.get("number") for r in published["emergency"].values()}
        for where, value in walk(data):
            if where[-1:] == ("number",) and "phones" in where and SHORT_CODE.match(str(value)) and value not in short_codes:
                problems.append(Problem(record.path, format_path(where), f"numéro court « {value} » : un numéro court n'est accepté que s'il est publié comme numéro d'urgence dans data/emergency/ (avec ses sources) ; sinon écrivez le numéro complet, par exemple \"+212537000000\"."))
    for where, value in walk(data):
        if where and where[-1] == "languages" and isinstance(value, list):
            for index, code in enumerate(value):
                expect(format_path(where + (index,)), code, site.languages, "langue inconnue", "data/languages.yml")
    if not record.published:
        return []  # drafts may point at drafts
    return problems


def walk(value: Any, where: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) pair in a nested structure, containers included."""
    yield where, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, where + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, where + (index,))
