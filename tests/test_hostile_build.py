"""A copy of the site built with hostile but accepted text in every kind of data file.

Ordinary punctuation (quotes, apostrophes, &) and text that looks like markup (braces of
attribute lists, escaped tags, a closing quote and bracket) are accepted by validation; the
assertions are on the built HTML and exports: nothing executes, no attribute is broken, no tag
comes from data, and the text is shown exactly as written. Text that is refused (raw HTML,
javascript: links, reference-style ones included) is refused in every data file, labels,
themes, cities and languages too, with the file, line and field.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import vobject
import yaml

from conftest import LANGS, build_copy, copy_project, lang_root
from dalil.pipeline import today
from dalil.problems import DataError
from dalil.validation import validate_all
from test_messages import edit, project  # noqa: F401  (fixture)

pytestmark = pytest.mark.slow  # whole builds of hostile copies of the project

# Accepted everywhere, and must come out exactly as written.
HOSTILE = "Guillemets \"doubles\" & 'simples' {: #x .y onclick=\"alert(1)\" } {{ z }} &lt;i&gt;pas une balise&lt;/i&gt; \"> fin"
TOPIC = "s-enregistrer-aupres-du-hcr"
ORG = "hcr-maroc"


def poisoned(value: str) -> str:
    return f"{value} {HOSTILE}"


def rewrite(path: Path, change) -> None:  # noqa: ANN001
    """Load a data file, change it, write it back with its schema line."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    change(data)
    path.write_text(text.split("\n", 1)[0] + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_style='"'), encoding="utf-8")


def poison_everything(root: Path) -> None:
    data = root / "data"

    def labels(d: dict) -> None:
        for key in ("emergency_bar", "search_title", "sources", "city_page_title"):
            d[key] = {lang: poisoned(text) for lang, text in d[key].items()}

    def themes(d: list) -> None:
        theme = next(t for t in d if t["id"] == "asile")
        theme["title"] = {lang: poisoned(text) for lang, text in theme["title"].items()}
        theme["summary"] = {lang: poisoned(text) for lang, text in theme["summary"].items()}

    def cities(d: list) -> None:
        city = next(c for c in d if c["id"] == "rabat")
        city["name"] = {lang: poisoned(text) for lang, text in city["name"].items()}

    def languages(d: list) -> None:
        for language in d:
            language["name"] = {lang: poisoned(text) for lang, text in language["name"].items()}

    def topic(d: dict) -> None:
        for key in ("title", "summary"):
            d[key] = {lang: poisoned(text) for lang, text in d[key].items()}
        d["steps"][0] = {lang: poisoned(text) for lang, text in d["steps"][0].items()}
        d["sections"][0]["body"] = {lang: poisoned(text) for lang, text in d["sections"][0]["body"].items()}
        d["sources"][0]["title"] = poisoned(d["sources"][0]["title"])

    def organisation(d: dict) -> None:
        d["name"] = {lang: poisoned(text) for lang, text in d["name"].items()}
        d["description"] = {lang: poisoned(text) for lang, text in d["description"].items()}
        d["alternate_name"] = poisoned(d.get("alternate_name", "HCR"))
        d["locations"][0]["address"] = poisoned(d["locations"][0].get("address", "Rabat"))
        d["locations"][0]["city"] = "rabat"
        # A language spoken, so that the language pages exist and show the poisoned names.
        d.setdefault("languages", ["fr"])

    rewrite(data / "labels.yml", labels)
    rewrite(data / "themes.yml", themes)
    rewrite(data / "cities.yml", cities)
    rewrite(data / "languages.yml", languages)
    rewrite(data / "topics" / f"{TOPIC}.yml", topic)
    rewrite(data / "organisations" / f"{ORG}.yml", organisation)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    root = copy_project(base / "project")
    poison_everything(root)
    return build_copy(root, base / "site")  # no brochures: the PDFs have their own hostile-text test (test_injection)


