""""Sources consulted on" is never presented as "confirmed with the organisation".

A record states the date its sources were read (`checked`); a confirmation with the
organisation itself (phone, e-mail, visit, letter) is a separate entry (`confirmed`), shown only
when it exists. Emergency numbers say whether an official source was found; `make reports`
lists what no organisation has confirmed and the numbers without an official source.
"""

from __future__ import annotations

import copy
import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from conftest import LANGS, lang_root, real_site
from dalil.pages_records import render_organisation, render_theme
from dalil.pipeline import today
from dalil.problems import DataError
from dalil.templating import environment
from dalil.validation import validate_all
from test_messages import EMERGENCY, ORG_FILE, edit, project  # noqa: F401  (fixture)

CONFIRMED = {"on": "2026-12-01", "how": "telephone", "with": "accueil du bureau de Rabat"}
WORDS = {
    "fr": ("Sources consultées le", "Confirmé auprès de l'organisme le 1 décembre 2026, par téléphone.", "Pas encore confirmé auprès de l'organisme"),
    "en": ("Sources consulted on", "Confirmed with the organisation on 1 December 2026, by phone.", "Not yet confirmed with the organisation"),
    "ar": ("تاريخ الاطلاع على المصادر:", "أكدت الجهة المعنية هذه المعلومات هاتفيا في 1 دجنبر", "لم نتأكد بعدُ من هذه المعلومات لدى الجهة المعنية"),
}


@pytest.fixture(scope="module")
def site():  # noqa: ANN201
    return real_site()


@pytest.mark.parametrize("lang", LANGS)
def test_a_page_says_sources_consulted_and_not_confirmed(site, lang: str) -> None:  # noqa: ANN001
    page = render_organisation(environment(), site, site.organisations["hcr-maroc"], lang)
    consulted, confirmed, not_confirmed = WORDS[lang]
    assert consulted in page.body and not_confirmed in page.body
    assert confirmed not in page.body


@pytest.mark.parametrize("lang", LANGS)
def test_a_confirmation_is_shown_with_its_date_and_means(site, lang: str) -> None:  # noqa: ANN001
    changed = copy.deepcopy(site)
    org = changed.organisations["hcr-maroc"]
    org.data["confirmed"] = [CONFIRMED]
    page = render_organisation(environment(), changed, org, lang)
    consulted, confirmed, not_confirmed = WORDS[lang]
    assert consulted in page.body and confirmed in page.body
    assert not_confirmed not in page.body


def test_emergency_numbers_without_an_official_source_say_so(site) -> None:  # noqa: ANN001
    changed = copy.deepcopy(site)
    numbers = sorted(changed.emergency.values(), key=lambda r: r.id)
    for index, record in enumerate(numbers):
        record.data["official_source"] = index % 2 == 0
    page = render_theme(environment(), changed, "urgences", "fr")
    assert page.body.count("Aucune page officielle de l'organisme qui gère ce numéro") == len(numbers) // 2


def test_built_pages_never_claim_a_check_that_did_not_happen(built_site: Path) -> None:
    claims = ("Informations vérifiées le", "Information checked on", "تم التحقق من هذه المعلومات")
    found = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html") if any(c in p.read_text(encoding="utf-8") for c in claims)]
    assert not found, found[:5]
    for lang in LANGS:
        page = (lang_root(built_site, lang) / "asile" / "s-enregistrer-aupres-du-hcr" / "index.html").read_text(encoding="utf-8")
        assert WORDS[lang][0] in page and WORDS[lang][2] in page


@pytest.mark.parametrize(("new", "expected"), [
    ('confirmed: [{on: "2099-01-01", how: telephone, with: accueil}]', ["confirmed[0].on", "dans le futur"]),
    ('confirmed: [{on: "2026-12-01", how: sms, with: accueil}]', ["confirmed[0].how", "telephone, email, visite, courrier"]),
    ('confirmed: [{on: "2026-12-01", how: telephone}]', ["confirmed[0].with", "champ obligatoire"]),
])
def test_bad_confirmations_are_refused_with_field_and_fix(project: Path, new: str, expected: list[str]) -> None:  # noqa: F811
    edit(project, ORG_FILE, "themes: [asile]", "themes: [asile]\n" + new)
    with pytest.raises(DataError) as caught:
        validate_all(project, today=today())
    message = str(caught.value)
    assert ORG_FILE in message and all(part in message for part in expected), message


def test_an_emergency_number_must_say_whether_its_source_is_official(project: Path) -> None:  # noqa: F811
    edit(project, "data/emergency/police.yml", "official_source: false\n", "")
    with pytest.raises(DataError) as caught:
        validate_all(project, today=today())
    assert "official_source" in str(caught.value) and "champ obligatoire" in str(caught.value)
    assert EMERGENCY  # the fixture's number states it


def test_reports_list_unconfirmed_records_and_weak_emergency_numbers(site) -> None:  # noqa: ANN001
    import reports

    out = io.StringIO()
    with redirect_stdout(out):
        status = reports.report_confirmations(site)
    text = out.getvalue()
    unconfirmed = sum(1 for record in site.records() if not record.get("confirmed"))
    assert status == (1 if unconfirmed or any(not r.get('official_source') for r in site.emergency.values()) else 0)
    assert f"{unconfirmed} fiche(s) sur {len(list(site.records()))}" in text
    for record in site.emergency.values():
        assert (record.path in text.split("sans source officielle")[1]) == (not record.get("official_source")), record.path
