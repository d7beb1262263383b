"""Rules step of validation: what a schema cannot say, one small function per rule.

Used by `validation.validate_all` once every file matches its schema. `RECORD_RULES` run on each
record, `COLLECTION_RULES` on all records together (ids, the emergency bar); `check_lists` and
`check_terms` on the closed lists. Each rule returns its problems (French, naming the field and
the fix); none changes the data. The text helpers below them (numbers, names, markup in a text)
are shared with the pipeline, which applies some of them to hand-written pages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import editor_text
from .loading import format_path
from .model import LANGS, Record, SiteData
from .phones import SHORT_CODE, check_number
from .problems import Problem

TO_FILL = "À REMPLIR"
BAR_LIMIT = 4  # numbers in the emergency bar: what fits in one row at 320 px beside "all numbers" (labels of two short lines)
EXAMPLE_URL = re.compile(r"^https?://(www\.)?example\.(org|com|net)(/|$)")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
# Addresses an editor may link to in a text, once the one Markdown parser (editor_text) found them.
SAFE_LINK = re.compile(r"^(https?://|tel:\+?[0-9]+$|mailto:|geo:-?[0-9]|/|#|\.\./|[a-z0-9-]+/)", re.IGNORECASE)
RAW_HTML = re.compile(r"<\s*[a-zA-Z!/?]")

def check_lists(lists: dict[str, Any]) -> list[Problem]:
    problems = []
    for name, key in (("themes.yml", "id"), ("cities.yml", "id"), ("languages.yml", "code"), ("redirects.yml", "from"), ("terms.yml", "id")):
        seen: set[str] = set()
        for index, item in enumerate(lists[name]):
            if item[key] in seen:
                problems.append(Problem(f"data/{name}", f"[{index}].{key}", f"« {item[key]} » est déjà utilisé plus haut : chaque {key} doit être unique."))
            seen.add(item[key])
    return problems



@dataclass(frozen=True)
class Facts:
    """What the rules know beyond the record they check."""

    site: SiteData
    today: dt.date
    forbidden: dict[str, str]  # data/unpublishable.yml: number -> why it must never be published
    by_kind: dict[str, dict[str, Record]]  # every record (drafts included) by kind and id
    published: dict[str, dict[str, Record]]  # the same without drafts
    numbers: set[str]  # every number of a published organisation or emergency record
    chats: set[str]  # the numbers those records give only as WhatsApp lines

    @classmethod
    def of(cls, records: list[Record], site: SiteData, today: dt.date) -> Facts:
        by_kind: dict[str, dict[str, Record]] = {"topic": {}, "organisation": {}, "emergency": {}}
        for record in records:
            by_kind[record.kind][record.id] = record
        published = {kind: {i: r for i, r in recs.items() if r.published} for kind, recs in by_kind.items()}
        holders = [*published["organisation"].values(), *published["emergency"].values()]
        return cls(site, today, {entry["number"]: entry["reason"] for entry in site.unpublishable},
                   by_kind, published, known_numbers(holders), whatsapp_only(holders))


def check_records(records: list[Record], site: SiteData, today: dt.date) -> list[Problem]:
    """Every rule on every record, then the rules on all records together."""
    facts = Facts.of(records, site, today)
    problems: list[Problem] = []
    for record in records:
        for rule in RECORD_RULES:
            problems += rule(record, facts)
    for collection_rule in COLLECTION_RULES:
        problems += collection_rule(records, facts)
    return problems


# --- Rules on all records together ---

def rule_ids(records: list[Record], facts: Facts) -> list[Problem]:
    """The id is the file name, unique within its kind."""
    problems = []
    seen: dict[str, dict[str, Record]] = {"topic": {}, "organisation": {}, "emergency": {}}
    for record in records:
        stem = Path(record.path).stem
        if record.id != stem:
            problems.append(Problem(record.path, "id", f"l'id « {record.id} » doit être identique au nom du fichier « {stem} » : renommez le fichier ou corrigez l'id."))
        if record.id in seen[record.kind]:
            other = seen[record.kind][record.id].path
            problems.append(Problem(record.path, "id", f"l'id « {record.id} » est déjà utilisé par {other} : choisissez un autre id."))
        seen[record.kind][record.id] = record
    return problems


def rule_topic_ids_not_themes(records: list[Record], facts: Facts) -> list[Problem]:
    return [Problem(record.path, "id", f"l'id « {record.id} » est déjà celui d'un thème : choisissez un autre id.")
            for record in facts.by_kind["topic"].values() if record.id in facts.site.themes]


def rule_bar_limit(records: list[Record], facts: Facts) -> list[Problem]:
    bar = [r for r in facts.published["emergency"].values() if r.get("bar")]
    if len(bar) > BAR_LIMIT:
        return [Problem(bar[-1].path, "bar", f"{len(bar)} numéros ont bar: true ; la barre d'urgence en montre {BAR_LIMIT} au plus (ce qui tient sur un écran de 320 px) : retirez bar: true de certains.")]
    return []


def rule_city_pages_need_phones(records: list[Record], facts: Facts) -> list[Problem]:
    return [Problem(org.path, "city_pages", "city_pages: true met les numéros de l'organisation en tête des pages de ville, mais elle n'en a aucun dans phones : ajoutez son numéro ou retirez city_pages.")
            for org in facts.published["organisation"].values() if org.get("city_pages") and not org.get("phones")]


COLLECTION_RULES: list[Callable[[list[Record], Facts], list[Problem]]] = [
    rule_ids, rule_topic_ids_not_themes, rule_bar_limit, rule_city_pages_need_phones,
]


# --- Rules on one record ---

# Anchors the topic page template (templates/topic.md.j2, _macros.md.j2) gives its own headings,
# and the field that makes it print each one (None: always): a section may not take an anchor the
# page prints (two elements with the same id); one it does not print stays free, so old links hold.
TOPIC_ANCHORS = {"titre": None, "etapes": "steps", "documents": "documents", "attention": "warnings",
                 "ou-aller": "organisations", "voir-aussi": "related", "sources": "sources"}


def rule_section_anchors(record: Record, facts: Facts) -> list[Problem]:
    """A section of a topic may not take an anchor its page prints."""
    problems = []
    if record.kind == "topic":
        for index, section in enumerate(record.data.get("sections") or []):
            anchor = section.get("id") if isinstance(section, dict) else None
            if anchor in TOPIC_ANCHORS and (TOPIC_ANCHORS[anchor] is None or record.data.get(TOPIC_ANCHORS[anchor])):
                field = f" (la page l'ajoute parce que « {TOPIC_ANCHORS[anchor]} » est rempli)" if TOPIC_ANCHORS[anchor] else ""
                problems.append(Problem(record.path, f"sections[{index}].id", f"l'ancre « {anchor} » est déjà celle d'une partie de la page{field} : "
                                        f"deux éléments auraient le même id ; choisissez un autre id, par exemple « {anchor}-detail »."))
    return problems


def rule_low_confidence_is_draft(record: Record, facts: Facts) -> list[Problem]:
    if record.data.get("confidence") == "L" and record.published:
        return [Problem(record.path, "confidence", "information de fiabilité L (une seule source tierce ou sources contradictoires) : ajoutez draft: true et expliquez dans verify ce qu'il faut vérifier.")]
    return []


def rule_draft_says_what_to_verify(record: Record, facts: Facts) -> list[Problem]:
    if not record.published and "verify" not in record.data:
        return [Problem(record.path, "verify", "brouillon sans « verify » : dites ce qu'il faut vérifier avant de publier, et où.")]
    return []


def rule_no_example_url(record: Record, facts: Facts) -> list[Problem]:
    return [Problem(record.path, format_path(where), f"adresse d'exemple « {value} » restée du modèle : mettez la vraie adresse ou supprimez le champ.")
            for where, value in walk(record.data) if isinstance(value, str) and EXAMPLE_URL.match(value)]


def rule_nothing_left_to_fill(record: Record, facts: Facts) -> list[Problem]:
    return [Problem(record.path, format_path(where), f"champ encore marqué « {TO_FILL} » : remplacez ce texte par l'information vérifiée, ou supprimez le champ s'il est facultatif.")
            for where, value in walk(record.data) if isinstance(value, str) and TO_FILL in value]


def rule_dates(record: Record, facts: Facts) -> list[Problem]:
    """Dates that exist; a check or a confirmation cannot date from tomorrow."""
    problems = []
    for where, value in walk(record.data):
        name = where[-1] if where else ""
        confirmation_date = name == "on" and "confirmed" in where
        if (name in ("seen", "checked", "valid_from", "valid_to") or confirmation_date) and isinstance(value, str):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                problems.append(Problem(record.path, format_path(where), f"date impossible « {value} » : écrivez une date qui existe, au format AAAA-MM-JJ."))
                continue
            if (name in ("seen", "checked") or confirmation_date) and day > facts.today:
                problems.append(Problem(record.path, format_path(where), f"date « {value} » dans le futur : une vérification ne peut pas dater de demain."))
    return problems


def rule_phone_numbers(record: Record, facts: Facts) -> list[Problem]:
    """Real numbers in phones; an organisation may give a short code (see check_references)."""
    problems = []
    for where, value in walk(record.data):
        if where and where[-1] == "number" and "phones" in where:
            message = check_number(value, allow_short=record.kind == "organisation")
            if message:
                problems.append(Problem(record.path, format_path(where), message))
    return problems


def rule_emails(record: Record, facts: Facts) -> list[Problem]:
    return [Problem(record.path, format_path(where), f"adresse e-mail invalide « {value} » : format attendu nom@domaine.ma.")
            for where, value in walk(record.data) if where and where[-1] == "email" and isinstance(value, str) and not EMAIL.match(value)]


def rule_texts_hold_no_forbidden_number(record: Record, facts: Facts) -> list[Problem]:
    return [problem for where, value in walk(record.data) if is_text(where, value)
            for problem in forbidden_in_text(record.path, format_path(where), value, facts.forbidden)]


def rule_texts_use_official_names(record: Record, facts: Facts) -> list[Problem]:
    return [Problem(record.path, format_path(where), message) for where, value in walk(record.data) if is_text(where, value)
            for message in term_variants(value, where[-1], facts.site.terms)]


def rule_numbers_in_texts_are_links(record: Record, facts: Facts) -> list[Problem]:
    return [problem for where, value in walk(record.data) if is_text(where, value)
            for problem in unlinked_numbers(record.path, format_path(where), value)]


def rule_arabic_numbers_unspaced(record: Record, facts: Facts) -> list[Problem]:
    return [problem for where, value in walk(record.data) if is_text(where, value) and where[-1] == "ar"
            for problem in spaced_numbers(record.path, format_path(where), value)]


def rule_no_forbidden_number(record: Record, facts: Facts) -> list[Problem]:
    """A number field holding a number that data/unpublishable.yml forbids."""
    problems = []
    for where, value in walk(record.data):
        if isinstance(value, str) and where and where[-1] == "number":
            digits = re.sub(r"\D", "", value)
            local = "0" + digits[3:] if digits.startswith("212") else digits
            for bad, reason in facts.forbidden.items():
                long_match = len(bad) >= 8 and (bad in local or bad in digits)
                if long_match or local == bad or digits == bad:
                    problems.append(Problem(record.path, format_path(where), f"le numéro « {value} » ne doit jamais être publié ({reason}) : retirez-le."))
    return problems


def rule_text_markup(record: Record, facts: Facts) -> list[Problem]:
    return check_texts(record.path, record.data)


def rule_bar_needs_short_name(record: Record, facts: Facts) -> list[Problem]:
    if record.kind == "emergency" and record.data.get("bar") and "short_name" not in record.data:
        return [Problem(record.path, "short_name", "un numéro affiché dans la barre d'urgence (bar: true) a besoin d'un nom très court (short_name), par exemple {fr: Police, ar: الشرطة, en: Police}.")]
    return []


def rule_emergency_number(record: Record, facts: Facts) -> list[Problem]:
    if record.kind == "emergency":
        message = check_number(record.data.get("number"), allow_short=True)
        if message:
            return [Problem(record.path, "number", message)]
    return []


def rule_validity_order(record: Record, facts: Facts) -> list[Problem]:
    data = record.data
    if data.get("valid_from") and data.get("valid_to") and data["valid_from"] > data["valid_to"]:
        return [Problem(record.path, "valid_to", "la fin de validité est avant le début : inversez valid_from et valid_to.")]
    return []


def rule_hours(record: Record, facts: Facts) -> list[Problem]:
    problems = []
    for index, location in enumerate(record.data.get("locations", [])):
        for slot_index, slot in enumerate(location.get("hours", [])):
            if slot["opens_at"] >= slot["closes_at"]:
                problems.append(Problem(record.path, f"locations[{index}].hours[{slot_index}].closes_at", f"fermeture ({slot['closes_at']}) avant ou égale à l'ouverture ({slot['opens_at']}) : pour une plage après minuit, faites deux lignes."))
    return problems


def rule_references(record: Record, facts: Facts) -> list[Problem]:
    return check_references(record, facts.site, facts.published)


def rule_text_numbers_in_records(record: Record, facts: Facts) -> list[Problem]:
    """tel: links of a text point at a number some record holds, and never call a WhatsApp-only line."""
    return [Problem(record.path, format_path(where), message)
            for where, value in walk(record.data) if is_text(where, value)
            for message in unknown_numbers(value, facts.numbers) + called_chats(value, facts.chats)]


RECORD_RULES: list[Callable[[Record, Facts], list[Problem]]] = [
    rule_section_anchors, rule_low_confidence_is_draft, rule_draft_says_what_to_verify, rule_no_example_url,
    rule_nothing_left_to_fill, rule_dates, rule_phone_numbers, rule_emails, rule_texts_hold_no_forbidden_number,
    rule_texts_use_official_names, rule_numbers_in_texts_are_links, rule_arabic_numbers_unspaced, rule_no_forbidden_number,
    rule_text_markup, rule_bar_needs_short_name, rule_emergency_number, rule_validity_order, rule_hours,
    rule_references, rule_text_numbers_in_records,
]


# --- Text helpers (also used by the pipeline for hand-written pages) ---

def is_text(where: tuple, value: Any) -> bool:
    """A translatable text: a string under a language key (title: {fr: …, ar: …})."""
    return isinstance(value, str) and len(where) >= 1 and where[-1] in LANGS


def check_texts(path: str, content: Any, line_of: Callable[[tuple], int | None] | None = None) -> list[Problem]:
    """The rules of every translatable text of a data file (records, labels, themes, cities, languages)."""
    problems = []
    for where, value in walk(content):
        if is_text(where, value):
            line = line_of(where) if line_of else None
            problems += [Problem(path, format_path(where), message, line) for message in text_problems(value)]
    return problems


def known_numbers(records: list[Record]) -> set[str]:
    """Every phone number held by an organisation or emergency record: the one place a number lives."""
    return {value for record in records for where, value in walk(record.data) if where[-1:] == ("number",) and isinstance(value, str)}


def unknown_numbers(text: str, numbers: set[str]) -> list[str]:
    """tel: links of a text whose number is in no record: a number lives in its organisation's record
    (or its emergency number's), with its source, and texts only point to it."""
    problems = []
    for address in editor_text.links(text):
        if address.lower().startswith("tel:") and address[4:] not in numbers:
            problems.append(f"le numéro « {address[4:]} » n'est dans aucune fiche : un numéro vit dans une seule fiche, celle de son organisation "
                            "(data/organisations/) ou de son numéro d'urgence (data/emergency/), avec sa source. Ajoutez-le là, ou corrigez-le "
                            "pour qu'il soit identique à celui de la fiche.")
    return problems


def whatsapp_only(records: list[Record]) -> set[str]:
    """Numbers that the records give only as WhatsApp lines (type: whatsapp): a chat, not a call."""
    kinds: dict[str, set[str]] = {}

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("number"), str):
                kinds.setdefault(value["number"], set()).add(value.get("type", "voice"))
            for item in value.values():
                visit(item)
        elif isinstance(value, list):
            for item in value:
                visit(item)

    for record in records:
        visit(record.data)
    return {number for number, types in kinds.items() if types == {"whatsapp"}}


