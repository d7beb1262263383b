"""Editor text: the simple Markdown written in the fields of data/, read by one parser.

Python-Markdown, the parser that renders every page, also reads editor text here, so the links
that validation checks are exactly the links a page will have (inline, reference-style and
autolinks). The same parse gives the plain text of metadata, open data and vCards, and the print
HTML of the brochures. Used by `validation`, `rendering`, `hsds`, `vcard`, `brochures`, and by the
`on_config` hook, which adds `SafeLinks` to the Markdown of every page of the site.

Editor text is escaped before it is parsed (`escape`): no raw HTML, no entity, no attribute list
and no quote can come out of it, on a page or here.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

import markdown
import markupsafe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from . import bidi

ALLOWED_SCHEMES = frozenset({"https", "http", "tel", "mailto", "geo"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in an address
_EXTERNAL = ("https:", "http:", "mailto:", "tel:")
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div", "ul", "ol", "table", "tr", "hr", "dl", "dt", "dd"}
_MARKER_ONLY = re.compile(r"^(• |\d+\. )$")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "{": "&#123;", "}": "&#125;"})


def escape(text: str) -> Markup:
    """Editor text made inert for Markdown and HTML: no tag, entity, attribute list or closing quote.

    Apostrophes stay as they are: every attribute Dalil writes is in double quotes.
    """
    if isinstance(text, Markup):
        return text
    return Markup(str(text).translate(_ESCAPES))


def meta_text(text: str, lang: str) -> str:
    """A page title or description for the theme, which prints it as it is (in <title>, in
    content="…" attributes, in the menu): plain text, escaped once. In Arabic, law numbers, year
    ranges and Latin addresses are isolated with LRI…PDI (no markup can go there)."""
    if lang in bidi.RTL_LANGS:
        text = bidi.isolate_plain(text)
    return str(escape(text))


def link_scheme(address: str) -> str | None:
    """The scheme a browser would see in an address (after entities and ignored characters), lower case."""
    url = _IGNORED_IN_URLS.sub("", html.unescape(address)).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                                     "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return "//"  # another site, without a scheme
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def is_allowed_link(address: str) -> bool:
    """https:, http:, tel:, mailto:, geo: or a link inside the site."""
    scheme = link_scheme(address)
    return scheme is None or scheme in ALLOWED_SCHEMES


def is_allowed_image(address: str) -> bool:
    """Images come from the site itself only (no request to another site)."""
    return link_scheme(address) is None


class _LinkFilter(Treeprocessor):
    """Removes the address of any link or image that is not allowed; notes what it removed."""

    def __init__(self, md: markdown.Markdown, extension: SafeLinks) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a" and element.get("href") is not None and not is_allowed_link(element.get("href")):
                self.extension.dropped.append(element.attrib.pop("href"))
            elif element.tag == "img" and element.get("src") is not None and not is_allowed_image(element.get("src")):
                self.extension.dropped.append(element.attrib.pop("src"))


class SafeLinks(Extension):
    """Python-Markdown extension run on every page: only allowed link schemes survive.

    `dropped` lists the addresses removed since the last `take_dropped()`, so that the build can
    name the page and fail (a hand-written page) instead of silently publishing a dead link.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.dropped: list[str] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After every other tree processor (inline links are made at priority 20, attr_list at 8).
        md.treeprocessors.register(_LinkFilter(md, self), "dalil_safe_links", 0.1)

    def take_dropped(self) -> list[str]:
        dropped, self.dropped = self.dropped, []
        return dropped


