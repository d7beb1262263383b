"""Shared fixtures: the site is built once per test session and served on loopback.

`built_site` is the real strict build of this repository (the same code path as
`make build`); `fallback_site` is a build of a copy of the repository with one page and
one record left untranslated, to see the fallback at work.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT / "hooks", ROOT / "scripts"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


# Tests that use one of these fixtures need a whole build, a server, Chromium, the 60 PDFs laid
# out or a copy of the whole repository: they are marked `slow` automatically and left out of `make test-fast` (pytest -m "not slow").
SLOW_FIXTURES = {"built_site", "site_server", "browser", "fallback_site", "brochure_set", "full_project"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_tests_stay_fast(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `make test-fast` (-m "not slow"), a test that builds the site or lays out a PDF fails
    and says to mark it: nobody forgets the marker."""
    if "not slow" not in (request.config.option.markexpr or "") or request.node.get_closest_marker("slow"):
        return
    import build_site
    from dalil import brochures

    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail("this test builds the site or lays out a PDF: mark it @pytest.mark.slow (make test-fast leaves it out)")

    monkeypatch.setattr(build_site, "build", refuse)
    monkeypatch.setattr(brochures, "layout_pdf", refuse)


@functools.cache
def _validated_data() -> object:
    from dalil.pipeline import today
    from dalil.validation import validate_all

    return validate_all(ROOT, today=today())


def real_site():  # noqa: ANN201 (dalil.validation.SiteData; imported lazily, after sys.path is set)
    """The repository's validated data, validated once per test session; each caller gets its own copy
    (a test may change it)."""
    import copy

    return copy.deepcopy(_validated_data())


def staging_for(site: Path) -> None:
    """Each test build stages into its own folder, so builds never share one."""
    os.environ["DALIL_STAGING_DIR"] = str(site.parent / "staging")
TEST_REPOSITORY = "https://github.com/dalil-tests/dalil"
TEST_EMAIL = "dalil@example.org"  # a reserved example domain: no mail leaves a test
LANGS = ("fr", "ar", "en")


def lang_root(site: Path, lang: str) -> Path:
    return site if lang == "fr" else site / lang


def copy_project(target: Path) -> Path:
    """A copy of the repository to break or change in a test (never the checkout itself)."""
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".venv", ".git", ".cache", "site", ".staging", ".site-*", "__pycache__", ".pytest_cache"))
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from build_site import build_into

    os.environ["DALIL_REPOSITORY"] = TEST_REPOSITORY
    os.environ["DALIL_CONTACT_EMAIL"] = TEST_EMAIL
    site = tmp_path_factory.mktemp("build") / "site"
    staging_for(site)
    build_into(site)
    return site


@pytest.fixture(scope="session")
def fallback_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project where a hand-written page and a topic's Arabic/English texts are missing."""
    base = tmp_path_factory.mktemp("fallback")
    project = copy_project(base / "project")
    (project / "docs" / "essai-repli.md").write_text("---\ntitle: Essai de repli\n---\n\n# Essai de repli {#titre}\n\nTexte seulement en français.\n", encoding="utf-8")
    topic = project / "data" / "topics" / "s-enregistrer-aupres-du-hcr.yml"
    text = topic.read_text(encoding="utf-8")
    # Remove every Arabic and English line of the summary: it falls back to French.
    import yaml

    data = yaml.safe_load(text)
    data["summary"] = {"fr": data["summary"]["fr"]}
    header = text.split("\n", 1)[0]
    topic.write_text(header + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    from build_site import build_into

    site = base / "site"
    staging_for(site)
    build_into(site, config_file=project / "mkdocs.yml")
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        # linkchecker throttles itself unless the server says it is a LinkChecker-friendly host.
        self.send_header("LinkChecker", "ok")
        super().end_headers()


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """The built site on http://127.0.0.1:<port>/ (404s answered with the site's 404 page)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Debian chromium for the whole session (never a browser downloaded by Playwright)."""
    from browsing import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()
