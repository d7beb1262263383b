"""Arabic text shows its left-to-right runs in the order they were written.

In a right-to-left line, Latin digits that follow Arabic letters are Arabic numbers for the
Unicode Bidirectional Algorithm, and a hyphen, a dash or a space between two of them does not
join them: «القانون 02-03» would be shown 03-02, «2016–2017» 2017–2016, "10, avenue Mehdi Ben
Barka" …Barka ,10. This test lays out every text block of every built Arabic page, and of every
Arabic brochure's HTML, with the algorithm (python-bidi, as a browser or Pango would) and fails
on any run — Latin letters and digits with the neutral separators between them, no brackets —
that is not shown as written.

Elements with a `dir` attribute and <bdi> are isolates, as in HTML: in the outer paragraph each
one is a neutral placeholder, and its content is laid out as a paragraph of its own direction.
<br> and block elements end a paragraph; <head>, <script>, <style>, <svg>, <code> and <pre> are
skipped, and so are attributes (title, alt, aria-label): visible text only.

`python tests/test_bidi.py [SITE_DIR]` prints what the check finds in a built site and in the
brochures, to measure before a fix.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import markdown
import pytest
from bidi import get_display
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

from conftest import real_site
from dalil import bidi, brochures
from dalil.markdown_ext import BidiExtension
from dalil.model import SiteData

BASE_URLS = {"fr": "https://dalil.example.org/", "ar": "https://dalil.example.org/ar/", "en": "https://dalil.example.org/en/"}

SKIPPED = {"script", "style", "svg", "template", "head", "code", "pre", "textarea"}
INLINE = {"a", "abbr", "b", "cite", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
          "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
REPLACED = {"img", "input", "select", "button", "iframe", "object", "video", "audio", "canvas", "meter", "progress"}
PLACEHOLDER = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: a neutral (ON) in the outer paragraph, as an isolate is
BASES = {"ltr": "L", "rtl": "R"}
CONTEXT = 30  # characters shown on each side of a reversed run
NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


def _separators() -> str:
    """Neutral characters that may sit between two Latin words or numbers: spaces, punctuation, dashes.

    No brackets or other mirrored characters (an isolate shows them mirrored, and editors close
    them outside), no Arabic punctuation (the Arabic comma is a list separator read right to left),
    no controls, not the isolate placeholder.
    """
    chars = []
    for code in range(0x20, 0x3000):
        char = chr(code)
        if (unicodedata.bidirectional(char) in ("WS", "CS", "ES", "ET", "ON") and not unicodedata.mirrored(char)
                and unicodedata.category(char)[0] in "PSZ" and not 0x0600 <= code <= 0x08FF):
            chars.append(re.escape(char))
    return "".join(chars)


WORD = r"[0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+"
RUN = re.compile(rf"{WORD}(?:[{_separators()}]+{WORD})*")
# Between two numbers, a comma or semicolon, or a punctuation mark and a space, separates two items
# of the Arabic sentence ("سنة 2019: 151", "2016, 2017"): they rightly follow the line's direction.
LIST_SEPARATOR = re.compile(r"(?<=\d)\s*(?:[,;]|[^\s\w\-\u2010-\u2015\u2212]\s)\s*(?=\d)")


@dataclass
class Reversal:
    where: str
    run: str
    context: str
    displayed: str

    def __str__(self) -> str:
        return f"{self.where}: «{self.run}» in «{self.context}» is shown «{self.displayed}»"


# ---- The check ----


def reversed_runs(text: str, base: str | None = "R", where: str = "") -> list[Reversal]:
    """Runs of a paragraph that the bidi algorithm does not show in their written order."""
    text = " ".join(text.split())
    visual = get_display(text, base_dir=base)
    found = []
    for start, end in runs(text):
        run = text[start:end]
        if visual.count(run) < text.count(run):
            context = text[max(0, start - CONTEXT):end + CONTEXT]
            found.append(Reversal(where, run, context, get_display(context, base_dir=base)))
    return found


def runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every run: Latin letters and digits with neutral separators, cut at list separators."""
    for match in RUN.finditer(text):
        start = match.start()
        for separator in LIST_SEPARATOR.finditer(match.group()):
            yield start, match.start() + separator.start()
            start = match.start() + separator.end()
        yield start, match.end()


