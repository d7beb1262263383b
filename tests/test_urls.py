"""No URL ever vanishes: the committed manifest, the guard in the build, redirects, renaming."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort

from conftest import LANGS, ROOT, build_copy, copy_project, lang_root
from dalil.postbuild import published_urls, read_manifest
from dalil.translation_status import read_lock
from rename_record import rename


def test_manifest_lists_every_published_url(built_site: Path) -> None:
    produced, manifest = published_urls(built_site), read_manifest(ROOT)
    new = sorted(produced - manifest)
    assert not new, f"addresses missing from data/published-urls.txt (run: make urls): {new[:20]}"
    assert manifest <= produced  # the build itself fails otherwise
    assert {"/", "/ar/", "/en/", "/asile/", "/ar/annuaire/hcr-maroc/"} <= produced


RENAMES = {
    # kind: (folder, old id, new id, section of its addresses)
    "topic": ("topics", "s-enregistrer-aupres-du-hcr", "s-enregistrer-au-hcr", "asile"),
    # also the id of a topic (mre/fondation-hassan-ii): that topic and the lists of related topics keep it
    "organisation": ("organisations", "fondation-hassan-ii", "fondation-hassan-2", "annuaire"),
    "emergency": ("emergency", "police", "police-dgsn", "urgences"),
}


def translation_states(project: Path) -> dict[tuple[str, str], str]:
    from dalil.pages import collect_pages
    from dalil.pipeline import today
    from dalil.translation_status import read_lock, status_rows
    from dalil.validation import validate_all

    site = validate_all(project, today=today())
    rows = status_rows(site, collect_pages(project)[0], read_lock(project))
    return {(row.source, lang): state for row in rows for lang, state in row.status.items()}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """ONE copy of the project where a record of each kind (RENAMES) is renamed, then ONE strict build
    without brochures (as the editors' preview), with the URL guard: what each kind's test reads."""
    base = tmp_path_factory.mktemp("renamed")
    project = copy_project(base / "project")
    found = {"project": project, "states": translation_states(project), "manifest": read_manifest(project), "referencing": {}, "changed": {}}
    for kind, (_folder, old, _new, section) in RENAMES.items():
        found["referencing"][kind] = [p for p in (project / "data").rglob("*.yml") if f"{section}/{old}" in p.read_text(encoding="utf-8")]
    for kind, (folder, old, new, _section) in RENAMES.items():
        found["changed"][kind] = rename(project, folder, old, new, today=dt.date(2026, 11, 29))
    found["site"] = build_copy(project, base / "site")  # strict, with the URL guard
    found["states_after"] = translation_states(project)
    return found


def now(project: Path, path: Path) -> Path:
    """Where a data file is after the renamings (a file that referenced a record may be renamed too)."""
    for folder, old, new, _section in RENAMES.values():
        if path == project / "data" / folder / f"{old}.yml":
            return project / "data" / folder / f"{new}.yml"
    return path


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(RENAMES))
def test_renamed_record_gives_a_site_that_builds(kind: str, renamed: dict) -> None:
    """Renaming a record of each kind (the three in one copy, built once), then a strict build without
    brochures: every old address redirects, in every language, the .vcf cards too; references, links,
    the translation lock and the manifest follow."""
    folder, old, new, section = RENAMES[kind]
    project, site, manifest, changed = renamed["project"], renamed["site"], renamed["manifest"], renamed["changed"][kind]
    assert f"data/{folder}/{new}.yml" in changed and not (project / "data" / folder / f"{old}.yml").exists()
    assert yaml.safe_load((project / "data" / folder / f"{new}.yml").read_text(encoding="utf-8"))["id"] == new
    for path in renamed["referencing"][kind]:  # links elsewhere lead to the new address
        assert f"{section}/{old}" not in now(project, path).read_text(encoding="utf-8"), path
    produced, after = published_urls(site), read_manifest(project)
    assert manifest <= after and {url for url in after if "/brochures/" not in url} <= produced
    assert not sorted(produced - after), "rename_record.py adds the new addresses to data/published-urls.txt"
    # translations confirmed before the renamings are still confirmed, under the new file names
    sources = {f"data/{f}/{o}.yml": f"data/{f}/{n}.yml" for f, o, n, _s in RENAMES.values()}
    moved = {(sources.get(source, source), lang): state for (source, lang), state in renamed["states"].items()}
    assert renamed["states_after"] == moved
    if kind == "emergency":  # no address of its own: the anchor on the emergency page follows
        assert not any(f"/{old}" in url for url in manifest)
        for lang in LANGS:
            page = (lang_root(site, lang) / "urgences" / "index.html").read_text(encoding="utf-8")
            assert f'id="{new}"' in page and f'href="#{new}"' in page and f'id="{old}"' not in page
        return
    assert f"data/{folder}/{new}.yml" in read_lock(project) and f"data/{folder}/{old}.yml" not in read_lock(project)
    redirects = {(r["from"], r["to"]) for r in yaml.safe_load((project / "data" / "redirects.yml").read_text(encoding="utf-8"))}

    def owned(section: str, old: str, new: str, organisation: bool) -> set[tuple[str, str]]:
        files = [f"{section}/{old}/"] + ([f"{section}/{old}.vcf"] if organisation else [])
        return {(path, path.replace(old, new)) for path in files}

    assert {r for r in redirects if r[0].startswith(f"{section}/{old}/") or r[0] == f"{section}/{old}.vcf"} == owned(section, old, new, kind == "organisation")
    # and nothing else: the redirects are exactly those of the renamed topic and organisation
    assert redirects == set().union(*(owned(s, o, n, f == "organisations") for f, o, n, s in RENAMES.values() if f != "emergency"))
    for lang in LANGS:
        root = lang_root(site, lang)
        page = (root / section / old / "index.html").read_text(encoding="utf-8")
        assert f'content="0; url=../{new}/"' in page and 'name="robots" content="noindex"' in page
        assert f'<a href="../{new}/">' in page
        if kind == "organisation":
            assert (root / section / f"{old}.vcf").read_bytes() == (root / section / f"{new}.vcf").read_bytes()
            assert (root / "mre" / old / "index.html").exists()  # the topic with the same id is not renamed


@pytest.mark.slow
def test_vanished_url_stops_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """An address published once (in the manifest) that the site no longer produces."""
    project = copy_project(tmp_path / "project")
    with (project / "data" / "published-urls.txt").open("a", encoding="utf-8") as manifest:
        manifest.write("/ar/asile/page-disparue/\n")
    site = tmp_path / "site"
    with pytest.raises(Abort):
        build_copy(project, site)  # without brochures: the guard leaves only their addresses out
    assert not site.exists()  # no partial site
    message = caplog.text
    assert "data/published-urls.txt" in message and "/ar/asile/page-disparue/" in message and "data/redirects.yml" in message


def test_rename_refuses_bad_ids(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    with pytest.raises(ValueError, match="id valide"):
        rename(project, "organisations", "gadem", "Gadem Rabat", today=dt.date(2026, 11, 29))
    with pytest.raises(ValueError, match="existe déjà"):
        rename(project, "organisations", "gadem", "omdh", today=dt.date(2026, 11, 29))


def test_build_without_brochures_passes_the_guard(fallback_site: Path) -> None:
    """The editors' preview skips the brochures: their addresses are not reported as vanished,
    and no page links a PDF that was not made. `fallback_site` is such a build (strict, with the
    URL guard) of a copy of the project with one page more and one summary untranslated."""
    site = fallback_site
    assert not list(site.rglob("*.pdf"))
    assert ".pdf" not in (site / "annuaire" / "ville" / "oujda" / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in (site / "asile" / "index.html").read_text(encoding="utf-8")
