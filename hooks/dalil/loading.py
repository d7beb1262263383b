"""Load step: read the YAML files of `data/` into plain dicts, with file and line for every field.

Used by the `on_config` hook (through `pipeline.build_site_sources`) and by the scripts.
Reading is defensive because anyone can open a pull request: empty, binary, huge, symlinked
or non-UTF-8 files are refused, and the YAML 1.1 traps (`0537…` read as a number, `9:00` read
as 540, `no` read as false, `2026-11-29` turned into a date object) are reported with a hint
to quote the value, instead of silently changing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

MAX_BYTES = 512 * 1024
SCHEMA_HEADER = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")

# Plain (unquoted) scalars that YAML 1.1 would turn into something the editor did not mean,
# each with the fix that will then pass validation.
def _phone_fix(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 10 and digits.startswith("0"):
        return f"pour un numéro de téléphone, écrivez-le au format international entre guillemets : \"+212{digits[1:]}\""
    return f"mettez-la entre guillemets, par exemple \"{value}\""


def _time_fix(value: str) -> str:
    hours, _, rest = value.partition(":")
    return f"mettez-la entre guillemets, sur deux chiffres : \"{int(hours):02d}:{rest}\"" if hours.isdigit() and len(hours) <= 2 else f"mettez-la entre guillemets : \"{value}\""


_TRAPS = [
    (re.compile(r"^[-+]?0[0-9_]+$"), "commence par 0 et serait lue comme un nombre (le 0 disparaît)", _phone_fix),
    (re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$"), "serait lue comme un nombre en base 60 (9:00 devient 540)", _time_fix),
    (re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"), "serait lue comme vrai/faux",
     lambda value: "pour un champ oui/non, écrivez true ou false ; pour un texte, mettez-le entre guillemets"),
]
# The messages of the YAML parser an editor is most likely to meet, in French.
_YAML_ERRORS = {
    "mapping values are not allowed here": "un « : » suivi d'un espace dans un texte non entre guillemets : mettez tout le texte entre guillemets",
    "could not find expected ':'": "il manque « : » après un nom de champ, ou un texte sur plusieurs lignes n'est pas entre guillemets",
    "found character '\\t' that cannot start any token": "une tabulation : utilisez des espaces pour l'indentation",
    "expected <block end>, but found": "l'indentation n'est pas alignée : vérifiez les espaces au début de la ligne",
    "found undefined alias": "un « * » au début d'un texte : mettez le texte entre guillemets",
    "did not find expected key": "l'indentation n'est pas alignée : vérifiez les espaces au début de la ligne",
    "found unexpected end of stream": "des guillemets ou crochets ouverts ne sont pas fermés",
}


class _Loader(yaml.SafeLoader):
    """SafeLoader where dates stay text and only true/false are booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules on libyaml (about 8 times faster). Its error messages differ: a file it refuses
    is read again by _Loader, whose messages are the ones translated in _YAML_ERRORS."""


_FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


@dataclass
class DataFile:
    """One loaded YAML file: its content and where each field stands in it."""

    path: str  # relative to the project root, POSIX form
    content: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    schema_header: str | None = None

    def line_of(self, field_path: tuple) -> int | None:
        """Line of the deepest known part of `field_path`."""
        for cut in range(len(field_path), -1, -1):
            line = self.lines.get(tuple(field_path[:cut]))
            if line:
                return line
        return None


def load_file(path: Path, root: Path) -> tuple[DataFile | None, list[Problem]]:
    """Read one YAML file; return it, or None with the problems that stopped it."""
    rel = path.relative_to(root).as_posix() if path.is_absolute() else path.as_posix()
    text, problems = _read_text(path, root, rel)
    if text is None:
        return None, problems
    header_match = SCHEMA_HEADER.match(text.split("\n", 1)[0])
    try:
        return _load_text(text, rel, header_match, _FastLoader)
    except yaml.YAMLError:
        return _load_text(text, rel, header_match, _Loader)


def _load_text(text: str, rel: str, header_match: re.Match | None, loader_class: type) -> tuple[DataFile | None, list[Problem]]:
    """load_file's parsing; a YAML error escapes from _FastLoader only (to be read again by _Loader)."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(rel, "", "le fichier ne contient aucune donnée : remplissez-le à partir du modèle (_example.yml) ou supprimez-le.")]
        lines: dict[tuple, int] = {}
        problems = _walk(node, (), rel, lines, text.split("\n"))
        content = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        if loader_class is not _Loader:
            raise
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = (error.problem or "syntaxe YAML invalide").strip()
        hint = next((french for english, french in _YAML_ERRORS.items() if what.startswith(english)), None)
        message = f"erreur de syntaxe YAML : {hint}." if hint else f"erreur de syntaxe YAML ({what}) : vérifiez l'indentation, les deux-points et les guillemets à cet endroit."
        return None, [Problem(rel, "", message, line)]
    except yaml.YAMLError as error:
        if loader_class is not _Loader:
            raise
        return None, [Problem(rel, "", f"erreur YAML ({error}) : vérifiez la syntaxe du fichier.")]
    finally:
        loader.dispose()
    if problems:
        return None, problems
    return DataFile(rel, content, lines, header_match.group(1) if header_match else None), []


