"""Transforme une demande « Mettre à jour notre fiche » (formulaire GitHub) en modification de la fiche.

Usage : python scripts/listing_update.py --body demande.md --issue 12 --issue-url https://…/issues/12 --out dossier/

Le texte de la demande est celui que GitHub écrit pour un formulaire (« ### Libellé » puis la
réponse). Les champs remplis remplacent ceux de data/organisations/<id>.yml ; les champs vides ne
changent rien. Puis toutes les données sont validées, comme pour « make check ».
- Sortie 0 : la fiche est modifiée ; dans le dossier --out, `branch` (nom de branche), `title` et
  `pr-body.md` (description de la pull request, avec ce qu'un éditeur doit encore faire).
- Sortie 1 : rien n'est modifié ; `comment.md` dit à l'organisation, en français, quel champ
  corriger et comment.
Le workflow .github/workflows/listing-update.yml ouvre la pull request (jamais fusionnée
automatiquement) ou publie le commentaire.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _paths import ROOT

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from dalil.problems import DataError

SCHEMA_ROOT = ROOT  # the field order of new fields comes from the project's own schema
FORM = Path(".github") / "ISSUE_TEMPLATE" / "mise-a-jour-fiche.yml"
NO_RESPONSE = "_No response_"
DAYS = {"lundi": "MO", "mardi": "TU", "mercredi": "WE", "jeudi": "TH", "vendredi": "FR", "samedi": "SA", "dimanche": "SU"}
ORDER = list(DAYS.values())
PHONE_TYPES = {"": "voice", "appel": "voice", "téléphone": "voice", "telephone": "voice", "voix": "voice",
               "whatsapp": "whatsapp", "sms": "sms"}
APPOINTMENT = {"Oui, uniquement sur rendez-vous": True, "Non, sans rendez-vous": False}
RAMADAN = {"fr": "Ramadan", "ar": "رمضان", "en": "Ramadan"}
# Where a field of the record is filled from, for messages that name the form's field.
FIELD_OF = {"phones": "telephones", "email": "email", "website": "site_web", "languages": "langues", "locations": "adresses"}


@dataclass
class Outcome:
    changes: list[str] = field(default_factory=list)  # what changed, for the pull request
    problems: list[tuple[str, str]] = field(default_factory=list)  # (form field id, message with its fix)
    for_editors: list[str] = field(default_factory=list)  # what a person must still do


def form_labels(root: Path) -> dict[str, str]:
    """Form field id → label, read from the issue form itself (the two cannot drift apart)."""
    form = yaml.safe_load((root / FORM).read_text(encoding="utf-8"))
    return {item["id"]: item["attributes"]["label"] for item in form["body"] if item.get("id")}


def parse_body(body: str, labels: dict[str, str]) -> dict[str, str]:
    """The answers of an issue form, by field id ("" when the field was left empty)."""
    by_label = {label: key for key, label in labels.items()}
    answers: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for line in body.replace("\r\n", "\n").split("\n") + ["### "]:
        heading = re.match(r"^###\s+(.*?)\s*$", line)
        if heading:
            if current is not None:
                text = "\n".join(lines).strip()
                answers[current] = "" if text == NO_RESPONSE else text
            current, lines = by_label.get(heading.group(1)), []
        elif current is not None:
            lines.append(line)
    return answers


def plain(text: str) -> str:
    """For matching a city or a day typed by hand: lower case, no accents, single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"\s+", " ", "".join(c for c in text if not unicodedata.combining(c))).strip()


def lines_of(answer: str) -> list[str]:
    return [line.strip() for line in answer.splitlines() if line.strip()]


def record_id(answer: str) -> str | None:
    match = re.search(r"annuaire/([a-z0-9-]+)/?", answer) or re.fullmatch(r"\s*([a-z0-9-]+)\s*", answer)
    return match.group(1) if match else None


