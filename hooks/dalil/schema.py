"""Schema step of validation: the JSON Schemas of `data/schema/` and their findings in French.

Used by `validation.validate_all` (and by the tests of the schemas). The schemas are the one
definition of the data; this module loads them, checks a file's first line points editors'
tools at the right one, and turns each validator error into a French message with the fix.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

from .loading import DataFile, format_path
from .problems import Problem

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



def load_schemas(schema_dir: Path) -> tuple[dict[str, dict], Registry]:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(schema_dir.glob("*.schema.json"))}
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    return schemas, registry


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
