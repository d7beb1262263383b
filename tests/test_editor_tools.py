"""The editors' commands: scaffolding, reports, translation tracking, schema headers."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project, real_site
from dalil.pages import collect_pages
from dalil.pipeline import today
from dalil.problems import DataError
from dalil.translation_status import confirm, current_fingerprints, read_lock, status_rows
from dalil.validation import validate_all
from new_record import create, slugify

# The build's date (DALIL_TODAY fixes it): sources read today are not "in the future".
TODAY = today()


@pytest.fixture
def full_project(tmp_path: Path) -> Path:
    """A copy of the whole repository (slow: conftest marks its tests `slow`)."""
    return copy_project(tmp_path / "project")


@pytest.mark.parametrize(("name", "slug"), [
    ("Fondation Orient-Occident (Oujda)", "fondation-orient-occident-oujda"),
    ("S'enregistrer auprès du HCR", "s-enregistrer-aupres-du-hcr"),
    ("Délégation diocésaine des migrations – Nador", "delegation-diocesaine-des-migrations-nador"),
    ("مؤسسة", ""),
])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


@pytest.mark.parametrize("kind", ["organisation", "topic"])
def test_scaffold_has_header_date_and_is_refused_until_filled(full_project: Path, kind: str) -> None:
    path = create(full_project, kind, "Association d'aide à Fès", record_id=None, theme="droits" if kind == "topic" else None, today=TODAY)
    if kind == "organisation":
        assert "hours:" not in [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    text = path.read_text(encoding="utf-8")
    assert path.name == "association-d-aide-a-fes.yml"
    assert text.startswith("# yaml-language-server: $schema=../schema/")
    data = yaml.safe_load(text)
    assert data["id"] == "association-d-aide-a-fes" and data["checked"] == TODAY.isoformat()
    assert (data.get("name") or data.get("title"))["fr"] == "Association d'aide à Fès"
    with pytest.raises(DataError) as caught:
        validate_all(full_project, today=TODAY)
    message = str(caught.value)
    assert path.relative_to(full_project).as_posix() in message and "À REMPLIR" in message and "ligne" in message


def test_scaffold_refuses_existing_and_unsluggable_names(full_project: Path) -> None:
    with pytest.raises(ValueError, match="existe déjà"):
        create(full_project, "organisation", "GADEM", record_id=None, theme=None, today=TODAY)
    with pytest.raises(ValueError, match="--id"):
        create(full_project, "organisation", "مؤسسة", record_id=None, theme=None, today=TODAY)


def test_non_text_changes_do_not_outdate_translations(full_project: Path) -> None:
    """Correcting a phone number or a checked date is not a reason to re-translate."""
    site = validate_all(full_project, today=TODAY)
    hand_pages, _assets, _problems = collect_pages(full_project)
    before = current_fingerprints(site, hand_pages)["data/organisations/gadem.yml"]
    org = full_project / "data" / "organisations" / "gadem.yml"
    text = org.read_text(encoding="utf-8")
    checked = dt.date.fromisoformat(re.search(r'^checked: "([0-9-]+)"$', text, flags=re.M).group(1))
    changed = text.replace(f'checked: "{checked}"', f'checked: "{checked - dt.timedelta(days=1)}"', 1)
    assert changed != text
    org.write_text(changed, encoding="utf-8")
    site = validate_all(full_project, today=TODAY)
    assert current_fingerprints(site, hand_pages)["data/organisations/gadem.yml"] == before


@pytest.mark.slow
def test_confirming_a_missing_translation_is_refused(full_project: Path) -> None:
    (full_project / "docs" / "essai.md").write_text("---\ntitle: Essai\n---\n\n# Essai {#titre}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(full_project / "scripts" / "reports.py"), "translated", "docs/essai.md", "ar"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "traduisez d'abord" in result.stderr


def test_changing_french_marks_translation_outdated_until_confirmed(full_project: Path) -> None:
    topic = full_project / "data" / "topics" / "faire-appel.yml"
    data = yaml.safe_load(topic.read_text(encoding="utf-8"))
    text = topic.read_text(encoding="utf-8").replace(data["title"]["fr"], data["title"]["fr"] + " (mis à jour)", 1)
    topic.write_text(text, encoding="utf-8")
    site = validate_all(full_project, today=TODAY)
    hand_pages, _assets, _problems = collect_pages(full_project)
    lock = read_lock(full_project)
    row = next(r for r in status_rows(site, hand_pages, lock) if r.source == "data/topics/faire-appel.yml")
    assert row.status == {"ar": "outdated", "en": "outdated"}
    lock = confirm(full_project, lock, current_fingerprints(site, hand_pages), "data/topics/faire-appel.yml", "ar")
    row = next(r for r in status_rows(site, hand_pages, lock) if r.source == "data/topics/faire-appel.yml")
    assert row.status == {"ar": "ok", "en": "outdated"}


@pytest.mark.slow
def test_missing_translation_is_reported(full_project: Path) -> None:
    (full_project / "docs" / "essai.md").write_text("---\ntitle: Essai\n---\n\n# Essai {#titre}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(full_project / "scripts" / "reports.py"), "translations"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "docs/essai.md" in result.stdout and "À TRADUIRE" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("report", ["reviews", "drafts", "coverage", "directory"])
def test_reports_print_tables(report: str) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "reports.py"), report], capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.strip()
    if report == "drafts":
        assert result.returncode == 1 and "verify" not in result.stdout and "à vérifier" in result.stdout
    if report == "directory":  # no source gives the languages spoken anywhere yet: every organisation is listed for it
        assert result.returncode == 1 and "langues parlées" in result.stdout and "data/organisations/hcr-maroc.yml" in result.stdout


@pytest.mark.slow
def test_yaml_style_passes_yamllint() -> None:
    """The pre-commit YAML lint passes on every data file (yes/no/on/off are refused there too)."""
    result = subprocess.run([str(Path(sys.executable).parent / "yamllint"), "-c", str(ROOT / ".yamllint.yml"), "-f", "parsable", "data", ".pre-commit-config.yaml"],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout


def test_external_link_list_comes_from_data() -> None:
    from external_links import external_urls

    urls = external_urls(real_site())
    assert "https://help.unhcr.org/morocco/" in urls
    assert all(url.startswith(("https://", "http://")) for url in urls)
    assert any("data/organisations/" in path for paths in urls.values() for path in paths)


def test_topic_needs_a_known_theme(full_project: Path) -> None:
    with pytest.raises(ValueError, match="--theme"):
        create(full_project, "topic", "Une fiche", record_id=None, theme=None, today=TODAY)
    with pytest.raises(ValueError, match="--theme"):
        create(full_project, "topic", "Une fiche", record_id=None, theme="loisirs", today=TODAY)


def test_template_placeholders_never_pass(full_project: Path) -> None:
    """Confidence, city and themes left as in the template are refused, each with its field
    (the schema first, then the references)."""
    path = create(full_project, "organisation", "Association modèle", record_id=None, theme=None, today=TODAY)
    with pytest.raises(DataError) as caught:
        validate_all(full_project, today=TODAY)
    assert "confidence" in str(caught.value)
    path.write_text(path.read_text(encoding="utf-8").replace("confidence: À REMPLIR", "confidence: M"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate_all(full_project, today=TODAY)
    for field in ("locations[0].city", "themes[0]", "À REMPLIR"):
        assert field in str(caught.value), field


@pytest.mark.slow
def test_dead_internal_link_is_reported_by_the_check(full_project: Path) -> None:
    """Moving a topic to another theme breaks the links to it: make check says which and where."""
    from dalil.pipeline import prepare

    topic = full_project / "data" / "topics" / "faire-appel.yml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("theme: asile", "theme: droits"), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        prepare(full_project, brochures=False)
    assert "lien vers une page qui n'existe pas" in str(caught.value) and "faire-appel.md" in str(caught.value)


# ---- The pre-commit hook runs `make check` with only the dependencies it lists ----

def _pre_commit_dependencies() -> dict[str, str]:
    """{canonical name: version} of the check hook's additional_dependencies."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "dalil-check-data")
    pins = {}
    for line in hook["additional_dependencies"]:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{line}: pin an exact version"
        pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def _closure(names: set[str]) -> set[str]:
    """The distributions `names` need, themselves included (no optional extras)."""
    import importlib.metadata as metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        for line in metadata.distribution(name).requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def test_pre_commit_dependencies_are_the_pinned_ones() -> None:
    """The hook installs exactly requirements.txt's versions, and every dependency of what it installs
    is pinned there too (pip would otherwise pick whatever version is newest that day)."""
    from packaging.utils import canonicalize_name

    pinned = {canonicalize_name(name): version for name, version in
              (line.split("==") for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines() if "==" in line)}
    hook = _pre_commit_dependencies()
    assert {name: pinned.get(name) for name in hook} == hook
    assert _closure(set(hook)) == set(hook)


