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

# Plain (unquoted) scalars that YAML 1.1 would turn into something the editor did not mean.
_TRAPS = [
    (re.compile(r"^[-+]?0[0-9_]+$"), "commence par 0 et serait lue comme un nombre (le 0 disparaît)"),
    (re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$"), "serait lue comme un nombre en base 60 (9:00 devient 540)"),
    (re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"), "serait lue comme vrai/faux"),
]


class _Loader(yaml.SafeLoader):
    """SafeLoader where dates stay text and only true/false are booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [Problem(rel, "", "le fichier ne contient aucune donnée : remplissez-le à partir du modèle (_example.yml) ou supprimez-le.")]
        lines: dict[tuple, int] = {}
        problems = _walk(node, (), rel, lines)
        content = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = (error.problem or "syntaxe YAML invalide").strip()
        return None, [Problem(rel, "", f"erreur de syntaxe YAML ({what}) : vérifiez l'indentation, les deux-points et les guillemets à cet endroit.", line)]
    except yaml.YAMLError as error:
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


def _walk(node: yaml.Node, here: tuple, rel: str, lines: dict[tuple, int]) -> list[Problem]:
    """Record the line of every field and report traps and duplicate keys."""
    lines[here] = node.start_mark.line + 1
    problems: list[Problem] = []
    if isinstance(node, yaml.ScalarNode):
        if node.style is None:  # plain, unquoted
            for pattern, why in _TRAPS:
                if pattern.match(node.value):
                    problems.append(Problem(rel, format_path(here), f"la valeur « {node.value} » {why} : mettez-la entre guillemets, par exemple \"{node.value}\".", node.start_mark.line + 1))
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            problems += _walk(child, here + (index,), rel, lines)
    elif isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(rel, format_path(here + (key,)), f"le champ « {key} » apparaît deux fois : gardez une seule fois ce champ.", key_node.start_mark.line + 1))
            seen.add(key)
            problems += _walk(value_node, here + (key,), rel, lines)
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
