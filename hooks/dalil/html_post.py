"""Small, targeted changes to the HTML Material writes, run from on_post_page.

Material puts `dir` on <body> only; screen readers, browsers' own UI and CSS logical
properties read it from <html>, so the root element gets `dir` too.
"""

from __future__ import annotations

import re

RTL = {"ar"}
_HTML_TAG = re.compile(r"<html lang=\"([a-z-]+)\"")


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def set_root_direction(output: str, lang: str) -> str:
    return _HTML_TAG.sub(lambda m: f'<html lang="{m.group(1)}" dir="{direction(lang)}"', output, count=1)
