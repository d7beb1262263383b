"""Untrusted data is inert: injection attempts in every kind of field and language are refused
by validation, or reach the HTML, vCards, open-data exports and PDFs as plain text."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from conftest import real_site
from dalil.hsds import export_hsds
from dalil.model import LANGS
from dalil.pipeline import today
from dalil.problems import DataError
from dalil.rendering import render_site
from dalil.validation import validate_all
from dalil.vcard import render_vcard
from test_messages import ORG_FILE, TOPIC_FILE, edit, project  # noqa: F401  (fixture)

REFUSED = {
    "script": "<script>alert(1)</script>",
    "event-attribute": "<img src=x onerror=alert(1)>",
    "iframe": '<iframe src="https://example.net/"></iframe>',
    "svg": "<svg/onload=alert(1)>",
    "comment": "<!-- caché -->",
    "javascript-link": "[clic](javascript:alert(1))",
    "data-link": "[clic](data:text/html;base64,PHNjcmlwdD4=)",
    "vbscript-link": "[clic](vbscript:msgbox)",
    "entity-link": "[clic](javascript&#58;alert(1))",
    "remote-image": "![pixel](https://tracker.example.net/p.png)",
}
# Fields of the small fixture records, as (file, YAML text to replace, template with {payload})
FIELDS = {
    "topic title": (TOPIC_FILE, "title: {fr: Essai, ar: تجربة, en: Test}", "title: {{fr: Essai, ar: '{payload}', en: Test}}"),
    "topic summary": (TOPIC_FILE, "summary: {fr: Résumé., ar: ملخص., en: Summary.}", "summary: {{fr: '{payload}', ar: ملخص., en: Summary.}}"),
    "organisation name": (ORG_FILE, "name: {fr: Organisation d'essai}", "name: {{fr: Organisation, en: '{payload}'}}"),
    "organisation description": (ORG_FILE, "description: {fr: Description.}", "description: {{fr: '{payload}'}}"),
    "phone label": (ORG_FILE, '{number: "+212537545400"}', '{{number: "+212537545400", description: {{ar: x, fr: \'{payload}\'}}}}'),
}


@pytest.mark.parametrize("payload", REFUSED, ids=list(REFUSED))
@pytest.mark.parametrize("field", FIELDS, ids=list(FIELDS))
def test_injection_is_refused_with_file_and_field(project: Path, field: str, payload: str) -> None:  # noqa: F811
    rel, old, template = FIELDS[field]
    edit(project, rel, old, template.format(payload=REFUSED[payload].replace("'", "''")))
    with pytest.raises(DataError) as caught:
        validate_all(project, today=today())
    message = str(caught.value)
    assert rel in message and "Traceback" not in message
    assert re.search(r"(HTML|lien refusé|images)", message), message


@pytest.mark.parametrize(("line", "field"), [('website: "javascript:alert(1)"', "website"), ('email: "a@b.ma\\"><script>"', "email")])
def test_unsafe_urls_are_refused(project: Path, line: str, field: str) -> None:  # noqa: F811
    edit(project, ORG_FILE, "themes: [asile]", "themes: [asile]\n" + line)
    message = str(pytest.raises(DataError, validate_all, project, today=today()).value)
    assert f"{field} :" in message


# Accepted by validation (no tag, no unsafe link), so they must come out inert.
ACCEPTED = [
    'Texte {: onclick="alert(1)" } fin',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '" onmouseover="alert(1)" x="',
    "[titre](/x \"t\" onclick=alert(1))",
    "{#id .classe onclick=x}",
    "javascript:alert(1)",
    "\r\nBEGIN:VCARD\r\nTEL:+19005550100\r\nEND:VCARD",
    '=HYPERLINK("https://example.net/","clic")',
    "\u202eevil\u202c",
]


def hostile_site():  # noqa: ANN201
    """The real data with every text of one topic and one organisation, in every language, poisoned."""
    site = real_site()
    payload = " ".join(ACCEPTED)

    def poison(value):  # noqa: ANN001, ANN202
        if isinstance(value, dict):
            if "fr" in value and set(value) <= {"fr", "ar", "en"}:
                return {lang: f"{value.get(lang, value['fr'])} {payload}" for lang in LANGS}
            return {key: poison(child) for key, child in value.items()}
        if isinstance(value, list):
            return [poison(child) for child in value]
        return value

    topic, org = site.topics["s-enregistrer-aupres-du-hcr"], site.organisations["hcr-maroc"]
    topic.data = poison(topic.data)
    org.data = poison(org.data)
    org.data["alternate_name"] = payload
    org.data["locations"][0]["address"] = payload
    for record in (topic, org):
        record.data["sources"][0]["title"] = payload
        record.data["sources"][0]["publisher"] = payload
    return site


class Executable(HTMLParser):
    """Collects anything a browser could execute or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "svg", "img", "form", "base", "meta", "link", "style"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.found.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.found.append(f"{tag} {name}={value}")


