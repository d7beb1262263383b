"""Phone numbers: check them with `phonenumbers`, show them the Moroccan way, link them with tel:.

Used by validation (is the number real?) and by rendering (display form, tel: link, WhatsApp).
Numbers are stored once, in E.164 (`+212537545400`), or as a short code (`19`) for emergency lines.
"""

from __future__ import annotations

import re

import phonenumbers

SHORT_CODE = re.compile(r"^[0-9]{2,5}$")


def check_number(number: object, *, allow_short: bool = False) -> str | None:
    """Return a French explanation of what is wrong with `number`, or None when it is valid."""
    hint = "format attendu : \"+212537000000\" (+212 puis le numéro sans le 0 du début, sans espaces)"
    if not isinstance(number, str):
        return f"le numéro doit être écrit entre guillemets — {hint}"
    if allow_short and SHORT_CODE.match(number):
        return None
    if not number.startswith("+") or not number[1:].isdigit():
        return f"numéro invalide « {number} » — {hint}"
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return f"numéro invalide « {number} » — {hint}"
    if not phonenumbers.is_valid_number(parsed):
        return f"numéro invalide « {number} » : ce numéro n'existe pas dans le plan de numérotation — vérifiez les chiffres ; {hint}"
    return None


def display_number(number: str) -> str:
    """'+212537545400' -> '05 37 54 54 00'; a short code stays as it is; other countries in international form."""
    if SHORT_CODE.match(number):
        return number
    parsed = phonenumbers.parse(number, None)
    if parsed.country_code == 212:
        national = str(parsed.national_number)
        if national.startswith("80") and len(national) == 9:  # free numbers are written 0800 00 41 46 in Morocco
            return f"0{national[:3]} {national[3:5]} {national[5:7]} {national[7:]}"
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def tel_uri(number: str) -> str:
    """tel: link in E.164 (short codes as dialled)."""
    return f"tel:{number}"


def whatsapp_uri(number: str) -> str:
    """Link that opens a WhatsApp chat with this number (wa.me wants digits only)."""
    return f"https://wa.me/{number.lstrip('+')}"
