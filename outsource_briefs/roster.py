"""The team roster: ``TEAM/<id>.contractor.yaml`` files, and resolving ``contractor: <id>``."""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Location, Problem
from .files import FileKind
from .schema_check import check_document
from .values import is_slug
from .yaml_loader import SourceMap, load_yaml


@dataclass(frozen=True)
class Contractor:
    """A person on the roster, as written in their file (already checked)."""

    id: str
    path: Path
    data: dict[str, Any]


def roster_id(path: str | Path) -> str:
    """The id a roster file must hold: its name without ``.contractor.yaml``."""
    return FileKind.CONTRACTOR.stem(path)


def check_contractor_file(path: str | Path) -> list[Problem]:
    """Every problem of one roster file: YAML, schema, and an id that differs from its name."""
    document = load_yaml(path)
    if document.data is None:
        return document.problems
    return _contractor_problems(document.data, document.source_map, path)


def _contractor_problems(data: Any, source_map: SourceMap, path: str | Path) -> list[Problem]:
    problems = check_document(data, "contractor.schema.json", source_map)
    expected = roster_id(path)
    written = data.get("id") if isinstance(data, dict) else None
    if isinstance(written, str) and written != expected:
        problems.append(
            Problem.at(
                source_map.locate("/id"),
                "R010",
                f"id '{written}' differs from the file name",
                pointer="/id",
                hint=f"write `id: {expected}` or rename the file to {written}.contractor.yaml",
            )
        )
    return problems


def load_roster(folder: Path) -> dict[str, Contractor]:
    """The valid contractors in ``folder`` by id (files with problems are left out: ``validate``
    reports them)."""
    files = sorted(folder.glob("*.contractor.y*ml")) if folder.is_dir() else []
    signature = tuple(
        (str(path), path.stat().st_mtime_ns) for path in files if FileKind.CONTRACTOR.matches(path)
    )
    return dict(_roster(signature))


@functools.cache
def _roster(signature: tuple[tuple[str, int], ...]) -> tuple[tuple[str, Contractor], ...]:
    found = []
    for name, _ in signature:
        path = Path(name)
        document = load_yaml(path)
        if document.data is not None and not _contractor_problems(document.data, document.source_map, path):
            found.append((roster_id(path), Contractor(roster_id(path), path, document.data)))
    return tuple(found)


def resolve_contractor(
    value: Any, where: Location, team: Path
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The contractor a spec names: an inline mapping as it is, or a roster id looked up in
    ``team``. An unknown id is an R006 problem at ``where``."""
    if isinstance(value, dict):
        return value, []
    if not isinstance(value, str) or not is_slug(value):
        return None, []  # not an id at all: the schema says what is wrong
    roster = load_roster(team)
    if value in roster:
        return roster[value].data, []
    return None, [unknown_contractor(value, where, team, roster)]


def unknown_contractor(value: str, where: Location, team: Path, roster: dict[str, Contractor]) -> Problem:
    """R006 for a contractor id that is not on the roster, with a "did you mean"."""
    close = difflib.get_close_matches(value, list(roster), n=1)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif (team / f"{value}.contractor.yaml").is_file():
        hint = f"{team.name}/{value}.contractor.yaml has problems; run `outsource-briefs validate` on it"
    else:
        hint = f"add {team.name}/{value}.contractor.yaml to the roster"
    return Problem.at(where, "R006", f"'{value}' is not on the team roster", pointer="/contractor", hint=hint)
