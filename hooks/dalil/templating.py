"""The page templates' Jinja environment and what every generated page is made of.

Used by the page renderers (`pages_records`, `pages_directory`, `pages_site`). Markup lives in
the Jinja templates of `templates/`; a renderer only prepares what they need and `make_page`
assembles front matter and body. Each translatable field falls back to French on its own (see
`text.Context`): the page is then marked `fallback`, so the theme shows a notice instead of
passing French off as Arabic or English.

Text from data is untrusted. The templates are autoescaped and their `finalize` escapes every
value that is not already `Markup` (`editor_text.escape`: tags, entities, quotes and the braces
of attribute lists), so a template cannot forget; the helpers of `text.Context` and the macros of
`_macros.md.j2` (call and chat links) return `Markup`.
Page titles and descriptions go to the theme as escaped text (`meta_text`): the theme prints
them inside attributes and `<title>` as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from . import phones
from .editor_text import escape, meta_text
from .model import Emergency, Organisation, Topic
from .text import Context
from .urls import (
    map_links,
)

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class RenderedPage:
    """A Markdown page for one language, at a path relative to that language's folder."""

    lang: str
    path: str  # e.g. asile/demander-l-asile.md
    meta: dict[str, Any]
    body: str

    def text(self) -> str:
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=True, width=1000)
        return f"---\n{front}---\n\n{self.body.strip()}\n"



def _finalize(value: Any) -> Any:
    """Every value a template prints is escaped unless a helper already made it Markup."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return escape(value)
    return value



def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # The output is Markdown with some HTML: values are escaped by _finalize (which also
        # escapes the braces of attribute lists), helpers return Markup.
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown heading anchors are written {#id}: Jinja comments use {## … ##} instead.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["indent4"] = lambda text: escape(text).replace("\n", "\n    ")
    env.filters["md"] = escape
    env.filters["attr"] = escape
    env.filters["tel_uri"] = phones.tel_uri  # the call and chat links: macros of _macros.md.j2
    env.filters["whatsapp_uri"] = phones.whatsapp_uri
    env.filters["display_number"] = phones.display_number
    env.globals["map_links"] = map_links
    return env



def make_page(env: jinja2.Environment, template: str, ctx: Context, path: str, meta: dict, **values: Any) -> RenderedPage:
    body = env.get_template(template).render(ctx=ctx, **values)
    meta = {"title": meta_text(meta.pop("title"), ctx.lang), "description": meta_text(meta.pop("description"), ctx.lang),
            "dalil": {**meta, "fallback": bool(ctx.fallbacks)}}
    return RenderedPage(ctx.lang, path, meta, body)



def search_words(records: list[Topic] | list[Organisation] | list[Emergency], lang: str) -> str:
    """The words people type to find these records (their `search_terms` in one language), each
    word once, space-separated: the theme puts them in the page's Pagefind metadata, never shown."""
    words: dict[str, str] = {}
    for record in records:
        for phrase in record.search_terms.get(lang, []):
            for word in phrase.split():
                words.setdefault(word.casefold(), word)
    return " ".join(words.values())