def direction_of(element: Tag, inherited: str | None) -> str | None:
    """Base direction of an element's paragraphs: L, R, or None for 'first strong character'."""
    value = (element.get("dir") or "").lower()
    if value in BASES:
        return BASES[value]
    if value == "auto" or element.name == "bdi":
        return None
    return inherited


def is_isolate(element: Tag) -> bool:
    return element.has_attr("dir") or element.name == "bdi"


def text_blocks(root: Tag, base: str | None) -> list[tuple[str, str | None]]:
    """Every paragraph under root as (logical text, base direction), isolates split out."""
    blocks: list[tuple[str, str | None]] = []
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        if text.strip():
            blocks.append((text, base))

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, NOT_TEXT):
                    buffer.append(str(child))
            elif not isinstance(child, Tag) or child.name in SKIPPED:
                continue
            elif child.name == "br":
                flush()
            elif child.name in REPLACED:
                buffer.append(PLACEHOLDER)
                blocks.extend(text_blocks(child, direction_of(child, base)))
            elif child.name in INLINE or child.name == "bdi":
                if is_isolate(child):
                    buffer.append(PLACEHOLDER)
                    blocks.extend(text_blocks(child, direction_of(child, base)))
                else:
                    walk(child)
            else:  # a block: the paragraph around it ends, its own paragraphs have its direction
                flush()
                blocks.extend(text_blocks(child, direction_of(child, base)))
    walk(root)
    flush()
    return blocks


def html_reversals(html_text: str, where: str) -> list[Reversal]:
    """Reversed runs in the visible text of an HTML document, laid out from its <html dir>."""
    soup = BeautifulSoup(html_text, "html.parser")
    root = soup.find("html") or soup
    body = soup.find("body") or root
    base = direction_of(root, "L") if isinstance(root, Tag) else "L"
    found = []
    for text, block_base in text_blocks(body, direction_of(body, base)):
        found.extend(reversed_runs(text, block_base, where))
    return found


# ---- Unit tests: the check can fail ----


@pytest.mark.parametrize("text", ["القانون 02-03 المتعلق بدخول الأجانب", "السنة الدراسية 2016–2017", "الظهير 1-03-196",
                                  "العنوان: 10, avenue Mehdi Ben Barka, Souissi", "من 1 000 درهم"])
def test_check_reports_a_reversed_run(text: str) -> None:
    found = reversed_runs(text, where="x.html")
    assert len(found) == 1, text
    assert found[0].run not in found[0].displayed and found[0].run in found[0].context


def test_check_reports_law_02_03_shown_03_02() -> None:
    assert [str(r) for r in reversed_runs("القانون 02-03", where="x.html")] == ["x.html: «02-03» in «القانون 02-03» is shown «03-02 نوناقلا»"]


def test_check_accepts_isolated_runs_and_safe_numbers() -> None:
    html_text = ('<html lang="ar" dir="rtl"><body><p>القانون <span dir="ltr">02-03</span> و<bdi>2016–2017</bdi>'
                 ' من 9:00 إلى 16:30، سنة 2016/2017، 1.5 كلم، HCR Maroc</p></body></html>')
    assert html_reversals(html_text, "x") == []


def test_check_sees_a_run_across_inline_elements_and_in_nested_blocks() -> None:
    html_text = '<html dir="rtl"><body><div><p>القانون <strong>02</strong>-03</p><ul><li>سنة 2016 - 2017</li></ul></div></body></html>'
    assert [r.run for r in html_reversals(html_text, "x")] == ["02-03", "2016 - 2017"]


