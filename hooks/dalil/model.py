"""The validated data: what the select and render steps read.

`validation.validate_all` builds a `SiteData` from the files of `data/` once they passed every
check; `selection.select_published` says which records it publishes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

LANGS = ("fr", "ar", "en")


@dataclass
class Record:
    """One validated record (topic, organisation or emergency number)."""

    kind: str
    id: str
    path: str  # file that holds it, relative to the project root
    data: dict[str, Any]
    lines: dict[tuple, int] = field(default_factory=dict, repr=False)

    def line_of(self, field_path: str) -> int | None:
        parts = tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", field_path))
        for cut in range(len(parts), 0, -1):
            if parts[:cut] in self.lines:
                return self.lines[parts[:cut]]
        return None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    @property
    def published(self) -> bool:
        return not self.data.get("draft", False)


@dataclass
class SiteData:
    """Everything the render step needs, validated."""

    themes: dict[str, dict]
    cities: dict[str, dict]
    languages: dict[str, dict]
    labels: dict[str, dict]
    unpublishable: list[dict]
    redirects: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)  # data/terms.yml: official names and variants not to write
    topics: dict[str, Record] = field(default_factory=dict)
    organisations: dict[str, Record] = field(default_factory=dict)
    emergency: dict[str, Record] = field(default_factory=dict)
    drafts: list[Record] = field(default_factory=list)
    expired: list[Record] = field(default_factory=list)

    def records(self) -> Iterator[Record]:
        yield from self.topics.values()
        yield from self.organisations.values()
        yield from self.emergency.values()
