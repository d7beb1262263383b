"""select_published: which validated records the site publishes on a given day (a pure function)."""

from __future__ import annotations

import copy
import datetime as dt

from dalil.model import Record
from dalil.selection import select_published

TODAY = dt.date(2026, 6, 15)


def record(kind: str, record_id: str, **data: object) -> Record:
    return Record(kind, record_id, f"data/{kind}/{record_id}.yml", {"id": record_id, **data})


RECORDS = [
    record("topic", "zeta"),
    record("topic", "alpha"),
    record("topic", "brouillon", draft=True),
    record("topic", "fini", valid_to="2026-06-14"),
    record("topic", "dernier-jour", valid_to="2026-06-15"),
    record("topic", "bientot", valid_from="2026-06-16"),
    record("topic", "commence", valid_from="2026-06-15"),
    record("organisation", "org-brouillon", draft=True),
    record("organisation", "org"),
    record("emergency", "police"),
    record("emergency", "ancien", valid_to="2025-01-01"),
]


def test_each_record_lands_in_one_place_by_kind_and_id() -> None:
    selected = select_published(RECORDS, TODAY)
    assert list(selected.topics) == ["alpha", "commence", "dernier-jour", "zeta"]  # alphabetical, whatever the input order
    assert list(selected.organisations) == ["org"]
    assert list(selected.emergency) == ["police"]
    assert [r.id for r in selected.drafts] == ["brouillon", "org-brouillon"]  # topics first, then organisations
    assert [r.id for r in selected.expired] == ["fini", "ancien"]


def test_a_record_not_yet_valid_is_nowhere_until_its_first_day() -> None:
    assert "bientot" not in select_published(RECORDS, TODAY).topics
    assert "bientot" in select_published(RECORDS, TODAY + dt.timedelta(days=1)).topics
    later = select_published(RECORDS, dt.date(2026, 6, 16))
    assert "dernier-jour" not in later.topics and "dernier-jour" in [r.id for r in later.expired]


def test_selection_changes_nothing_it_is_given() -> None:
    before = copy.deepcopy(RECORDS)
    first = select_published(RECORDS, TODAY)
    assert RECORDS == before
    assert select_published(RECORDS, TODAY) == first
