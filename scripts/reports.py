"""Rapports pour les éditeurs : ce qui reste à traduire, à revérifier ou à publier.

Usage :
  python scripts/reports.py translations   pages non traduites ou dont le français a changé depuis
  python scripts/reports.py reviews        fiches vérifiées il y a plus de 12 mois, ou expirées
  python scripts/reports.py drafts         brouillons en attente de vérification (et quoi vérifier)
  python scripts/reports.py coverage       par thème et par langue : complètes, en repli, brouillons
  python scripts/reports.py confirmations  ce qui n'a jamais été confirmé auprès de l'organisme (appel, e-mail, visite),
                                           et les numéros d'urgence sans source officielle
  python scripts/reports.py directory      annuaire : ce qu'il manque à chaque organisation pour qu'on puisse agir
                                           (téléphone, adresse, horaires, langues parlées, site ou e-mail)
  python scripts/reports.py all            tout ce qui précède
  python scripts/reports.py translated FICHIER LANGUE
        confirme qu'une traduction est à jour (ex. data/topics/faire-appel.yml ar)
Sortie 1 quand il y a quelque chose à faire (la liste est imprimée), 0 sinon.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter, defaultdict

from _paths import ROOT

from dalil.age import last_check, too_old
from dalil.model import SiteData
from dalil.pages import collect_pages
from dalil.pipeline import today
from dalil.problems import DataError
from dalil.translation_status import TARGETS, confirm, current_fingerprints, read_lock, status_rows, translated_in, write_lock
from dalil.validation import validate_all

WORDS = {"ok": "à jour", "missing": "À TRADUIRE", "outdated": "À REVOIR (le français a changé)"}


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=False)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def report_translations(site: SiteData) -> int:
    hand_pages, _assets, _problems = collect_pages(ROOT)
    rows = [r for r in status_rows(site, hand_pages, read_lock(ROOT)) if set(r.status.values()) != {"ok"}]
    print(f"Traductions : {len(rows)} page(s) à traduire ou à revoir.")
    if rows:
        print(table(["fichier", "ar", "en"], [[r.source, WORDS[r.status["ar"]], WORDS[r.status["en"]]] for r in rows]))
        print("Après avoir traduit : python scripts/reports.py translated FICHIER LANGUE")
    return 1 if rows else 0


def report_reviews(site: SiteData, day: dt.date) -> int:
    old = [r for r in site.records() if too_old(r, day)]
    rows = [[r.path, last_check(r).on.isoformat(), "à revérifier (plus de 12 mois)"] for r in old]
    rows += [[r.path, r.valid_to, "expirée : son adresse affiche un avis ; mettez à jour les dates et le texte, ou laissez-la ainsi"] for r in site.expired]
    print(f"Vérifications : {len(rows)} fiche(s) à revoir.")
    if rows:
        print(table(["fichier", "date", "à faire"], rows))
    return 1 if rows else 0


def report_drafts(site: SiteData) -> int:
    print(f"Brouillons : {len(site.drafts)} fiche(s) en attente de vérification (non publiées).")
    for record in site.drafts:
        print(f"  {record.path}\n    à vérifier : {record.verify}")
    return 1 if site.drafts else 0


def report_coverage(site: SiteData) -> int:
    hand_pages, _assets, _problems = collect_pages(ROOT)
    rows = status_rows(site, hand_pages, read_lock(ROOT))
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        for lang in TARGETS:
            counts[row.theme or "(pages)"][f"{lang}:{row.status[lang]}"] += 1
        counts[row.theme or "(pages)"]["pages"] += 1
    for record in site.drafts:
        counts[record.get("theme") or ("annuaire" if record.kind == "organisation" else "urgences")]["drafts"] += 1
    headers = ["thème", "pages", "ar complètes", "ar en repli", "en complètes", "en en repli", "brouillons"]
    body = [[theme, c["pages"], c["ar:ok"] + c["ar:outdated"], c["ar:missing"], c["en:ok"] + c["en:outdated"], c["en:missing"], c["drafts"]]
            for theme, c in sorted(counts.items())]
    print("Couverture par thème et par langue :")
    print(table(headers, body))
    return 1 if any(r[3] or r[5] for r in body) else 0


DIRECTORY_FIELDS = {
    "téléphone": lambda org: bool(org.all_phones),
    "adresse": lambda org: any(loc.address for loc in org.locations),
    "horaires": lambda org: any(loc.hours for loc in org.locations),
    "langues parlées": lambda org: bool(org.languages),
    "site ou e-mail": lambda org: bool(org.website or org.email),
}


def report_confirmations(site: SiteData) -> int:
    """Records that rest only on consulted sources, and emergency numbers without an official source."""
    records = sorted(site.records(), key=lambda r: (r.kind, r.path))
    unconfirmed = [r for r in records if not r.get("confirmed")]
    by_kind = Counter(r.kind for r in unconfirmed)
    total = Counter(r.kind for r in records)
    print(f"Confirmations : {len(unconfirmed)} fiche(s) sur {len(records)} reposent seulement sur des sources consultées, "
          "sans confirmation auprès de l'organisme (appel, e-mail, visite ou courrier, noté dans confirmed:).")
    print(table(["type", "non confirmées", "publiées"], [[kind, by_kind[kind], total[kind]] for kind in sorted(total)]))
    first = [r for r in unconfirmed if r.kind in ("emergency", "organisation")]
    if first:
        print("\nÀ confirmer d'abord (numéros d'urgence et organisations : ce que les lecteurs appellent) :")
        print(table(["fichier", "sources consultées le"], [[r.path, r.get("checked")] for r in first]))
    weak = [r for r in site.emergency.values() if not r.get("official_source")]
    if weak:
        print(f"\nNuméros d'urgence sans source officielle ({len(weak)}) : trouvez la page de l'organisme qui gère le numéro "
              "ou un texte officiel, puis mettez official_source: true.")
        print(table(["fichier", "numéro", "sources"], [[r.path, r.get("number"), "; ".join(s.get("publisher") or s["title"] for s in r.get("sources"))]
                                                     for r in sorted(weak, key=lambda r: r.path)]))
    return 1 if unconfirmed or weak else 0


def report_directory(site: SiteData) -> int:
    """What each published organisation lacks for a reader to act (call, go, know when, be understood)."""
    orgs = sorted(site.organisations.values(), key=lambda o: o.id)
    print(f"Annuaire : {len(orgs)} organisation(s) publiée(s). Ce qui est publié, champ par champ :")
    print(table(["champ", "publié pour", "manque pour"],
                [[name, sum(has(o) for o in orgs), sum(not has(o) for o in orgs)] for name, has in DIRECTORY_FIELDS.items()]))
    rows = [[o.path, ", ".join(name for name, has in DIRECTORY_FIELDS.items() if not has(o))] for o in orgs]
    rows = [row for row in rows if row[1]]
    if rows:
        print("\nÀ chercher (seulement avec une source : site de l'organisation ou source officielle, et la date où vous l'avez lue) :")
        print(table(["fichier", "manque"], rows))
    return 1 if rows else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("report", choices=["translations", "reviews", "drafts", "coverage", "confirmations", "directory", "all", "translated"])
    parser.add_argument("file", nargs="?")
    parser.add_argument("lang", nargs="?")
    args = parser.parse_args()
    day = today()
    try:
        site = validate_all(ROOT, today=day)
    except DataError as error:
        print(error, file=sys.stderr)
        return 2
    if args.report == "translated":
        hand_pages, _assets, _problems = collect_pages(ROOT)
        try:
            present = args.lang in TARGETS and translated_in(ROOT, site, args.file or "", args.lang)
            lock = confirm(ROOT, read_lock(ROOT), current_fingerprints(site, hand_pages), args.file or "", args.lang or "", present=present)
        except ValueError as error:
            print(f"Impossible : {error}", file=sys.stderr)
            return 2
        write_lock(ROOT, lock)
        print(f"Noté : {args.file} est traduit en {args.lang} (texte français actuel).")
        return 0
    results = []
    if args.report in ("translations", "all"):
        results.append(report_translations(site))
    if args.report in ("reviews", "all"):
        results.append(report_reviews(site, day))
    if args.report in ("drafts", "all"):
        results.append(report_drafts(site))
    if args.report in ("coverage", "all"):
        results.append(report_coverage(site))
    if args.report in ("confirmations", "all"):
        results.append(report_confirmations(site))
    if args.report in ("directory", "all"):
        results.append(report_directory(site))
    return 1 if any(results) else 0


if __name__ == "__main__":
    sys.exit(main())
