"""Select step: which validated records the site publishes today.

Called by `validation.validate_all` once every record passed its checks. A pure function of the
records and the day: drafts (`draft: true`) are never published; a record whose validity ended
(`valid_to` before today) leaves a notice at its address; one whose validity has not started
(`valid_from` after today) waits, unseen, until it does. `published_themes` and `topics_of` say
what the menu and each theme show of what is published.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import Record, SiteData, Topic
from .urls import EMERGENCY

KINDS = ("topic", "organisation", "emergency")


@dataclass
class Published:
    """The records of one day, each kind by id in alphabetical order."""

    topics: dict[str, Record] = field(default_factory=dict)
    organisations: dict[str, Record] = field(default_factory=dict)
    emergency: dict[str, Record] = field(default_factory=dict)
    drafts: list[Record] = field(default_factory=list)  # topics, then organisations, then emergency numbers
    expired: list[Record] = field(default_factory=list)


def select_published(records: Iterable[Record], today: dt.date) -> Published:
    """Sort records into published (by kind), drafts and expired; not-yet-valid ones are left out."""
    selected = Published()
    published = {"topic": selected.topics, "organisation": selected.organisations, "emergency": selected.emergency}
    by_kind: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
    for record in records:
        by_kind[record.kind][record.id] = record
    for kind in KINDS:
        for record_id in sorted(by_kind[kind]):
            record = by_kind[kind][record_id]
            if not record.published:
                selected.drafts.append(record)
            elif record.get("valid_to") and dt.date.fromisoformat(record.get("valid_to")) < today:
                selected.expired.append(record)
            elif record.get("valid_from") and dt.date.fromisoformat(record.get("valid_from")) > today:
                continue  # not yet valid: published when its period starts
            else:
                published[kind][record_id] = record
    return selected


def published_themes(site: SiteData) -> list[str]:
    """Themes with something to show, in menu order: urgences always, others when they hold topics."""
    used = {t.theme for t in site.topics.values()}
    themes = [t for t in site.themes.values() if t["id"] in used or t["id"] == EMERGENCY]
    return [t["id"] for t in sorted(themes, key=lambda t: (t.get("order", 100), t["id"]))]



def topics_of(site: SiteData, theme_id: str) -> list[Topic]:
    topics = [t for t in site.topics.values() if t.theme == theme_id]
    return sorted(topics, key=lambda t: (t.order, t.id))