@pytest.mark.slow
def test_check_runs_with_only_the_pre_commit_dependencies(tmp_path: Path) -> None:
    """scripts/check_data.py in a Python where every installed package the pre-commit hook does not
    install cannot be imported (WeasyPrint and segno among them): it still validates everything.
    Started as an editor would, without activating the venv (`python3 scripts/check_data.py` with a
    bare environment: the script restarts itself with .venv's Python, which keeps the blocker)."""
    import importlib.metadata as metadata

    from packaging.utils import canonicalize_name

    allowed = _closure(set(_pre_commit_dependencies()))
    blocked = sorted({module for module, dists in metadata.packages_distributions().items()
                      if module.isidentifier() and not {canonicalize_name(d) for d in dists} & allowed})
    assert {"weasyprint", "segno", "mkdocs", "pytest"} <= set(blocked)
    log = tmp_path / "refused.txt"
    (tmp_path / "sitecustomize.py").write_text(f'''
import importlib.abc, sys
BLOCKED = {set(blocked)!r}
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            with open({str(log)!r}, "a") as refused:
                refused.write(name + "\\n")
            raise ModuleNotFoundError(f"No module named {{name!r}} (not installed by pre-commit)", name=name)
sys.meta_path.insert(0, Blocker())
''', encoding="utf-8")
    result = subprocess.run(["/usr/bin/env", "-i", "PATH=/usr/bin:/bin", f"PYTHONPATH={tmp_path}", "NO_MKDOCS_2_WARNING=1",
                             "python3", str(ROOT / "scripts" / "check_data.py")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0 and "Données valides" in result.stdout, result.stdout + result.stderr
    refused = set(log.read_text(encoding="utf-8").split()) if log.exists() else set()
    assert not {name for name in refused if name.partition(".")[0] in ("weasyprint", "segno")}, refused


def test_plain_make_lists_the_commands_and_starts_nothing() -> None:
    """`make` without a target prints every documented command (the `## name:` lines) and exits."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    documented = re.findall(r"^## ([a-z-]+):", makefile, flags=re.M)
    targets = set(re.findall(r"^([a-z-]+):", makefile, flags=re.M))
    assert set(documented) == targets, "every target has its `## name: what it does` line"
    result = subprocess.run(["make", "--no-print-directory"], cwd=ROOT, capture_output=True, text=True, timeout=30,
                            env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^  make (\S+)", result.stdout, flags=re.M)
    assert listed == documented and "serve" in listed
    assert "mkdocs" not in result.stdout + result.stderr and "pip" not in result.stdout + result.stderr
