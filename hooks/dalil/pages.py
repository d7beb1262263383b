"""Hand-written pages: gather `docs/`, `docs_ar/`, `docs_en/` into one page set per language.

Used by `pipeline` (on_config). A page present in French but missing in Arabic or English is
still published at its URL in that language: its French text is wrapped in
`lang="fr" dir="ltr"` and marked `fallback`, so the theme shows the "not yet translated"
notice. Every page records in its front matter the file that really holds its text, for the
"Modifier cette page" link.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .editor_text import meta_text
from .model import LANGS
from .problems import Problem

SOURCE_DIRS = {"fr": "docs", "ar": "docs_ar", "en": "docs_en"}


@dataclass
class HandPage:
    lang: str
    path: str  # relative to the language folder
    source: str  # file holding the text, relative to the project root
    meta: dict
    body: str
    fallback: bool = False

    def text(self) -> str:
        meta = dict(self.meta)
        for key in ("title", "description"):  # the theme prints them as they are (see editor_text.meta_text)
            if isinstance(meta.get(key), str):
                meta[key] = meta_text(meta[key], self.lang)
        meta["dalil"] = {**meta.get("dalil", {}), "kind": "page", "source": self.source, "fallback": self.fallback}
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=1000)
        body = self.body.strip()
        if self.fallback:
            body = f'<div lang="fr" dir="ltr" markdown>\n\n{body}\n\n</div>'
        return f"---\n{front}---\n\n{body}\n"


def split_front_matter(text: str) -> tuple[dict, str] | None:
    """(meta, body) of a Markdown file with optional YAML front matter; None if the front matter is broken."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---", 4)
    if end == -1:
        return None
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict):
        return None
    return meta, text[end + 4 :].lstrip("\n")


def collect_pages(root: Path) -> tuple[list[HandPage], dict[str, bytes], list[Problem]]:
    """Markdown pages in every language (with fallbacks) and the other files (images…) by staged path."""
    pages: dict[tuple[str, str], HandPage] = {}
    assets: dict[str, bytes] = {}
    problems: list[Problem] = []
    for lang in LANGS:
        folder = root / SOURCE_DIRS[lang]
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            source = path.relative_to(root).as_posix()
            if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
                problems.append(Problem(source, "", "lien symbolique vers un fichier hors du dépôt : remplacez-le par un vrai fichier."))
                continue
            if path.suffix != ".md":
                assets[f"{lang}/{rel}"] = path.read_bytes()
                continue
            if lang != "fr" and not (root / "docs" / rel).exists():
                problems.append(Problem(source, "", f"cette page n'a pas d'original français docs/{rel} : chaque page existe d'abord en français, au même chemin."))
                continue
            try:
                split = split_front_matter(path.read_text(encoding="utf-8"))
            except UnicodeDecodeError:
                split = None
            if split is None:
                problems.append(Problem(source, "", "en-tête (front matter) illisible : il doit commencer et finir par une ligne « --- » et contenir du YAML valide, en UTF-8."))
                continue
            meta, body = split
            pages[(lang, rel)] = HandPage(lang, rel, source, meta, body)
    for (lang, rel), page in list(pages.items()):
        if lang != "fr":
            continue
        for other in LANGS[1:]:
            if (other, rel) not in pages:
                pages[(other, rel)] = HandPage(other, rel, page.source, dict(page.meta), page.body, fallback=True)
    return [pages[key] for key in sorted(pages)], assets, problems
