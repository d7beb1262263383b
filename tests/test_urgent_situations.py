"""Urgent situations are two taps from the home page and one from the emergency page, in every
language: the emergency box of the home page links to the emergency page's "What to do if…" list,
which comes right after the table of numbers and lists every situation page of the theme."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import LANGS, lang_root, real_site
from dalil.selection import topics_of

SITUATIONS = [  # the urgent situations the content must cover (issue: a page for every urgent situation)
    "arrete-ou-ordre-de-quitter-le-maroc", "bloque-a-la-frontiere-ou-a-l-aeroport", "enfant-seul", "malade-ou-blesse-sans-papiers",
    "grossesse-naissance-declaration", "garder-son-statut-hcr", "salaire-impaye-ou-exploitation-au-travail",
    "agression-raciste-ou-violence-policiere", "proche-disparu-ou-deces", "marocain-en-difficulte-a-l-etranger",
    "femme-en-danger-ce-soir", "appeler-les-urgences-sans-parler-arabe",
]


def test_every_urgent_situation_has_a_published_page() -> None:
    site = real_site()
    published = {topic.id for topic in topics_of(site, "urgences")}
    assert not set(SITUATIONS) - published, set(SITUATIONS) - published


@pytest.mark.parametrize("lang", LANGS)
def test_situations_are_two_taps_from_home_and_one_from_the_emergency_page(built_site: Path, lang: str) -> None:
    root = lang_root(built_site, lang)
    home = (root / "index.html").read_text(encoding="utf-8")
    assert 'href="urgences/#situations"' in home
    page = (root / "urgences" / "index.html").read_text(encoding="utf-8")
    numbers, situations, details = (page.find(f'id="{anchor}"') for anchor in ("numeros", "situations", "details"))
    assert 0 < numbers < situations < details, (numbers, situations, details)
    table = page[numbers:situations]
    assert table.count('href="tel:') >= 5 and "<table>" in table
    listed = re.findall(r'<a href="([a-z0-9-]+)/">', page[situations:details])
    assert set(SITUATIONS) <= set(listed), set(SITUATIONS) - set(listed)
    for situation in SITUATIONS:
        text = (root / "urgences" / situation / "index.html").read_text(encoding="utf-8")
        assert "dalil-fallback" not in text, f"{lang}/urgences/{situation}/ is not translated"
