"""Zero broken internal links and anchors, in every language: linkchecker over a loopback server."""

from __future__ import annotations

import functools
import http.server
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, _QuietHandler

REPORT = re.compile(r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found[^.]*\. (\d+) errors? found")


def run_linkchecker(*urls: str, cwd: Path) -> tuple[int, str, tuple[int, ...]]:
    linkchecker = Path(sys.executable).parent / "linkchecker"
    result = subprocess.run([str(linkchecker), "--config", str(ROOT / "tests" / "linkcheckerrc"), "--no-status", *urls],
                            capture_output=True, text=True, timeout=600, cwd=cwd)
    report = result.stdout + result.stderr
    match = REPORT.search(report)
    assert match, report
    return result.returncode, report, tuple(int(n) for n in match.groups())


def test_no_broken_internal_link(site_server: str, tmp_path: Path) -> None:
    urls = [site_server + path for path in ("", "ar/", "en/", "404.html", "ar/404.html", "en/404.html")]
    code, report, (links, _urls, _warnings, errors) = run_linkchecker(*urls, cwd=tmp_path)
    assert code == 0 and errors == 0 and _warnings == 0, report
    assert links > 50, report


@pytest.mark.slow
def test_linkchecker_catches_a_broken_link_and_anchor(tmp_path: Path) -> None:
    """The check above can fail: a page with a missing target and a missing anchor is caught."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<html><body><a href="a/">ok</a> <a href="missing/">broken</a> <a href="a/#nowhere">anchor</a></body></html>')
    (site / "a" / "index.html").write_text('<html><body><h2 id="here">A</h2></body></html>')
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code, report, (_links, _urls, warnings, errors) = run_linkchecker(f"http://127.0.0.1:{server.server_address[1]}/", cwd=tmp_path)
    finally:
        server.shutdown()
    assert code != 0 and errors >= 1 and warnings >= 1, report
    assert "missing/" in report
    assert "nowhere" in report