class _Collector(Treeprocessor):
    """Notes every link and image address of a parse, before anything is filtered."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.links: list[str] = []
        self.images: list[str] = []

    def run(self, root: etree.Element) -> None:
        self.links = [el.get("href", "") for el in root.iter("a")]
        self.images = [el.get("src", "") for el in root.iter("img")]


class _EditorMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802
        md.treeprocessors.register(_Collector(md), "dalil_collect", 0.2)


@dataclass(frozen=True)
class Parsed:
    """One editor text, parsed: its HTML tree (read only) and every address it links to."""

    tree: etree.Element
    links: tuple[str, ...]  # links, reference definitions included (used or not)
    images: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def _parser() -> tuple[markdown.Markdown, _Collector]:
    md = markdown.Markdown(extensions=[_EditorMarkdown(), SafeLinks()], output_format="xhtml")
    return md, md.treeprocessors["dalil_collect"]


@functools.lru_cache(maxsize=8192)
def parse(text: str) -> Parsed:
    """Parse editor text as a page would (escaped first). Unsafe addresses are absent from the tree."""
    md, collector = _parser()
    md.reset()
    output = md.convert(str(escape(text)))
    references = [address for address, _title in md.references.values()]
    tree = etree.fromstring(f"<div>{output}</div>")
    return Parsed(tree, tuple(collector.links + references), tuple(collector.images))


def _may_link(text: str) -> bool:
    """False when the parser cannot find a link or an image in `text`: every Markdown link, image and
    reference definition has a "[", every autolink a "<" (and escape() adds neither). Most texts
    have none: `make check` then skips their parse."""
    return "[" in text or "<" in text


def links(text: str) -> tuple[str, ...]:
    return parse(text).links if _may_link(text) else ()


def images(text: str) -> tuple[str, ...]:
    return parse(text).images if _may_link(text) else ()


def plain_text(text: str, *, spell_links: bool = False) -> str:
    """Editor text as plain text: one line per paragraph or list item ("• " before items).

    `spell_links`: a link to another site keeps its address after its words, "GADEM (gadem.org)",
    for the open data and vCards that cannot carry a link; links inside the site keep their words.
    """
    lines: list[str] = []
    _plain_blocks(parse(text).tree, lines, spell_links)
    tidy = (" ".join(row.split()) for block in lines for row in block.split("\n"))  # the writer's line breaks stay
    return "\n".join(row for row in tidy if row)


def one_line(text: str) -> str:
    """Plain text on one line (titles, descriptions): links reduced to their words."""
    return " ".join(plain_text(text).split())


def _plain_blocks(element: etree.Element, lines: list[str], spell: bool, marker: str = "• ") -> None:
    """Append the text of `element` to `lines`, starting a new line at each block."""
    block = element.tag in _BLOCKS or element.tag == "br"
    if block and not (lines and _MARKER_ONLY.match(lines[-1])):  # a paragraph inside a list item stays on its line
        lines.append("")
    if element.tag == "li":
        lines[-1] += marker
    if element.tag == "a":
        _append(lines, _spelled(element, spell))
    else:
        if element.text:
            _append(lines, element.text)
        for number, child in enumerate(element, start=1):
            _plain_blocks(child, lines, spell, f"{number}. " if element.tag == "ol" else "• ")
            if child.tail:
                _append(lines, child.tail)
    if block:
        lines.append("")


def _append(lines: list[str], text: str) -> None:
    if not lines:
        lines.append("")
    lines[-1] += text


def _spelled(link: etree.Element, spell: bool) -> str:
    label = " ".join("".join(link.itertext()).split())
    target = link.get("href", "")
    if not spell or not target.lower().startswith(_EXTERNAL):
        return label
    shown = re.sub(r"^(mailto:|tel:)", "", target, flags=re.IGNORECASE)
    bare = re.sub(r"^https?://", "", shown, flags=re.IGNORECASE).rstrip("/")
    if not label or label.rstrip("/") in (shown.rstrip("/"), bare):
        return shown
    return f"{label} ({shown})"


def inline_html(text: str, *, text_html: Callable[[str], str], link_html: Callable[[str, str], str]) -> Markup:
    """Editor text as inline HTML for print: **bold** and *italics* kept, blocks separated by <br>,
    list items marked "• ". `text_html` turns escaped text into HTML (e.g. isolating numbers);
    `link_html(inner_html, address)` writes an allowed link (a link inside the site is given
    its inner HTML only, by the caller's choice)."""
    parts: list[str] = []
    _inline(parse(text).tree, parts, text_html, link_html)
    joined = re.sub(r"\s*(?:<br>\s*)+", "<br>", "".join(parts))
    return Markup(re.sub(r"^<br>|<br>$", "", joined))


def _inline(element: etree.Element, parts: list[str], text_html: Callable[[str], str], link_html: Callable[[str, str], str],
            in_link: bool = False) -> None:
    """Append the print HTML of `element` to `parts`; the words of a link are left to `link_html`."""
    in_link = in_link or element.tag == "a"
    words = (lambda text: str(markupsafe.escape(text))) if in_link else (lambda text: text_html(str(markupsafe.escape(text))))
    inner: list[str] = []
    if element.text:
        inner.append(words(element.text))
    for child in element:
        _inline(child, inner, text_html, link_html, in_link)
        if child.tail:
            inner.append(words(child.tail))
    content = "".join(inner)
    tag = element.tag
    if tag in ("strong", "b"):
        parts.append(f"<strong>{content}</strong>")
    elif tag in ("em", "i"):
        parts.append(f"<em>{content}</em>")
    elif tag == "a":
        parts.append(link_html(content, element.get("href")) if element.get("href") else content)
    elif tag == "li":
        parts.append("<br>• " + re.sub(r"^(?:\s*<br>)+", "", content) + "<br>")
    elif tag in _BLOCKS:
        parts.append(f"<br>{content}<br>")
    else:
        parts.append(content)