def test_check_lays_isolates_out_in_their_own_direction() -> None:
    # A French fallback (dir="ltr") shows "02-03" as written; the same inside dir="rtl" does not.
    ok = '<html dir="rtl"><body><p>نص <span lang="fr" dir="ltr">loi n° 02-03, 2016–2017</span></p></body></html>'
    bad = '<html dir="ltr"><body><p>text <span dir="rtl">القانون 02-03</span></p></body></html>'
    assert html_reversals(ok, "x") == []
    assert [r.run for r in html_reversals(bad, "x")] == ["02-03"]


# ---- dalil.bidi and the Markdown extension ----


@pytest.fixture(scope="module")
def site_data() -> SiteData:
    return real_site()


@pytest.mark.parametrize(("text", "runs"), [
    ("القانون 02-03 المتعلق", ["02-03"]),
    ("الظهير 1-03-196 والمرسوم 2-09-607.", ["1-03-196", "2-09-607"]),
    ("سنة 2016–2017 ومن 9:00 - 16:30 وفي 12/03/2024", ["2016–2017", "9:00 - 16:30", "12/03/2024"]),
    ("غرامة 1 000 درهم أو 05 37 54 54 00", ["1 000", "05 37 54 54 00"]),
    ("العنوان: 10, avenue Mehdi Ben Barka, Souissi، الرباط", ["10, avenue Mehdi Ben Barka, Souissi"]),
    ("11, rue Ait Ourir « Pinède »", ["11, rue Ait Ourir"]),  # no quotation mark or bracket in a run
    ("(2014 و2016-2017)", ["2016-2017"]),
    # Items of the Arabic sentence, single words, Latin without digits: nothing to isolate.
    ("سنة 2019: 151، 2016, 2017، 2016، 2017", []),
    ("سنة 2016 وHCR وCaritas Maroc وB2", []),
])
def test_find_runs(text: str, runs: list[str]) -> None:
    assert [text[start:end] for start, end in bidi.find_runs(text)] == runs


def test_isolated_text_shows_as_written() -> None:
    text = "القانون 02-03 المتعلق بسنة 2016–2017 و10, avenue Mehdi Ben Barka <b> & 1 000"
    assert reversed_runs(text)
    assert bidi.isolate_html(text) == ('القانون <span dir="ltr">02-03</span> المتعلق بسنة <span dir="ltr">2016–2017</span> '
                                       'و<span dir="ltr">10, avenue Mehdi Ben Barka</span> &lt;b&gt; &amp; <span dir="ltr">1 000</span>')
    assert html_reversals(f'<html dir="rtl"><body><p>{bidi.isolate_html(text)}</p></body></html>', "x") == []
    assert bidi.isolate_plain(text) == text.replace("02-03", "\u206602-03\u2069").replace("2016–2017", "\u20662016–2017\u2069") \
        .replace("10, avenue Mehdi Ben Barka", "\u206610, avenue Mehdi Ben Barka\u2069").replace("1 000", "\u20661 000\u2069")
    assert reversed_runs(bidi.isolate_plain(text)) == []  # LRI…PDI are isolates for the algorithm too


def convert(source: str, lang: str) -> tuple[str, list]:
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "admonition", "toc", BidiExtension(lambda: lang)])
    return md.convert(source), md.toc_tokens


MARKDOWN = """## القانون 02-03 {#loi}

نص 1-2 <span lang="fr" dir="ltr">loi 3-4 **5-6** <span>7-8</span></span> 9-10 `a 11-12` **13-14** &amp; [2511.ma](https://2511.ma)<br>15-16 [05 37 54 54 00](tel:+212537545400)

<div lang="fr" dir="ltr" markdown>
loi 17-18
</div>
"""


