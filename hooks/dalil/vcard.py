"""Contact cards: one vCard 3.0 (RFC 2426) per organisation and language, to save in a phone.

Called by `pipeline` (one `.vcf` file beside each organisation page) and by tests/test_vcard.py.
Pure: no MkDocs import. vCard 3.0 rather than 4.0 because every phone's contacts app reads it.
The card is built line by line here (it is a line format, not markup): data text is untrusted,
so control characters are removed, `\\ , ; newline` are escaped as RFC 2426 says, no parameter
ever comes from data, and long lines are folded at 75 octets without cutting a UTF-8 character
or an escape sequence. The card's UID is the organisation's HSDS id (`hsds.organization_uuid`).
"""

from __future__ import annotations

import re
import unicodedata

from .hsds import NATIONAL, organization_uuid
from .model import Organisation, Phone, SiteData
from .text import clean_text, plain_text, text_in

CRLF = "\r\n"
MAX_OCTETS = 75
TEL_TYPES = {"voice": "VOICE", "whatsapp": "CELL", "sms": "MSG"}
COUNTRY = {"fr": "Maroc", "ar": "المغرب", "en": "Morocco"}
WEB_URL = re.compile(r"^https?://[^\s<>\"'\\]+$")
# One folding unit: an escape sequence (never cut in two) or a single character.
UNIT = re.compile(r"\\.|.", re.DOTALL)


def render_vcard(org: Organisation, site: SiteData, lang: str, page_url: str) -> str:
    """The organisation's vCard in `lang` (French where a text is missing), CRLF line ends."""
    name = card_name(org, lang)
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"UID:urn:uuid:{organization_uuid(org.id)}",
        "FN:" + escape_text(name),
        "N:;;;;",
        "ORG:" + escape_text(name),
        "X-ABShowAs:COMPANY",
    ]
    phones = card_phones(org)
    lines += [f"TEL;TYPE={TEL_TYPES[phone.type]}:{clean(phone.number)}" for phone in phones]
    if org.email:
        lines.append("EMAIL;TYPE=INTERNET:" + escape_text(org.email))
    website = org.website or ""
    lines.append("URL:" + card_url(website if WEB_URL.match(website) else page_url))
    for loc in org.locations:
        if loc.address:
            city = "" if loc.city == NATIONAL else text_in(site.cities[loc.city]["name"], lang) or ""
            lines.append("ADR;TYPE=WORK:" + ";".join(escape_text(part) for part in ("", "", plain_text(loc.address), city, "", "", COUNTRY[lang])))
        if loc.latitude is not None and loc.longitude is not None:
            lines.append(f"GEO:{float(loc.latitude)};{float(loc.longitude)}")
    lines.append("NOTE:" + escape_text(card_note(org, phones, lang)))
    lines.append(f"REV:{clean(org.checked)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + CRLF for line in lines)


def card_name(org: Organisation, lang: str) -> str:
    """Name in `lang` with the short name after it: "Haut Commissariat … (HCR / UNHCR)"."""
    name = one_line(text_in(org.name, lang) or "")
    short = one_line(plain_text(org.alternate_name or ""))
    return f"{name} ({short})" if short and short != name else name


def card_phones(org: Organisation) -> list[Phone]:
    """The organisation's numbers, then each location's, each number once."""
    seen: set[str] = set()
    unique = []
    for phone in org.all_phones:
        if phone.number not in seen:
            seen.add(phone.number)
            unique.append(phone)
    return unique


def card_note(org: Organisation, phones: list[Phone], lang: str) -> str:
    """The description, then one line per number that needs explaining (WhatsApp, its purpose)."""
    lines = [text_in(org.description, lang) or ""]
    details = []
    for phone in phones:
        what = one_line(text_in(phone.description, lang) or "")
        prefix = "WhatsApp " if phone.type == "whatsapp" else ""
        if prefix or what:
            details.append(f"{prefix}{phone.number}" + (f" — {what}" if what else ""))
    if details:
        lines += [""] + details
    return "\n".join(lines)


def card_url(url: str) -> str:
    """A URI value is not escaped in vCard 3.0: percent-encode what readers would split on."""
    return clean(url).replace(",", "%2C").replace(";", "%3B").replace("\\", "%5C").replace(" ", "%20")


def one_line(text: str) -> str:
    return " ".join(text.split())


def clean(value: object) -> str:
    """Text without control characters (newlines included) for a value that is not escaped."""
    return "".join(ch for ch in str(value) if unicodedata.category(ch) != "Cc")


def escape_text(value: str) -> str:
    """RFC 2426 text value: no control characters; backslash, comma, semicolon, newline escaped."""
    value = clean_text(value)  # every line break as "\n", no control character (the text is plain already)
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 2426 2.6): CRLF + space, never inside a character.

    Where the line's last third holds a space, the fold goes just before it, so that a careless
    reader that keeps the folding space, or trims line ends, still gets whole words.
    """
    out: list[str] = []
    current: list[str] = []
    size, limit = 0, MAX_OCTETS
    for unit in UNIT.findall(line):
        width = len(unit.encode("utf-8"))
        if size + width > limit:
            cut = max((i for i, u in enumerate(current) if u == " " and i > len(current) * 2 // 3), default=len(current))
            out.append("".join(current[:cut]))
            current, limit = current[cut:], MAX_OCTETS - 1  # the continuation's leading space counts
            size = octets(current)
        current.append(unit)
        size += width
    out.append("".join(current))
    return (CRLF + " ").join(out)


def octets(units: list[str]) -> int:
    return sum(len(unit.encode("utf-8")) for unit in units)
