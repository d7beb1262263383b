"""One name per institution: data/terms.yml gives the official name of each institution,
document and procedure in three languages, and the variants that must no longer be written;
a variant written by hand in a record or a hand-written page is refused with the name to write."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import real_site
from dalil.model import LANGS
from dalil.pipeline import hand_page_terms, today
from dalil.problems import DataError
from dalil.rules import walk
from dalil.validation import validate_all
from test_messages import ORG_FILE, edit, project  # noqa: F401  (fixture)

TERM = {
    "id": "cnclt",
    "kind": "institution",
    "name": {"fr": "Commission nationale de coordination", "ar": "اللجنة الوطنية لتنسيق إجراءات مكافحة الاتجار بالبشر والوقاية منه", "en": "National Commission"},
    "acronym": {"fr": "CNCLT"},
    "variants": {"ar": ["لجنة وطنية لمكافحة الاتجار بالبشر"], "fr": ["commission anti-traite"]},
    "sources": [{"title": "Source", "seen": "2026-11-28"}],
}


def with_term(root: Path, term: dict) -> None:
    path = root / "data" / "terms.yml"
    header = path.read_text(encoding="utf-8").split("\n", 1)[0]
    path.write_text(header + "\n" + yaml.safe_dump([term], allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(("lang", "text", "variant"), [
    ("ar", "تنسق لجنة وطنية لمكافحة الاتجار بالبشر العمل.", "لجنة وطنية لمكافحة الاتجار بالبشر"),
    ("fr", "La Commission  anti-traite coordonne.", "commission anti-traite"),
])
def test_a_variant_in_a_record_is_refused_with_the_official_name(project: Path, lang: str, text: str, variant: str) -> None:  # noqa: F811
    with_term(project, TERM)
    edit(project, ORG_FILE, "description: {fr: Description.}", f"description: {{fr: Description., {lang}: '{text}'}}" if lang != "fr" else f"description: {{fr: '{text}'}}")
    with pytest.raises(DataError) as caught:
        validate_all(project, today=today())
    message = str(caught.value)
    assert ORG_FILE in message and f"description.{lang}" in message and "ligne " in message
    assert f"« {variant} » n'est pas le nom à écrire" in message and TERM["name"][lang] in message and "cnclt" in message


def test_the_official_name_and_other_words_are_accepted(project: Path) -> None:  # noqa: F811
    with_term(project, TERM)
    edit(project, ORG_FILE, "description: {fr: Description.}", f"description: {{fr: 'La {TERM['name']['fr']} (CNCLT) coordonne.', ar: '{TERM['name']['ar']}.'}}")
    validate_all(project, today=today())


def test_a_variant_that_is_part_of_the_official_name_is_refused(project: Path) -> None:  # noqa: F811
    with_term(project, {**TERM, "variants": {"ar": ["الاتجار بالبشر"]}})
    message = str(pytest.raises(DataError, validate_all, project, today=today()).value)
    assert "data/terms.yml" in message and "[0].variants.ar[0]" in message and "fait partie du nom officiel" in message


def test_a_variant_in_a_hand_written_page_is_refused_with_its_line(tmp_path: Path) -> None:
    page = tmp_path / "docs_ar" / "essai.md"
    page.parent.mkdir()
    page.write_text("# عنوان\n\nنص.\n\nتعمل لجنة وطنية لمكافحة الاتجار بالبشر.\n", encoding="utf-8")
    (problem,) = hand_page_terms(tmp_path, "docs_ar/essai.md", "ar", [TERM])
    assert problem.path == "docs_ar/essai.md" and problem.line == 5 and TERM["name"]["ar"] in problem.message
    assert hand_page_terms(tmp_path, "docs_ar/essai.md", "fr", [TERM]) == []


def test_every_term_has_a_sourced_official_name_and_variants_only_in_its_languages() -> None:
    """A language without an official name in a source that was read stays empty: never invented."""
    site = real_site()
    assert site.terms
    for term in site.terms:
        assert term["name"]["fr"] and term["sources"], term["id"]
        assert set(term.get("variants", {})) <= set(LANGS), term["id"]
        assert all(isinstance(v, str) for _w, v in walk(term.get("variants", {})) if not isinstance(v, (list, dict)))


def test_a_number_in_a_text_must_live_in_a_record(project: Path) -> None:  # noqa: F811
    """One fact, one place: a text may only point to a number an organisation or emergency record holds."""
    edit(project, ORG_FILE, "description: {fr: Description.}", "description: {fr: 'Appelez le [05 37 54 54 01](tel:+212537545401).'}")
    message = str(pytest.raises(DataError, validate_all, project, today=today()).value)
    assert ORG_FILE in message and "description.fr" in message and "« +212537545401 » n'est dans aucune fiche" in message


def test_a_number_held_by_a_record_may_be_pointed_to(project: Path) -> None:  # noqa: F811
    edit(project, ORG_FILE, "description: {fr: Description.}", "description: {fr: 'Appelez le [05 37 54 54 00](tel:+212537545400) ou le [19](tel:19).'}")
    validate_all(project, today=today())


@pytest.mark.parametrize(("iso", "shown"), [("2026-11-28", "28 نونبر (نوفمبر) 2026"), ("2026-05-01", "1 ماي (مايو) 2026"), ("2026-01-15", "15 يناير 2026")])
def test_arabic_dates_give_the_mashriq_month_where_the_moroccan_one_differs(iso: str, shown: str) -> None:
    from dalil.text import Context

    site = real_site()
    assert Context("ar", site).date(iso) == shown
    assert Context("fr", site).date(iso) in ("28 novembre 2026", "1 mai 2026", "15 janvier 2026")


@pytest.mark.parametrize(("text", "found"), [
    ("تواصل مع المفوضية السامية لشؤون اللاجئين.", True),
    ("تابع للمفوضية السامية لشؤون اللاجئين.", True),   # ل + ال → لل
    ("وبالمفوضية السامية لشؤون اللاجئين", True),
    ("المفوضية السامية للأمم المتحدة لشؤون اللاجئين", False),
    ("المفوضيةالسامية لشؤون اللاجئين", False),
])
def test_arabic_variants_are_found_behind_a_proclitic(text: str, found: bool) -> None:
    term = {"id": "hcr", "name": {"fr": "HCR", "ar": "المفوضية السامية للأمم المتحدة لشؤون اللاجئين"}, "variants": {"ar": ["المفوضية السامية لشؤون اللاجئين"]}}
    from dalil.rules import term_variants

    assert bool(term_variants(text, "ar", [term])) is found
