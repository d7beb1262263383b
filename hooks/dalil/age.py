"""How old a record's facts are: the one rule behind the reader's "more than a year" notice and
the editors' "to re-check" report.

A record's facts were last checked on the later of two dates: `checked` (its public sources were
read) and its last `confirmed` entry (the organisation itself confirmed them). Which of the two it
was is kept, so the page never calls a desk check a confirmation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

REVIEW_AFTER = dt.timedelta(days=365)


@dataclass(frozen=True)
class LastCheck:
    on: dt.date
    confirmed: bool  # True: confirmed with the organisation; False: sources consulted


def last_check(record: Any) -> LastCheck | None:
    checked = record.get("checked")
    dates = [LastCheck(dt.date.fromisoformat(checked), False)] if checked else []
    dates += [LastCheck(dt.date.fromisoformat(entry["on"]), True) for entry in record.get("confirmed") or []]
    return max(dates, key=lambda check: (check.on, check.confirmed), default=None)


def too_old(record: Any, today: dt.date) -> LastCheck | None:
    """The last check when it is more than a year before `today`, else None."""
    check = last_check(record)
    return check if check and check.on < today - REVIEW_AFTER else None
