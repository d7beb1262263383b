"""Editor-facing problems: one per wrong field, collected and reported at once, in French.

Used by every step of the data flow (load, validate, stage) and by the scripts in `scripts/`.
A `Problem` names the file, the field path, what is wrong and how to fix it; `DataError`
carries all of them, and its message is what an editor reads in the build log.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one data file."""

    path: str  # file path relative to the project root, e.g. data/organisations/x.yml
    field: str  # field path, e.g. phones[0].number ("" for the whole file)
    message: str  # what is wrong and how to fix it, in French
    line: int | None = None  # line number when the YAML parser knows it

    def render(self) -> str:
        where = self.field or "(fichier)"
        if self.line:
            where = f"ligne {self.line}, {where}"
        return f"    {where} : {self.message}"


class DataError(Exception):
    """Raised when data files hold problems; the message lists all of them, grouped by file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.field, p.message))
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    count = len(problems)
    noun = "problème" if count == 1 else "problèmes"
    lines = [f"Données invalides ({count} {noun}) :"]
    current = None
    for problem in problems:
        if problem.path != current:
            current = problem.path
            lines.append(f"  {problem.path}")
        lines.append(problem.render())
    lines.append("Corrigez ces points puis relancez la construction (voir CONTRIBUTING.md).")
    return "\n".join(lines)
