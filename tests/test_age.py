"""A page whose facts were last checked more than a year before the build says so, near the top,
in the reader's language, and says whether the sources were consulted or the organisation
confirmed them (the later of the two counts)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import LANGS, real_site
from dalil.age import REVIEW_AFTER, last_check, too_old
from dalil.theme_context import page_context

SETTINGS = {"repository": "", "branch": "main", "site_url": "https://dalil.example/"}


@pytest.fixture(scope="module")
def site():  # noqa: ANN201
    return real_site()


def context(site, kind: str, record_id: str, lang: str, today: dt.date) -> dict:  # noqa: ANN001
    meta = {"title": "x", "dalil": {"kind": kind, "record": record_id}}
    return page_context(site, meta, lang, "annuaire/x/", SETTINGS, today)


def test_the_later_of_checked_and_confirmed_counts() -> None:
    record = {"checked": "2025-03-01", "confirmed": [{"on": "2025-01-10", "how": "telephone", "with": "accueil"}]}
    assert last_check(record).on == dt.date(2025, 3, 1) and not last_check(record).confirmed
    record["confirmed"].append({"on": "2025-06-02", "how": "email", "with": "accueil"})
    assert last_check(record).on == dt.date(2025, 6, 2) and last_check(record).confirmed
    assert too_old(record, dt.date(2026, 6, 2)) is None  # exactly a year: not yet
    assert too_old(record, dt.date(2026, 6, 3)) == last_check(record)


@pytest.mark.parametrize("lang", LANGS)
def test_an_old_page_says_when_its_sources_were_consulted(site, lang: str) -> None:  # noqa: ANN001
    org = site.organisations["hcr-maroc"]
    org.data.pop("confirmed", None)
    checked = dt.date.fromisoformat(org.get("checked"))
    assert context(site, "organisation", "hcr-maroc", lang, checked + REVIEW_AFTER)["old"] is None
    notice = str(context(site, "organisation", "hcr-maroc", lang, checked + REVIEW_AFTER + dt.timedelta(days=1))["old"])
    words = {"fr": "les sources de cette page ont été consultées le", "ar": "اطّلعنا على مصادر هذه الصفحة", "en": "the sources of this page were consulted on"}
    assert words[lang] in notice
    assert {"fr": "confirmées", "ar": "أكّدت", "en": "confirmed"}[lang] not in notice
    assert str(checked.year) in notice


@pytest.mark.parametrize("lang", LANGS)
def test_an_old_confirmation_is_called_a_confirmation(site, lang: str) -> None:  # noqa: ANN001
    topic_id = next(iter(site.topics))
    org = site.organisations["hcr-maroc"]
    org.data["confirmed"] = [{"on": "2030-01-15", "how": "telephone", "with": "accueil du bureau de Rabat"}]
    notice = str(context(site, "organisation", "hcr-maroc", lang, dt.date(2031, 2, 1))["old"])
    assert {"fr": "confirmées auprès de l'organisme le 15 janvier 2030", "ar": "أكّدت الجهة المعنية", "en": "confirmed this information on 15 January 2030"}[lang] in notice
    # A page that is no record's (a theme, a list) never carries the notice.
    assert context(site, "theme", "asile", lang, dt.date(2040, 1, 1))["old"] is None
    assert context(site, "topic", topic_id, lang, dt.date(2040, 1, 1))["old"] is not None


def test_the_published_site_is_rebuilt_at_least_every_week() -> None:
    import yaml

    from conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads the key `on` as true
    crons = [entry["cron"].split() for entry in triggers.get("schedule", [])]
    # minute hour day-of-month month day-of-week: every month, every day of the month, on a given weekday (or daily).
    assert any(day == "*" and month == "*" for _minute, _hour, day, month, _weekday in crons), crons
