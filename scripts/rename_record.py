"""Renomme une fiche sans casser aucune adresse : déplace le fichier, change l'id, met à jour
les références et déclare la redirection de l'ancienne adresse (dans les trois langues).

Usage : python scripts/rename_record.py topics ancien-id nouvel-id
        python scripts/rename_record.py organisations ancien-id nouvel-id
Ensuite : make check, puis ajoutez les fichiers modifiés à votre commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

import yaml
from _paths import ROOT

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def rename(root: Path, folder: str, old: str, new: str, *, today: dt.date) -> list[str]:
    """Do the renaming in `root`; return the files changed. Raises ValueError with a French message."""
    data = root / "data"
    source = data / folder / f"{old}.yml"
    target = data / folder / f"{new}.yml"
    if folder not in ("topics", "organisations"):
        raise ValueError("le type doit être « topics » ou « organisations ».")
    if not source.exists():
        raise ValueError(f"{source.relative_to(root)} n'existe pas : vérifiez l'ancien id.")
    if not ID.match(new):
        raise ValueError(f"« {new} » n'est pas un id valide : minuscules, chiffres et tirets seulement (ex. demander-l-asile).")
    if target.exists():
        raise ValueError(f"{target.relative_to(root)} existe déjà : choisissez un autre id.")
    text = source.read_text(encoding="utf-8")
    record = yaml.safe_load(text)
    text = re.sub(rf"^id:\s*{re.escape(old)}\s*$", f"id: {new}", text, count=1, flags=re.M)
    target.write_text(text, encoding="utf-8")
    source.unlink()
    changed = [source.relative_to(root).as_posix(), target.relative_to(root).as_posix()]

    section = record.get("theme") if folder == "topics" else "annuaire"
    word = re.compile(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])")
    for path in sorted(list((data / "topics").glob("*.yml")) + list((data / "organisations").glob("*.yml"))
                       + [p for d in ("docs", "docs_ar", "docs_en") for p in (root / d).rglob("*.md")]):
        before = path.read_text(encoding="utf-8")
        after = re.sub(rf"({re.escape(section)}/){re.escape(old)}(\.md|/)", rf"\g<1>{new}\2", before)
        if path.suffix == ".yml":
            # references in lists: "- old" lines and [a, old] flow lists under organisations:/related:
            after = re.sub(rf"^(\s*-\s*){re.escape(old)}\s*$", rf"\g<1>{new}", after, flags=re.M)
            after = re.sub(r"^((?:organisations|related):\s*\[)([^\]]*)\]", lambda m: m.group(1) + word.sub(new, m.group(2)) + "]", after, flags=re.M)
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed.append(path.relative_to(root).as_posix())

    redirects = data / "redirects.yml"
    lines = redirects.read_text(encoding="utf-8").rstrip("\n").splitlines()
    if lines and lines[-1].strip() == "[]":
        lines.pop()
    lines += [f"- from: {section}/{old}/", f"  to: {section}/{new}/", f'  since: "{today.isoformat()}"']
    redirects.write_text("\n".join(lines) + "\n", encoding="utf-8")
    changed.append("data/redirects.yml")
    return sorted(set(changed))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "), formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("folder", choices=["topics", "organisations", "topic", "organisation"])
    parser.add_argument("old")
    parser.add_argument("new")
    args = parser.parse_args()
    try:
        folder = {"topic": "topics", "organisation": "organisations"}.get(args.folder, args.folder)
        changed = rename(ROOT, folder, args.old, args.new, today=dt.date.today())
    except ValueError as error:
        print(f"Renommage impossible : {error}", file=sys.stderr)
        return 1
    print("Fichiers modifiés :", *changed, sep="\n  ")
    print("Vérifiez avec : make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
