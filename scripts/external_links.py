"""Vérifie les liens qui sortent du site (sources, sites des organisations). Réseau requis.

Usage : python scripts/external_links.py [--report FICHIER.md]
Sortie 1 s'il y a des liens cassés (la liste, en Markdown, va dans le rapport). Lancé chaque
semaine par .github/workflows/external-links.yml ; jamais pendant la construction ni les tests.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _paths import ROOT

from dalil.model import SiteData
from dalil.pipeline import today
from dalil.rules import walk
from dalil.validation import validate_all

USER_AGENT = "Dalil-link-check/1.0 (+weekly check of sources)"


def external_urls(site: SiteData) -> dict[str, list[str]]:
    """URL -> the data files that cite it (sources, websites, links in texts), drafts included."""
    found: dict[str, list[str]] = defaultdict(list)
    for record in list(site.records()) + site.drafts + site.expired:
        for where, value in walk(record.data):
            if isinstance(value, str) and where and where[-1] in ("url", "website") and value.startswith("http"):
                found[value].append(record.path)
    return {url: sorted(set(paths)) for url, paths in sorted(found.items())}


def check(url: str, timeout: float = 20) -> str | None:
    """None when the URL answers, else a short reason."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https only, from validated data)
                if response.status < 400:
                    return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return str(getattr(error, "reason", error))[:120]
    return "pas de réponse valide"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    urls = external_urls(validate_all(ROOT, today=today()))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(urls, pool.map(check, urls), strict=False))
    broken = {url: reason for url, reason in results.items() if reason}
    lines = [f"{len(broken)} lien(s) externe(s) cassé(s) sur {len(urls)} vérifié(s).", ""]
    lines += [f"- {url} — {reason} — cité dans : {', '.join(urls[url])}" for url, reason in broken.items()]
    lines += ["", "Vérifiez chaque lien : la page a peut-être déménagé (mettez à jour l'adresse et la date `seen`) ou disparu (trouvez une autre source, ou passez la fiche en brouillon)."]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