class Page(HTMLParser):
    """What a page holds that matters here: its text, attributes, scripts, and anything that could run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.bad: list[str] = []
        self.title = ""
        self._in_title = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))
            if name.startswith("on") or not re.fullmatch(r"[a-z][a-z0-9:_.-]*", name):
                self.bad.append(f"<{tag}> attribute {name}={value!r}")
            if name in ("href", "src", "action", "formaction") and value and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                if not (tag == "link" and value.startswith("data:image/svg+xml,")):  # the favicon, from mkdocs.yml
                    self.bad.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not re.fullmatch(r"(\.\./)*(/)?(assets/[a-z-]+\.js|pagefind/[a-z-]+\.js)", src):
                self.bad.append(f"<script src={src!r}>")
            self._skip += 1
        if tag == "meta":
            names = {name for name, _value in attrs}
            values = dict(attrs)
            allowed = names in ({"name", "content"}, {"charset"}, {"property", "content"}) or (
                names == {"http-equiv", "content"} and (values["http-equiv"] == "Content-Security-Policy"
                                                        or re.fullmatch(r"0; url=(\.\./)*[a-z0-9/-]*", values.get("content") or "")))
            if not allowed:
                self.bad.append(f"<meta {attrs}>")
        if tag in ("style", "iframe", "object", "embed", "base"):
            self.bad.append(f"<{tag}>")
        if tag == "i":
            self.bad.append("<i> from data")
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._skip -= 1
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self._skip:
            self.text.append(data)

    def flat_text(self) -> str:
        return " ".join("".join(self.text).split())


def read_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def test_no_page_has_a_broken_attribute_a_script_or_a_tag_from_data(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 300
    broken = {str(p.relative_to(hostile_site)): read_page(p).bad for p in pages}
    broken = {name: found for name, found in broken.items() if found}
    assert not broken, f"{len(broken)} pages: " + "; ".join(f"{k}: {v[:3]}" for k, v in list(broken.items())[:10])


def test_the_text_is_shown_as_written_on_every_page(hostile_site: Path) -> None:
    """The poisoned label of the emergency bar is on every page, whole, as text and in its aria-label."""
    missing = []
    for path in sorted(hostile_site.rglob("*.html")):
        if "http-equiv=\"refresh\"" in path.read_text(encoding="utf-8"):
            continue  # redirect pages of old addresses carry no interface
        page = read_page(path)
        if HOSTILE not in page.flat_text() or not any(n == "aria-label" and HOSTILE in v for _t, n, v in page.attributes):
            missing.append(str(path.relative_to(hostile_site)))
    assert not missing, f"{len(missing)} pages without the text as written: {missing[:5]}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page_path", [f"asile/{TOPIC}/index.html", f"annuaire/{ORG}/index.html", "asile/index.html",
                                       "annuaire/ville/rabat/index.html", "annuaire/langue/fr/index.html"])
def test_titles_descriptions_and_bodies_keep_the_text(hostile_site: Path, lang: str, page_path: str) -> None:
    page = read_page(lang_root(hostile_site, lang) / page_path)
    assert HOSTILE in page.title, page.title
    assert page.flat_text().count(HOSTILE) >= 2, page_path  # heading and body (or list) at least
    if page_path.startswith((f"asile/{TOPIC}", f"annuaire/{ORG}", "asile/index")):
        assert HOSTILE in _metas(lang_root(hostile_site, lang) / page_path)["description"]


def _metas(path: Path) -> dict[str, str]:
    class Metas(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: dict[str, str] = {}

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = dict(attrs)
            if tag == "meta" and values.get("name"):
                self.found[values["name"] or ""] = values.get("content") or ""

    parser = Metas()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


@pytest.mark.parametrize("lang", LANGS)
def test_exports_keep_the_text_as_written(hostile_site: Path, lang: str) -> None:
    root = lang_root(hostile_site, lang)
    organizations = json.loads((root / "donnees" / "organizations.json").read_text(encoding="utf-8"))
    org = next(o for o in organizations if HOSTILE in o["name"])
    assert org["name"].endswith(HOSTILE) and org["description"].endswith(HOSTILE)
    rows = list(csv.DictReader(io.StringIO((root / "donnees" / "organizations.csv").read_text(encoding="utf-8"), newline="")))
    assert any(row["name"] == org["name"] for row in rows)
    entries = json.loads((root / "annuaire" / "entries.json").read_text(encoding="utf-8"))
    assert any(entry["name"] == org["name"] for entry in entries)
    card = vobject.readOne((root / "annuaire" / f"{ORG}.vcf").read_text(encoding="utf-8"))
    assert HOSTILE in card.fn.value and HOSTILE in card.note.value


REFUSED = {
    "script": '"><script>alert(1)</script>',
    "event-attribute": "<img src=x onerror=alert(1)>",
    "reference-link": "[ici][1]\n\n[1]: javascript:alert(1)",
    "reference-definition": "Texte.\n\n[x]: javascript:alert(1)",
    "autolink": "<javascript:alert(1)>",
    "inline-link": "[clic](javascript:alert(1))",
}
# Every kind of list file: (file, YAML text to replace, replacement with {payload}, field in the message)
LIST_FIELDS = {
    "label": ("data/labels.yml", "emergency_bar:\n  fr: Urgence", "emergency_bar:\n  fr: {payload}", "emergency_bar.fr"),
    "theme": ("data/themes.yml", "title: {fr: Asile,", "title: {{fr: {payload},", "[1].title.fr"),
    "city": ("data/cities.yml", "name: {fr: Rabat,", "name: {{fr: {payload},", "[1].name.fr"),
    "language": ("data/languages.yml", "name: {fr: arabe,", "name: {{fr: {payload},", "[1].name.fr"),
}


@pytest.mark.parametrize("payload", REFUSED, ids=list(REFUSED))
@pytest.mark.parametrize("kind", LIST_FIELDS, ids=list(LIST_FIELDS))
def test_markup_and_unsafe_links_are_refused_in_every_list_file(project: Path, kind: str, payload: str) -> None:  # noqa: F811
    rel, old, new, field = LIST_FIELDS[kind]
    edit(project, rel, old, new.format(payload=json.dumps(REFUSED[payload], ensure_ascii=False)))
    with pytest.raises(DataError) as caught:
        validate_all(project, today=today())
    message = str(caught.value)
    assert rel in message and field in message, message
    assert re.search(r"ligne \d+, " + re.escape(field), message), message
    assert re.search(r"(HTML|lien refusé)", message), message


def test_ordinary_punctuation_is_accepted_in_every_list_file(project: Path) -> None:  # noqa: F811
    for rel, old, new, _field in LIST_FIELDS.values():
        edit(project, rel, old, new.format(payload=json.dumps(HOSTILE, ensure_ascii=False)))
    validate_all(project, today=today())


HAND_PAGES = {
    # Markdown links: refused while the pages are prepared, before MkDocs runs.
    "markdown": ("Un [lien](javascript:alert(1)) et une [référence][r].\n\n[r]: vbscript:msgbox\n",
                 ["javascript:alert(1)", "vbscript:msgbox"]),
    # Raw HTML in a hand-written page: refused when the page is rendered.
    "raw-html": ('<p><a href="jav&#x61;script:alert(2)">brut</a> <img src="https://pisteur.example.net/p.png" alt=""></p>\n',
                 ["javascript:alert(2)", "https://pisteur.example.net/p.png"]),
}


def failed_build(tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, page: str) -> str:
    """Build a copy of the project with one more hand-written page; the build must stop, leaving no
    site: returns what it logged."""
    from mkdocs.exceptions import Abort

    root = copy_project(tmp_path / "project")
    (root / "docs" / name).write_text(page, encoding="utf-8")
    site = tmp_path / "site"
    with pytest.raises(Abort):
        build_copy(root, site)
    assert not site.exists()  # no partial site
    return caplog.text


@pytest.mark.parametrize("kind", HAND_PAGES)
def test_hand_written_page_with_unsafe_links_stops_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str) -> None:
    body, addresses = HAND_PAGES[kind]
    message = failed_build(tmp_path, caplog, "essai-liens.md", f"---\ntitle: Essai\n---\n\n# Essai {{#titre}}\n\n{body}")
    assert "docs/essai-liens.md" in message
    for address in addresses:
        assert f"lien refusé « {address} »" in message, (address, message)


def test_inline_script_not_on_the_allow_list_stops_the_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    message = failed_build(tmp_path, caplog, "essai-script.md", "---\ntitle: Essai\n---\n\n# Essai\n\n<script>alert(1)</script>\n")
    assert "docs/essai-script.md" in message and "script intégré à la page non autorisé : « alert(1) »" in message


def test_the_policy_allows_only_listed_inline_scripts(monkeypatch: pytest.MonkeyPatch) -> None:
    from dalil import security

    page = "<html><head></head><body><SCRIPT>alert(1)</SCRIPT></body></html>"
    with pytest.raises(security.UnexpectedScript):
        security.add_policy_meta(page)
    monkeypatch.setitem(security.ALLOWED_INLINE_SCRIPTS, "essai", "alert(1)")
    output, hashes = security.add_policy_meta(page)
    assert len(hashes) == 1 and hashes[0] in output and "'unsafe-inline'" not in output
    assert security.add_policy_meta("<head></head><script src=\"a.js\"></script>")[1] == []
