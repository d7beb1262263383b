"""Stage step: write the merged page set into the staging folder that MkDocs reads.

Used by `pipeline` (on_config). The staging folder is laid out the way mkdocs-static-i18n's
`folder` structure expects (`fr/`, `ar/`, `en/`). Only files whose bytes changed are written
(atomically), and files that no longer exist are removed, so `mkdocs serve` sees at most one
change per edit, and a deleted or stale staging folder is simply rebuilt.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def sync_folder(target: Path, files: dict[str, bytes]) -> int:
    """Make `target` hold exactly `files` (relative POSIX path -> bytes); return how many changed."""
    target.mkdir(parents=True, exist_ok=True)
    changed = 0
    for rel, content in files.items():
        path = target / rel
        if path.is_file() and not path.is_symlink() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temp, path)
        changed += 1
    wanted = {target / rel for rel in files}
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif path not in wanted:
            path.unlink()
            changed += 1
    return changed
