"""Vérifie toutes les données de data/ et les pages de docs*/ sans construire le site.

Usage : python scripts/check_data.py
Sortie 0 : tout est valide. Sortie 1 : la liste des problèmes (fichier, champ, correction).
Mêmes règles que la construction : c'est le même code (hooks/dalil). Les dépliants sont vérifiés
(leur HTML est produit depuis les données) mais pas mis en page en PDF : quelques secondes.
"""

from __future__ import annotations

import sys

from _paths import ROOT

from dalil.pipeline import prepare
from dalil.problems import DataError


def main() -> int:
    if any(arg in ("-h", "--help") for arg in sys.argv[1:]):
        print(__doc__)
        return 0
    try:
        staged = prepare(ROOT, layout=False)  # no PDF layout: WeasyPrint and segno stay unimported
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    site = staged.site
    pages = sum(1 for key in staged.files if key.endswith(".md"))
    print(f"Données valides : {len(site.topics)} fiches, {len(site.organisations)} organisations, "
          f"{len(site.emergency)} numéros d'urgence publiés ; {len(site.drafts)} brouillon(s), "
          f"{len(site.expired)} fiche(s) expirée(s) ; {pages} pages au total (3 langues).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
