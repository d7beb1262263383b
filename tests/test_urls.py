"""No URL ever vanishes: the committed manifest, the guard in the build, redirects, renaming."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import ROOT, copy_project, staging_for
from dalil.pipeline import prepare
from dalil.postbuild import published_urls, read_manifest
from rename_record import rename



def test_manifest_lists_every_published_url(built_site: Path) -> None:
    produced, manifest = published_urls(built_site), read_manifest(ROOT)
    new = sorted(produced - manifest)
    assert not new, f"addresses missing from data/published-urls.txt (run: make urls): {new[:20]}"
    assert manifest <= produced  # the build itself fails otherwise
    assert {"/", "/ar/", "/en/", "/asile/", "/ar/annuaire/hcr-maroc/"} <= produced


def test_rename_moves_references_and_redirects(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    changed = rename(project, "topics", "s-enregistrer-aupres-du-hcr", "s-enregistrer-au-hcr", today=dt.date(2026, 11, 29))
    assert "data/topics/s-enregistrer-au-hcr.yml" in changed and "data/redirects.yml" in changed
    assert any(path != "data/redirects.yml" and not path.endswith("hcr.yml") for path in changed)  # references updated
    staged = prepare(project)  # the whole data set is still valid
    assert "fr/asile/s-enregistrer-au-hcr.md" in staged.files
    redirect = {"from": "asile/s-enregistrer-aupres-du-hcr/", "to": "asile/s-enregistrer-au-hcr/", "since": "2026-11-29"}
    assert redirect in staged.site.redirects
    from build_site import build_into

    site = tmp_path / "site"
    staging_for(site)
    build_into(site, config_file=project / "mkdocs.yml")
    for prefix in ("", "ar/", "en/"):
        page = (site / prefix / "asile" / "s-enregistrer-aupres-du-hcr" / "index.html").read_text(encoding="utf-8")
        assert 'content="0; url=../s-enregistrer-au-hcr/"' in page and 'name="robots" content="noindex"' in page
        assert '<a href="../s-enregistrer-au-hcr/">' in page


def test_vanished_url_stops_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """An address published once (in the manifest) that the site no longer produces."""
    project = copy_project(tmp_path / "project")
    with (project / "data" / "published-urls.txt").open("a", encoding="utf-8") as manifest:
        manifest.write("/ar/asile/page-disparue/\n")
    from build_site import build_into

    site = tmp_path / "site"
    staging_for(site)
    with pytest.raises(Abort):
        build_into(site, config_file=project / "mkdocs.yml")
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


def test_build_without_brochures_passes_the_guard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editors' preview skips the brochures: their addresses are not reported as vanished,
    and no page links a PDF that was not made."""
    from build_site import build_into

    monkeypatch.setenv("DALIL_BROCHURES", "0")
    site = tmp_path / "site"
    staging_for(site)
    build_into(site)
    assert not list(site.rglob("*.pdf"))
    assert ".pdf" not in (site / "annuaire" / "ville" / "oujda" / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in (site / "asile" / "index.html").read_text(encoding="utf-8")