def called_chats(text: str, chats: set[str]) -> list[str]:
    """tel: links to a WhatsApp-only number: tapping them would place a call nobody answers."""
    return [f"le numéro « {address[4:]} » est une ligne WhatsApp : un lien tel: lancerait un appel. Écrivez le lien "
            f"https://wa.me/{address[4:].lstrip('+')} à la place de {address}."
            for address in editor_text.links(text) if address.lower().startswith("tel:") and address[4:] in chats]


def term_variants(text: str, lang: str, terms: list[dict]) -> list[str]:
    """A name that data/terms.yml says not to write, with the official name to write instead."""
    problems = []
    for term in terms:
        for variant in term.get("variants", {}).get(lang, []):
            if _contains(text, variant, lang):
                official = term["name"].get(lang) or term["name"]["fr"]
                acronym = term.get("acronym", {}).get(lang)
                shown = f"« {official} »" + (f" (sigle : {acronym})" if acronym else "")
                problems.append(f"« {variant} » n'est pas le nom à écrire : écrivez {shown} (data/terms.yml, terme « {term['id']} »).")
    return problems


def _contains(text: str, phrase: str, lang: str) -> bool:
    """`phrase` in `text` as whole words (any case in French and English; spacing folded). In Arabic
    the first word may carry a proclitic (و، ف، ب، ك، ل): «للمفوضية» holds «المفوضية»."""
    first, *rest = phrase.split()
    if lang == "ar" and first.startswith("ال"):
        head = rf"(?:[وف]?[بك]?{re.escape(first)}|[وف]?ل{re.escape(first[1:])})"
    elif lang == "ar":
        head = rf"[وفبكل]{{0,2}}{re.escape(first)}"
    else:
        head = re.escape(first)
    words = r"\s+".join([head, *(re.escape(word) for word in rest)])
    return re.search(rf"(?<!\w){words}(?!\w)", text, 0 if lang == "ar" else re.IGNORECASE) is not None


