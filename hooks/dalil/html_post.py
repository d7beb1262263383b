"""Small, targeted changes to the HTML Material writes, run from on_post_page and on_post_template (404).

Material puts `dir` on <body> only; screen readers, browsers' own UI and CSS logical
properties read it from <html>, so the root element gets `dir` too.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from . import editor_text
from .bidi import RTL_LANGS

_HTML_TAG = re.compile(r"<html lang=\"([a-z-]+)\"")
_TEL_LINK = re.compile(r"<a (?![^>]*\bdir=)([^>]*\bhref=\"(?:tel:|https://wa\.me/))")


def direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGS else "ltr"


def set_root_direction(output: str, lang: str) -> str:
    return _HTML_TAG.sub(lambda m: f'<html lang="{m.group(1)}" dir="{direction(lang)}"', output, count=1)


def mark_phone_links(content: str) -> str:
    """Every tel: and WhatsApp (wa.me) link reads left to right, even inside Arabic text, whoever wrote it."""
    return _TEL_LINK.sub(r'<a dir="ltr" \1', content)


_PRESERVE = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)


def trim_whitespace(output: str) -> str:
    """Drop indentation and blank lines outside <pre>, <textarea> and <script>: lighter pages, same rendering."""
    parts = _PRESERVE.split(output)
    trimmed = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            trimmed.append("\n".join(line.strip() for line in part.splitlines() if line.strip()))
        elif kind == 1:
            trimmed.append(part)
    return "".join(trimmed)


_ADDRESS_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "xlink:href", "data", "srcset", "background", "cite"}


class _AddressCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refused: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _ADDRESS_ATTRIBUTES and value is not None:
                allowed = editor_text.is_allowed_image(value) if tag == "img" or name != "href" else editor_text.is_allowed_link(value)
                if not allowed:
                    self.refused.append(value)

    handle_startendtag = handle_starttag


def unsafe_addresses(content: str) -> list[str]:
    """Addresses in a page's HTML (raw HTML of a hand-written page included) that no link may have:
    schemes other than https:, http:, tel:, mailto:, geo:; images and other resources from another site."""
    collector = _AddressCollector()
    collector.feed(content)
    collector.close()
    return collector.refused


TOGGLE_FORM = "dalil-toggles"
_TOGGLE = re.compile(r'(<input class="md-toggle" [^>]*?) autocomplete="off"(>)')


def valid_toggles(output: str) -> str:
    """Material's menu and search toggles (checkboxes) carry autocomplete="off", which HTML allows
    only on text-like inputs: it stops browsers from restoring a menu left open when someone comes
    back to the page. The same, valid: the toggles belong to an empty form with autocomplete="off"
    (the `form` attribute; they stay where they are, so the CSS that reads them is unchanged)."""
    output, count = _TOGGLE.subn(rf'\1 form="{TOGGLE_FORM}"\2', output)
    if count:
        output = output.replace('<input class="md-toggle" ', f'<form id="{TOGGLE_FORM}" autocomplete="off" hidden></form><input class="md-toggle" ', 1)
    return output
