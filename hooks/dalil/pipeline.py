"""The whole data flow for one build: load -> validate -> render -> stage.

Called once per build by the `on_config` hook, and by the scripts. Returns the validated
site data (for the theme context) and the number of staged files that changed.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path

from . import editor_text
from .hsds import export_hsds
from .model import LANGS, SiteData
from .pages import collect_pages
from .pages_directory import directory_index_json
from .pages_site import render_brochure_list, render_open_data, render_search, render_translation_status
from .problems import DataError, Problem
from .rendering import render_site
from .rules import known_numbers, term_variants, unknown_numbers
from .selection import published_themes
from .staging import sync_folder
from .templating import RenderedPage
from .translation_status import read_lock, status_rows
from .urls import DIRECTORY, OPEN_DATA, directory_page, index_page, language_root, organisation_path, vcard_file
from .validation import validate_all
from .vcard import render_vcard


@dataclass
class StagedSite:
    site: SiteData
    files: dict[str, bytes]
    nav: list[str]


def today() -> dt.date:
    """The build's date; DALIL_TODAY=YYYY-MM-DD fixes it (tests, reproducible rebuilds)."""
    fixed = os.environ.get("DALIL_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def prepare(root: Path, site_url: str = "http://127.0.0.1:8000/", *, brochures: bool = True, layout: bool = True) -> StagedSite:
    """Validate the data and produce every file of the staging folder, in memory.

    `site_url` is the public address of the French site; the open-data exports and vCards
    carry absolute links built from it. `brochures`: make the printable brochures (about half a
    minute the first time; `mkdocs serve` skips them unless DALIL_BROCHURES=1). `layout=False`
    (scripts/check_data.py): the brochures' HTML is rendered and checked, but no PDF is laid out
    (their files are empty: never stage them) and neither WeasyPrint nor segno is imported.
    """
    site = validate_all(root, today=today())
    files: dict[str, bytes] = {}
    owners: dict[str, str] = {}
    problems: list[Problem] = []

    def add(page: RenderedPage) -> None:
        files[f"{page.lang}/{page.path}"] = page.text().encode("utf-8")
        owners[f"{page.lang}/{page.path}"] = page.meta["dalil"]["source"]

    for page in render_site(site, brochures=brochures):
        add(page)
    for lang in LANGS:
        base = language_root(site_url, lang)
        exports = {f"{OPEN_DATA}/{name}": data for name, data in sorted(export_hsds(site, lang, base).items())}
        exports[f"{DIRECTORY}/entries.json"] = directory_index_json(site, lang)
        for org in site.organisations.values():
            exports[vcard_file(org.id)] = render_vcard(org, site, lang, base + organisation_path(org.id)).encode("utf-8")
        files.update({f"{lang}/{path}": data for path, data in exports.items()})
        add(render_open_data(site, lang, {name: len(data) for name, data in exports.items() if name.startswith(OPEN_DATA)}))
        add(render_search(site, lang))
    if brochures:
        from .brochures import render_brochure_files  # WeasyPrint and segno: imported only to lay out PDFs

        infos, pdfs = render_brochure_files(site, base_urls={lang: language_root(site_url, lang) for lang in LANGS}, layout=layout)
        files.update(pdfs)
        for lang in LANGS:
            add(render_brochure_list(site, lang, infos))
    hand_pages, assets, found = collect_pages(root)
    problems += found
    numbers = known_numbers([*site.organisations.values(), *site.emergency.values()])
    for page in hand_pages:
        if not page.fallback:
            problems += hand_page_terms(root, page.source, page.lang, site.terms)
            problems += [Problem(page.source, "", message) for message in unknown_numbers(page.body, numbers)]
    rows = status_rows(site, hand_pages, read_lock(root))
    for lang in LANGS:
        add(render_translation_status(site, rows, lang))
    for page in hand_pages:
        key = f"{page.lang}/{page.path}"
        if key in files:
            problems.append(Problem(page.source, "", f"cette page a la même adresse qu'une page générée depuis {owners[key]} : renommez ou déplacez le fichier."))
            continue
        files[key] = page.text().encode("utf-8")
        owners[key] = page.source
    files.update(assets)
    problems += dead_links(files, owners)
    if problems:
        raise DataError(problems)
    nav = ["index.md"] + [index_page(theme) for theme in published_themes(site)] + [directory_page("index")]
    nav += [p for p in extra_nav(root) if f"fr/{p}" in files]
    return StagedSite(site, files, nav)


def dead_links(files: dict[str, bytes], owners: dict[str, str]) -> list[Problem]:
    """Links of every staged page, as the Markdown parser reads them (editor_text): an internal one must
    reach a staged file, any other must be https:, http:, tel:, mailto: or geo: (French message before MkDocs')."""
    problems = []
    for key, content in files.items():
        if not key.endswith(".md"):
            continue
        folder = posixpath.dirname(key)
        source = owners.get(key) or key
        for address in editor_text.links(content.decode("utf-8")):
            address = html.unescape(address)
            if not editor_text.is_allowed_link(address):
                problems.append(Problem(source, "", f"lien refusé « {' '.join(address.split())[:60]} » : seuls les liens https://, http://, tel:, mailto:, geo: et les liens internes sont acceptés."))
                continue
            target = address.split("#", 1)[0]
            if not target or editor_text.link_scheme(target) or target.startswith("/"):
                continue
            resolved = posixpath.normpath(posixpath.join(folder, target))
            if resolved not in files and posixpath.join(resolved, "index.md") not in files:
                problems.append(Problem(source, "", f"lien vers une page qui n'existe pas : « {target} » ({key.split('/', 1)[0]}) — vérifiez l'id ou le thème de la page visée."))
    return sorted(set(problems))


def hand_page_terms(root: Path, source: str, lang: str, terms: list[dict]) -> list[Problem]:
    """Names data/terms.yml says not to write, in a hand-written page, with their line."""
    lines = (root / source).read_text(encoding="utf-8").splitlines()
    return [Problem(source, "", message, number) for number, line in enumerate(lines, start=1) for message in term_variants(line, lang, terms)]


def extra_nav(root: Path) -> list[str]:
    """Hand-written sections that belong in the menu, after the themes (e.g. a-propos/index.md)."""
    docs = root / "docs"
    return sorted(p.relative_to(docs).as_posix() for p in docs.glob("*/index.md"))


def stage(root: Path, staging_dir: Path, site_url: str, *, brochures: bool = True) -> tuple[StagedSite, int]:
    staged = prepare(root, site_url, brochures=brochures)
    return staged, sync_folder(staging_dir, staged.files)
