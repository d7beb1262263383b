"""Two builds of the same commit produce byte-identical files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import staging_for


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_identical(built_site: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second build believes it runs on another day: a build date leaking into a file shows up."""
    from build_site import build_into

    again = tmp_path_factory.mktemp("again") / "site"
    staging_for(again)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946684800")  # 2000-01-01, as MkDocs reads it for the build date
    build_into(again)
    first, second = digest(built_site), digest(again)
    assert first.keys() == second.keys()
    differ = sorted(path for path in first if first[path] != second[path])
    assert not differ, differ[:20]
