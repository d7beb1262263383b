"""The scripts of the site parse on old engines (KaiOS, old Android WebViews).

Every page but search loads dalil.js only: it must be ES2017 syntax at most, or the whole file
fails there — quick exit and offline with it. Search (dalil-search.js, which needs import()) is
fetched from the search pages only. The parser is esprima 4.0.1 (ES2017); it already refuses
ES2019 and later syntax (?., ??, class fields, optional catch binding, BigInt…), and the few
newer constructs it accepts are refused here from its syntax tree.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import esprima
import pytest

from conftest import LANGS, html_pages, lang_root

SEARCH_SCRIPT = "assets/dalil-search.js"
REGEX_FLAGS = set("gimuy")  # ES2017's; s (ES2018), d (ES2022) and v (ES2024) are newer
# An escape that is an error in an ES2017 template literal (ES2018 allows it in tagged ones).
_TEMPLATE_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|0(?![0-9])|.)", re.S)


def newer_than_es2017(source: str) -> list[str]:
    """What an ES2017 engine cannot parse in a classic script (empty: it parses)."""
    found: list[str] = []

    def visit(node, meta) -> None:  # noqa: ANN001
        where = f"line {meta.start.line}"
        if node.type == "Import":
            found.append(f"{where}: import() (ES2020)")
        elif node.type == "ObjectExpression" and any(p.type == "SpreadElement" for p in node.properties):
            found.append(f"{where}: object spread {{...x}} (ES2018)")
        elif node.type == "ObjectPattern" and any(p.type == "RestElement" for p in node.properties):
            found.append(f"{where}: object rest {{...x}} (ES2018)")
        elif node.type == "Literal" and node.regex:
            if set(node.regex.flags) - REGEX_FLAGS:
                found.append(f"{where}: regular expression flag {node.regex.flags} (ES2018 or later)")
            if re.search(r"\(\?<[=!]", node.regex.pattern):
                found.append(f"{where}: lookbehind in a regular expression (ES2018)")
        elif node.type == "TemplateElement":
            if any(m.group(1) in ("u", "x") or m.group(1).isdigit() for m in _TEMPLATE_ESCAPE.finditer(node.value.raw)):
                found.append(f"{where}: invalid escape in a template (ES2018)")

    try:
        esprima.parseScript(source, {}, visit)
    except esprima.Error as error:
        return [str(error)]
    return found


NEWER = {
    "dynamic import": "import('./pagefind.js').then(function (m) {});",
    "optional chaining": "var t = page.meta?.title;",
    "optional call": "f?.(x);",
    "nullish coalescing": "var t = a ?? b;",
    "object spread": "var o = {...a, b: 1};",
    "object rest": "var {a, ...rest} = o;",
    "class field": "class A { x = 1; }",
    "private field": "class A { #x; }",
    "optional catch binding": "try { f(); } catch { g(); }",
    "async iteration": "async function f() { for await (const x of y) {} }",
    "async generator": "async function* f() {}",
    "regex dotAll flag": "var r = /a.b/s;",
    "regex lookbehind": "var r = /(?<=a)b/;",
    "regex named group": "var r = /(?<year>[0-9]+)/;",
    "regex unicode property": "var r = /\\p{L}/u;",
    "tagged template escape": "tag`\\unicode`;",
    "logical assignment": "a ||= b;",
    "numeric separator": "var n = 1_000;",
    "bigint": "var n = 1n;",
    "static block": "class A { static { } }",
    "import.meta": "var u = import.meta.url;",
    "top-level await": "await f();",
}
ES2017 = {
    "async/await": "async function f() { await g(); } var h = async (x) => await x;",
    "trailing commas": "function f(a, b,) {} f(1, 2,);",
    "exponent": "var x = 2 ** 10;",
    "ES2015": "const [a, ...b] = [1, 2, 3]; let {c, d: [e]} = o; class A extends B { m() { return `${a}`; } } f(...b);",
    "regex flags": "var r = /a/gimuy;",
    "escaped backslash in a template": "var s = `a\\\\unicode`;",
}


@pytest.mark.parametrize("name", NEWER)
def test_parser_refuses_syntax_newer_than_es2017(name: str) -> None:
    assert newer_than_es2017(NEWER[name]), name


@pytest.mark.parametrize("name", ES2017)
def test_parser_accepts_es2017_syntax(name: str) -> None:
    assert newer_than_es2017(ES2017[name]) == []


class Scripts(HTMLParser):
    """The scripts a page runs: (src or None, type, inline text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str | None, str, str]] = []
        self.search_script: str | None = None
        self._inline: list[str] | None = None
        self._attrs: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            self._attrs, self._inline = a, []
        if "data-search-script" in a:
            self.search_script = a["data-search-script"]

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self._inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inline is not None:
            kind = self._attrs.get("type", "")
            if kind not in ("application/json", "application/ld+json"):  # data, never run
                self.scripts.append((self._attrs.get("src"), kind, "".join(self._inline)))
            self._inline = None


def resolve(site: Path, page: Path, url: str) -> Path:
    """The file a script address of `page` names (the 404 pages use addresses from the root)."""
    url = url.split("?")[0].split("#")[0]
    rel = PurePosixPath(url.lstrip("/")) if url.startswith("/") else PurePosixPath(page.parent.relative_to(site).as_posix()) / url
    parts: list[str] = []
    for part in rel.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return site.joinpath(*parts)


def is_search_page(site: Path, page: Path) -> bool:
    return any(page == lang_root(site, lang) / "recherche" / "index.html" for lang in LANGS)


def test_every_script_of_a_non_search_page_parses_as_es2017(built_site: Path) -> None:
    checked: dict[Path, list[str]] = {}
    problems = []
    pages = [p for p in html_pages(built_site) if not is_search_page(built_site, p)]
    for page in pages:
        for src, kind, inline in Scripts(page.read_text(encoding="utf-8")).scripts:
            name = f"{page.relative_to(built_site)}: {src or 'inline script'}"
            if kind == "module":
                problems.append(f"{name}: a module script, which old engines skip")
                continue
            if src is None:
                problems += [f"{name}: {p}" for p in newer_than_es2017(inline)]
                continue
            path = resolve(built_site, page, src)
            assert path.is_file(), name
            if path not in checked:  # reported once, with the first page that loads it
                checked[path] = newer_than_es2017(path.read_text(encoding="utf-8"))
                problems += [f"{name}: {p}" for p in checked[path]]
    assert not problems, "\n".join(problems)
    assert built_site / "assets" / "dalil.js" in checked  # the check did read the every-page script


def test_search_script_is_not_loaded_by_other_pages(built_site: Path) -> None:
    pages = [p for p in html_pages(built_site) if not is_search_page(built_site, p)]
    assert len(pages) > 100
    loading = [p.relative_to(built_site).as_posix() for p in pages if "dalil-search.js" in p.read_text(encoding="utf-8")]
    assert not loading
    # Not precached by the service worker either: a first visit does not download it.
    assert "dalil-search.js" not in (built_site / "sw.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_search_page_loads_the_search_script(built_site: Path, lang: str) -> None:
    page = lang_root(built_site, lang) / "recherche" / "index.html"
    found = Scripts(page.read_text(encoding="utf-8"))
    assert found.search_script, "the search form names no search script"
    assert resolve(built_site, page, found.search_script) == built_site / SEARCH_SCRIPT
    assert (built_site / SEARCH_SCRIPT).is_file()
    # The page's own scripts are the every-page one, which fetches the search script on demand.
    assert [resolve(built_site, page, src) for src, _kind, _text in found.scripts if src] == [built_site / "assets" / "dalil.js"]
