"""The whole data flow for one build: load -> validate -> render -> stage.

Called once per build by the `on_config` hook, and by the scripts. Returns the validated
site data (for the theme context) and the number of staged files that changed.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .pages import collect_pages
from .problems import DataError, Problem
from .rendering import published_themes, render_site, render_translation_status
from .translation_status import read_lock, status_rows
from .staging import sync_folder
from .validation import SiteData, validate_all


@dataclass
class StagedSite:
    site: SiteData
    files: dict[str, bytes]
    nav: list[str]


def today() -> dt.date:
    """The build's date; DALIL_TODAY=YYYY-MM-DD fixes it (tests, reproducible rebuilds)."""
    fixed = os.environ.get("DALIL_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def prepare(root: Path) -> StagedSite:
    """Validate the data and produce every file of the staging folder, in memory."""
    site = validate_all(root, today=today())
    files: dict[str, bytes] = {}
    owners: dict[str, str] = {}
    problems: list[Problem] = []
    for page in render_site(site):
        key = f"{page.lang}/{page.path}"
        files[key] = page.text().encode("utf-8")
        owners[key] = page.meta["dalil"]["source"]
    hand_pages, assets, found = collect_pages(root)
    problems += found
    rows = status_rows(site, hand_pages, read_lock(root))
    for lang in ("fr", "ar", "en"):
        page = render_translation_status(site, rows, lang)
        files[f"{lang}/{page.path}"] = page.text().encode("utf-8")
        owners[f"{lang}/{page.path}"] = page.meta["dalil"]["source"]
    for page in hand_pages:
        key = f"{page.lang}/{page.path}"
        if key in files:
            problems.append(Problem(page.source, "", f"cette page a la même adresse qu'une page générée depuis {owners[key]} : renommez ou déplacez le fichier."))
            continue
        files[key] = page.text().encode("utf-8")
    files.update(assets)
    if problems:
        raise DataError(problems)
    nav = ["index.md"] + [f"{theme}/index.md" for theme in published_themes(site)] + ["annuaire/index.md"]
    nav += [p for p in extra_nav(root) if f"fr/{p}" in files]
    return StagedSite(site, files, nav)


def extra_nav(root: Path) -> list[str]:
    """Hand-written sections that belong in the menu, after the themes (e.g. a-propos/index.md)."""
    docs = root / "docs"
    return sorted(p.relative_to(docs).as_posix() for p in docs.glob("*/index.md"))


def stage(root: Path, staging_dir: Path) -> tuple[StagedSite, int]:
    staged = prepare(root)
    return staged, sync_folder(staging_dir, staged.files)
