"""Python-Markdown extension: left-to-right runs of Arabic pages become isolates.

Registered once by `build_hooks.on_config` (an Extension instance in
`config.markdown_extensions`, which MkDocs passes to Python-Markdown for every page). The i18n
plugin builds each language with the same configuration, so the extension asks for the language
of the page being rendered through a callable instead of keeping one.

On an Arabic page, every run that `bidi.find_runs` finds in the text or tail of an element
(laws 02-03, years 2016–2017, "10, avenue Mehdi Ben Barka") is put in <span dir="ltr">. Skipped:
code, preformatted text, scripts, tel: links, and elements that already set their own direction
(`dir`, <bdi>), with everything inside them. Raw HTML and entities are placeholders in the text at
this stage (Python-Markdown's stash): a run never crosses one, they are kept as they are, and the
text inside a raw tag that sets `dir` (a French fallback `<span lang="fr" dir="ltr">`) is left
alone. The table of contents (the menu) shows headings as plain text: a heading with runs gets a
`data-toc-label` with them between LRI and PDI.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from . import bidi

SKIPPED = {"code", "pre", "script", "style", "kbd", "samp", "bdi", "bdo", "svg", "math", "textarea"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# A stashed piece of raw HTML (wzxhzdk:N), an escaped character or an inline placeholder.
PLACEHOLDER = re.compile(f"{STX}[^{ETX}]*{ETX}")
STASHED = re.compile(f"{STX}wzxhzdk:([0-9]+){ETX}")
RAW_TAG = re.compile(r"<(?P<close>/)?(?P<name>[A-Za-z][A-Za-z0-9-]*)\b[^<>]*>")
RAW_DIR = re.compile(r"\sdir\s*=")
VOID = {"br", "hr", "img", "input", "wbr", "meta", "link", "source", "col", "area", "base", "embed", "track"}
PRIORITY = 6  # after inline patterns (20) and attr_list (8), before toc (5) reads the headings


class BidiExtension(Extension):
    """Isolate left-to-right runs on the pages whose language `language()` returns as right to left."""

    def __init__(self, language: Callable[[], str], **kwargs: object) -> None:
        self.language = language
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(BidiTreeprocessor(md, self.language), "dalil_bidi", PRIORITY)


class BidiTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, language: Callable[[], str]) -> None:
        super().__init__(md)
        self.language = language

    def run(self, root: etree.Element) -> None:
        if self.language() in bidi.RTL_LANGS:
            Isolator(self.md.htmlStash.rawHtmlBlocks, label_headings="toc" in self.md.treeprocessors).isolate_element(root)


class Isolator:
    """One walk over a page's tree, in document order.

    Inline raw HTML is stashed one tag at a time (`<span dir="ltr">`, then `</span>`): `open_tags`
    follows the raw tags opened inside such an element, so its text is left alone too.
    """

    def __init__(self, stash: list, *, label_headings: bool = True) -> None:
        self.stash = stash
        self.label_headings = label_headings
        self.open_tags: list[str] = []

    def isolate_element(self, element: etree.Element) -> None:
        """Isolate the runs of an element's text and of its children (and their tails), in place."""
        children = list(element)
        if self.label_headings and element.tag in HEADINGS:
            label_heading(element)
        head, spans = self.split_text(element.text or "")
        if spans:
            element.text = head
            for index, span in enumerate(spans):
                element.insert(index, span)
        for child in children:
            if not is_skipped(child):
                self.isolate_element(child)
            head, spans = self.split_text(child.tail or "")
            if spans:
                child.tail = head
                position = list(element).index(child) + 1
                for offset, span in enumerate(spans):
                    element.insert(position + offset, span)

    def split_text(self, text: str) -> tuple[str, list[etree.Element]]:
        """(text before the first run, one <span dir="ltr"> per run with what follows it as its tail)."""
        head = ""
        spans: list[etree.Element] = []
        for piece in split_placeholders(text):
            if PLACEHOLDER.fullmatch(piece):
                self.follow_raw_tag(piece)
                parts = [(piece, False)]
            elif self.open_tags:
                parts = [(piece, False)]
            else:
                parts = list(bidi.split_runs(piece))
            for part, is_run in parts:
                if is_run:
                    span = etree.Element("span", {"dir": "ltr"})
                    span.text = part
                    span.tail = ""
                    spans.append(span)
                elif spans:
                    spans[-1].tail += part
                else:
                    head += part
        return head, spans

    def follow_raw_tag(self, placeholder: str) -> None:
        """Keep `open_tags` up to date with one stashed raw HTML tag."""
        found = STASHED.fullmatch(placeholder)
        raw = self.stash[int(found.group(1))] if found and int(found.group(1)) < len(self.stash) else ""
        tag = RAW_TAG.fullmatch(str(raw).strip())
        if not tag or tag.group("name").lower() in VOID or tag.group(0).endswith("/>"):
            return
        name = tag.group("name").lower()
        if tag.group("close"):
            if self.open_tags and self.open_tags[-1] == name:
                self.open_tags.pop()
        elif self.open_tags or name in SKIPPED or RAW_DIR.search(tag.group(0)):
            self.open_tags.append(name)


def is_skipped(element: etree.Element) -> bool:
    """Left alone with all it holds: code, scripts, what sets its own direction, and tel: and wa.me links
    (`html_post.mark_phone_links` makes each one a left-to-right isolate after Markdown)."""
    if not isinstance(element.tag, str) or element.tag in SKIPPED or "dir" in element.attrib:
        return True
    return element.tag == "a" and element.get("href", "").startswith(("tel:", "https://wa.me/"))


def label_heading(heading: etree.Element) -> None:
    """The table of contents shows a heading as plain text: its runs go between LRI and PDI there."""
    text = "".join(heading.itertext())
    labelled = "".join(piece if PLACEHOLDER.fullmatch(piece) else bidi.isolate_plain(piece) for piece in split_placeholders(text))
    if labelled != text and "data-toc-label" not in heading.attrib:
        heading.set("data-toc-label", labelled)


def split_placeholders(text: str) -> list[str]:
    """Text cut at each placeholder, the placeholders kept as pieces of their own."""
    return [piece for piece in re.split(f"({PLACEHOLDER.pattern})", text) if piece]
