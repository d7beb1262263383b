"""Tient à jour data/published-urls.txt, la liste de toutes les adresses publiées.

Usage :
  python scripts/url_manifest.py --update   construit le site et ajoute les nouvelles adresses
  python scripts/url_manifest.py --check    construit le site et dit si la liste est à jour
Une adresse publiée n'est jamais retirée de la liste : pour en changer, déclarez une redirection
(scripts/rename_record.py le fait).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from _paths import ROOT

from mkdocs.exceptions import Abort

from build_site import build_into
from dalil.postbuild import published_urls, read_manifest, write_manifest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="ajouter les nouvelles adresses à la liste")
    parser.add_argument("--check", action="store_true", help="vérifier que la liste est à jour")
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with tempfile.TemporaryDirectory() as temp:
        os.environ["DALIL_STAGING_DIR"] = str(Path(temp) / "staging")
        try:
            build_into(Path(temp) / "site")
        except Abort as error:
            print(f"Construction arrêtée : {error}", file=sys.stderr)
            return 1
        produced = published_urls(Path(temp) / "site")
    known = read_manifest(ROOT)
    new = sorted(produced - known)
    if args.update:
        write_manifest(ROOT, known | produced)
        print(f"{len(new)} nouvelle(s) adresse(s) ajoutée(s) ; {len(known | produced)} au total.")
        return 0
    if new:
        print(f"{len(new)} adresse(s) publiée(s) absente(s) de data/published-urls.txt :", *new[:50], sep="\n  ", file=sys.stderr)
        print("Lancez : python scripts/url_manifest.py --update (ou make urls), puis ajoutez le fichier à votre commit.", file=sys.stderr)
        return 1
    print(f"data/published-urls.txt est à jour ({len(known)} adresses).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