def check_terms(terms: list[dict]) -> list[Problem]:
    """A variant must not be part of the official name it replaces (it would be flagged everywhere)."""
    problems = []
    for index, term in enumerate(terms):
        for lang, variants in term.get("variants", {}).items():
            official = term["name"].get(lang, "")
            for number, variant in enumerate(variants):
                if official and _contains(official, variant, lang):
                    problems.append(Problem("data/terms.yml", f"[{index}].variants.{lang}[{number}]", f"la variante « {variant} » fait partie du nom officiel « {official} » : elle serait signalée partout ; retirez-la."))
    return problems


def text_problems(text: str) -> list[str]:
    """What is refused in a text: raw HTML, images, links other than https:, http:, tel:, mailto:,
    geo: and internal ones. The links are those the Markdown parser of the pages finds (inline,
    reference-style, autolinks; editor_text)."""
    problems = []
    if RAW_HTML.search(text):
        problems.append("le HTML n'est pas accepté dans les textes : écrivez en Markdown simple (**gras**, listes, [lien](https://…)).")
    if editor_text.images(text):
        problems.append("les images ne sont pas acceptées dans les textes (elles coûtent des données et peuvent venir d'un autre site) : retirez « ![…](…) ».")
    for target in editor_text.links(text):
        if not (SAFE_LINK.match(target) and editor_text.is_allowed_link(target)):
            shown = " ".join(target.split())[:60]
            problems.append(f"lien refusé « {shown} » : seuls les liens https://, http://, tel:, mailto:, geo: et les liens internes sont acceptés.")
    return list(dict.fromkeys(problems))


