"""« Mettre à jour notre fiche »: an organisation's submission becomes a change to its record.

The samples in tests/listing_update/ are written the way GitHub writes an issue form's answers
("### Label", then the answer, "_No response_" when empty). A valid submission changes exactly
the fields it fills and nothing else of the file; a partial one changes only what it fills; an
invalid one changes nothing and gets a comment in French naming each field and its fix. The
form, the script and the workflow are checked against each other.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import listing_update  # noqa: E402  (scripts/ is on sys.path: conftest)
from conftest import ROOT

SAMPLES = ROOT / "tests" / "listing_update"
TODAY = dt.date(2026, 12, 8)
ISSUE_URL = "https://github.com/exemple/dalil/issues/12"
RECORD = Path("data") / "organisations" / "hcr-maroc.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with one organisation and no topic (so no journey, whose steps lead to
    topics): these tests are about one record (the whole data set is validated by tests/test_data.py),
    and stay in `make test-fast`."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=lambda folder, names: [
        name for name in names if Path(folder).name in ("topics", "organisations", "journeys") and name.endswith(".yml")
        and not name.startswith("_") and name != RECORD.name])
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    return tmp_path


def submit(project: Path, sample: str) -> tuple[bool, dict[str, str]]:
    body = (SAMPLES / sample).read_text(encoding="utf-8") if sample.endswith(".md") else sample
    return listing_update.convert(project, body, 12, ISSUE_URL, TODAY)


def record(root: Path) -> dict:
    return yaml.safe_load((root / RECORD).read_text(encoding="utf-8"))


def test_a_valid_submission_changes_the_fields_it_fills(project: Path) -> None:
    before = record(ROOT)
    changed, files = submit(project, "valide.md")
    assert changed, files
    after = record(project)
    assert [(p["number"], p.get("type", "voice")) for p in after["phones"]] == [
        ("+212537545400", "voice"), ("+212666045606", "whatsapp"), ("+212537000001", "sms")]
    # A number that stays keeps its description.
    assert after["phones"][0]["description"] == before["phones"][0]["description"]
    assert after["email"] == "contact@exemple.org"
    assert after["languages"] == ["fr", "ar", "en"]
    hours = after["locations"][0]["hours"]
    assert [(h["byday"], h["opens_at"], h["closes_at"], h.get("valid_from")) for h in hours] == [
        (["MO", "TU", "WE", "TH"], "09:00", "15:00", None),
        (["FR"], "09:00", "12:00", None),
        (["FR"], "14:30", "16:00", None),
        (["MO", "TU", "WE", "TH", "FR"], "09:00", "14:00", "2027-02-08")]
    assert hours[-1]["valid_to"] == "2027-03-09" and hours[-1]["description"]["ar"] == "رمضان"
    assert all(service["appointment"] is True for service in after["services"])
    assert after["sources"][:-1] == before["sources"]
    assert after["sources"][-1] == {"title": "Mise à jour envoyée par l'organisation (demande n° 12)",
                                    "publisher": before["name"]["fr"], "url": ISSUE_URL, "seen": "2026-12-08"}
    # "checked" and "confirmed" stay for a person to set after confirming with the organisation.
    assert after["checked"] == before["checked"] and "confirmed" not in after
    untouched = set(before) - {"phones", "locations", "services", "sources"}
    assert {key: after[key] for key in untouched} == {key: before[key] for key in untouched}
    body = files["pr-body.md"]
    assert "accueil du bureau de Rabat" in body and "Tout est gratuit." in body and "déjà publiés" in body
    assert files["branch"] == "fiche/hcr-maroc-demande-12"


def test_the_file_keeps_its_form(project: Path) -> None:
    original = (ROOT / RECORD).read_text(encoding="utf-8").splitlines()
    submit(project, "valide.md")
    changed = (project / RECORD).read_text(encoding="utf-8").splitlines()
    # Only added or changed lines: the header, the folded texts and the flow lists stay as written.
    removed = [line for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(a=original, b=changed, autojunk=False).get_opcodes()
               if tag in ("replace", "delete") for line in original[i1:i2]]
    assert removed and all(re.match(r"^ {6}(- byday|  opens_at|  closes_at): ", line) for line in removed), removed
    text = "\n".join(changed)
    assert changed[0] == original[0]  # the schema header
    assert "    description:\n      fr: >-\n        Tant qu'il n'y a pas" in text  # folded texts stay folded
    assert "search_terms:\n  fr: [HCR, UNHCR," in text  # flow lists stay on one line
    assert '  - number: "+212537000001"' in changed and '        opens_at: "14:30"' in changed


def test_a_partial_submission_changes_only_what_it_fills(project: Path) -> None:
    before = record(ROOT)
    changed, files = submit(project, "partielle.md")
    assert changed, files
    after = record(project)
    assert after["languages"] == ["fr", "ary", "en"]
    assert {k: v for k, v in after.items() if k not in ("languages", "sources")} == {k: v for k, v in before.items() if k != "sources"}
    assert "langues parlées" in files["pr-body.md"]


def test_an_invalid_submission_changes_nothing_and_says_what_to_fix(project: Path) -> None:
    original = (project / RECORD).read_bytes()
    changed, files = submit(project, "invalide.md")
    assert not changed
    assert (project / RECORD).read_bytes() == original
    text = files["comment.md"]
    for label, fix in [("Numéros de téléphone", "+212537000000"), ("Numéros de téléphone", "« whatsapp », « sms »"),
                       ("Adresse e-mail publique", "contact@exemple.org"), ("Site web officiel", "https://"),
                       ("Adresses", "n'est pas une ville de l'annuaire"), ("Horaires d'ouverture", "lundi-vendredi 09:00-15:00"),
                       ("Horaires d'ouverture", "la fermeture après l'ouverture"), ("Dates des horaires du Ramadan", "du 2027-02-08 au 2027-03-09")]:
        assert any(line.startswith(f"- **{label}**") and fix in line for line in text.splitlines()), (label, fix, text)
    assert text.count("\n- **") == 8 and "8 points à corriger" in text


def test_a_number_the_build_would_refuse_is_caught_before_any_change(project: Path) -> None:
    original = (project / RECORD).read_bytes()
    body = (SAMPLES / "partielle.md").read_text(encoding="utf-8").replace(
        "### Numéros de téléphone\n\n_No response_", "### Numéros de téléphone\n\n+21212345678")
    changed, files = submit(project, body)
    assert not changed
    assert (project / RECORD).read_bytes() == original
    # The shape is right (+ and 11 digits): it is the build's own validation that refuses it.
    assert files["comment.md"].count("- **Numéros de téléphone** : phones[0].number") == 1, files["comment.md"]


@pytest.mark.parametrize("answer", ["https://dalil.example/annuaire/n-existe-pas/", "le HCR", "_example"])
def test_a_submission_for_no_record_says_which_address_to_give(project: Path, answer: str) -> None:
    body = (SAMPLES / "partielle.md").read_text(encoding="utf-8").replace("\nhcr-maroc\n", f"\n{answer}\n")
    changed, files = submit(project, body)
    assert not changed
    assert files["comment.md"].splitlines()[2].startswith("- **Fiche à mettre à jour** :")
    assert "/annuaire/" in files["comment.md"]


def test_a_submission_that_changes_nothing_says_so(project: Path) -> None:
    body = (SAMPLES / "partielle.md").read_text(encoding="utf-8")
    body = re.sub(r"- \[X\] [^\n]*\n", "", body).replace("- [ ] espagnol (es)", "- [X] français (fr)\n- [X] arabe (ar)\n- [X] anglais (en)")
    (project / RECORD).write_text((project / RECORD).read_text(encoding="utf-8").replace("themes:", "languages: [fr, ar, en]\nthemes:", 1), encoding="utf-8")
    changed, files = submit(project, body)
    assert not changed and "rien ne change" in files["comment.md"]


def test_the_command_line_writes_the_pull_request_or_the_comment(project: Path, tmp_path: Path) -> None:
    for sample, code, written in (("partielle.md", 0, {"branch", "title", "pr-body.md"}), ("invalide.md", 1, {"comment.md"})):
        out = tmp_path / f"out-{sample}"
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "listing_update.py"), "--body", str(SAMPLES / sample),
                                 "--issue", "12", "--issue-url", ISSUE_URL, "--out", str(out), "--root", str(project),
                                 "--today", "2026-12-08"], capture_output=True, text=True, check=False)
        assert result.returncode == code, result.stderr
        assert {p.name for p in out.iterdir()} == written
    assert record(ROOT) != record(project)  # the checkout itself was never touched


def test_the_form_and_the_script_agree() -> None:
    form = yaml.safe_load((ROOT / listing_update.FORM).read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if item.get("id")}
    read = set(re.findall(r'answers(?:\.get\(|\[)"([a-z_]+)"', (ROOT / "scripts" / "listing_update.py").read_text(encoding="utf-8")))
    assert read <= set(fields), read - set(fields)
    assert "fiche" in read and fields["fiche"]["validations"]["required"]
    languages = yaml.safe_load((ROOT / "data" / "languages.yml").read_text(encoding="utf-8"))
    assert [o["label"] for o in fields["langues"]["attributes"]["options"]] == [f"{x['name']['fr']} ({x['code']})" for x in languages]
    assert fields["rendez_vous"]["attributes"]["options"] == ["Sans changement", *listing_update.APPOINTMENT]
    # Labels are unique: the answers are found by them.
    labels = [item["attributes"]["label"] for item in fields.values()]
    assert len(labels) == len(set(labels))


def test_the_workflow_never_merges_and_never_runs_the_submission() -> None:
    text = (ROOT / ".github" / "workflows" / "listing-update.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    steps = workflow["jobs"]["convert"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "merge" not in scripts and "--auto" not in scripts
    assert "${{" not in scripts  # issue text reaches commands only through the environment
    names = [step.get("name", "") for step in steps]
    assert names.index("Validation de la fiche modifiée (make check)") < names.index("Pull request (à relire, jamais fusionnée automatiquement)")
    assert "--label a-relire" in scripts
    for form in ("mise-a-jour-fiche.yml", "signaler-une-erreur.yml", "proposer-une-page.yml"):
        assert yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / form).read_text(encoding="utf-8"))["body"]
