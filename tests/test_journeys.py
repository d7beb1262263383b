"""Step-by-step journeys and audience pages, as rendered from the real data (no build, no browser).

Expectations are computed from the journey files themselves (read here with PyYAML, not through
the module), so they hold when editors add steps or topics.
"""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, real_site
from dalil import journeys
from dalil.model import LANGS, SiteData, make_record
from dalil.rendering import render_site

LABELS = yaml.safe_load((ROOT / "data" / "labels.yml").read_text(encoding="utf-8"))
JOURNEY_FILES = sorted((ROOT / "data" / "journeys").glob("[!_]*.yml"))


@pytest.fixture(scope="module")
def site() -> SiteData:
    return real_site()


@pytest.fixture(scope="module")
def pages(site: SiteData) -> dict[str, str]:
    rendered = render_site(site, brochures=True)  # the journey and audience pages among them
    return {f"{page.lang}/{page.path}": html.unescape(page.body) for page in rendered}  # compared with the data's own text


def journey_data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def reading_order(data: dict) -> list[tuple[int, str]]:
    return [(n, topic) for n, step in enumerate(data["steps"], start=1) for topic in step["topics"]]


def label(key: str, lang: str, **values: object) -> str:
    text = LABELS[key][lang]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def test_there_are_the_three_journeys_of_the_issue() -> None:
    assert {p.stem for p in JOURNEY_FILES} >= {"asile-au-maroc", "retour-d-ete-au-maroc", "travailler-a-l-etranger-legalement"}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", JOURNEY_FILES, ids=lambda p: p.stem)
def test_journey_page_lists_the_steps_in_order_with_their_topic_links(site: SiteData, pages: dict[str, str], path: Path, lang: str) -> None:
    data = journey_data(path)
    body = pages[f"{lang}/parcours/{data['id']}.md"]
    colon = " :" if lang == "fr" else ":"
    headings = re.findall(r"^## (.+) \{#etape-(\d+)\}$", body, flags=re.M)
    assert [int(n) for _text, n in headings] == list(range(1, len(data["steps"]) + 1))
    for (text, number), step in zip(headings, data["steps"], strict=True):
        assert text == f"{label('journey_step', lang, n=number)}{colon} {step['title'][lang]}"
    # Under each heading, the links to its topics, in the order of the file, and nothing else's.
    sections = re.split(r"^## .+\{#etape-\d+\}$", body, flags=re.M)[1:]
    for section, step in zip(sections, data["steps"], strict=True):
        links = re.findall(r"^- \[[^\]]+\]\(\.\./([a-z-]+)/([a-z0-9-]+)\.md\)$", section, flags=re.M)
        assert links == [(site.topics[t].get("theme"), t) for t in step["topics"]]
        if step.get("text"):
            assert step["text"][lang] in section
    assert f"](../brochures/parcours-{data['id']}.pdf)" in body


@pytest.mark.parametrize("lang", LANGS)
def test_topic_pages_say_which_step_they_are_with_previous_and_next(site: SiteData, pages: dict[str, str], lang: str) -> None:
    colon = " :" if lang == "fr" else ":"
    checked = 0
    for path in JOURNEY_FILES:
        data = journey_data(path)
        order = reading_order(data)
        for index, (step, topic_id) in enumerate(order):
            topic = site.topics[topic_id]
            body = pages[f"{lang}/{topic.get('theme')}/{topic_id}.md"]
            nav = body.split('<nav class="dalil-journey"', 1)[1].split("</nav>", 1)[0]
            title = data["title"][lang]
            part = f"{label('journey_part_of', lang)}{colon} [**{title}**](../parcours/{data['id']}.md#etape-{step})"
            assert part in nav
            line = nav.split(part, 1)[1].split("\n\n", 1)[0]
            assert label("journey_step_of", lang, n=step, total=len(data["steps"])) in line
            neighbours = {"journey_previous": order[index - 1][1] if index else None,
                          "journey_next": order[index + 1][1] if index + 1 < len(order) else None}
            for key, other in neighbours.items():
                if other is None:
                    assert f"{label(key, lang)}{colon}" not in line
                else:
                    target = f"../{site.topics[other].get('theme')}/{other}.md"
                    assert re.search(rf"{re.escape(label(key, lang))}{colon} \[[^\]]+\]\({re.escape(target)}\)", line), (topic_id, key, line)
            # near the top: before the summary
            assert body.index('<nav class="dalil-journey"') < body.index("{: .dalil-lead }")
            checked += 1
    assert checked >= 15


