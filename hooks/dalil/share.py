"""Passing a page on the way people do: WhatsApp, SMS, the phone's share sheet, a QR code.

The links are plain addresses built at build time (nothing is requested from another site before
the reader taps); the share sheet and "copy the link" are offered by dalil.js where the phone has
them. Every page gets a QR code of its own address in a separate small file (`qr.svg` beside the
page), fetched only when the reader opens it, so that an NGO can print it or show it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import quote, urlencode

QR_FILE = "qr.svg"
_PATH = re.compile(rb"<path [^>]*/>")


def share_links(address: str) -> dict[str, str]:
    """WhatsApp and SMS messages holding the page's address (the phone's share sheet, where there is
    one, also passes the title; written out here it would weigh on every page)."""
    return {"whatsapp": "https://wa.me/?" + urlencode({"text": address}, quote_via=quote),
            "sms": "sms:?" + urlencode({"body": address}, quote_via=quote)}


def qr_svg(address: str) -> str:
    """A QR code of `address` with the address written under it (for a printed sheet)."""
    import segno  # imported only when QR codes are written: `make check` never needs it

    code = segno.make_qr(address, error="m")
    width, height = code.symbol_size(scale=1, border=4)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=4, xmldecl=False, svgns=True, omitsize=True, svgclass=None, lineclass=None)
    path = _PATH.search(out.getvalue()).group(0).decode("ascii")
    text = address.replace("&", "&amp;").replace("<", "&lt;")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 4}"><title>{text}</title>'
            f'<rect width="{width}" height="{height + 4}" fill="#fff"/>{path}'
            f'<text x="{width / 2:g}" y="{height + 1.5:g}" font-family="sans-serif" font-size="2" text-anchor="middle" '
            f'textLength="{width - 6}" lengthAdjust="spacingAndGlyphs">{text}</text></svg>\n')


def write_qr_codes(site_dir: Path, site_url: str, page_urls: list[str]) -> int:
    """One `qr.svg` in the folder of every page (page URLs relative to the site, ending with /)."""
    count = 0
    for url in sorted(set(page_urls)):
        folder = site_dir / url
        if url.endswith("/") or url == "":
            folder.mkdir(parents=True, exist_ok=True)
            (folder / QR_FILE).write_text(qr_svg(site_url + url), encoding="utf-8")
            count += 1
    return count
