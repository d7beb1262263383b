"""The text context: one language's words, escaped and typeset, for every output.

`Context` is what a page template gets as `ctx` (rendering, pipeline's pages, the theme context,
the "not saved" page of postbuild) and, through brochures.PrintContext, what a brochure gets:
translation with the French fallback marked, escaping (`editor_text.escape`), French
typography (" :"), dates and day names (Babel), labels of data/labels.yml. The exports (HSDS,
vCard) need the same texts without markup: `text_in` and `plain_text`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from babel.dates import format_date, get_day_names, get_month_names
from markupsafe import Markup

from . import editor_text
from .editor_text import escape, one_line
from .model import SiteData

BABEL_LOCALES = {"fr": "fr_MA", "ar": "ar_MA", "en": "en_GB"}  # en_GB: "29 November 2026"
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# The end of a sentence: . ! ? or ؟ followed by a letter (so "n° 13" or "no. 13" does not end one).
SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+(?=[^\W\d_])")
LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n\n", "\t": " "}


@dataclass
class Context:
    """What a template needs for one language; records which fields fell back to French."""

    lang: str
    site: SiteData
    fallbacks: list[str] = field(default_factory=list)

    @property
    def colon(self) -> str:
        """" :" in French typography, ":" in English and Arabic."""
        return " :" if self.lang == "fr" else ":"

    @property
    def semicolon(self) -> str:
        return {"fr": " ; ", "ar": "؛ "}.get(self.lang, "; ")

    @property
    def comma(self) -> str:
        """Separator of a list of names (cities…): the Arabic comma in Arabic."""
        return "، " if self.lang == "ar" else ", "

    def text_label(self, key: str, **values: object) -> str:
        """An interface label as plain text, its {placeholders} filled with `values`."""
        text = self.site.labels[key][self.lang]
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    def label(self, key: str, **values: object) -> Markup:
        """An interface label for a page, escaped like any data text."""
        return escape(self.text_label(key, **values))

    def in_language(self, text: dict | None, french: str) -> Markup:
        """`text` in the page language, escaped; when French stands in, it is noted (the page is marked
        `fallback`) and set in `french`, a wrapper that says its language."""
        if not text:
            return Markup("")
        if self.lang in text:
            return escape(text[self.lang])
        self.fallbacks.append(text["fr"][:40])
        return Markup(french).format(escape(text["fr"]))

    def t(self, text: dict | None) -> Markup:
        """Inline text in the page language, escaped; French marked as such when it stands in."""
        return self.in_language(text, '<span lang="fr" dir="ltr">{}</span>')

    def lead(self, text: dict | None) -> Markup:
        """The first sentence of a text (inline, as t()): what a list shows of an organisation."""
        if not text:
            return ""
        return self.t({lang: SENTENCE_END.split(value.strip(), maxsplit=1)[0] for lang, value in text.items()})

    def block(self, text: dict | None) -> Markup:
        """Markdown block in the page language (escaped); a French fallback is wrapped in a div."""
        return self.in_language(text, '<div lang="fr" dir="ltr" markdown>\n\n{}\n\n</div>')

    def plain(self, text: dict | None) -> str:
        """Single-line plain text (titles, descriptions, sorting): Markdown reduced to its words. Not escaped."""
        if not text:
            return ""
        return one_line(text.get(self.lang, text["fr"]))

    def date(self, iso: str) -> str:
        """A long date; in Arabic the Moroccan month name is followed by the Mashriq one where they
        differ ("28 نونبر (نوفمبر) 2026"): Syrian, Yemeni or Sudanese readers may not know «نونبر»."""
        day = dt.date.fromisoformat(iso)
        text = format_date(day, format="long", locale=BABEL_LOCALES[self.lang])
        if self.lang == "ar":
            moroccan, mashriq = (get_month_names("wide", locale=locale)[day.month] for locale in ("ar_MA", "ar"))
            if moroccan != mashriq and moroccan in text:
                text = text.replace(moroccan, f"{moroccan} ({mashriq})", 1)
        return text

    def day_names(self, days: list[str]) -> str:
        names = get_day_names("wide", locale=BABEL_LOCALES[self.lang])
        indexes = [DAYS.index(d) for d in days]
        if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
            return f"{names[indexes[0]]} – {names[indexes[-1]]}"
        return self.comma.join(names[i] for i in indexes)

    def period(self, start: str | None, end: str | None) -> str:
        """« du 1 mars 2026 au 30 mars 2026 » for seasonal hours (e.g. Ramadan)."""
        words = {"fr": ("du", "au"), "ar": ("من", "إلى"), "en": ("from", "to")}[self.lang]
        parts = ([f"{words[0]} {self.date(start)}"] if start else []) + ([f"{words[1]} {self.date(end)}"] if end else [])
        return " ".join(parts)

    def ltr(self, value: str) -> Markup:
        return Markup('<span dir="ltr">{}</span>').format(escape(value))

    def city(self, city_id: str) -> Markup:
        return self.t(self.site.cities[city_id]["name"])

    def language_name(self, code: str) -> str:
        return self.site.languages[code]["name"][self.lang]


# ---- Plain text, for the exports (HSDS, vCard) ----


def text_in(text: dict | None, lang: str) -> str | None:
    """Plain text in `lang`, French when that language is missing; None when there is no text."""
    if not text:
        return None
    return plain_text(text.get(lang) or text["fr"])


def plain_text(value: str) -> str:
    """Editor text (simple Markdown) as plain text: links spelled out, no control characters."""
    return editor_text.plain_text(clean_text(value), spell_links=True)


def clean_text(value: str) -> str:
    """Text with every line break as "\n" and no other control character (no Markdown read)."""
    for old, new in LINE_BREAKS.items():
        value = value.replace(old, new)
    return "".join(ch for ch in value if ch == "\n" or unicodedata.category(ch) != "Cc")
