"""Construit le site publié (strict) sans jamais laisser un site à moitié écrit.

Usage : python scripts/build_site.py [--site-dir site]
Le site est construit dans un dossier temporaire à côté de la destination, puis échangé
d'un coup avec l'ancien : une construction interrompue ou en échec laisse l'ancien site intact.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from _paths import ROOT

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError


def build_into(site_dir: Path, *, config_file: Path = ROOT / "mkdocs.yml") -> None:
    """Strict build of the whole site into `site_dir` (replaced atomically)."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        config = load_config(config_file=str(config_file), site_dir=str(temp), strict=True)
        build(config)
        old = None
        if site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site_dir.parent))
            os.replace(site_dir, old / "site")
        os.replace(temp, site_dir)
        if old:
            shutil.rmtree(old)
    finally:
        if temp.exists():
            shutil.rmtree(temp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default=str(ROOT / "site"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        build_into(Path(args.site_dir))
    except (Abort, ConfigurationError) as error:
        print(f"Construction arrêtée : {error}", file=sys.stderr)
        return 1
    print(f"Site construit dans {args.site_dir}")
    if not os.environ.get("DALIL_SITE_URL"):
        print("Attention : adresse du site locale (http://127.0.0.1:8000/). Les cartes de contact (.vcf), les QR codes,"
              " les données ouvertes et les liens de langue pointent vers cet ordinateur. Pour publier, construisez avec"
              " DALIL_SITE_URL=https://adresse-du-site/ (le déploiement le fait).", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
