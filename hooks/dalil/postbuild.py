"""Site-wide finishing steps, run once after every language has been built (on_post_build).

- `_headers`: the security headers with the union of every page's script hashes;
- `sitemap.xml.gz`: rewritten without the build time MkDocs stamps into the gzip header,
  so that two builds of the same commit are byte-identical.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from .security import headers_file


def write_headers(site_dir: Path, hashes: set[str]) -> None:
    (site_dir / "_headers").write_text(headers_file(hashes), encoding="utf-8")


def rewrite_sitemap_gzip(site_dir: Path) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.exists():
        return
    with (site_dir / "sitemap.xml.gz").open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as out:
        out.write(sitemap.read_bytes())