def parse_phones(answer: str, old: list[dict], out: Outcome) -> list[dict] | None:
    described = {(p["number"], p.get("type", "voice")): p for p in old}
    phones: list[dict] = []
    for n, line in enumerate(lines_of(answer)):
        match = re.fullmatch(r"([+0-9][0-9 .()\-]*[0-9])\s*([^\d\s].*)?", line)
        if not match:
            out.problems.append(("telephones", f"ligne {n + 1} « {line} » : ce n'est pas un numéro. Écrivez un numéro par ligne, "
                                               "par exemple « +212537000000 » ou « +212600000000 whatsapp »."))
            continue
        digits = re.sub(r"[ .()\-]", "", match.group(1))
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        elif re.fullmatch(r"0[5-8]\d{8}", digits):
            digits = "+212" + digits[1:]  # a Moroccan number written the national way
        kind = PHONE_TYPES.get(plain(match.group(2) or ""))
        if kind is None:
            out.problems.append(("telephones", f"ligne {n + 1} « {line} » : « {match.group(2)} » n'est pas un type de ligne connu. "
                                               "Après le numéro, écrivez « whatsapp », « sms », ou rien pour un appel."))
            continue
        if not re.fullmatch(r"\+\d{8,15}", digits):
            out.problems.append(("telephones", f"ligne {n + 1} « {line} » : écrivez le numéro au format international, "
                                               "+ puis l'indicatif du pays (212 au Maroc) puis le numéro sans le 0, par exemple « +212537000000 »."))
            continue
        phone = dict(described.get((digits, kind), {"number": digits}))
        if kind != "voice":
            phone["type"] = kind
        phones.append(phone)
    return phones


def find_city(name: str, cities: list[dict]) -> str | None:
    wanted = plain(name)
    for city in cities:
        if wanted == city["id"] or wanted in {plain(v) for v in city["name"].values()}:
            return city["id"]
    return None


def split_city(line: str, cities: list[dict]) -> tuple[str | None, str]:
    """« Rabat : texte » → ("rabat", "texte"); a line without a known city before « : » → (None, line)."""
    head, sep, rest = line.partition(":")
    if sep and not re.search(r"\d", head):
        return find_city(head, cities) or f"?{head.strip()}", rest.strip()
    return None, line.strip()


def parse_days(text: str) -> list[str] | None:
    words = re.split(r"\s*(?:,|\bet\b)\s*", plain(text))
    days: list[str] = []
    for word in (w for w in words if w):
        span = re.fullmatch(r"(\w+)\s*(?:-|–|au|a)\s*(\w+)", word)
        if span and span.group(1) in DAYS and span.group(2) in DAYS:
            first, last = ORDER.index(DAYS[span.group(1)]), ORDER.index(DAYS[span.group(2)])
            if last < first:
                return None
            days += ORDER[first:last + 1]
        elif word in DAYS:
            days.append(DAYS[word])
        else:
            return None
    return sorted(set(days), key=ORDER.index) or None


def parse_time(text: str) -> str | None:
    match = re.fullmatch(r"(\d{1,2})(?:[:h](\d{2}))?h?", text.strip())
    if not match or int(match.group(1)) > 24 or int(match.group(2) or 0) > 59:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2) or '00'}"


def parse_hours(answer: str, field_id: str, locations: list[dict], cities: list[dict], out: Outcome) -> dict[str, list[dict]]:
    """Hours by city id, from lines « [ville :] jours heures[, heures] »."""
    by_city: dict[str, list[dict]] = {}
    for n, line in enumerate(lines_of(answer)):
        city, rest = split_city(line, cities)
        where = f"ligne {n + 1} « {line} »"
        if city and city.startswith("?"):
            out.problems.append((field_id, f"{where} : « {city[1:]} » n'est pas un lieu de votre fiche. Commencez la ligne par la ville "
                                           f"d'un de vos lieux ({', '.join(loc['city'] for loc in locations)})."))
            continue
        if city is None:
            if len(locations) != 1:
                out.problems.append((field_id, f"{where} : votre organisation a plusieurs lieux ; commencez la ligne par la ville, "
                                               "par exemple « Rabat : lundi-vendredi 09:00-15:00 »."))
                continue
            city = locations[0]["city"]
        match = re.match(r"^(.*?)\s+(\d.*)$", rest)
        days = parse_days(match.group(1)) if match else None
        if days is None:
            out.problems.append((field_id, f"{where} : écrivez les jours en toutes lettres puis les heures, par exemple "
                                           "« lundi-vendredi 09:00-15:00 » ou « samedi 09:00-12:00 »."))
            continue
        for span in re.split(r"\s*(?:,|;|\bet\b)\s*", match.group(2)):
            opens, _sep, closes = span.partition("-")
            opens_at, closes_at = parse_time(opens), parse_time(closes)
            if not opens_at or not closes_at or opens_at >= closes_at:
                out.problems.append((field_id, f"{where} : « {span} » n'est pas une plage horaire ; écrivez l'ouverture puis la fermeture, "
                                               "par exemple « 09:00-15:00 » (la fermeture après l'ouverture)."))
                continue
            by_city.setdefault(city, []).append({"byday": days, "opens_at": opens_at, "closes_at": closes_at})
    return by_city