# A Moroccan number written out in a text (0X XX XX XX XX, 0800 00 25 11), not as the words of a [link](tel:…).
PLAIN_NUMBER = re.compile(r"(?<![\w\[+:/.-])0(?:[ .\-]?\d){9}(?![\d\]])")


def unlinked_numbers(path: str, field: str, text: str) -> list[Problem]:
    """A phone number in a text must be a tel: link: one tap to call, and kept left to right in Arabic."""
    problems = []
    for match in PLAIN_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        link = f"[{match.group()}](tel:+212{digits[1:]})"
        problems.append(Problem(path, field, f"numéro « {match.group()} » écrit sans lien : écrivez {link} (un geste pour appeler, et le numéro reste dans le bon sens en arabe)."))
    return problems


# "1 000" in Arabic: the space between digit groups is shown reversed ("000 1") in a right-to-left line.
SPACED_NUMBER = re.compile(r"(?<![\w\[+.])\d{1,3}(?: \d{3})+(?![\d\]])")


def spaced_numbers(path: str, field: str, text: str) -> list[Problem]:
    return [Problem(path, field, f"nombre « {m.group()} » écrit avec des espaces dans le texte arabe : écrivez {m.group().replace(' ', '')} (en arabe, les groupes de chiffres séparés par une espace s'affichent à l'envers).")
            for m in SPACED_NUMBER.finditer(PLAIN_NUMBER.sub("", text))]


