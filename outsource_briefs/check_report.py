"""Check reports: what an AI agent (the JSON block its prompt asks for) or an automated check
says about each acceptance criterion of a brief, ``[{"id", "met", "evidence"}]``, read and
checked against the brief's criteria, ready to prefill a review."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import limits
from .criteria import Criterion
from .errors import Problem
from .schema_check import check_document
from .yaml_loader import SourceMap, load_yaml_value

SCHEMA = "check-report.schema.json"


@dataclass(frozen=True)
class CriterionCheck:
    """What a check found for one criterion; ``evidence`` says how it was checked."""

    id: str
    met: bool
    evidence: str | None = None


def read_check_report(
    path: str | Path, criteria: Sequence[Criterion]
) -> tuple[dict[str, CriterionCheck], list[Problem]]:
    """Read the check report ``path`` (JSON) for a brief whose criteria are ``criteria``.

    :returns: criterion id -> what was found, or nothing and the problems: an entry that
        names no criterion of the brief (R041, with a "did you mean"), or a criterion reported
        twice (R042), besides those of the file and ``check-report.schema.json``. The file is
        read with the limits of every input (size, nesting, number of values), and no more
        than ``limits.MAX_PROBLEMS_PER_FILE`` of its entries are reported.
    """
    data, source_map, problems = load_yaml_value(path)
    if problems:
        return {}, problems
    problems = check_document(data, SCHEMA, source_map)
    if problems:
        return {}, problems
    known = [criterion.id for criterion in criteria]
    ids = frozenset(known)
    checks: dict[str, CriterionCheck] = {}
    for index, entry in enumerate(data):
        if len(problems) == limits.MAX_PROBLEMS_PER_FILE:
            break
        criterion_id = entry["id"]
        if criterion_id not in ids:
            problems.append(_unknown(criterion_id, index, known, source_map))
        elif criterion_id in checks:
            problems.append(_repeated(criterion_id, index, source_map))
        else:
            checks[criterion_id] = CriterionCheck(criterion_id, entry["met"], entry.get("evidence") or None)
    return ({}, problems) if problems else (checks, [])


def _unknown(criterion_id: str, index: int, known: list[str], source_map: SourceMap) -> Problem:
    close = difflib.get_close_matches(criterion_id, known, n=1)
    listed = f"the brief's criteria are {', '.join(known)}"
    hint = f"did you mean '{close[0]}'? ({listed})" if close else listed
    pointer = f"/{index}/id"
    message = f"'{criterion_id}' is not the id of an acceptance criterion of the brief"
    return Problem.at(source_map.locate(pointer), "R041", message, pointer=pointer, hint=hint)


def _repeated(criterion_id: str, index: int, source_map: SourceMap) -> Problem:
    pointer = f"/{index}/id"
    return Problem.at(
        source_map.locate(pointer),
        "R042",
        f"criterion '{criterion_id}' is reported more than once",
        pointer=pointer,
        hint="keep one entry per criterion",
    )
