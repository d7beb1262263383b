"""Every built page is valid HTML: 0 errors from the W3C Nu Html Checker (vnu), in one run.

The checker is the npm registry's `vnu-jar` package at the version pinned in
scripts/install_system_deps.sh, which `make test` installs into .cache/vnu/ (with Debian's Java
when it is missing). The test never skips: without the checker it fails and says how to get it.
Only warnings and information messages are left out (--errors-only); every error fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from conftest import LANGS, ROOT, html_pages

INSTALL = ROOT / "scripts" / "install_system_deps.sh"
VNU_PACKAGE = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar"
VNU_JAR = VNU_PACKAGE / "build" / "dist" / "vnu.jar"
HOW_TO_INSTALL = "run `make test`, or `bash scripts/install_system_deps.sh test` (it needs root or sudo for Debian's Java and npm)"


def pinned_version() -> str:
    found = re.search(r"^VNU_VERSION=(\S+)$", INSTALL.read_text(encoding="utf-8"), re.M)
    assert found, f"{INSTALL.relative_to(ROOT)} has no VNU_VERSION= line"
    return found.group(1)


def checker_command() -> list[str]:
    """java -jar vnu.jar, after checking that both are there (a clear failure otherwise, never a skip)."""
    java = shutil.which("java")
    assert java, f"No `java` for the W3C Nu Html Checker: {HOW_TO_INSTALL}."
    version = pinned_version()
    installed = json.loads((VNU_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"] if (VNU_PACKAGE / "package.json").exists() else None
    assert VNU_JAR.exists() and installed == version, (
        f"The W3C Nu Html Checker vnu-jar@{version} is not in {VNU_PACKAGE.relative_to(ROOT)} (found: {installed}): {HOW_TO_INSTALL}.")
    # A single run over a few hundred pages is too short for the JVM's optimising compiler to pay
    # off: the quick compiler alone halves the CPU time (same messages). It needs a larger thread
    # stack than the default (the checker then overflows 1 MB while evaluating its schema).
    return [java, "-Xss16m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR)]


def redirect_pages(folder: Path) -> list[Path]:
    """The page written at an old address (data/redirects.yml is empty today), in every language."""
    from dalil.postbuild import write_redirects

    for lang in LANGS:
        target = folder / ("" if lang == "fr" else f"{lang}/") / "asile" / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("<!doctype html>", encoding="utf-8")
    labels = yaml.safe_load((ROOT / "data" / "labels.yml").read_text(encoding="utf-8"))
    problems = write_redirects(folder, [{"from": "ancienne-adresse/", "to": "asile/"}], list(LANGS), labels)
    assert not problems, problems
    return sorted(folder.rglob("ancienne-adresse/index.html"))


def summary(messages: list[dict], site: Path, redirects: Path, shown: int = 30) -> str:
    """One line per distinct message (how many times, on how many pages, a few examples), then the pages with the most errors."""
    groups: dict[str, list[str]] = defaultdict(list)
    per_page: Counter[str] = Counter()
    for message in messages:
        path = message.get("url", "").removeprefix("file:")
        for folder, label in ((site, ""), (redirects, "(redirect page) ")):
            path = path.replace(str(folder) + "/", label)
        groups[f"{message.get('type')}: {message.get('message')}"].append(f"{path}:{message.get('lastLine', '?')}")
        per_page[path] += 1
    lines = [f"{len(messages)} errors from the W3C Nu Html Checker on {len(per_page)} page(s), {len(groups)} distinct messages:"]
    ordered = sorted(groups.items(), key=lambda item: -len(item[1]))
    for text, places in ordered[:shown]:
        pages = {place.rsplit(":", 1)[0] for place in places}
        lines.append(f"- {len(places)}× on {len(pages)} page(s): {text}\n    e.g. {', '.join(places[:3])}")
    if len(ordered) > shown:
        lines.append(f"- … and {len(ordered) - shown} more messages ({sum(len(places) for _, places in ordered[shown:])} errors)")
    lines.append("Pages with the most errors: " + ", ".join(f"{path} ({count})" for path, count in per_page.most_common(10)))
    return "\n".join(lines)


def test_every_page_is_valid_html(built_site: Path, tmp_path: Path) -> None:
    command = checker_command()
    moved = redirect_pages(tmp_path / "redirects")
    pages = html_pages(built_site) + moved
    # One JVM for the whole site. --errors-only: warnings and information are not errors.
    # --verbose writes the name of every file checked to stdout (to prove that none was left
    # out); the JSON report goes to stderr.
    run = [*command, "--errors-only", "--format", "json", "--skip-non-html", "--verbose", str(built_site), *map(str, moved)]
    result = subprocess.run(run, capture_output=True, encoding="utf-8", errors="replace", timeout=600)  # vnu writes UTF-8 whatever the locale
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        raise AssertionError(f"The checker did not answer in JSON (exit {result.returncode}; Java 17 or newer is needed, {HOW_TO_INSTALL}):\n{result.stderr[-3000:]}") from None
    checked = {Path(line) for line in result.stdout.splitlines() if line.strip()}
    assert checked >= set(pages), f"pages the checker did not check: {sorted(set(pages) - checked)[:10]}"
    messages = report["messages"]
    if messages:
        pytest.fail(summary(messages, built_site, tmp_path / "redirects"), pytrace=False)
    assert result.returncode == 0, result.stderr[-3000:]