def _read_text(path: Path, root: Path, rel: str) -> tuple[str | None, list[Problem]]:
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            return None, [Problem(rel, "", "lien symbolique vers un fichier hors du dépôt : remplacez-le par un vrai fichier.")]
    size = path.stat().st_size
    if size == 0:
        return None, [Problem(rel, "", "fichier vide : remplissez-le à partir du modèle (_example.yml) ou supprimez-le.")]
    if size > MAX_BYTES:
        return None, [Problem(rel, "", f"fichier trop gros ({size // 1024} Ko, maximum {MAX_BYTES // 1024} Ko) : une fiche doit rester courte, découpez-la.")]
    raw = path.read_bytes()
    if b"\x00" in raw:
        return None, [Problem(rel, "", "fichier binaire : seul du texte YAML est accepté ici.")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        return None, [Problem(rel, "", f"le fichier n'est pas en UTF-8 (octet {error.start}) : enregistrez-le en UTF-8 dans votre éditeur.")]


def _walk(node: yaml.Node, here: tuple, rel: str, lines: dict[tuple, int], source: list[str]) -> list[Problem]:
    """Record the line of every field and report traps, text cut by « # », and duplicate keys."""
    lines[here] = node.start_mark.line + 1
    problems: list[Problem] = []
    if isinstance(node, yaml.ScalarNode):
        if not node.style:  # plain, unquoted (None, or "" from libyaml)
            for pattern, why, fix in _TRAPS:
                if pattern.match(node.value):
                    problems.append(Problem(rel, format_path(here), f"la valeur « {node.value} » {why} : {fix(node.value)}.", node.start_mark.line + 1))
            rest = source[node.end_mark.line][node.end_mark.column:] if node.end_mark.line < len(source) else ""
            if here and here[-1] in ("fr", "ar", "en") and re.match(r"\s+#", rest):
                problems.append(Problem(rel, format_path(here), f"le texte s'arrête avant « {rest.strip()[:30]} » : en YAML, « # » après un espace commence un commentaire. Mettez tout le texte entre guillemets.", node.start_mark.line + 1))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            problems += _walk(child, here + (index,), rel, lines, source)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(rel, format_path(here + (key,)), f"le champ « {key} » apparaît deux fois : gardez une seule fois ce champ.", key_node.start_mark.line + 1))
            seen.add(key)
            problems += _walk(value_node, here + (key,), rel, lines, source)
    return problems


def format_path(parts: tuple) -> str:
    """('phones', 0, 'number') -> 'phones[0].number'."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text