MARKDOWN = {"extensions": ["attr_list", "md_in_html", "admonition", "toc"]}  # as in mkdocs.yml


def test_hostile_text_is_inert_in_pages() -> None:
    site = hostile_site()
    pages = [p for p in render_site(site) if p.meta["dalil"].get("record") in ("s-enregistrer-aupres-du-hcr", "hcr-maroc")]
    assert len(pages) == 6
    for page in pages:
        html = markdown.markdown(page.body, **MARKDOWN)
        parser = Executable()
        parser.feed(html)
        assert not parser.found, f"{page.lang}/{page.path}: {parser.found}"
        assert "alert(1)" in html  # the text is still there, as text
        front = yaml.safe_load(page.text().split("---")[1])
        assert isinstance(front["title"], str) and isinstance(front["description"], str)


def test_hostile_text_is_inert_in_vcards_and_exports() -> None:
    site = hostile_site()
    org = site.organisations["hcr-maroc"]
    for lang in LANGS:
        card = render_vcard(org, site, lang, "https://dalil.example/annuaire/hcr-maroc/")
        lines = card.replace("\r\n ", "").split("\r\n")  # unfolded content lines
        assert lines.count("BEGIN:VCARD") == 1 and lines.count("END:VCARD") == 1
        assert not [line for line in lines if line.startswith("TEL") and "1900" in line]
        files = export_hsds(site, lang, "https://dalil.example/")
        organizations = json.loads(files["organizations.json"])
        assert any("alert(1)" in json.dumps(o, ensure_ascii=False) for o in organizations)
        for name, data in files.items():
            if name.endswith(".csv"):
                for row in csv.reader(io.StringIO(data.decode("utf-8"))):
                    assert not any(cell.startswith(("=", "+", "-", "@")) and not re.fullmatch(r"\+\d+", cell) for cell in row), (name, row)


@pytest.mark.slow
def test_hostile_text_is_inert_in_pdfs(tmp_path: Path) -> None:
    from dalil.brochures import render_brochure_files

    site = hostile_site()
    infos, files = render_brochure_files(site, base_urls={"fr": "https://dalil.example/", "ar": "https://dalil.example/ar/", "en": "https://dalil.example/en/"})
    chosen = {k: v for k, v in files.items() if k.endswith(("theme-asile.pdf", "ville-rabat.pdf"))}
    assert len(chosen) == 6
    for name, data in chosen.items():
        assert b"/JavaScript" not in data and b"/JS " not in data and b"/Launch" not in data and b"/OpenAction" not in data, name
        path = tmp_path / name.replace("/", "_")
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60).stdout
        # Printed as text; pdftotext mirrors brackets it reads in a right-to-left line ("alert)1(").
        assert "alert(1)" in text or (name.startswith("ar/") and "alert)1(" in text), name
