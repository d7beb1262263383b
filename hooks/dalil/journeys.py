"""Step-by-step journeys (the GOV.UK "step by step" pattern): load, validate and select.

A journey (`data/journeys/<id>.yml`, schema `journey.schema.json`) lists the steps of a long
process in order; each step names one or more published topics. It holds no fact of its own:
the facts live on the topic pages it links. Called by `validation.validate_all` once the records
are validated and selected (a journey points at published topics); the render step
(`pages_journeys`, `pages_records`) and the brochures read the selections below. Adding a step
or a topic to a step is one line of data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from referencing import Registry

from .loading import format_path, load_file
from .model import LANGS, Journey, SiteData, Text, Topic, make_record
from .problems import Problem
from .rules import TO_FILL, check_texts, is_text, term_variants, walk
from .schema import check_header, check_schema
from .urls import journey_page

FOLDER = "journeys"
SCHEMA = "journey.schema.json"
LANGUAGE_NAMES = {"fr": "français", "ar": "arabe", "en": "anglais"}


@dataclass(frozen=True)
class Place:
    """Where a topic stands in a journey: its step (1-based) of `total`, and the topics read just
    before and after it (across steps: the last topic of the step before, the first of the next)."""

    journey: Journey
    step: int
    total: int
    previous: str | None
    next: str | None


@dataclass(frozen=True)
class Step:
    """A journey's step as pages and brochures read it: its topics as records."""

    title: Text
    text: Text | None
    topics: list[Topic]


# ---- Load and validate ----


def load_journeys(root: Path, site: SiteData, schemas: dict[str, dict], registry: Registry) -> list[Problem]:
    """Read data/journeys/*.yml into `site.journeys`; the problems found, in French."""
    folder = root / "data" / FOLDER
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("_", ".")):
            continue
        rel = path.relative_to(root).as_posix()
        if path.suffix != ".yml" or path.is_dir():
            problems.append(Problem(rel, "", "seuls des fichiers .yml sont attendus ici : renommez le fichier en .yml ou déplacez-le."))
            continue
        data_file, found = load_file(path, root)
        problems += found
        if data_file is None:
            continue
        found = check_header(data_file, SCHEMA, path, root / "data") + check_schema(data_file, schemas[SCHEMA], registry)
        if found:
            problems += found
            continue
        record = make_record("journey", rel, data_file.content, data_file.lines)
        found = check_journey(record, site, root)
        problems += [p if p.line else Problem(p.path, p.field, p.message, record.line_of(p.field)) for p in found]
        if not found:
            site.journeys[record.id] = record
    return problems


def check_journey(record: Journey, site: SiteData, root: Path) -> list[Problem]:
    """What a schema cannot say: file name, the three languages, steps that lead somewhere, topics
    that exist and are published, each once."""
    problems: list[Problem] = []
    path, data = record.path, record.data
    if record.id != Path(path).stem:
        problems.append(Problem(path, "id", f"l'id « {record.id} » doit être identique au nom du fichier « {Path(path).stem} » : renommez le fichier ou corrigez l'id."))
    if record.id in site.journeys:
        problems.append(Problem(path, "id", f"l'id « {record.id} » est déjà utilisé par {site.journeys[record.id].path} : choisissez un autre id."))
    for where, value in walk(data):
        if isinstance(value, dict) and "fr" in value and where and where[-1] in ("title", "summary", "text"):
            for lang in LANGS[1:]:
                if lang not in value:
                    problems.append(Problem(path, format_path(where + (lang,)), f"texte {LANGUAGE_NAMES[lang]} ({lang}) manquant : un parcours est publié dans les trois "
                                                                           f"langues ; ajoutez la traduction ({lang}: …) à côté du français."))
        if isinstance(value, str) and TO_FILL in value:
            problems.append(Problem(path, format_path(where), f"champ encore marqué « {TO_FILL} » : remplacez ce texte par le vôtre (voir data/journeys/_example.yml)."))
        if is_text(where, value):
            problems += [Problem(path, format_path(where), message) for message in term_variants(value, where[-1], site.terms)]
            if where[-2:-1] == ("text",) and "\n" in value.strip():
                problems.append(Problem(path, format_path(where), "le texte d'une étape tient sur une ligne : dites en une phrase ce qu'est l'étape, les détails sont sur les fiches."))
    problems += check_texts(path, data)
    seen_topics: dict[str, int] = {}
    seen_titles: dict[str, int] = {}
    for index, step in enumerate(data["steps"]):
        number = index + 1
        title = " ".join(step["title"]["fr"].split()).casefold()
        if title in seen_titles:
            problems.append(Problem(path, f"steps[{index}].title", f"l'étape {number} a le même titre que l'étape {seen_titles[title]} : "
                                                                   "fusionnez les deux étapes ou donnez-leur des titres différents."))
        seen_titles.setdefault(title, number)
        if not step["topics"]:
            problems.append(Problem(path, f"steps[{index}].topics", f"l'étape {number} ne mène à aucune fiche : ajoutez au moins un id de fiche publiée "
                                                                    "(data/topics/) dans topics, ou supprimez l'étape."))
        for position, topic_id in enumerate(step["topics"]):
            where = f"steps[{index}].topics[{position}]"
            if topic_id in seen_topics:
                problems.append(Problem(path, where, f"la fiche « {topic_id} » est déjà à l'étape {seen_topics[topic_id]} : une fiche n'apparaît qu'une fois "
                                                     "dans un parcours (elle y montre « étape n sur N ») ; retirez le doublon."))
                continue
            seen_topics[topic_id] = number
            message = topic_problem(topic_id, site, root)
            if message:
                problems.append(Problem(path, where, message))
    return problems


