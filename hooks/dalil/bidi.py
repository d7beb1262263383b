"""Left-to-right runs inside Arabic text: found in plain text, isolated at render time.

In a right-to-left line, Latin digits that follow Arabic letters are Arabic numbers (AN) for the
Unicode Bidirectional Algorithm, and a hyphen, an en dash or a space between two of them does not
join them: «القانون 02-03» is shown 03-02, «2016–2017» 2017–2016, "10, avenue Mehdi Ben Barka,
Souissi" …Souissi ,10. Editors write plain text; the build isolates such runs as left to right:
`<span dir="ltr">` in web pages (an HTML element with `dir` is an isolate), LRI…PDI (U+2066,
U+2069) in plain text.

A run is a sequence of words (Latin letters and ASCII digits) that reads as one unit:

- numbers joined by `-`, `–`, `—` (spaces around allowed), `/`, `:` or `.`: laws and decrees
  (02-03, 1-03-196), year and hour ranges (2016–2017, 9:00 - 16:30), dates (12/03/2024);
- digit groups separated by one space: 1 000, 05 37 54 54 00;
- Latin words and numbers joined by spaces and punctuation: "10, avenue Mehdi Ben Barka, Souissi".

Two numbers separated otherwise ("2019: 151", "2016, 2017", "2016، 2017") are two items of an
Arabic sentence and keep the right-to-left order. A run never holds a bracket, a guillemet or a
double quote (an unbalanced one inside an isolate is mirrored or placed the wrong way), nor any
Arabic character. Only runs of two words or more that hold a digit are isolated: a single word,
or Latin words without digits, already read left to right.

Used by `markdown_ext` (web pages, Arabic only), `brochures` (printable HTML) and the tests.
No MkDocs or Markdown import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

RTL_LANGS = frozenset({"ar"})  # languages written right to left (the one definition)
LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
WORD = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF]+")
_SPACE = "[ \u00a0\u202f]"
_DASH = "[-\u2010-\u2015\u2212]"
# What joins two words whatever they are: a dash (spaced or not), an unspaced / : or ., or one
# space (digit groups: 1 000, 05 37 54 54 00).
NUMBER_JOIN = re.compile(rf"{_SPACE}?{_DASH}{_SPACE}?|[/:.]|{_SPACE}")
# What joins two words when one of them holds a Latin letter: spaces and punctuation.
LATIN_JOIN = re.compile(rf"(?:{_SPACE}|{_DASH}|[.,:;/&+_@#%°'’=~|])+")
HTML_SPAN = '<span dir="ltr">{}</span>'


def find_runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every run to isolate in a plain string, in order."""
    words = list(WORD.finditer(text))
    index = 0
    while index < len(words):
        last = index
        while last + 1 < len(words) and joins_words(words[last].group(), text[words[last].end():words[last + 1].start()], words[last + 1].group()):
            last += 1
        start, end = words[index].start(), words[last].end()
        if last > index and any(char.isdigit() for char in text[start:end]):
            yield start, end
        index = last + 1


def joins_words(left: str, separator: str, right: str) -> bool:
    """True if the separator between two words makes them one left-to-right unit."""
    if NUMBER_JOIN.fullmatch(separator):
        return True
    if left.isdigit() and right.isdigit():
        return False
    return LATIN_JOIN.fullmatch(separator) is not None


def split_runs(text: str) -> Iterator[tuple[str, bool]]:
    """The string cut into (piece, is_run) pieces, in order, nothing lost."""
    last = 0
    for start, end in find_runs(text):
        if start > last:
            yield text[last:start], False
        yield text[start:end], True
        last = end
    if last < len(text):
        yield text[last:], False


def wrap_runs(text: str, wrap: Callable[[str], str], other: Callable[[str], str] = str) -> str:
    """The string with every run replaced by wrap(run) and everything else by other(piece)."""
    return "".join(wrap(piece) if is_run else other(piece) for piece, is_run in split_runs(text))


def isolate_html(text: str) -> str:
    """Plain text as HTML (escaped) with every run in <span dir="ltr">."""
    return wrap_runs(text, lambda run: HTML_SPAN.format(html.escape(run, quote=False)), lambda piece: html.escape(piece, quote=False))


def isolate_plain(text: str) -> str:
    """Plain text with every run between LRI and PDI, for outputs that are not HTML."""
    return wrap_runs(text, lambda run: f"{LRI}{run}{PDI}")
