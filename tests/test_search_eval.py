"""Search in people's words (issue 17), in Chromium, through the very function the search page
uses (window.dalilSearch.find in overrides/assets/dalil-search.js).

- The evaluation: tests/search_queries.yml (queries as people type them, each naming the pages
  that answer it) on the real build: top-3 hit rate >= 90 % on >= 100 queries, nonsense words
  find nothing. scripts/search_eval.py prints the same report for editors.
- The mechanism, on a build where a few records carry search_terms (`terms_site`): the words
  are in the index but never shown nor read out, stay in their language, a word Pagefind only
  matches by a fragment finds nothing, fewer words are retried, the count is true, no result
  shows the emergency numbers and the themes, non-content pages are not indexed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import Browser, Page

from browsing import open_page
from conftest import LANGS, ROOT, copy_project, lang_root, staging_for
from dalil.pipeline import today
from dalil.urls import language_prefix
from dalil.validation import validate_all
from search_eval import (
    QUERIES,
    TARGET,
    Outcome,
    hit_rates,
    load_queries,
    page_paths,
    report,
    run_queries,
    serve,
    unknown_expectations,
)

pytestmark = pytest.mark.browser
NONSENSE = [("xqzvbnm", "fr"), ("blorptaz", "en"), ("ضصثقفغ", "ar")]
# The only words of a copy of the data for the mechanism tests (never data/ itself).
TERMS = {
    "topics/soins-de-sante.yml": {"fr": ["sbitar", "tbib"], "ar": ["السبيطار"], "en": ["tbib"]},
    "emergency/police.yml": {"fr": ["flic"], "ar": ["البوليس"], "en": ["cops"]},
    "organisations/hcr-maroc.yml": {"fr": ["mufawadiya", "zq"]},
}


@pytest.fixture(scope="module")
def terms_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from build_site import build_into

    base = tmp_path_factory.mktemp("terms")
    project = copy_project(base / "project")
    # The mechanism is tested on words of its own: every record's words are taken out first.
    for path in [p for folder in ("topics", "organisations", "emergency") for p in (project / "data" / folder).glob("*.yml")]:
        text = re.sub(r"^search_terms:\n(?:  .*\n)*", "", path.read_text(encoding="utf-8"), flags=re.M)
        assert "search_terms" not in text, path
        path.write_text(text, encoding="utf-8")
    for rel, terms in TERMS.items():
        path = project / "data" / rel
        path.write_text(path.read_text(encoding="utf-8") + "search_terms: " + json.dumps(terms, ensure_ascii=False) + "\n", encoding="utf-8")
    site = base / "site"
    staging_for(site)
    build_into(site, config_file=project / "mkdocs.yml")
    return site


@pytest.fixture(scope="module")
def terms_server(terms_site: Path) -> Iterator[str]:
    with serve(terms_site) as url:
        yield url


def search_page(browser: Browser, base: str, lang: str) -> Page:
    """The search page of a language with dalil-search.js loaded, as dalil.js loads it."""
    page, _ = open_page(browser, base + language_prefix(lang) + "recherche/")
    page.add_script_tag(url=page.locator("form[data-search-script]").get_attribute("data-search-script"))
    page.wait_for_function("typeof (window.dalilSearch && window.dalilSearch.find) === 'function'")
    return page


def find(page: Page, query: str) -> dict:
    return page.evaluate("async q => { const a = await window.dalilSearch.find(q); return {mode: a.mode, total: a.total, urls: a.pages.map(p => p.url)}; }", query)


def raw_pagefind(page: Page, query: str) -> list[str]:
    """What Pagefind alone answers (no Dalil filtering), to show what the filtering changes."""
    return page.evaluate("""async q => {
      const pf = await import(new URL(document.querySelector('form[data-pagefind]').dataset.pagefind, location.href).href);
      const found = await pf.search(q);
      return Promise.all(found.results.map(r => r.data().then(d => d.url)));
    }""", query)


# ---------------------------------------------------------------- the evaluation

def test_search_evaluation(built_site: Path, browser: Browser, capsys: pytest.CaptureFixture) -> None:
    if not QUERIES.is_file():
        pytest.skip(f"{QUERIES.name} n'existe pas encore (les requêtes d'évaluation sont écrites à part)")
    queries = load_queries(QUERIES)
    paths = page_paths()
    problems = unknown_expectations(queries, paths, built_site)
    assert not problems, "\n".join(problems)
    assert sum(1 for q in queries if q.get("expect")) >= 100, "at least 100 queries with the pages that answer them"
    with serve(built_site) as base:
        outcomes = run_queries(browser, base, queries + [{"q": q, "lang": lang, "expect": []} for q, lang in NONSENSE])
    text = report(outcomes, paths)
    with capsys.disabled():
        print("\n" + text)
    hits, count = hit_rates(outcomes, paths)["all"]
    assert hits / count >= TARGET, text
    assert not [o.q for o in outcomes if o.nonsense and o.total], text


def test_an_expected_id_that_names_no_page_fails_clearly(built_site: Path) -> None:
    queries = [{"q": "asile", "lang": "fr", "expect": ["procedure-d-asile"]}, {"q": "asile", "lang": "ar", "expect": ["procedure-d-asyle"]}]
    problems = unknown_expectations(queries, page_paths(), built_site)
    assert len(problems) == 1
    assert "« procedure-d-asyle »" in problems[0] and "(ar)" in problems[0] and "search_queries.yml" in problems[0]


def test_the_harness_scores_a_small_query_file(terms_site: Path, terms_server: str, browser: Browser, tmp_path: Path) -> None:
    small = tmp_path / "queries.yml"
    small.write_text("""
