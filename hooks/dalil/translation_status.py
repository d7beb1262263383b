"""Which pages are translated, which fall back to French, which are out of date.

Used by the pipeline (the "Contribuer → état des traductions" page) and by scripts/reports.py.
A translation is *outdated* when the French text changed after the translation was confirmed:
data/translations.yml records, per source file and language, a short hash of the French text
at the time the translator confirmed it (scripts/reports.py translated FILE LANG).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import SiteData
from .pages import HandPage
from .urls import DIRECTORY, organisation_page, topic_page

LOCK = "data/translations.yml"
TARGETS = ("ar", "en")


@dataclass(frozen=True)
class Row:
    source: str  # file holding the French text
    page: str  # the page's Markdown path in every language folder, e.g. asile/faire-appel.md
    theme: str
    title: dict[str, str]  # {fr, ar?, en?}
    status: dict[str, str]  # lang -> "ok" | "missing" | "outdated"


def french_of(value: Any) -> list[str]:
    """The French texts of a record, in order: only what a translator translates.

    Phones, dates, hours or sources changing do not make a translation outdated.
    """
    if isinstance(value, dict):
        if "fr" in value and set(value) <= {"fr", "ar", "en"}:
            return [value["fr"]]
        return [text for key in sorted(value) for text in french_of(value[key])]
    if isinstance(value, list):
        return [text for child in value for text in french_of(child)]
    return []


def has_language(value: Any, lang: str) -> bool:
    """True when every translatable text inside `value` exists in `lang`."""
    if isinstance(value, dict):
        if "fr" in value and set(value) <= {"fr", "ar", "en"}:
            return lang in value
        return all(has_language(child, lang) for child in value.values())
    if isinstance(value, list):
        return all(has_language(child, lang) for child in value)
    return True


def fingerprint(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def read_lock(root: Path) -> dict[str, dict[str, str]]:
    path = root / LOCK
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}


def write_lock(root: Path, lock: dict[str, dict[str, str]]) -> None:
    header = ("# Empreinte du texte français au moment où chaque traduction a été confirmée.\n"
              "# Ne modifiez pas à la main : python scripts/reports.py translated FICHIER LANGUE\n")
    body = yaml.safe_dump({k: dict(sorted(v.items())) for k, v in sorted(lock.items())}, allow_unicode=True, sort_keys=True)
    (root / LOCK).write_text(header + body, encoding="utf-8")


def current_fingerprints(site: SiteData, hand_pages: list[HandPage]) -> dict[str, str]:
    prints = {record.path: fingerprint(french_of(record.data)) for record in site.records() if record.kind != "emergency"}
    prints.update({page.source: fingerprint(page.body) for page in hand_pages if page.lang == "fr"})
    return prints


def status_rows(site: SiteData, hand_pages: list[HandPage], lock: dict[str, dict[str, str]]) -> list[Row]:
    prints = current_fingerprints(site, hand_pages)
    rows = []

    def state(source: str, lang: str, present: bool) -> str:
        if not present:
            return "missing"
        return "ok" if lock.get(source, {}).get(lang) == prints[source] else "outdated"

    for topic in site.topics.values():
        rows.append(Row(topic.path, topic_page(topic.theme, topic.id), topic.theme, topic.title,
                        {lang: state(topic.path, lang, has_language(topic.data, lang)) for lang in TARGETS}))
    for org in site.organisations.values():
        rows.append(Row(org.path, organisation_page(org.id), DIRECTORY, org.name,
                        {lang: state(org.path, lang, has_language(org.data, lang)) for lang in TARGETS}))
    by_source = {(p.source, p.lang): p for p in hand_pages}
    for page in hand_pages:
        if page.lang != "fr":
            continue
        status = {}
        for lang in TARGETS:
            translated = next((p for (_source, page_lang), p in by_source.items() if page_lang == lang and p.path == page.path and not p.fallback), None)
            status[lang] = "missing" if translated is None else state(page.source, lang, True)
        titles = {p.lang: str(p.meta.get("title", p.path)) for p in hand_pages if p.path == page.path and not p.fallback}
        rows.append(Row(page.source, page.path, page.path.split("/")[0] if "/" in page.path else "", titles, status))
    return sorted(rows, key=lambda r: (r.theme, r.page))


def confirm(root: Path, lock: dict[str, dict[str, str]], prints: dict[str, str], source: str, lang: str,
            present: bool = True) -> dict[str, dict[str, str]]:
    """Record that `source` is translated into `lang` as of its current French text."""
    if source not in prints:
        raise ValueError(f"{source} n'est pas une fiche publiée ni une page de docs/ : vérifiez le chemin.")
    if lang not in TARGETS:
        raise ValueError(f"langue « {lang} » inconnue : ar ou en.")
    if not present:
        raise ValueError(f"{source} n'a pas encore de texte en « {lang} » : traduisez d'abord, puis confirmez.")
    updated = {key: dict(value) for key, value in lock.items()}
    updated.setdefault(source, {})[lang] = prints[source]
    return updated


def translated_in(root: Path, site: SiteData, source: str, lang: str) -> bool:
    """Does `source` (a record file or a French page of docs/) exist in `lang`?"""
    for record in site.records():
        if record.path == source:
            return has_language(record.data, lang)
    if source.startswith("docs/"):
        return (root / {"ar": "docs_ar", "en": "docs_en"}[lang] / source.removeprefix("docs/")).exists()
    return False