def test_a_topic_outside_every_journey_has_no_journey_box(site: SiteData, pages: dict[str, str]) -> None:
    in_journeys = {t for path in JOURNEY_FILES for _n, t in reading_order(journey_data(path))}
    outside = [t for t in site.topics.values() if t.id not in in_journeys]
    assert outside
    for topic in outside:
        assert "dalil-journey" not in pages[f"fr/{topic.get('theme')}/{topic.id}.md"]


def test_a_topic_in_two_journeys_shows_both(site: SiteData) -> None:
    both = copy.deepcopy(site)
    steps = [{"title": {"fr": "Un", "ar": "واحد", "en": "One"}, "topics": ["faire-appel"]},
             {"title": {"fr": "Deux", "ar": "اثنان", "en": "Two"}, "topics": ["operation-marhaba", "refus-de-visa"]}]
    both.journeys["zz-essai"] = make_record("journey", "data/journeys/zz-essai.yml",
                                            {"id": "zz-essai", "audience": ["mre"], "title": {"fr": "Essai", "ar": "تجربة", "en": "Test"},
                                             "summary": {"fr": "Résumé.", "ar": "ملخص.", "en": "Summary."}, "steps": steps})
    places = journeys.places(both, "operation-marhaba")
    assert [p.journey.id for p in places] == ["retour-d-ete-au-maroc", "zz-essai"]
    assert (places[1].step, places[1].total, places[1].previous, places[1].next) == (2, 2, "faire-appel", "refus-de-visa")
    for lang in LANGS:
        body = next(p.body for p in render_site(both) if p.lang == lang and p.path == "mre/operation-marhaba.md")
        nav = html.unescape(body.split("</nav>", 1)[0])
        assert "(../parcours/retour-d-ete-au-maroc.md#etape-" in nav and "(../parcours/zz-essai.md#etape-2)" in nav
        assert label("journey_step_of", lang, n=2, total=2) in nav


@pytest.mark.parametrize("lang", LANGS)
def test_theme_pages_link_the_journeys_that_go_through_them(site: SiteData, pages: dict[str, str], lang: str) -> None:
    for path in JOURNEY_FILES:
        data = journey_data(path)
        themes = {site.topics[t].get("theme") for _n, t in reading_order(data)}
        for theme in site.themes:
            page = pages.get(f"{lang}/{theme}/index.md")
            if page is None:
                continue
            assert (f"](../parcours/{data['id']}.md)" in page) == (theme in themes), (theme, data["id"])


@pytest.mark.parametrize("lang", LANGS)
def test_each_audience_page_leads_to_its_journeys_and_topics(site: SiteData, pages: dict[str, str], lang: str) -> None:
    for audience in ("migrants", "mre", "partir"):
        body = pages[f"{lang}/pour/{audience}.md"]
        assert body.startswith(f"# {label('audience_' + audience, lang)}")
        for path in JOURNEY_FILES:
            data = journey_data(path)
            assert (f"](../parcours/{data['id']}.md)" in body) == (audience in data["audience"])
        for theme_id, theme in site.themes.items():
            topics = [t for t in site.topics.values() if t.get("theme") == theme_id]
            listed = theme_id != "urgences" and audience in theme.get("audience", []) and topics
            for topic in topics:
                assert (f"](../{theme_id}/{topic.id}.md)" in body) == bool(listed), (audience, topic.id)


def test_index_lists_every_journey_in_order(site: SiteData, pages: dict[str, str]) -> None:
    body = pages["fr/parcours/index.md"]
    ids = re.findall(r"\]\(([a-z0-9-]+)\.md\)", body)
    expected = [j["id"] for j in sorted((journey_data(p) for p in JOURNEY_FILES), key=lambda d: (d.get("order", 100), d["id"]))]
    assert ids == expected


def test_renaming_a_topic_follows_in_the_journeys() -> None:
    """scripts/rename_record.py rewrites a renamed topic's id in the journeys' steps (block and inline lists), and nothing else."""
    from rename_record import replace_references

    text = ("steps:\n  - title: {fr: Appel, ar: طعن, en: Appeal}\n    topics:\n      - faire-appel\n      - faire-appel-bis  # garde\n"
            "  - title: {fr: Deux, ar: اثنان, en: Two}\n    topics: [procedure-d-asile, faire-appel]\n")
    out = replace_references(text, ROOT / "data" / "journeys" / "x.yml", ROOT, "topics", "asile", "faire-appel", "recours", renamed=False)
    assert "      - recours\n" in out and "      - faire-appel-bis  # garde\n" in out
    assert "topics: [procedure-d-asile, recours]" in out and "{fr: Appel," in out
