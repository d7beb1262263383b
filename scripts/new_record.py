"""Crée une nouvelle fiche à partir du modèle, prête à remplir.

Usage :
  python scripts/new_record.py organisation "Nom de l'organisation" [--id mon-id]
  python scripts/new_record.py topic "Titre de la fiche" --theme asile [--id mon-id]
L'id (et le nom du fichier) vient du nom : minuscules ASCII et tirets. La date du jour est mise
dans « checked » et « seen ». Les champs marqués « À REMPLIR » doivent être complétés : la
construction (make check) refuse le marqueur et dit où il reste.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

from _paths import ROOT

KINDS = {"organisation": ("organisations", "exemple-organisation", "name"), "topic": ("topics", "exemple-fiche", "title")}


def slugify(text: str) -> str:
    """« Fondation Orient-Occident (Oujda) » -> fondation-orient-occident-oujda."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = ascii_text.replace("'", "-").replace("’", "-")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-")


def create(root: Path, kind: str, name: str, *, record_id: str | None, theme: str | None, today: dt.date) -> Path:
    folder, example_id, name_field = KINDS[kind]
    if kind == "topic":
        import yaml

        themes = [t["id"] for t in yaml.safe_load((root / "data" / "themes.yml").read_text(encoding="utf-8"))]
        if theme not in themes:
            raise ValueError(f"donnez le thème de la fiche avec --theme (un de : {', '.join(themes)}).")
    record_id = record_id or slugify(name)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record_id or ""):
        raise ValueError(f"impossible de tirer un id du nom « {name} » : donnez-en un avec --id (minuscules ASCII et tirets).")
    target = root / "data" / folder / f"{record_id}.yml"
    if target.exists():
        raise ValueError(f"{target.relative_to(root)} existe déjà : choisissez un autre nom ou un --id.")
    text = (root / "data" / folder / "_example.yml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("# MODÈLE") and not line.startswith("# Chaque") and not line.startswith("# Un champ")]
    text = "\n".join(lines) + "\n"
    text = re.sub(rf"^id: {example_id}\b", f"id: {record_id}", text, count=1, flags=re.M)
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    text = re.sub(rf'^({name_field}:\n  fr: )"[^"\n]*"', rf'\g<1>"{quoted}"', text, count=1, flags=re.M)
    text = text.replace('"2026-01-01"', f'"{today.isoformat()}"')
    if theme:
        text = re.sub(r"^theme: asile\b", f"theme: {theme}", text, count=1, flags=re.M)
    target.write_text(text, encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("name")
    parser.add_argument("--id", dest="record_id")
    parser.add_argument("--theme", help="thème d'une fiche (id de data/themes.yml)")
    args = parser.parse_args()
    try:
        path = create(ROOT, args.kind, args.name, record_id=args.record_id, theme=args.theme, today=dt.date.today())
    except ValueError as error:
        print(f"Création impossible : {error}", file=sys.stderr)
        return 1
    print(f"Créé : {path.relative_to(ROOT)}")
    print("Remplissez chaque « À REMPLIR », puis vérifiez avec : make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
