"""Every kind of bad input gives one French message naming the file, the field and the fix.

Each case starts from a small valid data set (the project's closed lists and schemas, plus one
record of each kind written here), breaks one thing, and checks the message.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from dalil.problems import DataError
from dalil.validation import validate_all

TODAY = dt.date(2026, 11, 29)
TOPIC = """# yaml-language-server: $schema=../schema/topic.schema.json
id: essai
theme: asile
title: {fr: Essai, ar: تجربة, en: Test}
summary: {fr: Résumé., ar: ملخص., en: Summary.}
organisations: [org-essai]
confidence: H
checked: "2026-11-28"
sources:
  - {title: Source, url: "https://help.unhcr.org/morocco/", seen: "2026-11-28"}
"""
ORG = """# yaml-language-server: $schema=../schema/organisation.schema.json
id: org-essai
name: {fr: Organisation d'essai}
description: {fr: Description.}
themes: [asile]
phones:
  - {number: "+212537545400"}
locations:
  - city: rabat
    hours:
      - {byday: [MO], opens_at: "09:00", closes_at: "15:00"}
confidence: M
checked: "2026-11-28"
sources:
  - {title: Source, seen: "2026-11-28"}
"""
EMERGENCY = """# yaml-language-server: $schema=../schema/emergency.schema.json
id: police
number: "19"
name: {fr: Police}
description: {fr: Danger.}
confidence: H
official_source: false
checked: "2026-11-28"
sources:
  - {title: Source, seen: "2026-11-28"}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    for name in ("themes.yml", "cities.yml", "countries.yml", "languages.yml", "labels.yml", "unpublishable.yml", "redirects.yml", "terms.yml"):
        shutil.copy(ROOT / "data" / name, data / name)
    for folder, name, text in (("topics", "essai.yml", TOPIC), ("organisations", "org-essai.yml", ORG), ("emergency", "police.yml", EMERGENCY)):
        (data / folder).mkdir()
        (data / folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def problems_for(project: Path) -> str:
    with pytest.raises(DataError) as caught:
        validate_all(project, today=TODAY)
    return str(caught.value)


def test_fixture_is_valid(project: Path) -> None:
    site = validate_all(project, today=TODAY)
    assert list(site.topics) == ["essai"]


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ORG_FILE = "data/organisations/org-essai.yml"
TOPIC_FILE = "data/topics/essai.yml"

CASES = [
    # (id, file, old, new, expected fragments)
    ("wrong-phone", ORG_FILE, '"+212537545400"', '"05 37"', ["phones[0].number", "numéro invalide « 05 37 »", "+212"]),
    ("unreal-phone", ORG_FILE, '"+212537545400"', '"+2121234"', ["phones[0].number", "numéro invalide"]),
    ("number-in-text-without-link", ORG_FILE, "description: {fr: Description.}", "description: {fr: Appelez le 05 37 54 54 00.}",
     ["description.fr", "« 05 37 54 54 00 » écrit sans lien", "[05 37 54 54 00](tel:+212537545400)"]),
    ("spaced-number-in-arabic", ORG_FILE, "description: {fr: Description.}", "description: {fr: Amende de 1 000 dirhams., ar: غرامة 1 000 درهم.}",
     ["description.ar", "« 1 000 »", "écrivez 1000"]),
    ("short-code-not-an-emergency-number", ORG_FILE, '"+212537545400"', '"1212"', ["phones[0].number", "numéro court « 1212 »", "data/emergency/"]),
    ("unknown-city", ORG_FILE, "city: rabat", "city: atlantis", ["locations[0].city", "ville inconnue « atlantis »", "data/cities.yml"]),
    ("missing-french", ORG_FILE, "name: {fr: Organisation d'essai}", "name: {ar: منظمة}", ["name.fr", "texte français manquant"]),
    ("unquoted-time", ORG_FILE, 'opens_at: "09:00"', "opens_at: 9:00", ["ligne 11", "opens_at", "« 9:00 »", "guillemets"]),
    ("unquoted-leading-zero", ORG_FILE, '"+212537545400"', "0537545400", ["phones[0].number", "commence par 0", "guillemets"]),
    ("yes-no", TOPIC_FILE, "confidence: H", "confidence: H\nsensitive: no", ["sensitive", "vrai/faux", "guillemets"]),
    ("unknown-field", TOPIC_FILE, "confidence: H", "confidence: H\ntitel: x", ["titel", "champ inconnu", "orthographe"]),
    ("dangling-reference", TOPIC_FILE, "[org-essai]", "[org-absente]", ["organisations[0]", "organisation inconnue « org-absente »"]),
    ("unknown-theme", TOPIC_FILE, "theme: asile", "theme: loisirs", ["theme", "thème inconnu « loisirs »"]),
    ("id-not-file-name", TOPIC_FILE, "id: essai", "id: autre", ["id", "identique au nom du fichier"]),
    ("bad-date", TOPIC_FILE, 'checked: "2026-11-28"', 'checked: "2026-02-30"', ["checked", "date impossible"]),
    ("unquoted-date-format", TOPIC_FILE, 'checked: "2026-11-28"', "checked: 28/11/2026", ["checked", "AAAA-MM-JJ"]),
    ("future-date", TOPIC_FILE, 'checked: "2026-11-28"', 'checked: "2027-01-01"', ["checked", "dans le futur"]),
    ("bad-url", TOPIC_FILE, '"https://help.unhcr.org/morocco/"', '"www.unhcr.org"', ["sources[0].url", "https://"]),
    ("bad-email", ORG_FILE, "themes: [asile]", "themes: [asile]\nemail: contact@", ["email", "adresse e-mail invalide"]),
    ("bad-coordinates", ORG_FILE, "  - city: rabat", "  - city: rabat\n    latitude: 48.85", ["locations[0].latitude", "hors limites"]),
    ("low-confidence", TOPIC_FILE, "confidence: H", "confidence: L", ["confidence", "draft: true"]),
    ("draft-without-verify", TOPIC_FILE, "confidence: H", "confidence: H\ndraft: true", ["verify", "brouillon"]),
    ("to-fill-marker", TOPIC_FILE, "Résumé.", "À REMPLIR", ["summary.fr", "À REMPLIR"]),
    ("raw-html", TOPIC_FILE, "Résumé.", "Voir <script>alert(1)</script>", ["summary.fr", "HTML n'est pas accepté"]),
    ("javascript-link", TOPIC_FILE, "Résumé.", "'[clic](javascript:alert(1))'", ["summary.fr", "lien refusé"]),
    ("forbidden-number", ORG_FILE, '"+212537545400"', '"+212800088888"', ["phones[0].number", "ne doit jamais être publié"]),
    ("hours-reversed", ORG_FILE, 'closes_at: "15:00"', 'closes_at: "08:00"', ["closes_at", "avant ou égale"]),
    ("yaml-syntax", TOPIC_FILE, "title: {fr: Essai, ar: تجربة, en: Test}", "title: {fr: Essai, ar: تجربة\n  en: Test", ["essai.yml", "ligne", "syntaxe YAML"]),
    ("duplicate-key", TOPIC_FILE, "confidence: H", "confidence: H\nconfidence: M", ["confidence", "apparaît deux fois"]),
    ("section-takes-a-page-anchor", TOPIC_FILE, "confidence: H", "confidence: H\nsections:\n  - {id: ou-aller, title: {fr: Où}, body: {fr: Texte.}}",
     ["sections[0].id", "« ou-aller »", "« organisations » est rempli", "ou-aller-detail"]),
    ("missing-header", TOPIC_FILE, "# yaml-language-server: $schema=../schema/topic.schema.json\n", "", ["ligne 1", "yaml-language-server"]),
    ("example-url-left", TOPIC_FILE, '"https://help.unhcr.org/morocco/"', '"https://example.org/page"', ["sources[0].url", "adresse d'exemple"]),
    ("wrong-type", TOPIC_FILE, "confidence: H", "confidence: H\norder: beaucoup", ["order", "nombre entier"]),
    ("too-many-search-words", TOPIC_FILE, "confidence: H", "confidence: H\nsearch_terms: {ar: [" + ", ".join(f"كلمة{i}" for i in range(41)) + "]}",
     ["search_terms.ar", "liste trop longue (41 éléments) : 40 au plus"]),
    ("search-word-with-markup", TOPIC_FILE, "confidence: H", "confidence: H\nsearch_terms: {fr: [sbitar, '<b>tbib</b>']}",
     ["search_terms.fr[1]", "« <b>tbib</b> » au mauvais format"]),
    ("city-pages-without-number", ORG_FILE, 'phones:\n  - {number: "+212537545400"}\n', "city_pages: true\n", ["city_pages", "aucun dans phones"]),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_bad_input_is_named(project: Path, rel: str, old: str, new: str, expected: list[str]) -> None:
    edit(project, rel, old, new)
    assert_named(project, rel, expected)


def assert_named(project: Path, rel: str, expected: list[str]) -> None:
    """The build's message names the file and says each expected thing, in French, without a traceback."""
    message = problems_for(project)
    assert rel in message
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert "Traceback" not in message


def test_organisation_may_show_a_published_emergency_short_code(project: Path) -> None:
    """The police's page can offer a call to 19 because 19 is a sourced emergency record."""
    edit(project, ORG_FILE, '"+212537545400"', '"19"')
    validate_all(project, today=TODAY)


def test_duplicate_id_across_files(project: Path) -> None:
    shutil.copy(project / TOPIC_FILE, project / "data/topics/essai-bis.yml")
    message = problems_for(project)
    assert "data/topics/essai-bis.yml" in message
    assert "identique au nom du fichier" in message


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("vide.yml", b"", "fichier vide"),
    ("binaire.yml", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "fichier binaire"),
    ("latin1.yml", "id: caf\xe9\n".encode("latin-1"), "pas en UTF-8"),
    ("enorme.yml", b"# x\n" + b"a: " + b"x" * (10 * 1024 * 1024) + b"\n", "fichier trop gros"),
    ("liste.txt", b"x", "seuls des fichiers .yml"),
], ids=["empty", "binary", "not-utf8", "10MB", "not-yaml"])
def test_unreadable_files(project: Path, name: str, content: bytes, expected: str) -> None:
    (project / "data" / "topics" / name).write_bytes(content)
    message = problems_for(project)
    assert f"data/topics/{name}" in message and expected in message


def test_symlink_out_of_repository(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.yml"
    outside.write_text("id: secret\n", encoding="utf-8")
    os.symlink(outside, project / "data" / "topics" / "lien.yml")
    message = problems_for(project)
    assert "data/topics/lien.yml" in message and "hors du dépôt" in message


def test_all_problems_reported_at_once(project: Path) -> None:
    edit(project, ORG_FILE, "city: rabat", "city: atlantis")
    edit(project, TOPIC_FILE, "theme: asile", "theme: loisirs")
    message = problems_for(project)
    assert message.startswith("Données invalides (2 problèmes)")


def test_expired_record_is_hidden_and_kept_for_the_report(project: Path) -> None:
    edit(project, TOPIC_FILE, "confidence: H", 'confidence: H\nvalid_from: "2025-06-10"\nvalid_to: "2025-09-15"')
    site = validate_all(project, today=TODAY)
    assert "essai" not in site.topics
    assert [r.id for r in site.expired] == ["essai"]


@pytest.mark.slow
def test_bad_data_stops_the_build_without_traceback(tmp_path: Path) -> None:
    """The real build command: exit code 1, the French message, no Python traceback, no site."""
    project = copy_project(tmp_path / "project")
    edit(project, "data/organisations/hcr-maroc.yml", "city: rabat", "city: atlantis")
    result = subprocess.run([sys.executable, str(project / "scripts" / "build_site.py"), "--site-dir", str(project / "site")],
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "data/organisations/hcr-maroc.yml" in output and "locations[0].city" in output
    assert "Traceback" not in output
    assert not (project / "site").exists()


@pytest.mark.parametrize(("old", "new", "suggested", "fixed"), [
    ('opens_at: "09:00"', "opens_at: 9:00", '"09:00"', 'opens_at: "09:00"'),
    ('"+212537545400"', "0537545400", '"+212537545400"', '"+212537545400"'),
], ids=["time-hint-is-valid", "phone-hint-is-valid"])
def test_suggested_fix_is_a_valid_value(project: Path, old: str, new: str, suggested: str, fixed: str) -> None:
    """Following the message's advice gives a value that passes."""
    edit(project, ORG_FILE, old, new)
    assert suggested in problems_for(project)
    edit(project, ORG_FILE, new, fixed)
    validate_all(project, today=TODAY)


def test_hash_in_unquoted_text_is_reported(project: Path) -> None:
    edit(project, TOPIC_FILE, "summary: {fr: Résumé., ar: ملخص., en: Summary.}", "summary:\n  fr: Accueil #1 à Oujda\n  ar: ملخص.\n  en: Summary.")
    message = problems_for(project)
    assert "summary.fr" in message and "commentaire" in message and "guillemets" in message


def test_yaml_error_is_explained_in_french(project: Path) -> None:
    edit(project, TOPIC_FILE, "summary: {fr: Résumé., ar: ملخص., en: Summary.}", "summary:\n  fr: Attention : ceci\n  ar: ملخص.\n  en: Summary.")
    message = problems_for(project)
    assert "ligne" in message and "mettez tout le texte entre guillemets" in message


def test_forbidden_number_written_in_a_text(project: Path) -> None:
    edit(project, TOPIC_FILE, "Résumé.", "'Appelez le [0 8000 8888](tel:080008888).'")
    message = problems_for(project)
    assert "summary.fr" in message and "ne doit jamais être publié" in message


def test_whatsapp_line_written_as_a_call_is_named(project: Path) -> None:
    """A tel: link to a number the records give only as WhatsApp would place a call: the message gives the wa.me link."""
    edit(project, ORG_FILE, '  - {number: "+212537545400"}', '  - {number: "+212537545400"}\n  - {number: "+212666045606", type: whatsapp}')
    validate_all(project, today=TODAY)  # valid as long as no text calls it
    edit(project, ORG_FILE, "description: {fr: Description.}", "description: {fr: 'Écrivez au [06 66 04 56 06](tel:+212666045606).'}")
    message = problems_for(project)
    assert ORG_FILE in message and "description.fr" in message and "ligne WhatsApp" in message
    assert "https://wa.me/212666045606" in message
    edit(project, ORG_FILE, "(tel:+212666045606)", "(https://wa.me/212666045606)")
    validate_all(project, today=TODAY)


def test_bar_holds_at_most_what_fits_at_320_px(project: Path) -> None:
    from dalil.rules import BAR_LIMIT

    folder = project / "data" / "emergency"
    for index in range(BAR_LIMIT + 1):
        number = f"{index + 20}"
        (folder / f"ligne-{number}.yml").write_text(EMERGENCY.replace("id: police", f"id: ligne-{number}").replace('number: "19"', f'number: "{number}"\nbar: true\nshort_name: {{fr: Ligne}}'), encoding="utf-8")
        if index + 1 == BAR_LIMIT:
            validate_all(project, today=TODAY)
    message = problems_for(project)
    assert "bar" in message and f"{BAR_LIMIT} au plus" in message and "320 px" in message


# ---- Step-by-step journeys (data/journeys/, hooks/dalil/journeys.py) ----

JOURNEY_FILE = "data/journeys/parcours-essai.yml"
JOURNEY = """# yaml-language-server: $schema=../schema/journey.schema.json
id: parcours-essai
audience: [migrants]
title: {fr: Parcours, ar: مسار, en: Journey}
summary: {fr: Résumé., ar: ملخص., en: Summary.}
steps:
  - title: {fr: Première étape, ar: المرحلة الأولى, en: First step}
    text: {fr: Ce qu'on y fait., ar: ما تفعله فيها., en: What you do.}
    topics:
      - essai
  - title: {fr: Deuxième étape, ar: المرحلة الثانية, en: Second step}
    topics: [autre]
"""
OTHER_TOPIC = TOPIC.replace("id: essai", "id: autre")
DRAFT_TOPIC = TOPIC.replace("id: essai", "id: brouillon").replace("confidence: H", "confidence: H\ndraft: true\nverify: À vérifier auprès du HCR.")


@pytest.fixture
def journey_project(project: Path) -> Path:
    (project / "data" / "journeys").mkdir()
    (project / JOURNEY_FILE).write_text(JOURNEY, encoding="utf-8")
    (project / "data" / "topics" / "autre.yml").write_text(OTHER_TOPIC, encoding="utf-8")
    (project / "data" / "topics" / "brouillon.yml").write_text(DRAFT_TOPIC, encoding="utf-8")
    return project


def test_journey_fixture_is_valid(journey_project: Path) -> None:
    site = validate_all(journey_project, today=TODAY)
    assert list(site.journeys) == ["parcours-essai"]
    assert [step["topics"] for step in site.journeys["parcours-essai"].get("steps")] == [["essai"], ["autre"]]


JOURNEY_CASES = [
    # (id, old, new, expected fragments)
    ("unknown-topic", "topics: [autre]", "topics: [inconnue]", ["steps[1].topics[0]", "fiche inconnue « inconnue »", "data/topics/"]),
    ("draft-topic", "topics: [autre]", "topics: [brouillon]", ["steps[1].topics[0]", "« brouillon » est un brouillon (draft: true)", "fiches publiées"]),
    ("empty-step", "topics: [autre]", "topics: []", ["steps[1].topics", "l'étape 2 ne mène à aucune fiche", "ajoutez au moins un id"]),
    ("missing-arabic", "title: {fr: Parcours, ar: مسار, en: Journey}", "title: {fr: Parcours, en: Journey}",
     ["title.ar", "texte arabe (ar) manquant", "trois langues"]),
    ("missing-english-in-step", "text: {fr: Ce qu'on y fait., ar: ما تفعله فيها., en: What you do.}", "text: {fr: Ce qu'on y fait., ar: ما تفعله فيها.}",
     ["steps[0].text.en", "texte anglais (en) manquant"]),
    ("missing-french", "title: {fr: Parcours, ar: مسار, en: Journey}", "title: {ar: مسار, en: Journey}", ["title.fr", "texte français manquant"]),
    ("same-topic-twice", "topics: [autre]", "topics: [essai]", ["steps[1].topics[0]", "« essai » est déjà à l'étape 1", "retirez le doublon"]),
    ("same-step-twice", "{fr: Deuxième étape,", "{fr: Première  étape,", ["steps[1].title", "l'étape 2 a le même titre que l'étape 1", "fusionnez"]),
    ("no-steps", "steps:\n", "steps: []\nold_steps:\n", ["steps", "liste trop courte"]),
    ("id-not-file-name", "id: parcours-essai", "id: parcours-autre", ["id", "identique au nom du fichier"]),
    ("unknown-audience", "audience: [migrants]", "audience: [touristes]", ["audience[0]", "valeur « touristes » inconnue", "migrants, mre, partir"]),
    ("raw-html-in-step", "Ce qu'on y fait.", "Voir <b>ceci</b>.", ["steps[0].text.fr", "HTML n'est pas accepté"]),
    ("variant-not-to-write", "ما تفعله فيها.", "راسل المفوضية السامية لشؤون اللاجئين.", ["steps[0].text.ar", "n'est pas le nom à écrire"]),
    ("missing-header", "# yaml-language-server: $schema=../schema/journey.schema.json\n", "", ["ligne 1", "journey.schema.json"]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [case[1:] for case in JOURNEY_CASES], ids=[case[0] for case in JOURNEY_CASES])
def test_bad_journey_is_named(journey_project: Path, old: str, new: str, expected: list[str]) -> None:
    edit(journey_project, JOURNEY_FILE, old, new)
    assert_named(journey_project, JOURNEY_FILE, expected)


def test_journey_line_numbers_point_at_the_bad_topic(journey_project: Path) -> None:
    edit(journey_project, JOURNEY_FILE, "      - essai", "      - absente")
    assert "ligne 10" in problems_for(journey_project)


def test_expired_topic_in_a_journey_is_named(journey_project: Path) -> None:
    edit(journey_project, "data/topics/autre.yml", "confidence: H", 'confidence: H\nvalid_from: "2025-06-10"\nvalid_to: "2025-09-15"')
    message = problems_for(journey_project)
    assert JOURNEY_FILE in message and "« autre » n'est plus valable" in message


def test_journey_model_names_what_is_left_to_fill_then_validates(journey_project: Path) -> None:
    """The model data/journeys/_example.yml, copied as it is, is refused field by field; filled in, it passes."""
    model = (ROOT / "data" / "journeys" / "_example.yml").read_text(encoding="utf-8")
    copy = journey_project / "data" / "journeys" / "mon-parcours.yml"
    copy.write_text(model.replace("s-enregistrer-aupres-du-hcr", "essai"), encoding="utf-8")
    message = problems_for(journey_project)
    for field in ("title.fr", "title.ar", "summary.en", "steps[0].text.fr"):
        assert f"{field} : champ encore marqué « À REMPLIR »" in message, message
    copy.write_text(copy.read_text(encoding="utf-8").replace("À REMPLIR", "Texte"), encoding="utf-8")
    site = validate_all(journey_project, today=TODAY)
    assert set(site.journeys) == {"mon-parcours", "parcours-essai"}