def parse_period(answer: str, out: Outcome) -> tuple[str, str] | None:
    match = re.fullmatch(r"\s*(?:du\s+)?(\d{4}-\d{2}-\d{2})\s+(?:au|-)\s+(\d{4}-\d{2}-\d{2})\s*", answer)
    try:
        first, last = (dt.date.fromisoformat(match.group(1)), dt.date.fromisoformat(match.group(2))) if match else (None, None)
    except ValueError:
        first = last = None
    if not first or not last or last < first:
        out.problems.append(("dates_ramadan", f"« {answer} » : écrivez les deux dates ainsi : « du 2027-02-08 au 2027-03-09 » "
                                              "(année-mois-jour, la seconde après la première)."))
        return None
    return first.isoformat(), last.isoformat()


def apply(record: dict, new: CommentedMap, answers: dict[str, str], cities: list[dict], languages: list[dict], out: Outcome) -> None:
    """Apply the answers to `new` (the record's round-trip document, changed in place and keeping its
    form); `record` is the record as it was. Problems and changes go to `out`."""
    if answers.get("telephones"):
        phones = parse_phones(answers["telephones"], record.get("phones", []), out)
        if phones is not None and phones != record.get("phones", []):
            new["phones"] = styled(phones)
            out.changes.append("numéros de téléphone")
    if answers.get("email"):
        email = answers["email"].strip()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", email, re.IGNORECASE):
            out.problems.append(("email", f"« {email} » n'est pas une adresse e-mail ; écrivez-la ainsi : contact@exemple.org."))
        elif email != record.get("email"):
            _insert(new, "email", email)
            out.changes.append("adresse e-mail")
    if answers.get("site_web"):
        website = answers["site_web"].strip()
        if not re.fullmatch(r"https?://[^\s<>\"']+", website):
            out.problems.append(("site_web", f"« {website} » : écrivez l'adresse complète du site, qui commence par https://."))
        elif website != record.get("website"):
            _insert(new, "website", DoubleQuotedScalarString(website))
            out.changes.append("site web")
    locations = new["locations"]
    for n, line in enumerate(lines_of(answers.get("adresses", ""))):
        city, address = split_city(line, cities)
        if city is None or not address:
            out.problems.append(("adresses", f"ligne {n + 1} « {line} » : écrivez « ville : adresse », par exemple « Rabat : 10, avenue Mehdi Ben Barka »."))
        elif city.startswith("?"):
            out.problems.append(("adresses", f"ligne {n + 1} : « {city[1:]} » n'est pas une ville de l'annuaire. Écrivez une de ses villes "
                                             f"({', '.join(c['name']['fr'] for c in cities if c['id'] != 'national')}) ; si la vôtre manque, "
                                             "écrivez-la dans « Services (ce qui change) » : un éditeur l'ajoutera."))
        else:
            place = next((loc for loc in locations if loc["city"] == city), None)
            if place is None:
                locations.append(styled({"city": city, "address": address}))
                out.changes.append(f"nouveau lieu : {city}")
                out.for_editors.append(f"Nouveau lieu à {city} : vérifier qu'il accueille bien le public.")
            elif place.get("address") != address:
                place["address"] = address
                out.changes.append(f"adresse ({city})")
    regular = parse_hours(answers.get("horaires", ""), "horaires", locations, cities, out)
    for city, hours in regular.items():
        place = next(loc for loc in locations if loc["city"] == city)
        place["hours"] = styled(hours) + [h for h in place.get("hours", []) if h.get("valid_from")]
        out.changes.append(f"horaires ({city})")
    if answers.get("horaires_ramadan") or answers.get("dates_ramadan"):
        if not answers.get("horaires_ramadan"):
            out.problems.append(("horaires_ramadan", "vous avez donné des dates sans horaires : écrivez les horaires du Ramadan, "
                                                     "par exemple « lundi-vendredi 09:00-15:00 »."))
        period = parse_period(answers.get("dates_ramadan", ""), out)
        seasonal = parse_hours(answers.get("horaires_ramadan", ""), "horaires_ramadan", locations, cities, out)
        if period:
            for city, hours in seasonal.items():
                place = next(loc for loc in locations if loc["city"] == city)
                kept = [h for h in place.get("hours", []) if (h.get("valid_from"), h.get("valid_to")) != period]
                place["hours"] = CommentedSeq(kept + styled([{**h, "valid_from": period[0], "valid_to": period[1], "description": RAMADAN} for h in hours]))
                out.changes.append(f"horaires du Ramadan ({city}, du {period[0]} au {period[1]})")
    codes = {f"{lang['name']['fr']} ({lang['code']})": lang["code"] for lang in languages}
    checked = [m.group(1).strip() for m in re.finditer(r"^- \[[xX]\] (.+)$", answers.get("langues", ""), re.MULTILINE)]
    if checked:
        unknown = [label for label in checked if label not in codes]
        if unknown:
            out.problems.append(("langues", f"langue inconnue : {', '.join(unknown)} ; cochez les langues de la liste."))
        chosen = [codes[label] for label in checked if label in codes]
        if chosen and chosen != record.get("languages"):
            _insert(new, "languages", styled(chosen))
            out.changes.append("langues parlées à l'accueil")
    wanted = APPOINTMENT.get(answers.get("rendez_vous", "").strip())
    if wanted is not None:
        if not new.get("services"):
            out.for_editors.append(f"Rendez-vous : l'organisation dit « {answers['rendez_vous'].strip()} », mais la fiche n'a pas de service "
                                   "où l'écrire ; ajoutez le service (avec `appointment`).")
        elif any(service.get("appointment", False) != wanted for service in new["services"]):
            for service in new["services"]:
                if "appointment" in service:
                    service["appointment"] = wanted
                else:
                    service.insert(list(service).index("free") + 1, "appointment", wanted)
            out.changes.append("rendez-vous " + ("obligatoire" if wanted else "non nécessaire"))
    for key, label in (("services", "Services"), ("tarifs", "Tarifs")):
        if answers.get(key):
            out.for_editors.append(f"{label} : à rédiger en français, en arabe et en anglais, d'après la demande :\n\n"
                                   + "\n".join("    > " + line for line in answers[key].splitlines()))


