"""A brief's acceptance criteria as data: each one with an id (written in the spec, or derived
from its text), its text and its deliverable; the checklist that ``outsource-briefs criteria``
exports for scripts and automated checks; and how the criteria a review lists are matched to
them.

A criterion is written as a text, or as ``{id, text}``. A written id stays when the wording
changes, so reviews and check results that name it keep their meaning across versions. A
criterion without one gets a derived id: ``c-`` and 7 hex digits of the SHA-256 of its text
(with its deliverable's name for a deliverable's criterion), the same on every run and in every
version that keeps the text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import Problem, split_pointer
from .schema_check import SchemaFolders, kind_measures
from .yaml_loader import SourceMap

DERIVED_PREFIX = "c-"
_DERIVED_DIGITS = 7


@dataclass(frozen=True)
class Criterion:
    """One acceptance criterion of a brief.

    :ivar id: its id as written in the spec, or derived from its text (``derived``).
    :ivar pointer: where it is in the spec, such as ``/deliverables/0/acceptance_criteria/1``.
    :ivar deliverable: the name of the deliverable it belongs to; ``None`` for the brief's own.
    :ivar deliverable_index: that deliverable's position in ``deliverables``.
    """

    id: str
    text: str
    pointer: str
    deliverable: str | None = None
    deliverable_index: int | None = None
    derived: bool = False

    def to_json(self) -> dict[str, Any]:
        """``{"id", "text", "deliverable", "derived"}`` as ``criteria --format json`` writes it."""
        return {"id": self.id, "text": self.text, "deliverable": self.deliverable, "derived": self.derived}


def criterion_text(item: Any) -> str:
    """The text of a criterion written as a text or as ``{id, text}``."""
    return str(item.get("text", "")) if isinstance(item, Mapping) else str(item)


def derived_id(text: str, deliverable: str | None = None) -> str:
    """The id of a criterion written without one: stable while its text (and its deliverable's
    name) stays the same; white space is not significant.

    >>> derived_id("The guide is between 1,800 and 2,200 words")
    'c-a5dd999'
    """
    basis = " ".join(text.split())
    if deliverable is not None:
        basis = " ".join(deliverable.split()) + "\n" + basis
    return DERIVED_PREFIX + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:_DERIVED_DIGITS]


def spec_criteria(data: Mapping[str, Any]) -> list[Criterion]:
    """Every acceptance criterion of a spec: the brief's own, then each deliverable's, in order.

    Two criteria with the same text in one list would get the same derived id; the second gets
    ``-2`` after it, the third ``-3``.
    """
    found = _listed(data.get("acceptance_criteria"), "/acceptance_criteria", None, None)
    for index, deliverable in enumerate(_list(data.get("deliverables"))):
        if isinstance(deliverable, Mapping):
            name = str(deliverable.get("name", ""))
            at = f"/deliverables/{index}/acceptance_criteria"
            found += _listed(deliverable.get("acceptance_criteria"), at, name, index)
    return found


def brief_criteria(data: Mapping[str, Any]) -> list[Criterion]:
    """The brief's own acceptance criteria (not a deliverable's)."""
    return [criterion for criterion in spec_criteria(data) if criterion.deliverable is None]


def deliverable_criteria(data: Mapping[str, Any], index: int) -> list[Criterion]:
    """The acceptance criteria of the deliverable at ``index``."""
    return [criterion for criterion in spec_criteria(data) if criterion.deliverable_index == index]


def has_written_ids(data: Mapping[str, Any]) -> bool:
    """Whether the spec gives any of its criteria an id of its own."""
    return any(not criterion.derived for criterion in spec_criteria(data))


def repeated_ids(criteria: Sequence[Criterion]) -> list[tuple[Criterion, Criterion]]:
    """``(criterion, earlier one with the same id)`` for every id used more than once."""
    first: dict[str, Criterion] = {}
    repeats = []
    for criterion in criteria:
        if criterion.id in first:
            repeats.append((criterion, first[criterion.id]))
        else:
            first[criterion.id] = criterion
    return repeats


def check_listed_criteria(
    items: list[dict[str, Any]], expected: list[Criterion], source_map: SourceMap, at: str
) -> list[Problem]:
    """Check the criteria a review lists at ``at`` (``{id, criterion, met, note}`` items)
    against the brief's ``expected`` ones: the same, in order, an item with an ``id`` matched by
    its id and any other by its text, word for word (R008); the warning R040 for an item matched
    by its id whose text differs (the brief reworded it)."""
    problems = [
        problem
        for index, (item, theirs) in enumerate(zip(items, expected, strict=False))
        if (
            problem := _criterion_differs(
                item, theirs, index=index, expected=expected, source_map=source_map, at=at
            )
        )
        is not None
    ]
    if any(problem.is_error for problem in problems):
        return problems
    if len(items) != len(expected):
        missing = expected[len(items) :]
        hint = f"missing: {missing[0].text}" if missing else "remove the criteria the brief does not have"
        problems.append(
            Problem.at(
                source_map.locate(at, prefer_key=True),
                "R008",
                f"the review lists {len(items)} criteria; the brief has {len(expected)}",
                pointer=at,
                hint=hint,
            )
        )
    return problems


def _criterion_differs(
    item: dict[str, Any],
    theirs: Criterion,
    *,
    index: int,
    expected: list[Criterion],
    source_map: SourceMap,
    at: str,
) -> Problem | None:
    written = item.get("id")
    text = str(item["criterion"])
    if written is None and text != theirs.text:
        hint = f"the brief says: {theirs.text}"
        if not theirs.derived:
            hint += f" (or name it by its id: `id: {theirs.id}`)"
        pointer = f"{at}/{index}/criterion"
        return Problem.at(
            source_map.locate(pointer),
            "R008",
            f"criterion {index + 1} differs from the brief's",
            pointer=pointer,
            hint=hint,
        )
    if written is not None and written != theirs.id:
        elsewhere = next((n for n, other in enumerate(expected, start=1) if other.id == written), None)
        hint = f"the brief's criterion {index + 1} is `{theirs.id}`: {theirs.text}"
        if elsewhere is not None:
            hint += f"; `{written}` is its criterion {elsewhere}: list them in the brief's order"
        pointer = f"{at}/{index}/id"
        message = f"criterion {index + 1} has the id '{written}', not the brief's '{theirs.id}'"
        return Problem.at(source_map.locate(pointer), "R008", message, pointer=pointer, hint=hint)
    if written is not None and text != theirs.text:
        pointer = f"{at}/{index}/criterion"
        return Problem.at(
            source_map.locate(pointer),
            "R040",
            f"criterion {index + 1} matches the brief's by its id '{written}', but its text differs",
            pointer=pointer,
            hint=f"the brief says: {theirs.text}",
            severity="warning",
        )
    return None


def checklist(data: Mapping[str, Any], folders: SchemaFolders = ()) -> dict[str, Any]:
    """The checklist of a valid spec as data: ``{"brief", "title", "kind", "criteria": [{"id",
    "text", "deliverable", "derived"}], "measures": {name: value}}``; ``measures`` holds the
    numbers the kind declares measurable (its schema's ``x-measures``) that the spec gives,
    such as an article's ``word_count``. ``criteria.schema.json`` describes it.

    :param folders: the repository's user schema folders (for its own kinds).
    """
    measures = {}
    for pointer in kind_measures(folders, data.get("kind")):
        value = _at(data, pointer)
        if value is not None:
            measures[split_pointer(pointer)[-1]] = value
    return {
        "brief": f"{data.get('id')}@{data.get('version')}",
        "title": data.get("title"),
        "kind": data.get("kind"),
        "criteria": [criterion.to_json() for criterion in spec_criteria(data)],
        "measures": measures,
    }


def _listed(items: Any, at: str, deliverable: str | None, index: int | None) -> list[Criterion]:
    found = []
    seen: dict[str, int] = {}
    for position, item in enumerate(_list(items)):
        text = criterion_text(item)
        pointer = f"{at}/{position}"
        written = item.get("id") if isinstance(item, Mapping) else None
        if isinstance(written, str):
            found.append(Criterion(written, text, pointer, deliverable, index))
            continue
        criterion_id = derived_id(text, deliverable)
        seen[criterion_id] = seen.get(criterion_id, 0) + 1
        if seen[criterion_id] > 1:
            criterion_id = f"{criterion_id}-{seen[criterion_id]}"
        found.append(Criterion(criterion_id, text, pointer, deliverable, index, derived=True))
    return found


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _at(data: Mapping[str, Any], pointer: str) -> Any:
    value: Any = data
    for token in split_pointer(pointer):
        if not isinstance(value, Mapping) or token not in value:
            return None
        value = value[token]
    return value
