"""Renomme une fiche sans casser aucune adresse : déplace le fichier, change l'id, met à jour
les références et les liens, et déclare la redirection de chaque ancienne adresse publiée
(la page et, pour une organisation, sa carte de contact .vcf ; dans les trois langues).

Usage : python scripts/rename_record.py topics ancien-id nouvel-id
        python scripts/rename_record.py organisations ancien-id nouvel-id
        python scripts/rename_record.py emergency ancien-id nouvel-id
Aussi : data/translations.yml suit le fichier (une traduction confirmée le reste), et les nouvelles
adresses sont ajoutées à data/published-urls.txt (les anciennes y restent, redirigées).
Ensuite : make check, puis ajoutez les fichiers modifiés à votre commit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from _paths import ROOT

import yaml

from dalil.model import LANGS
from dalil.pages import SOURCE_DIRS, split_front_matter
from dalil.postbuild import MANIFEST, read_manifest, write_manifest
from dalil.translation_status import LOCK, fingerprint, french_of, read_lock, write_lock
from dalil.urls import DIRECTORY, EMERGENCY, language_prefix

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FOLDERS = {"topics": "topics", "topic": "topics", "organisations": "organisations", "organisation": "organisations",
           "emergency": "emergency"}
EMERGENCY_SECTION = EMERGENCY  # emergency numbers have no page: each is an anchor (#id) of the emergency theme page


def rename(root: Path, folder: str, old: str, new: str, *, today: dt.date) -> list[str]:
    """Do the renaming in `root`; return the files changed. Raises ValueError with a French message."""
    data = root / "data"
    source = data / folder / f"{old}.yml"
    target = data / folder / f"{new}.yml"
    if folder not in ("topics", "organisations", "emergency"):
        raise ValueError("le type doit être « topics », « organisations » ou « emergency ».")
    if not source.exists():
        raise ValueError(f"{source.relative_to(root)} n'existe pas : vérifiez l'ancien id.")
    if not ID.match(new):
        raise ValueError(f"« {new} » n'est pas un id valide : minuscules, chiffres et tirets seulement (ex. demander-l-asile).")
    if target.exists():
        raise ValueError(f"{target.relative_to(root)} existe déjà : choisissez un autre id.")
    record = yaml.safe_load(source.read_text(encoding="utf-8"))
    section = {"topics": record.get("theme"), "organisations": DIRECTORY, "emergency": EMERGENCY_SECTION}[folder]

    texts = editable_files(root)
    before = {path: french_fingerprint(path) for path in texts}
    changed: set[Path] = set()
    for path in texts:
        text = path.read_text(encoding="utf-8")
        after = replace_references(text, path, root, folder, section, old, new, renamed=path == source)
        if after != text:
            path.write_text(after, encoding="utf-8")
            changed.add(path)
    source.rename(target)
    changed.discard(source)
    moved = {source: target}

    old_paths = owned_addresses(read_manifest(root), section, old) if folder != "emergency" else []
    lines = [path.relative_to(root).as_posix() for path in (*changed, source, target)]
    if old_paths:
        add_redirects(root, [(path, path.replace(f"{section}/{old}", f"{section}/{new}", 1)) for path in old_paths], today)
        manifest = read_manifest(root)
        write_manifest(root, manifest | {f"/{language_prefix(lang)}{path.replace(f'{section}/{old}', f'{section}/{new}', 1)}"
                                         for path in old_paths for lang in LANGS if f"/{language_prefix(lang)}{path}" in manifest})
        lines += ["data/redirects.yml", MANIFEST]
    if update_lock(root, before, {moved.get(path, path): french_fingerprint(moved.get(path, path)) for path in texts}, moved):
        lines.append(LOCK)
    return sorted(set(lines))


def editable_files(root: Path) -> list[Path]:
    """Every file that may name a record or link to its page: records, themes, labels, hand pages."""
    data = root / "data"
    files = [p for folder in ("topics", "organisations", "emergency", "journeys") for p in (data / folder).glob("*.yml")]
    files += [data / name for name in ("themes.yml", "labels.yml") if (data / name).exists()]
    files += [p for d in SOURCE_DIRS.values() if (root / d).is_dir() for p in (root / d).rglob("*.md")]
    return sorted(files)


def replace_references(text: str, path: Path, root: Path, folder: str, section: str, old: str, new: str, *, renamed: bool) -> str:
    """`text` with every reference to the record `old` made to `new`: its id, links to its page or
    .vcf (`../annuaire/old.md`, `annuaire/old/`, `old.md` beside it), anchors (`urgences/index.md#old`)
    and lists of ids (organisations:, related:)."""
    quoted = re.escape(old)
    end = r"(?![a-z0-9-])"
    if renamed:
        text = re.sub(rf"^id:\s*{quoted}\s*$", f"id: {new}", text, count=1, flags=re.M)
    if folder == "emergency":
        # links to the number's entry on the emergency page: urgences/#old, ../urgences/index.md#old, #old on that page
        text = re.sub(rf"((?<![a-z0-9-]){re.escape(section)}/(?:index\.md)?#){quoted}{end}", rf"\g<1>{new}", text)
        return text
    text = re.sub(rf"((?<![a-z0-9-]){re.escape(section)}/){quoted}(\.md|\.vcf|/)", rf"\g<1>{new}\2", text)
    if beside(path, root, section):
        text = re.sub(rf"(\]\(|\]:\s*)(?:\./)?{quoted}(\.md|\.vcf|/)", rf"\g<1>{new}\2", text)
    if path.suffix == ".yml" and path.parent.name == "topics":
        # a topic lists organisations (organisations:) and other topics (related:), as [a, old] or "- old" lines
        key = "organisations" if folder == "organisations" else "related"
        text = re.sub(rf"^({key}:\s*\[)([^\]]*)\]", lambda m: m.group(1) + re.sub(rf"(?<![a-z0-9-]){quoted}{end}", new, m.group(2)) + "]",
                      text, flags=re.M)
        text = re.sub(rf"^{key}:[ \t]*(?:#.*)?\n(?:[ \t]*(?:-.*|#.*)?\n)*", lambda m: re.sub(rf"^(\s*-\s*){quoted}(\s*(?:#.*)?)$", rf"\g<1>{new}\2", m.group(0), flags=re.M),
                      text, flags=re.M)
    if path.suffix == ".yml" and path.parent.name == "journeys" and folder == "topics":
        # a journey's steps list topic ids (topics:), as [a, old] or "- old" lines
        text = re.sub(r"^(\s*topics:\s*\[)([^\]]*)\]", lambda m: m.group(1) + re.sub(rf"(?<![a-z0-9-]){quoted}{end}", new, m.group(2)) + "]",
                      text, flags=re.M)
        text = re.sub(rf"^(\s*-\s*){quoted}(\s*(?:#.*)?)$", rf"\g<1>{new}\2", text, flags=re.M)
    return text


def beside(path: Path, root: Path, section: str) -> bool:
    """Does a relative link `old.md` written in `path` lead to the section's folder? (a topic of
    the same theme, a hand page in docs*/<section>/)"""
    if path.suffix == ".md":
        return path.parent.name == section and path.parent.parent == root / path.relative_to(root).parts[0]
    if path.parent.name == "topics":
        return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("theme") == section
    return path.parent.name == "organisations" and section == DIRECTORY


def owned_addresses(manifest: set[str], section: str, old: str) -> list[str]:
    """The record's published addresses, without language: its page (section/old/), the pages
    below it and its files (annuaire/old.vcf), as data/published-urls.txt lists them."""
    prefixes = tuple(f"/{language_prefix(lang)}" for lang in LANGS)
    owned = set()
    pattern = re.compile(rf"^{re.escape(section)}/{re.escape(old)}(/.*|\.[a-z0-9]+)$")
    for url in manifest:
        for prefix in sorted(prefixes, key=len, reverse=True):
            if url.startswith(prefix):
                if pattern.match(url[len(prefix):]):
                    owned.add(url[len(prefix):])
                break
    return sorted(owned)


def add_redirects(root: Path, pairs: list[tuple[str, str]], today: dt.date) -> None:
    """Append the redirects; earlier redirects that led to an old address now lead to the new one."""
    redirects = root / "data" / "redirects.yml"
    lines = redirects.read_text(encoding="utf-8").rstrip("\n").splitlines()
    if lines and lines[-1].strip() == "[]":
        lines.pop()
    renamed = dict(pairs)
    lines = [re.sub(r"^(\s*to:\s*)(\S+)\s*$", lambda m: m.group(1) + renamed.get(m.group(2), m.group(2)), line) for line in lines]
    for old_path, new_path in pairs:
        lines += [f"- from: {old_path}", f"  to: {new_path}", f'  since: "{today.isoformat()}"']
    redirects.write_text("\n".join(lines) + "\n", encoding="utf-8")


def french_fingerprint(path: Path) -> str | None:
    """The fingerprint translation_status gives the French text of a record or a hand page."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".yml":
        return fingerprint(french_of(yaml.safe_load(text)))
    split = split_front_matter(text)
    return fingerprint(split[1]) if split else None


def update_lock(root: Path, before: dict[Path, str | None], after: dict[Path, str | None], moved: dict[Path, Path]) -> bool:
    """Move the renamed file's entry; a translation confirmed before the renaming stays confirmed
    (only ids and link targets changed, the same way in every language). True if the lock changed."""
    lock = read_lock(root)
    updated = {}
    for key, langs in lock.items():
        path = root / key
        new_path = moved.get(path, path)
        langs = {lang: after.get(new_path, value) if value is not None and value == before.get(path) else value
                 for lang, value in langs.items()}
        updated[new_path.relative_to(root).as_posix()] = langs
    if updated == lock:
        return False
    write_lock(root, updated)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "), formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("folder", choices=sorted(FOLDERS))
    parser.add_argument("old")
    parser.add_argument("new")
    args = parser.parse_args()
    try:
        changed = rename(ROOT, FOLDERS[args.folder], args.old, args.new, today=dt.date.today())
    except ValueError as error:
        print(f"Renommage impossible : {error}", file=sys.stderr)
        return 1
    print("Fichiers modifiés :", *changed, sep="\n  ")
    print("Vérifiez avec : make check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