def topic_problem(topic_id: str, site: SiteData, root: Path) -> str | None:
    """Why a step cannot link this topic (None: it is published)."""
    if topic_id in site.topics:
        return None
    if any(r.kind == "topic" and r.id == topic_id for r in site.drafts):
        return (f"la fiche « {topic_id} » est un brouillon (draft: true) : un parcours ne mène qu'à des fiches publiées ; "
                "retirez-la de l'étape ou attendez qu'elle soit publiée.")
    if any(r.kind == "topic" and r.id == topic_id for r in site.expired):
        return (f"la fiche « {topic_id} » n'est plus valable (valid_to passé) : un parcours ne mène qu'à des fiches publiées ; "
                "retirez-la de l'étape ou mettez la fiche à jour.")
    if (root / "data" / "topics" / f"{topic_id}.yml").is_file():
        return (f"la fiche « {topic_id} » n'est pas encore publiée (valid_from à venir) : un parcours ne mène qu'à des fiches publiées ; "
                "retirez-la de l'étape pour l'instant.")
    return f"fiche inconnue « {topic_id} » : vérifiez l'orthographe de l'id, voir data/topics/."


# ---- Select ----


def in_order(site: SiteData) -> list[Journey]:
    return sorted(site.journeys.values(), key=lambda j: (j.order, j.id))


def page_path(journey: Journey) -> str:
    """The journey's page, relative to a language folder."""
    return journey_page(journey.id)


def steps_of(site: SiteData, journey: Journey) -> list[Step]:
    """The journey's steps with their topic records, in order."""
    return [Step(step.title, step.text, [site.topics[t] for t in step.topics]) for step in journey.steps]


def reading_order(journey: Journey) -> list[tuple[int, str]]:
    """(step number, topic id) of every topic of the journey, in reading order."""
    return [(number, topic_id) for number, step in enumerate(journey.steps, start=1) for topic_id in step.topics]


def places(site: SiteData, topic_id: str) -> list[Place]:
    """Every journey this topic belongs to (in journey order), with its step and neighbours."""
    found = []
    for journey in in_order(site):
        order = reading_order(journey)
        for position, (step, other) in enumerate(order):
            if other == topic_id:
                previous = order[position - 1][1] if position > 0 else None
                following = order[position + 1][1] if position + 1 < len(order) else None
                found.append(Place(journey, step, len(journey.steps), previous, following))
    return found


def of_theme(site: SiteData, theme_id: str) -> list[Journey]:
    """Journeys that lead to at least one topic of this theme: the theme page links them."""
    return [j for j in in_order(site) if any(site.topics[t].theme == theme_id for _n, t in reading_order(j))]


def of_audience(site: SiteData, audience: str) -> list[Journey]:
    return [j for j in in_order(site) if audience in j.audience]