def test_markdown_extension_isolates_arabic_runs_only() -> None:
    html_text, toc = convert(MARKDOWN, "ar")
    assert html_text == (
        '<h2 id="loi">القانون <span dir="ltr">02-03</span></h2>\n'
        '<p>نص <span dir="ltr">1-2</span> <span lang="fr" dir="ltr">loi 3-4 <strong>5-6</strong> <span>7-8</span></span> '
        '<span dir="ltr">9-10</span> <code>a 11-12</code> <strong><span dir="ltr">13-14</span></strong> &amp; '
        '<a href="https://2511.ma"><span dir="ltr">2511.ma</span></a><br><span dir="ltr">15-16</span> <a href="tel:+212537545400">05 37 54 54 00</a></p>\n'
        '<div dir="ltr" lang="fr">\n<p>loi 17-18</p>\n</div>')
    assert toc[0]["name"] == "القانون \u206602-03\u2069"  # the menu shows headings as plain text
    french, _toc = convert(MARKDOWN, "fr")
    assert 'span dir="ltr">' not in french.replace('<span lang="fr" dir="ltr">', "")


def visible_markup(html_text: str) -> tuple[str, list[str]]:
    """(text, every tag with its attributes except <span dir="ltr">): what isolation must not change."""
    soup = BeautifulSoup(html_text, "html.parser")
    tags = [f"{tag.name} {sorted(tag.attrs.items())}" for tag in soup.find_all(True) if not (tag.name == "span" and tag.attrs == {"dir": "ltr"})]
    return soup.get_text(), tags


@pytest.mark.parametrize("hostile", [False, True], ids=["real data", "hostile data"])
def test_markdown_extension_only_adds_isolates(hostile: bool, site_data: SiteData) -> None:
    """Every generated Arabic page, converted with and without the extension: same text, same tags."""
    from dalil.rendering import render_site
    from test_injection import hostile_site  # real records whose every text carries attack strings

    site = hostile_site() if hostile else site_data
    pages = [page for page in render_site(site) if page.lang == "ar"]
    added = 0
    for page in pages:
        plain, _toc = convert(page.body, "fr")  # the extension does nothing on a left-to-right page
        isolated, _toc = convert(page.body, "ar")
        assert visible_markup(isolated) == visible_markup(plain), page.path
        added += isolated.count('<span dir="ltr">') - plain.count('<span dir="ltr">')
    assert added > 50


# ---- The built site and the brochures ----


def arabic_pages(site: Path) -> list[Path]:
    return sorted((site / "ar").rglob("*.html"))


def site_reversals(site: Path) -> Iterator[Reversal]:
    for path in arabic_pages(site):
        yield from html_reversals(path.read_text(encoding="utf-8"), str(path.relative_to(site)))


def brochure_reversals(site: SiteData) -> Iterator[Reversal]:
    """Reversed runs in the HTML of every Arabic brochure, before WeasyPrint lays it out."""
    env = brochures.environment()
    for plan in brochures.plan_brochures(site, base_urls=BASE_URLS):
        if plan.lang == "ar":
            html_text, _title = brochures.render_html(env, site, plan)
            yield from html_reversals(html_text, plan.path)


def report(found: list[Reversal]) -> str:
    places = sorted({r.where for r in found})
    return f"{len(found)} reversed runs in {len(places)} files:\n" + "\n".join(str(r) for r in found)


def test_arabic_pages_show_runs_as_written(built_site: Path) -> None:
    assert arabic_pages(built_site)
    found = list(site_reversals(built_site))
    assert not found, report(found)


def test_arabic_brochures_show_runs_as_written(site_data: SiteData) -> None:
    found = list(brochure_reversals(site_data))
    assert not found, report(found)


if __name__ == "__main__":  # python tests/test_bidi.py [SITE_DIR]: count reversed runs (site, brochures)
    if len(sys.argv) > 1:
        print(report(list(site_reversals(Path(sys.argv[1])))))
    print("brochures:", report(list(brochure_reversals(real_site()))))


def test_titles_and_descriptions_isolate_runs_in_arabic_only() -> None:
    """<title>, the meta description and the menu cannot hold markup: LRI…PDI keep 02-03 in order."""
    from dalil.editor_text import meta_text

    assert meta_text("القانون 02-03 & «x»", "ar") == "القانون \u206602-03\u2069 &amp; «x»"
    assert meta_text("Loi 02-03 & x", "fr") == "Loi 02-03 &amp; x"
    shown = get_display(meta_text("القانون 02-03", "ar"), base_dir="R")
    assert "02-03" in shown