def forbidden_in_text(path: str, field: str, text: str, forbidden: dict[str, str]) -> list[Problem]:
    """A number that must never be published, written inside a text or as a tel: link."""
    problems = []
    squeezed = re.sub(r"(?<=\d)[\s.\-]+(?=\d)", "", text)
    for bad, reason in forbidden.items():
        local = bad if bad.startswith("0") else None
        international = "212" + bad[1:] if local else None
        in_text = len(bad) >= 8 and (bad in squeezed or (international and international in squeezed))
        as_link = re.search(rf"tel:\+?(212)?0?{re.escape(bad.lstrip('0'))}\b", text) is not None
        if in_text or as_link:
            problems.append(Problem(path, field, f"le numéro « {bad} » ne doit jamais être publié ({reason}) : retirez-le du texte."))
    return problems


def check_references(record: Record, site: SiteData, published: dict[str, dict[str, Record]]) -> list[Problem]:
    problems = []
    data = record.data

    def expect(where: str, value: str, known: dict, what: str, where_to_look: str) -> None:
        if value not in known:
            choices = f" (valeurs possibles : {', '.join(sorted(known))})" if len(known) <= 15 else ""
            problems.append(Problem(record.path, where, f"{what} « {value} » : vérifiez l'orthographe, voir {where_to_look}{choices}."))

    if record.kind == "topic":
        expect("theme", data["theme"], site.themes, "thème inconnu", "data/themes.yml")
        for index, org in enumerate(data.get("organisations", [])):
            expect(f"organisations[{index}]", org, published["organisation"], "organisation inconnue", "data/organisations/")
        for index, topic in enumerate(data.get("related", [])):
            expect(f"related[{index}]", topic, published["topic"], "fiche inconnue", "data/topics/")
    if record.kind == "organisation":
        for index, theme in enumerate(data["themes"]):
            expect(f"themes[{index}]", theme, site.themes, "thème inconnu", "data/themes.yml")
        for index, location in enumerate(data["locations"]):
            expect(f"locations[{index}].city", location["city"], site.cities, "ville inconnue", "data/cities.yml")
        short_codes = {r.get("number") for r in published["emergency"].values()}
        for where, value in walk(data):
            if where[-1:] == ("number",) and "phones" in where and SHORT_CODE.match(str(value)) and value not in short_codes:
                problems.append(Problem(record.path, format_path(where), f"numéro court « {value} » : un numéro court n'est accepté que s'il est publié comme numéro d'urgence dans data/emergency/ (avec ses sources) ; sinon écrivez le numéro complet, par exemple \"+212537000000\"."))
    for where, value in walk(data):
        if where and where[-1] == "languages" and isinstance(value, list):
            for index, code in enumerate(value):
                expect(format_path(where + (index,)), code, site.languages, "langue inconnue", "data/languages.yml")
    if not record.published:
        return []  # drafts may point at drafts
    return problems


def walk(value: Any, where: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) pair in a nested structure, containers included."""
    yield where, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, where + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, where + (index,))
