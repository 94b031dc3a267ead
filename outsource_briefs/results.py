"""Results of a brief's KPIs (``*.results.yaml``): what was measured, checked against the
published brief version they name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import Config
from .errors import Problem, join_pointer, unknown_name_hint
from .kpis import Kpi, kpis_of
from .reviews import published_brief
from .schema_check import check_document
from .values import parse_moment
from .yaml_loader import SourceMap, load_yaml


@dataclass(frozen=True)
class Results:
    """A checked results file (``results.schema.json`` describes each field), with the
    published brief it measures.

    :ivar values: KPI id -> the measured number.
    :ivar brief: the resolved spec of the published brief version.
    """

    path: Path
    brief_id: str
    brief_version: str
    measured: datetime
    source: str | None
    values: dict[str, float]
    note: str | None
    brief: dict[str, Any]

    @property
    def brief_ref(self) -> str:
        """The measured brief as ``id@version``."""
        return f"{self.brief_id}@{self.brief_version}"


def read_results(path: str | Path, config: Config) -> tuple[Results | None, list[Problem]]:
    """Load one results file and check it: the schema, the published brief version it names
    (R007), and its values against that version's KPI ids (R015)."""
    path = Path(path)
    document = load_yaml(path)
    if document.data is None:
        return None, document.problems
    data, source_map = document.data, document.source_map
    problems = check_document(data, "results.schema.json", source_map)
    if problems:
        return None, problems
    brief, problems = published_brief(data["brief"], source_map, config)
    if brief is None:
        return None, problems
    problems = _unknown_kpis(data["values"], list(kpis_of(brief)), source_map)
    if problems:
        return None, problems
    brief_id, _, version = str(data["brief"]).partition("@")
    results = Results(
        path=path,
        brief_id=brief_id,
        brief_version=version,
        measured=parse_moment(data["measured"]),
        source=data.get("source"),
        values={key: float(value) for key, value in data["values"].items()},
        note=data.get("note"),
        brief=brief,
    )
    return results, []


def check_results_file(path: str | Path, config: Config) -> list[Problem]:
    """Every problem of one results file."""
    return read_results(path, config)[1]


def _unknown_kpis(values: dict[str, Any], kpis: list[Kpi], source_map: SourceMap) -> list[Problem]:
    known = [kpi.id for kpi in kpis if kpi.id is not None]
    none = "the brief gives no KPI an id: add ids to its kpis, publish it, then name them here"
    return [
        Problem.at(
            source_map.locate(join_pointer("/values", name), prefer_key=True),
            "R015",
            f"'{name}' is not a KPI id of the brief",
            pointer=join_pointer("/values", name),
            hint=unknown_name_hint(name, known, listing="the brief's KPI ids: ", none=none),
        )
        for name in values
        if name not in known
    ]