- {q: "sbitar", lang: fr, expect: [soins-de-sante]}
- {q: "tbib gratuit", lang: fr, expect: [soins-de-sante, malade-ou-blesse-sans-papiers]}
- {q: "grossesse", lang: fr, expect: [grossesse-naissance-declaration]}
- {q: "comment demander l'asile", lang: fr, expect: [procedure-d-asile, s-enregistrer-aupres-du-hcr]}
- {q: "flic numéro", lang: fr, expect: [urgences]}
- {q: "mufawadiya", lang: fr, expect: [hcr-maroc]}
- {q: "السبيطار", lang: ar, expect: [soins-de-sante]}
- {q: "البوليس", lang: ar, expect: [urgences]}
- {q: "لجوء", lang: ar, expect: [procedure-d-asile, s-enregistrer-aupres-du-hcr, asile]}
- {q: "cops", lang: en, expect: [urgences]}
- {q: "how to register with unhcr", lang: en, expect: [s-enregistrer-aupres-du-hcr]}
- {q: "grossesse", lang: fr, expect: [enfant-seul]}
- {q: "xqzvbnm", lang: fr, expect: []}
""", encoding="utf-8")
    queries = load_queries(small)
    paths = page_paths()
    assert not unknown_expectations(queries, paths, terms_site)
    outcomes = run_queries(browser, terms_server, queries)
    rates = hit_rates(outcomes, paths)
    # Every query hits but the one whose expectation is wrong on purpose: the harness can fail.
    assert rates["all"] == (11, 12), report(outcomes, paths)
    assert rates["ar"] == (3, 3) and rates["en"] == (2, 2)
    assert "« grossesse » attend enfant-seul" in report(outcomes, paths)
    nonsense = [o for o in outcomes if o.nonsense]
    assert nonsense and nonsense[0].total == 0 and nonsense[0].mode == "none"
    assert Outcome("x", "fr", [], ["/a/"], 1).nonsense


# ---------------------------------------------------------------- the words people type

def test_search_words_are_in_the_index_but_never_shown(terms_server: str, browser: Browser) -> None:
    page, _ = open_page(browser, terms_server + "droits/soins-de-sante/")
    html = page.content()
    assert 'data-pagefind-meta="terms:sbitar tbib"' in html  # one attribute, words space-separated
    assert "sbitar" not in page.locator("body").inner_text().lower()
    assert "sbitar" not in page.locator("body").aria_snapshot().lower()  # not in the accessibility tree
    assert "sbitar" not in page.locator("body").text_content().lower()  # not in any text node, hidden or not
    page.context.close()
    page = search_page(browser, terms_server, "fr")
    answer = find(page, "sbitar")
    assert answer["urls"][:1] == ["/droits/soins-de-sante/"], answer
    page.context.close()


def test_search_words_stay_in_their_language(terms_server: str, browser: Browser) -> None:
    page = search_page(browser, terms_server, "en")
    assert find(page, "sbitar")["mode"] == "none"  # a French search word, not on the English page
    assert find(page, "tbib")["urls"][:1] == ["/en/droits/soins-de-sante/"]
    page.context.close()
    page = search_page(browser, terms_server, "ar")
    assert find(page, "السبيطار")["urls"][:1] == ["/ar/droits/soins-de-sante/"]
    page.context.close()


@pytest.mark.parametrize(("lang", "word"), [("fr", "flic"), ("ar", "البوليس"), ("en", "cops")])
def test_emergency_numbers_words_lead_to_the_emergency_page(terms_server: str, browser: Browser, lang: str, word: str) -> None:
    page = search_page(browser, terms_server, lang)
    assert find(page, word)["urls"][:1] == ["/" + language_prefix(lang) + "urgences/"]
    page.context.close()


def test_a_title_match_ranks_above_body_matches(terms_server: str, browser: Browser) -> None:
    # "grossesse" is in the title of one page and in the text of many directory pages.
    page = search_page(browser, terms_server, "fr")
    answer = find(page, "grossesse")
    assert answer["total"] > 3 and answer["urls"][0] == "/urgences/grossesse-naissance-declaration/", answer
    page.context.close()


# ---------------------------------------------------------------- what counts as a match

def test_a_word_pagefind_matches_only_by_a_fragment_finds_nothing(terms_server: str, browser: Browser) -> None:
    # No indexed word starts with "zqwxvbn": Pagefind falls back to the longest indexed word it
    # starts with, however short — here "zq", a search word of one page (in the real index: the
    # "s" of "s'inscrire" for "sbitar", the "بأ" of "بأي" for "باسبور"). Dalil answers nothing.
    page = search_page(browser, terms_server, "fr")
    assert raw_pagefind(page, "zqwxvbn") == ["/annuaire/hcr-maroc/"]
    assert find(page, "zqwxvbn") == {"mode": "none", "total": 0, "urls": []}
    assert find(page, "zq")["urls"] == ["/annuaire/hcr-maroc/"]  # the word itself is found
    # A word that is the start of real words still finds them ("réfugi" -> réfugié, réfugiés).
    assert find(page, "réfugi")["total"] > 0
    page.context.close()


@pytest.mark.parametrize(("query", "lang"), NONSENSE + [("kqwzxv plmrt", "fr"), ("ثضصق ظطذ", "ar")])
def test_nonsense_words_find_nothing(terms_server: str, browser: Browser, query: str, lang: str) -> None:
    page = search_page(browser, terms_server, lang)
    assert find(page, query) == {"mode": "none", "total": 0, "urls": []}
    page.context.close()


def test_stop_words_do_not_narrow_the_search(terms_server: str, browser: Browser) -> None:
    page = search_page(browser, terms_server, "fr")
    assert find(page, "comment je fais pour demander l'asile")["urls"] == find(page, "demander asile")["urls"]
    page.context.close()


def test_when_all_words_together_find_nothing_fewer_words_are_tried(terms_server: str, browser: Browser) -> None:
    page, _ = open_page(browser, terms_server + "recherche/?q=" + quote("asile blorptaz"))
    page.wait_for_selector("#dalil-results li", timeout=15000)
    partial = page.locator("form[data-pagefind]").get_attribute("data-partial")
    assert page.locator("#dalil-search-status").inner_text().startswith(partial)
    hrefs = page.locator("#dalil-results a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("/asile/") for h in hrefs), hrefs
    page.context.close()
    page = search_page(browser, terms_server, "fr")
    both = find(page, "sbitar grossesse")  # no page has both: the pages of each, those with more words first
    assert both["mode"] == "some" and "/droits/soins-de-sante/" in both["urls"] and "/urgences/grossesse-naissance-declaration/" in both["urls"]
    page.context.close()


def test_the_count_is_the_true_count_and_ten_are_shown(terms_server: str, browser: Browser) -> None:
    page, _ = open_page(browser, terms_server + "recherche/?q=maroc")
    page.wait_for_selector("#dalil-results li", timeout=15000)
    total = len(raw_pagefind(page, "maroc"))
    assert total > 10
    assert page.locator("#dalil-results li").count() == 10
    many = page.locator("form[data-pagefind]").get_attribute("data-found-many")
    assert page.locator("#dalil-search-status").inner_text() == many.replace("{n}", str(total)).replace("{shown}", "10")
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_no_result_shows_the_emergency_numbers_and_the_themes(terms_server: str, browser: Browser, lang: str) -> None:
    page, _ = open_page(browser, terms_server + language_prefix(lang) + "recherche/?q=xqzvbnm")
    page.wait_for_selector("#dalil-search-help", state="visible", timeout=15000)
    form = page.locator("form[data-pagefind]")
    assert page.locator("#dalil-search-status").inner_text() == form.get_attribute("data-none")
    assert page.locator("#dalil-results li").count() == 0
    bar = page.locator(".dalil-bar a[href^='tel:']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    shown = page.locator("#dalil-search-help a[href^='tel:']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert bar and shown == bar
    assert page.locator("#dalil-search-help a[href$='urgences/#numeros']").is_visible()
    assert page.locator("#dalil-search-noscript a[href$='asile/']").is_visible()
    assert not page.locator("#dalil-search-nojs").is_visible()  # "search needs JavaScript" would be false here
    # A search that finds something hides them again.
    page.fill("#dalil-q", {"fr": "asile", "ar": "لجوء", "en": "asylum"}[lang])
    page.press("#dalil-q", "Enter")
    page.wait_for_selector("#dalil-results li", timeout=15000)
    assert not page.locator("#dalil-search-help").is_visible() and not page.locator("#dalil-search-noscript").is_visible()
    page.context.close()


# ---------------------------------------------------------------- what is indexed

def indexed(html: str) -> bool:
    return re.search(r"<div data-pagefind-body[ >]", html) is not None


def test_pages_that_are_not_content_are_not_indexed(terms_site: Path, terms_server: str, browser: Browser) -> None:
    site = validate_all(ROOT, today=today())
    expired = [f"{t.get('theme')}/{t.id}/" for t in site.expired if t.kind == "topic"]
    assert expired, "the data has an expired page (operation-marhaba-2025) to check"
    entry = json.loads((terms_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    for lang in LANGS:
        root = lang_root(terms_site, lang)
        for path in ["recherche/", "contribuer/traductions/", *expired]:
            assert not indexed((root / path / "index.html").read_text(encoding="utf-8")), (lang, path)
        assert not indexed((terms_site / "404.html").read_text(encoding="utf-8"))
        pages = [p for p in root.rglob("index.html") if lang != "fr" or p.relative_to(root).parts[0] not in ("ar", "en")]
        assert entry["languages"][lang]["page_count"] == sum(indexed(p.read_text(encoding="utf-8")) for p in pages)
    page = search_page(browser, terms_server, "fr")
    title = yaml.safe_load((ROOT / "data" / "topics" / (expired[0].split("/")[1] + ".yml")).read_text(encoding="utf-8"))["title"]["fr"]
    urls = find(page, title)["urls"]
    assert "/" + expired[0] not in urls and "/recherche/" not in urls
    page.context.close()