def styled(value: Any) -> Any:
    """Plain values as the data files write them: numbers, times and dates between quotes, short
    lists and texts in three languages on one line, the rest in blocks."""
    if isinstance(value, str):
        return DoubleQuotedScalarString(value) if re.match(r"^[-+]?[0-9]", value) or value.startswith("http") else value
    if isinstance(value, list):
        seq = CommentedSeq(styled(item) for item in value)
        if all(isinstance(item, str) for item in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap((key, styled(item)) for key, item in value.items())
        if set(value) <= {"fr", "ar", "en"}:
            mapping.fa.set_flow_style()
        return mapping
    return value


def _insert(doc: CommentedMap, key: str, value: Any) -> None:
    """Set a top-level field; a new one goes where the schema lists it (after the fields before it)."""
    if key in doc:
        doc[key] = value
        return
    order = list(json.loads((SCHEMA_ROOT / "data" / "schema" / "organisation.schema.json").read_text(encoding="utf-8"))["properties"])
    before = [k for k in order[: order.index(key)] if k in doc]
    doc.insert(list(doc).index(before[-1]) + 1 if before else 0, key, value)


def round_trip() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.indent(mapping=2, sequence=4, offset=2)
    rt.width = 4096
    return rt


def comment(problems: list[tuple[str, str]], labels: dict[str, str]) -> str:
    count = len(problems)
    lines = [f"Merci pour votre demande. La fiche n'a pas encore été modifiée : {count} point{'s' if count > 1 else ''} à corriger.", ""]
    lines += [f"- **{labels.get(field_id, field_id)}** : {message}" for field_id, message in problems]
    lines += ["", "Modifiez votre demande (menu « … » puis « Edit ») : elle est relue automatiquement à chaque modification."]
    return "\n".join(lines) + "\n"


def convert(root: Path, body: str, issue: int, issue_url: str, today: dt.date) -> tuple[bool, dict[str, str]]:
    """Apply a submission to the record in `root`. Returns (changed?, files to write in --out)."""
    labels = form_labels(root)
    answers = parse_body(body, labels)
    out = Outcome()
    ident = record_id(answers.get("fiche", ""))
    path = root / "data" / "organisations" / f"{ident}.yml"
    if not ident or ident.startswith("_") or not path.is_file():
        out.problems.append(("fiche", f"« {answers.get('fiche', '')} » ne désigne aucune fiche de l'annuaire. Copiez l'adresse de la page "
                                      "de votre organisation sur Dalil (elle contient /annuaire/)."))
        return False, {"comment.md": comment(out.problems, labels)}
    text = path.read_text(encoding="utf-8")
    record = yaml.load(text, Loader=_TextLoader)  # dates and times stay text, as in the build
    cities = yaml.safe_load((root / "data" / "cities.yml").read_text(encoding="utf-8"))
    languages = yaml.safe_load((root / "data" / "languages.yml").read_text(encoding="utf-8"))
    rt = round_trip()
    new = rt.load(text)
    apply(record, new, answers, cities, languages, out)
    if not out.problems and not out.changes:
        out.problems.append(("fiche", "rien ne change par rapport à la fiche publiée. Remplissez seulement les champs qui changent."))
    if out.problems:
        return False, {"comment.md": comment(out.problems, labels)}
    new["sources"].append(styled({"title": f"Mise à jour envoyée par l'organisation (demande n° {issue})",
                                  "publisher": record["name"]["fr"], "url": issue_url, "seen": today.isoformat()}))
    buffer = io.StringIO()
    rt.dump(new, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    problems = _validate(root, today, path)
    if problems:
        path.write_text(text, encoding="utf-8")  # never leave a record the build would refuse
        return False, {"comment.md": comment(problems, labels)}
    role = answers.get("fonction", "").strip()
    body_lines = [f"Demande n° {issue} ({issue_url}), envoyée par : {role or 'fonction non indiquée'}.", "",
                  "## Ce qui change", *[f"- {change}" for change in out.changes], "",
                  "## Avant de fusionner", "- [ ] Confirmer ces changements avec l'organisation par un numéro ou une adresse "
                  "**déjà publiés** (pas ceux de la demande), puis ajouter `confirmed` (date, moyen, service).",
                  "- [ ] Mettre à jour `checked` si vous relisez aussi les sources.",
                  *[f"- [ ] {task}" for task in out.for_editors], "",
                  "Cette pull request a été préparée automatiquement ; `make check` est passé. Elle n'est jamais fusionnée automatiquement."]
    return True, {"branch": f"fiche/{ident}-demande-{issue}", "title": f"Fiche {ident} : mise à jour demandée (n° {issue})",
                  "pr-body.md": "\n".join(body_lines) + "\n"}


def _validate(root: Path, today: dt.date, path: Path) -> list[tuple[str, str]]:
    from dalil.validation import validate_all  # imported late: the script's --help needs none of it

    try:
        validate_all(root, today=today)
    except DataError as error:
        rel = path.relative_to(root).as_posix()
        mine = [p for p in error.problems if p.path == rel] or error.problems
        return [(FIELD_OF.get(re.split(r"[.\[]", p.field)[0], "fiche"), f"{p.field} : {p.message}") for p in mine]
    return []


class _TextLoader(yaml.SafeLoader):
    """Dates stay text (as the build reads them): a record is written back as it was."""


_TextLoader.yaml_implicit_resolvers = {key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                                       for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--body", type=Path, required=True, help="fichier contenant le texte de la demande")
    parser.add_argument("--issue", type=int, required=True)
    parser.add_argument("--issue-url", required=True)
    parser.add_argument("--out", type=Path, required=True, help="dossier où écrire branch, title, pr-body.md ou comment.md")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--root", type=Path, default=ROOT, help="dossier du projet (par défaut : celui du script)")
    args = parser.parse_args(argv)
    changed, files = convert(args.root, args.body.read_text(encoding="utf-8"), args.issue, args.issue_url, args.today)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (args.out / name).write_text(content, encoding="utf-8")
    print((args.out / ("pr-body.md" if changed else "comment.md")).read_text(encoding="utf-8"))
    return 0 if changed else 1


if __name__ == "__main__":
    sys.exit(main())
