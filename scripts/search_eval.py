"""Évalue la recherche du site construit avec les requêtes écrites comme les gens les tapent.

Usage : python scripts/search_eval.py [--site site] [--queries tests/search_queries.yml]

Chaque requête (tests/search_queries.yml) nomme les pages qui y répondent (id de fiche,
d'organisation, « urgences » ou id de thème) ; elle est réussie quand l'une d'elles est dans
les 3 premiers résultats, dans la langue de la requête. Une requête sans page attendue
(expect: []) est un mot qui n'existe pas : elle ne doit donner aucun résultat.
Le script cherche dans Chromium avec le code même de la page de recherche
(window.dalilSearch.find de overrides/assets/dalil-search.js) et imprime le taux de réussite
par langue et les requêtes manquées, avec ce qui est sorti à leur place : ajoutez les mots
des gens (search_terms) à la fiche attendue. Sortie 1 si le taux est sous 90 % ou si un mot
absurde donne un résultat. Construisez d'abord le site (make build).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _paths import ROOT

import yaml

from dalil.pipeline import today
from dalil.selection import published_themes
from dalil.urls import journey_path, language_prefix, organisation_path, section_path, topic_path
from dalil.validation import validate_all

QUERIES = ROOT / "tests" / "search_queries.yml"
TOP = 3
TARGET = 0.90


@dataclass
class Outcome:
    q: str
    lang: str
    expect: list[str]
    got: list[str] = field(default_factory=list)  # addresses of the first results, in order
    total: int = 0
    mode: str = ""

    @property
    def nonsense(self) -> bool:
        return not self.expect


def load_queries(path: Path = QUERIES) -> list[dict]:
    queries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for number, query in enumerate(queries, 1):
        if not isinstance(query, dict) or not isinstance(query.get("q"), str) or query.get("lang") not in ("fr", "ar", "en") \
                or not isinstance(query.get("expect", []), list):
            raise ValueError(f"{path.name}, entrée {number} : attendu {{q: \"…\", lang: fr|ar|en, expect: [id, …]}}, trouvé {query!r}")
    return queries


def page_paths(root: Path = ROOT) -> dict[str, str]:
    """Address (below the language root) of every id an `expect` may name."""
    site = validate_all(root, today=today())
    paths = {theme: section_path(theme) for theme in published_themes(site)}
    paths |= {org_id: organisation_path(org_id) for org_id in site.organisations}
    paths |= {topic.id: topic_path(topic.get("theme"), topic.id) for topic in site.topics.values()}
    paths |= {journey.id: journey_path(journey.id) for journey in site.journeys.values()}  # step-by-step pages
    return paths


def unknown_expectations(queries: list[dict], paths: dict[str, str], site_dir: Path) -> list[str]:
    """An id that names no published page makes the query unanswerable: say which and where."""
    problems = []
    for query in queries:
        for page_id in query.get("expect", []):
            where = paths.get(page_id)
            if where is None or not (site_dir / language_prefix(query["lang"]) / where / "index.html").is_file():
                problems.append(f"« {query['q']} » ({query['lang']}) attend « {page_id} », qui ne nomme aucune page publiée "
                                f"(id de fiche, d'organisation, de thème, de parcours ou « urgences ») : corrigez l'id dans {QUERIES.name}.")
    return problems


def hit(outcome: Outcome, paths: dict[str, str]) -> bool:
    wanted = {"/" + language_prefix(outcome.lang) + paths[page_id] for page_id in outcome.expect if page_id in paths}
    return any(url in wanted for url in outcome.got[:TOP])


def hit_rates(outcomes: list[Outcome], paths: dict[str, str]) -> dict[str, tuple[int, int]]:
    """(hits, queries) per language and "all", nonsense queries left out."""
    rates: dict[str, tuple[int, int]] = {}
    for key in ("fr", "ar", "en", "all"):
        chosen = [o for o in outcomes if not o.nonsense and key in (o.lang, "all")]
        rates[key] = (sum(hit(o, paths) for o in chosen), len(chosen))
    return rates


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


FIND = """async (q) => {
  const answer = await window.dalilSearch.find(q);
  return {mode: answer.mode, total: answer.total, got: answer.pages.map(p => p.url)};
}"""


def run_queries(browser, base_url: str, queries: list[dict]) -> list[Outcome]:  # noqa: ANN001 (a Playwright Browser)
    """Each query through window.dalilSearch.find, on the search page of its language."""
    outcomes = []
    for lang in ("fr", "ar", "en"):
        mine = [q for q in queries if q["lang"] == lang]
        if not mine:
            continue
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(base_url + language_prefix(lang) + "recherche/", wait_until="load")
        page.add_script_tag(url=page.locator("form[data-search-script]").get_attribute("data-search-script"))
        page.wait_for_function("typeof (window.dalilSearch && window.dalilSearch.find) === \"function\"")
        for query in mine:
            answer = page.evaluate(FIND, query["q"])
            outcomes.append(Outcome(query["q"], lang, list(query.get("expect", [])), answer["got"], answer["total"], answer["mode"]))
        context.close()
    return outcomes


def report(outcomes: list[Outcome], paths: dict[str, str]) -> str:
    lines = []
    for lang, (hits, count) in hit_rates(outcomes, paths).items():
        if count:
            lines.append(f"{lang:>3} : {hits}/{count} dans les {TOP} premiers ({hits / count:.0%})")
    misses = [o for o in outcomes if not o.nonsense and not hit(o, paths)]
    if misses:
        lines.append(f"\nManquées ({len(misses)}) — ajoutez ces mots aux search_terms de la page attendue :")
        for o in misses:
            got = ", ".join(o.got[:TOP]) or "aucun résultat"
            words = {"all": "tous les mots", "some": "une partie des mots", "none": "aucun mot"}.get(o.mode, o.mode)
            lines.append(f"  [{o.lang}] « {o.q} » attend {', '.join(o.expect)} ; obtenu ({o.total}, {words}) : {got}")
    noisy = [o for o in outcomes if o.nonsense and o.total]
    for o in noisy:
        lines.append(f"  [{o.lang}] « {o.q} » (mot absurde) donne {o.total} résultat(s) : {', '.join(o.got[:TOP])}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(ROOT / "site"), help="site construit (défaut : site/)")
    parser.add_argument("--queries", default=str(QUERIES), help="fichier de requêtes (défaut : tests/search_queries.yml)")
    args = parser.parse_args()
    site_dir = Path(args.site)
    if not (site_dir / "pagefind").is_dir():
        print(f"Pas d'index de recherche dans {site_dir} : construisez d'abord le site (make build).", file=sys.stderr)
        return 1
    queries = load_queries(Path(args.queries))
    paths = page_paths()
    problems = unknown_expectations(queries, paths, site_dir)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    sys.path.insert(0, str(ROOT / "tests"))
    from playwright.sync_api import sync_playwright

    from browsing import ARGS, CHROMIUM

    with serve(site_dir) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        outcomes = run_queries(browser, base_url, queries)
        browser.close()
    print(report(outcomes, paths))
    hits, count = hit_rates(outcomes, paths)["all"]
    return 0 if count and hits / count >= TARGET and not any(o.nonsense and o.total for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
